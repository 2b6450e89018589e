/**
 * Pasted tool output that is itself the failure, with no error phrase in it: `kubectl describe
 * service` with an empty `Endpoints:` field, `kubectl get endpoints` showing `<none>` (or the
 * object itself with `subsets: []`), and
 * `cilium status` with its IPAM pool (nearly) all allocated.
 */
import type { NetEvent } from '../../domain/events.js';

const DESCRIBE_FIELD = /^\s*(?:selector|targetport|port|type|ip families|session affinity):/;
/** Tested on the trimmed line: one run of blanks, so the pattern stays linear. */
const EMPTY_ENDPOINTS = /^endpoints:\s*(?:<none>)?$/;
const GET_ENDPOINTS_HEADER = /^name\s+endpoints\s+age\s*$/;
const NO_ENDPOINTS_ROW = /^[a-z0-9][a-z0-9.-]{0,252}\s+<none>\s+\d{1,5}[smhd]/;
/** Newer kubectl leaves the column blank: the name (`endpoints/x` with several kinds), then the age. */
const BLANK_ENDPOINTS_ROW = /^(?:endpoints\/)?[a-z0-9][a-z0-9.-]{0,252}\s{2,}\d{1,5}[smhd][0-9smhd]{0,8}\s*$/;
/** An Endpoints object read as YAML or JSON: `kind: Endpoints` with `subsets: []` or `null`. */
const ENDPOINTS_KIND = /^\s*"?kind"?:\s*"?endpoints"?,?\s*$/;
const EMPTY_SUBSETS = /^\s*"?subsets"?:\s*(?:\[\s*\]|null),?$/;
const CILIUM_IPAM = /^\s*ipam:\s+ipv[46]: (\d{1,7})\/(\d{1,7}) allocated/;

const event = (outcome: NetEvent['outcome'], role: NetEvent['role'], line: string): NetEvent => ({
  outcome,
  role,
  vantage: 'unknown',
  dest: {},
  line: line.slice(0, 300),
});

/** Events read from tool output among lower-cased lines. */
export function toolOutputEvents(lines: readonly string[]): NetEvent[] {
  const out: NetEvent[] = [];
  let describing = false;
  let endpointsTable = false;
  let endpointsObject = false;
  for (const line of lines) {
    if (ENDPOINTS_KIND.test(line)) endpointsObject = true;
    if (endpointsObject && EMPTY_SUBSETS.test(line.trimEnd()))
      out.push(event('no-endpoints', 'cluster-service', line));
    if (DESCRIBE_FIELD.test(line)) describing = true;
    // Each `NAME ...` header starts a table; only the endpoints one is read for empty rows.
    if (line.startsWith('name ')) endpointsTable = GET_ENDPOINTS_HEADER.test(line);
    if (describing && EMPTY_ENDPOINTS.test(line.trim()))
      out.push(event('no-endpoints', 'cluster-service', line));
    else if (endpointsTable && (NO_ENDPOINTS_ROW.test(line) || BLANK_ENDPOINTS_ROW.test(line)))
      out.push(event('no-endpoints', 'cluster-service', line));
    const ipam = CILIUM_IPAM.exec(line);
    // Cilium keeps a few addresses back: a pool 98 % used fails new pods already.
    if (ipam && Number(ipam[1]) >= Number(ipam[2]) * 0.98) out.push(event('no-ips', 'unknown', line));
    if (out.length >= 5) break;
  }
  return out;
}

export const TOOL_OUTPUT_REGEXES: readonly RegExp[] = [
  DESCRIBE_FIELD,
  EMPTY_ENDPOINTS,
  GET_ENDPOINTS_HEADER,
  NO_ENDPOINTS_ROW,
  BLANK_ENDPOINTS_ROW,
  ENDPOINTS_KIND,
  EMPTY_SUBSETS,
  CILIUM_IPAM,
];
