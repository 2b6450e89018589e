/**
 * node-kube-proxy-rules: has kube-proxy programmed the Service (its ClusterIP and port) on the node, and with
 * how many endpoints? Reads iptables-mode rules (`iptables-save`: KUBE-SERVICES -> KUBE-SVC-/KUBE-SVL- ->
 * KUBE-SEP-), notes nftables mode (`nft list table ip kube-proxy`) and Cilium's replacement (eBPF, invisible here).
 *
 * `iptables-save` of a large cluster is megabytes: the script greps on the node and prints only counts and a
 * few rule lines, as `aksdiag-<key>: <value>` lines. No tool interpreter reads iptables-save output, so this
 * file has its own small reader of those lines.
 */
import { ipLiteral, nodeParams, tcpPort } from '../params.js';
import { factNotes, NODE_FACTS_SCRIPT, readNodeFacts } from './facts.js';
import { scriptFacts, type NodeCheck, type NodeCheckVerdict } from './node-check.js';

const params = nodeParams({ clusterIp: ipLiteral, port: tcpPort });

const template: readonly string[] = [
  'ip={{clusterIp}}',
  'port={{port}}',
  ...NODE_FACTS_SCRIPT,
  // iptables-save prints a /32 (IPv4) or /128 (IPv6) destination; the family also picks the command and nft family.
  'case $ip in',
  '  *:*) save=ip6tables-save; dst="-d $ip/128 "; fam=ip6 ;;',
  '  *) save=iptables-save; dst="-d $ip/32 "; fam=ip ;;',
  'esac',
  // nftables-mode kube-proxy keeps everything in its own table; its service map reads `<ip> . tcp . <port> : goto
  // service-...`.
  'if command -v nft >/dev/null 2>&1 && nft list table "$fam" kube-proxy >/dev/null 2>&1; then',
  "  echo 'aksdiag-proxy-mode: nftables'",
  // Tabs to spaces, then the address with a blank before it, so 10.0.0.1 does not match 110.0.0.1.
  '  echo "aksdiag-service-rules: $(nft list table "$fam" kube-proxy 2>/dev/null | tr "\\t" " " | grep -c -F -e " $ip . tcp . $port ")"',
  '  return 0',
  'fi',
  'if ! command -v "$save" >/dev/null 2>&1; then return 127; fi',
  "echo 'aksdiag-proxy-mode: iptables'",
  // The main command: the nat table, where kube-proxy sends service traffic to endpoints.
  'nat=$("$save" -t nat 2>/dev/null)',
  'rc=$?',
  // `-A KUBE-SERVICES -d 10.0.1.2/32 -p tcp -m comment --comment "ns/svc:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-X`
  'svc=$(printf "%s\\n" "$nat" | grep -F -e "-A KUBE-SERVICES $dst" | grep -F -e "--dport $port " | grep -E -e "-j KUBE-SV[CL]-")',
  'echo "aksdiag-service-rules: $(printf "%s\\n" "$svc" | grep -c .)"',
  // A few whole rules as evidence (each is ~200 bytes).
  'printf "%s\\n" "$svc" | head -n 3 | sed "s/^/aksdiag-rule: /"',
  // Endpoints: the KUBE-SEP- jumps in the service chain(s) those rules go to.
  'endpoints=0',
  'for chain in $(printf "%s\\n" "$svc" | sed -n "s/.*-j \\(KUBE-SV[CL]-[A-Z0-9]*\\).*/\\1/p" | sort -u); do',
  '  n=$(printf "%s\\n" "$nat" | grep -F -e "-A $chain " | grep -c -F -e "-j KUBE-SEP-")',
  '  endpoints=$((endpoints + n))',
  'done',
  'echo "aksdiag-endpoints: $endpoints"',
  // With no endpoints kube-proxy puts a REJECT for the ClusterIP in the filter table instead
  // (`/* ns/svc has no endpoints */ ... -j REJECT`).
  'reject=$("$save" -t filter 2>/dev/null | grep -F -e "$dst" | grep -F -e "--dport $port " | grep -c -F -e "-j REJECT")',
  'echo "aksdiag-reject-rules: $reject"',
  'return "$rc"',
];

