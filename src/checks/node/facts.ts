/**
 * What a firewall or kube-proxy verdict needs to know about the node before it trusts an iptables listing:
 * which backend the `iptables` command talks to, whether rules hide in the other backend, and whether
 * kube-proxy runs or Cilium replaced it. Shared by node-iptables-input and node-kube-proxy-rules; each line is
 * printed as `aksdiag-<key>: <value>` (read back with `scriptFacts`).
 */
import { scriptFacts } from './node-check.js';

/** POSIX-sh lines, no slots. Read-only: nothing here loads a kernel module or creates a table. */
export const NODE_FACTS_SCRIPT: readonly string[] = [
  'if ! command -v iptables >/dev/null 2>&1; then',
  "  echo 'aksdiag-iptables-version: not-installed'",
  'else',
  // `iptables v1.8.7 (nf_tables)` or `iptables v1.8.7 (legacy)`: the kernel backend this command reads and writes.
  '  aksdiag_version=$(iptables -V 2>&1)',
  '  echo "aksdiag-iptables-version: $aksdiag_version"',
  '  case $aksdiag_version in',
  '    *nf_tables*)',
  // Legacy tables loaded in the kernel are listed here; reading /proc does not load ip_tables the way running
  // iptables-legacy would. iptables-nft cannot see their rules.
  '      aksdiag_legacy=$(tr "\\n" " " 2>/dev/null </proc/net/ip_tables_names)',
  '      if [ -n "$aksdiag_legacy" ]; then',
  // The interpreter already treats iptables-nft's own wording, `iptables-legacy tables present`, as "this
  // listing may be incomplete": repeat it so the verdict does not depend on iptables-nft printing the warning.
  '        echo "aksdiag-legacy-tables: $aksdiag_legacy(iptables-legacy tables present)"',
  '      fi',
  '      ;;',
  '    *legacy*)',
  // Rules put straight into nftables (not through iptables-nft) are invisible to iptables-legacy.
  '      if command -v nft >/dev/null 2>&1; then',
  '        echo "aksdiag-nft-tables: $(nft list tables 2>/dev/null | tr "\\n" " ")"',
  '      fi',
  '      ;;',
  '  esac',
  'fi',
  // Cilium's kube-proxy replacement creates the cilium_host interface and runs cilium-agent on every node.
  'if [ -e /sys/class/net/cilium_host ] || pgrep -x cilium-agent >/dev/null 2>&1; then',
  "  echo 'aksdiag-cilium: present'",
  'else',
  "  echo 'aksdiag-cilium: absent'",
  'fi',
  // -x: the process name exactly (kube-proxy runs as a pod, but its process is visible from the host).
  'if pgrep -x kube-proxy >/dev/null 2>&1; then',
  "  echo 'aksdiag-kube-proxy: running'",
  'else',
  "  echo 'aksdiag-kube-proxy: not-running'",
  'fi',
];

export interface NodeFacts {
  backend: 'nf_tables' | 'legacy' | 'not-installed' | 'unknown';
  legacyTables: string | null;
  nftTables: string | null;
  cilium: boolean | null;
  kubeProxy: boolean | null;
}

export function readNodeFacts(output: string): NodeFacts {
  const f = scriptFacts(output);
  const version = f.get('iptables-version') ?? '';
  const backend =
    version === 'not-installed'
      ? 'not-installed'
      : version.includes('(nf_tables)')
        ? 'nf_tables'
        : version.includes('(legacy)')
          ? 'legacy'
          : 'unknown';
  const flag = (key: string, yes: string, no: string): boolean | null =>
    f.get(key) === yes ? true : f.get(key) === no ? false : null;
  return {
    backend,
    legacyTables: f.get('legacy-tables')?.replace('(iptables-legacy tables present)', '').trim() ?? null,
    nftTables: f.get('nft-tables')?.trim() || null,
    cilium: flag('cilium', 'present', 'absent'),
    kubeProxy: flag('kube-proxy', 'running', 'not-running'),
  };
}

/** Notes a verdict built on iptables output should carry about the node. */
export function factNotes(facts: NodeFacts): string[] {
  const notes: string[] = [];
  if (facts.backend === 'unknown') notes.push('the script did not say which iptables backend the node uses');
  else if (facts.backend !== 'not-installed') notes.push(`iptables backend: ${facts.backend}`);
  if (facts.legacyTables)
    notes.push(`iptables-legacy tables are loaded (${facts.legacyTables}): iptables-nft does not list them`);
  if (facts.nftTables)
    notes.push(`nftables tables exist (${facts.nftTables}): iptables-legacy does not list their rules`);
  if (facts.cilium && facts.kubeProxy === false)
    notes.push(
      'kube-proxy is not running and Cilium is: Cilium replaces kube-proxy, its rules are eBPF, not iptables',
    );
  else if (facts.cilium) notes.push('Cilium runs on the node next to kube-proxy');
  return notes;
}
