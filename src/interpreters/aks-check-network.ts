/**
 * Reads what the node image's own outbound check printed: /opt/azure/containers/aks-check-network.sh, the script
 * `az aks check-network outbound` runs on a node through run-command (Azure/AgentBaker,
 * parts/linux/cloud-init/artifacts/aks-check-network.sh).
 *
 * The script logs one line per step, `<date> - <LEVEL>: <message>`, LEVEL being INFO, SUCCESS, WARNING, ERROR or
 * FAILURE. It echoes each line through an unquoted `${@}`, so the single quotes around the text are printed too:
 * `'Thu Mar 7 21:36:01 UTC 2024 - SUCCESS: Successfully tested DNS resolution to mcr.microsoft.com'`. Per endpoint
 * it resolves the name, then curls it (3 tries); the API server and management.azure.com are tried once. A
 * status code 000 means curl got no HTTP answer at all (no route, a drop, a reset, a TLS failure).
 *
 * aksdiag's wrapper script adds two lines of its own: `aksdiag-check-network: absent` when the node image has no
 * such script (older images), and `aksdiag-check-network-exit: <n>` with the script's exit status (124: the
 * wrapper's time limit stopped it).
 */

export type EndpointOutcome = 'reachable' | 'dns-failure' | 'http-failure' | 'no-response';

export interface EndpointResult {
  /** Host name as the script printed it (the API server's FQDN, mcr.microsoft.com, ...). */
  endpoint: string;
  outcome: EndpointOutcome;
  /** The HTTP status curl reported (0 for `000`: no answer); absent for a name that did not resolve. */
  statusCode?: number;
  /** The message the outcome rests on, without the date. */
  line: string;
}

export const AKS_CHECK_NETWORK_VERDICTS = [
  'all-reachable',
  'endpoints-failed',
  'not-available',
  'incomplete',
  'unknown',
] as const;

export interface AksCheckNetworkVerdict {
  kind: 'aks-check-network';
  verdict: (typeof AKS_CHECK_NETWORK_VERDICTS)[number];
  evidence: string | null;
  notes: string[];
  truncated?: boolean;
  /** The last outcome per endpoint, in the order the script first named them. */
  endpoints: EndpointResult[];
  /** Whether the script reached its closing line. */
  completed: boolean;
  /** The script's exit status, when aksdiag's wrapper printed it. */
  exitCode?: number;
}

/** `<anything> - LEVEL: message`, the quotes the script prints stripped first: the first ` - LEVEL: `. */
const LOG_LEVEL = / - (INFO|SUCCESS|WARNING|ERROR|FAILURE): /;
/** A host name as the script prints it, a trailing sentence dot excluded. */
const HOST = String.raw`([A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9])`;
const RULES: readonly [RegExp, (m: RegExpExecArray) => Omit<EndpointResult, 'line'>][] = [
  [
    new RegExp(String.raw`^Successfully tested DNS resolution to ${HOST}`),
    (m) => ({ endpoint: m[1]!, outcome: 'reachable' }),
  ],
  [
    new RegExp(String.raw`^Successfully tested (?:apiserver )?${HOST} with returned status code (\d{3})`),
    (m) => ({ endpoint: m[1]!, outcome: 'reachable', statusCode: Number(m[2]) }),
  ],
  [
    new RegExp(String.raw`^Failed to test DNS resolution to ${HOST}`),
    (m) => ({ endpoint: m[1]!, outcome: 'dns-failure' }),
  ],
  [
    new RegExp(
      String.raw`^Failed to (?:curl|test) ${HOST}(?: after \d+ attempts)? with returned status code (\d{3})`,
    ),
    (m) => {
      const code = Number(m[2]);
      return { endpoint: m[1]!, outcome: code === 0 ? 'no-response' : 'http-failure', statusCode: code };
    },
  ],
];

const MARKER_ABSENT = /^aksdiag-check-network: absent\s*$/;
const MARKER_EXIT = /^aksdiag-check-network-exit: (\d+)\s*$/;
/** What `timeout` exits with when it stopped the command. */
const TIMED_OUT = 124;

