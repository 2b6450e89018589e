/**
 * The fault lab, causes that live in the Kubernetes API: a Service that selects no pod or sends to the
 * wrong port, a default-deny NetworkPolicy, kube-proxy gone from a node, CoreDNS not ready, a missing
 * RoleBinding. Each fault changes the Kubernetes emulator's state; the nodes follow it (the kube-proxy
 * stand-in rewrites each node's iptables from the Services and endpoints), so the cause is confirmed by
 * the check and the packets agree.
 */
import { describe, expect, it } from '@jest/globals';
import type { Lab } from '../../src/lab/lab.js';
import { provesCause, reaches, type LabScenario, useSharedLab } from '../lab/support.js';

const NODE0 = 'aks-nodepool1-12345678-vmss000000';
const NODE1 = 'aks-nodepool1-12345678-vmss000001';
const WEB = '10.0.120.15';
const KUBE_DNS = '10.0.0.10';

const REFUSED =
  'curl: (7) Failed to connect to web.shop.svc.cluster.local port 80 after 3 ms: Connection refused';
const LB_TIMEOUT = 'curl: (28) Failed to connect to 203.0.113.20 port 80 after 21045 ms: Timeout was reached';
const EGRESS_TIMEOUT =
  'pod shop/web-1 in namespace "shop": curl: (28) Failed to connect to 198.51.100.50 port 443 after 10001 ms: Timeout was reached';
const FROM_POD =
  'namespace "shop": Get "https://10.0.0.1:443/api/v1/namespaces/shop/pods": dial tcp 10.0.0.1:443: i/o timeout';
const FORBIDDEN =
  'Error from server (Forbidden): pods "web-1" is forbidden: User "alice@contoso.com" cannot create resource "pods/exec" in API group "" in the namespace "shop"';

/** The web Service answers from node 0 while healthy, and not while broken. */
const webFrom =
  (node: string) =>
  async (_lab: Lab, broken: boolean): Promise<void> => {
    expect(await reaches(node, WEB, 80)).toBe(!broken);
  };

const SCENARIOS: LabScenario[] = [
  {
    fault: 'no-endpoints-selector-mismatch',
    symptom: 'service-unreachable-in-cluster',
    args: ['--text', REFUSED],
    check: 'k8s-service-endpoints',
    packets: webFrom(NODE0),
  },
  {
    fault: 'target-port-mismatch',
    symptom: 'service-unreachable-in-cluster',
    args: ['--text', REFUSED],
    check: 'k8s-service-ports',
    packets: webFrom(NODE0),
  },
  {
    fault: 'kube-proxy-or-iptables',
    symptom: 'service-unreachable-in-cluster',
    args: ['--text', REFUSED],
    check: 'node-kube-proxy-rules',
    packets: webFrom(NODE1),
  },
  {
    fault: 'network-policy',
    symptom: 'service-unreachable-in-cluster',
    args: ['--text', REFUSED],
    check: 'k8s-network-policies',
  },
  {
    fault: 'network-policy',
    symptom: 'lb-service-timeout',
    args: ['--text', LB_TIMEOUT],
    check: 'k8s-network-policies',
  },
  {
    fault: 'network-policy',
    symptom: 'outbound-egress',
    args: ['--text', EGRESS_TIMEOUT],
    check: 'k8s-network-policies',
  },
  {
    fault: 'network-policy',
    symptom: 'node-cannot-reach-apiserver',
    args: ['--text', FROM_POD],
    check: 'k8s-network-policies',
  },
  {
    fault: 'cluster-dns-failure',
    symptom: 'outbound-dns',
    check: 'k8s-coredns',
    packets: async (_lab, broken) => {
      expect(await reaches(NODE0, KUBE_DNS, 53)).toBe(!broken);
    },
  },
  {
    fault: 'missing-role-binding',
    symptom: 'rbac-forbidden',
    args: ['--text', FORBIDDEN],
    check: 'k8s-access-review',
  },
];

let lab: Lab;
useSharedLab((l) => (lab = l));

describe('lab: Kubernetes faults, proven end to end', () => {
  it.each(SCENARIOS.map((s) => [`${s.fault} (${s.symptom})`, s] as const))(
    '%s',
    (_name, s) => provesCause(() => lab, s),
    120_000,
  );
});