export interface KubeProxyRulesVerdict extends NodeCheckVerdict {
  kind: 'kube-proxy-rules';
  /**
   * The catalogue's vocabulary. `rules-present`: kube-proxy has a rule for the ClusterIP and port (`endpoints`
   * says how many endpoints it sends to; 0, or a REJECT, means the Service has no ready endpoints: kube-proxy did
   * its part). `rules-missing`: no rule for this ClusterIP and port. `kube-proxy-replaced`: Cilium replaced
   * kube-proxy, whose rules are eBPF maps this check cannot read. `unknown`: the output says nothing usable.
   */
  verdict: 'rules-present' | 'rules-missing' | 'kube-proxy-replaced' | 'unknown';
  mode?: 'iptables' | 'nftables';
  serviceRules?: number;
  endpoints?: number;
}

export function interpretKubeProxyRules(output: string): KubeProxyRulesVerdict {
  const facts = scriptFacts(output);
  const node = readNodeFacts(output);
  const notes = factNotes(node);
  const num = (key: string): number | undefined => {
    const v = facts.get(key);
    return v !== undefined && /^[0-9]{1,9}$/.test(v) ? Number(v) : undefined;
  };
  const lineOf = (key: string): string | null =>
    facts.has(key) ? `aksdiag-${key}: ${facts.get(key)}` : null;
  const mode = facts.get('proxy-mode');
  const serviceRules = num('service-rules');

  if (node.cilium && node.kubeProxy === false && (serviceRules ?? 0) === 0) {
    return { kind: 'kube-proxy-rules', verdict: 'kube-proxy-replaced', evidence: lineOf('cilium'), notes };
  }
  if ((mode !== 'iptables' && mode !== 'nftables') || serviceRules === undefined) {
    notes.push('no rule counts in the output: the script did not get to read kube-proxy’s rules');
    return { kind: 'kube-proxy-rules', verdict: 'unknown', evidence: null, notes };
  }
  // A Service with no endpoints gets no nat rule from kube-proxy, only a filter REJECT for its ClusterIP and
  // port: that REJECT is kube-proxy doing its part (the cause is the missing endpoints, not kube-proxy).
  const rejectRules = num('reject-rules') ?? 0;
  if (mode === 'iptables' && serviceRules === 0 && rejectRules > 0) {
    notes.push('kube-proxy rejects this ClusterIP and port: the Service has no endpoints');
    return {
      kind: 'kube-proxy-rules',
      verdict: 'rules-present',
      evidence: lineOf('reject-rules'),
      notes,
      mode,
      serviceRules,
    };
  }
  if (serviceRules === 0) {
    notes.push(
      'kube-proxy has no rule for this ClusterIP and port: it is not running, not synced, or the service is wrong',
    );
    return {
      kind: 'kube-proxy-rules',
      verdict: 'rules-missing',
      evidence: lineOf('service-rules'),
      notes,
      mode,
      serviceRules,
    };
  }
  if (mode === 'nftables') {
    notes.push('nftables mode: the service is in kube-proxy’s map; endpoints are not counted');
    return {
      kind: 'kube-proxy-rules',
      verdict: 'rules-present',
      evidence: lineOf('service-rules'),
      notes,
      mode,
      serviceRules,
    };
  }
  const endpoints = num('endpoints');
  const rejects = num('reject-rules') ?? 0;
  const rule = facts.get('rule');
  if (endpoints === 0 || rejects > 0) {
    notes.push(
      endpoints === 0
        ? 'the service chain jumps to no endpoint: the Service has no ready endpoints'
        : 'kube-proxy rejects this ClusterIP and port: the Service has no endpoints',
    );
    return {
      kind: 'kube-proxy-rules',
      verdict: 'rules-present',
      evidence: lineOf(endpoints === 0 ? 'endpoints' : 'reject-rules'),
      notes,
      mode,
      serviceRules,
      ...(endpoints === undefined ? {} : { endpoints }),
    };
  }
  if (endpoints === undefined) {
    notes.push('no endpoint count in the output');
    return {
      kind: 'kube-proxy-rules',
      verdict: 'unknown',
      evidence: lineOf('service-rules'),
      notes,
      mode,
      serviceRules,
    };
  }
  return {
    kind: 'kube-proxy-rules',
    verdict: 'rules-present',
    evidence: rule === undefined ? lineOf('endpoints') : `aksdiag-rule: ${rule}`,
    notes,
    mode,
    serviceRules,
    endpoints,
  };
}

export const nodeKubeProxyRules: NodeCheck<{ clusterIp: string; port: number }, KubeProxyRulesVerdict> = {
  id: 'node-kube-proxy-rules',
  params,
  template,
  interpret: (output) => interpretKubeProxyRules(output),
};