/** The text of one printed line without the quotes the script's echo leaves around it. */
function unquote(raw: string): string {
  let line = raw.trim();
  if (line.startsWith("'")) line = line.slice(1);
  if (line.endsWith("'")) line = line.slice(0, -1);
  return line.trim();
}

function describe(r: EndpointResult): string {
  switch (r.outcome) {
    case 'dns-failure':
      return `${r.endpoint}: the name did not resolve`;
    case 'no-response':
      return `${r.endpoint}: no HTTP answer (status 000: dropped, refused, reset or TLS failed)`;
    case 'http-failure':
      return `${r.endpoint}: HTTP ${r.statusCode}`;
    default:
      return `${r.endpoint}: reachable`;
  }
}

export function interpretAksCheckNetwork(output: string): AksCheckNetworkVerdict {
  const endpoints = new Map<string, EndpointResult>();
  const notes: string[] = [];
  let started = false;
  let completed = false;
  let absent = false;
  let exitCode: number | undefined;
  let firstFailure: string | null = null;

  for (const raw of output.split(/\r?\n/)) {
    const bare = raw.trim();
    if (MARKER_ABSENT.test(bare)) absent = true;
    const exit = MARKER_EXIT.exec(bare);
    if (exit) exitCode = Number(exit[1]);
    const line = unquote(raw);
    const m = LOG_LEVEL.exec(line);
    if (!m) continue;
    const level = m[1]!;
    const message = line.slice(m.index + m[0].length).trim();
    if (level === 'INFO') {
      if (/^Starting network connectivity check/.test(message)) started = true;
      if (/^Network connectivity check completed/.test(message)) completed = true;
      continue;
    }
    started = true;
    const rule = RULES.find(([re]) => re.test(message));
    if (rule) {
      const found = { ...rule[1](rule[0].exec(message)!), line: `${level}: ${message}` };
      const before = endpoints.get(found.endpoint);
      // A resolved name says nothing yet about the connection: keep a failure, or the curl's answer, over it.
      const dnsOnly = found.outcome === 'reachable' && found.statusCode === undefined;
      if (!before || !dnsOnly || before.outcome === 'reachable') endpoints.set(found.endpoint, found);
      if (found.outcome !== 'reachable') firstFailure ??= found.line;
      continue;
    }
    // Steps that name no endpoint: the access token, a missing file, a resolver without the nameserver.
    if (level !== 'SUCCESS') notes.push(`${level}: ${message}`);
  }

  const list = [...endpoints.values()];
  const failed = list.filter((e) => e.outcome !== 'reachable');
  if (exitCode === TIMED_OUT)
    notes.push("the node's check was stopped by aksdiag's time limit before it finished");
  const base = { kind: 'aks-check-network' as const, endpoints: list, completed };
  const withExit = exitCode === undefined ? base : { ...base, exitCode };
  if (absent) {
    return {
      ...withExit,
      verdict: 'not-available',
      evidence: 'aksdiag-check-network: absent',
      notes: ["this node's image has no /opt/azure/containers/aks-check-network.sh (older node images)"],
    };
  }
  if (failed.length > 0) {
    return {
      ...withExit,
      verdict: 'endpoints-failed',
      evidence: firstFailure,
      notes: [...failed.map(describe), ...notes],
    };
  }
  if (!started || list.length === 0) {
    return {
      ...withExit,
      verdict: 'unknown',
      evidence: null,
      notes: [...notes, 'no line of the node image check was found in the output'],
    };
  }
  if (!completed) {
    return {
      ...withExit,
      verdict: 'incomplete',
      evidence: list.at(-1)?.line ?? null,
      notes: [...notes, `the check stopped before its last line; ${list.length} endpoint(s) reached so far`],
    };
  }
  return {
    ...withExit,
    verdict: 'all-reachable',
    evidence: `${list.length} endpoint(s) reached: ${list.map((e) => e.endpoint).join(', ')}`,
    notes,
  };
}
