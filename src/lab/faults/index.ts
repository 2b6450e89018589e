/**
 * Every fault the lab can inject, in one explicit registry (ids are cause ids). Adding a fault: a module
 * in this folder, a line here, a scenario in test/integration/lab-*.test.ts, a line in docs/lab.md's table.
 */
import { clientIpNotAuthorized } from './client-ip-not-authorized.js';
import { clusterDnsFailure } from './cluster-dns-failure.js';
import { customDnsMisconfigured } from './custom-dns-misconfigured.js';
import { egressFirewallBlocks } from './egress-firewall-blocks.js';
import { egressFirewallRules } from './egress-firewall-rules.js';
import { egressPortBlocked } from './egress-port-blocked.js';
import { endpointDown } from './endpoint-down.js';
import type { Fault } from './fault.js';
import { ipamLeak } from './ipam-leak.js';
import { iptablesDrops10250 } from './iptables-drops-10250.js';
import { kubeProxyOrIptables } from './kube-proxy-or-iptables.js';
import { missingRoleBinding } from './missing-role-binding.js';
import { networkPolicy } from './network-policy.js';
import { noEndpointsSelectorMismatch } from './no-endpoints-selector-mismatch.js';
import { nsgBlocks10250 } from './nsg-blocks-10250.js';
import { privateCluster } from './private-cluster.js';
import { privateDns } from './private-dns.js';
import { snatExhaustion } from './snat-exhaustion.js';
import { subnetNsgMissingRule } from './subnet-nsg-missing-rule.js';
import { targetPortMismatch } from './target-port-mismatch.js';
import { ufwBlocks10250 } from './ufw-blocks-10250.js';
import { upstreamDnsFailure } from './upstream-dns-failure.js';

export type { Fault, FaultContext } from './fault.js';

export const FAULTS: readonly Fault[] = [
  nsgBlocks10250,
  ufwBlocks10250,
  iptablesDrops10250,
  egressPortBlocked,
  snatExhaustion,
  egressFirewallBlocks,
  egressFirewallRules,
  endpointDown,
  customDnsMisconfigured,
  upstreamDnsFailure,
  clusterDnsFailure,
  clientIpNotAuthorized,
  privateCluster,
  privateDns,
  subnetNsgMissingRule,
  noEndpointsSelectorMismatch,
  targetPortMismatch,
  networkPolicy,
  kubeProxyOrIptables,
  missingRoleBinding,
  ipamLeak,
];

export const FAULT_IDS: readonly string[] = FAULTS.map((f) => f.id);

export function findFault(id: string): Fault | undefined {
  return FAULTS.find((f) => f.id === id);
}
