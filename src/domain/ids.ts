/**
 * Stable identifiers. Tests, tools and Slack metadata depend on these strings: add freely,
 * never rename.
 */

export const SYMPTOM_IDS = [
  'apiserver-unreachable',
  'node-cannot-reach-apiserver',
  'tunnel-10250',
  'pod-ip-exhaustion',
  'service-unreachable-in-cluster',
  'lb-service-timeout',
  'rbac-forbidden',
  'outbound-dns',
  'outbound-egress',
] as const;
export type SymptomId = (typeof SYMPTOM_IDS)[number];

export const CAUSE_IDS = [
  'client-ip-not-authorized',
  'private-cluster',
  'network-policy',
  'egress-firewall-rules',
  'private-dns',
  'nsg-blocks-10250',
  'ufw-blocks-10250',
  'iptables-drops-10250',
  'egress-port-blocked',
  'snat-exhaustion',
  'ipam-leak',
  'pod-churn-outpaces-gc',
  'subnet-exhausted',
  'no-endpoints-selector-mismatch',
  'target-port-mismatch',
  'kube-proxy-or-iptables',
  'subnet-nsg-missing-rule',
  'missing-role-binding',
  'cluster-dns-failure',
  'upstream-dns-failure',
  'custom-dns-misconfigured',
  'egress-firewall-blocks',
  'endpoint-down',
] as const;
export type CauseId = (typeof CAUSE_IDS)[number];

export function isSymptomId(s: string): s is SymptomId {
  return (SYMPTOM_IDS as readonly string[]).includes(s);
}
