/**
 * node-ipam-store: has kubenet's host-local IPAM store kept addresses of pods that are gone (`ipam-leak`)?
 *
 * host-local (the IPAM plugin kubenet uses) keeps one file per address it handed out, in
 * /var/lib/cni/networks/<network>/<address>, holding the id of the pod sandbox that got it (first line);
 * `last_reserved_ip.<n>` and `lock` are its bookkeeping. An address whose sandbox is no longer running was not
 * released (CNI DEL never ran or failed): it stays taken until the file is removed. The script counts the
 * files, the ready sandboxes (`crictl pods`), and the files whose owner is not a ready sandbox, and prints
 * `key: value` lines. No tool interpreter reads these, so this file has its own.
 */
import { nodeParams } from '../params.js';
import type { NodeCheck, NodeCheckVerdict } from './node-check.js';

/** At most this many unowned addresses can be pods being set up or torn down this very second. */
export const LEAK_THRESHOLD = 3;
/** Sample addresses the script prints. */
const SAMPLE = 5;

const template: readonly string[] = [
  'dir=/var/lib/cni/networks',
  // Azure CNI keeps its own store (azure-vnet.json): no host-local directory means not kubenet.
  'if [ ! -d "$dir" ]; then',
  "  echo 'ipam-store: absent'",
  '  return 0',
  'fi',
  "echo 'ipam-store: host-local'",
  // Ready sandboxes' full ids (-q: ids only; --no-trunc: all 64 hex digits, as host-local stores them).
  // NotReady sandboxes have had CNI DEL run, so they hold no address.
  "ready=''",
  'crictl_ok=no',
  'if command -v crictl >/dev/null 2>&1 && ready=$(crictl pods -q --no-trunc --state ready 2>/dev/null); then',
  '  crictl_ok=yes',
  'fi',
  'allocated=0',
  'leaked=0',
  "sample=''",
  'for f in "$dir"/*/*; do',
  // No match leaves the pattern itself: skip it, and anything not a plain file.
  '  [ -f "$f" ] || continue',
  '  name=${f##*/}',
  '  case $name in last_reserved_ip*|lock) continue ;; esac',
  '  allocated=$((allocated + 1))',
  '  [ "$crictl_ok" = yes ] || continue',
  // The owner: the first line, stripped of CR and blanks; an empty file has no owner (counts as leaked).
  '  owner=$(head -n 1 "$f" 2>/dev/null | tr -d "\\r \\t")',
  '  [ -n "$owner" ] || owner=no-owner',
  '  case $ready in',
  '    *"$owner"*) ;;',
  '    *)',
  '      leaked=$((leaked + 1))',
  // Only names that look like addresses are printed (they are file names: keep the output plain).
  `      case $name in *[!0-9a-fA-F.:]*) ;; *) [ "$leaked" -gt ${SAMPLE} ] || sample="$sample $name" ;; esac`,
  '      ;;',
  '  esac',
  'done',
  'echo "allocated: $allocated"',
  'if [ "$crictl_ok" = yes ]; then',
  // Ready sandboxes include host-network pods, which take no address: an upper bound on addresses in use.
  '  echo "sandboxes: $(printf "%s\\n" "$ready" | grep -c .)"',
  '  echo "leaked: $leaked"',
  '  echo "leaked-sample:$sample"',
  'else',
  "  echo 'sandboxes: unknown (crictl missing or failed)'",
  'fi',
];

export interface IpamStoreVerdict extends NodeCheckVerdict {
  kind: 'ipam-store';
  verdict: 'leak' | 'ok' | 'unknown';
  allocated?: number;
  sandboxes?: number;
  leaked?: number;
  /** A few of the leaked addresses. */
  leakedSample?: string[];
}

/** `key: value` lines; the last of each key wins. */
function keyValues(output: string): Map<string, { value: string; line: string }> {
  const out = new Map<string, { value: string; line: string }>();
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    const m = /^([a-z][a-z-]{0,30}):(.*)$/.exec(line);
    if (m && m[1] !== undefined) out.set(m[1], { value: (m[2] ?? '').trim(), line });
  }
  return out;
}

function count(v: { value: string } | undefined): number | undefined {
  return v && /^[0-9]{1,9}$/.test(v.value) ? Number(v.value) : undefined;
}

export function interpretIpamStore(output: string): IpamStoreVerdict {
  const kv = keyValues(output);
  const store = kv.get('ipam-store');
  const unknown = (notes: string[], evidence: string | null = null): IpamStoreVerdict => ({
    kind: 'ipam-store',
    verdict: 'unknown',
    evidence,
    notes,
  });
  if (!store) return unknown(['the output has no `ipam-store:` line: the script did not run to the end']);
  if (store.value === 'absent') {
    return unknown(
      ['no /var/lib/cni/networks on the node: not kubenet (Azure CNI keeps its own IP store; see k8s-nnc)'],
      store.line,
    );
  }
  const allocated = count(kv.get('allocated'));
  const sandboxes = count(kv.get('sandboxes'));
  const leaked = count(kv.get('leaked'));
  if (allocated === undefined) return unknown(['no `allocated:` count in the output'], store.line);
  const base = { kind: 'ipam-store' as const, allocated, notes: [] as string[] };
  if (sandboxes === undefined || leaked === undefined) {
    return {
      ...unknown(
        [
          `${allocated} addresses are allocated, but crictl could not list the running pod sandboxes to compare`,
        ],
        kv.get('allocated')?.line ?? null,
      ),
      allocated,
    };
  }
  const sampleText = kv.get('leaked-sample')?.value ?? '';
  const leakedSample = sampleText === '' ? [] : sampleText.split(/\s+/);
  const evidence = kv.get('leaked')?.line ?? null;
  const counts = `${allocated} addresses allocated, ${sandboxes} ready pod sandboxes (host-network pods included)`;
  if (leaked >= LEAK_THRESHOLD) {
    return {
      ...base,
      verdict: 'leak',
      evidence,
      sandboxes,
      leaked,
      leakedSample,
      notes: [`${counts}: ${leaked} addresses belong to no running pod sandbox`],
    };
  }
  const notes = [counts];
  if (leaked > 0)
    notes.push(
      `${leaked} address(es) without a running sandbox: pods being set up or torn down, not a leak yet`,
    );
  return { ...base, verdict: 'ok', evidence, sandboxes, leaked, leakedSample, notes };
}

export const nodeIpamStore: NodeCheck<Record<string, never>, IpamStoreVerdict> = {
  id: 'node-ipam-store',
  params: nodeParams({}),
  template,
  interpret: (output) => interpretIpamStore(output),
};
