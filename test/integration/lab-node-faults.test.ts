/**
 * The fault lab, node-level causes: each fault is injected for real (ufw and iptables on a node, NSG rules
 * the VNet namespace enforces, a firewall, DNS servers that fail), `aksdiag check` runs its real node
 * scripts inside the nodes' namespaces through the ARM emulator's run-command, and the injected cause must
 * be the one confirmed; cleared, it must be ruled out. Needs root and the lab's tools: it fails, never
 * skips, without them.
 */
import { describe, it } from '@jest/globals';
import type { Lab } from '../../src/lab/lab.js';
import { provesCause, type LabScenario, useSharedLab } from '../lab/support.js';

const KUBELET_TIMEOUT = 'Error from server: error dialing backend: dial tcp 10.224.0.5:10250: i/o timeout';
const EGRESS_TIMEOUT =
  'pod shop/web-1 in namespace "shop": curl: (28) Failed to connect to 198.51.100.50 port 443 after 10001 ms: Timeout was reached';

const SCENARIOS: LabScenario[] = [
  {
    fault: 'nsg-blocks-10250',
    symptom: 'tunnel-10250',
    args: ['--text', KUBELET_TIMEOUT],
    check: 'arm-nsg-flow-10250',
  },
  {
    fault: 'ufw-blocks-10250',
    symptom: 'tunnel-10250',
    args: ['--text', KUBELET_TIMEOUT],
    check: 'node-ufw-status',
  },
  {
    fault: 'iptables-drops-10250',
    symptom: 'tunnel-10250',
    args: ['--text', KUBELET_TIMEOUT],
    check: 'node-iptables-input',
  },
  { fault: 'egress-port-blocked', symptom: 'tunnel-10250', check: 'node-nc-tunnel-egress' },
  { fault: 'snat-exhaustion', symptom: 'tunnel-10250', check: 'arm-lb-outbound-ports' },
  {
    fault: 'egress-firewall-blocks',
    symptom: 'outbound-egress',
    args: ['--text', EGRESS_TIMEOUT],
    check: 'node-curl-endpoint',
  },
  {
    fault: 'snat-exhaustion',
    symptom: 'outbound-egress',
    args: ['--text', EGRESS_TIMEOUT],
    check: 'arm-lb-outbound-ports',
  },
  {
    fault: 'endpoint-down',
    symptom: 'outbound-egress',
    args: ['--text', EGRESS_TIMEOUT],
    check: 'node-curl-endpoint',
  },
  { fault: 'egress-firewall-rules', symptom: 'node-cannot-reach-apiserver', check: 'node-nc-apiserver' },
  { fault: 'custom-dns-misconfigured', symptom: 'outbound-dns', check: 'node-nslookup-external' },
  { fault: 'upstream-dns-failure', symptom: 'outbound-dns', check: 'node-nslookup-external' },
  { fault: 'ipam-leak', symptom: 'pod-ip-exhaustion', check: 'node-ipam-store' },
];

let lab: Lab;
useSharedLab((l) => (lab = l));

describe('lab: node-level faults, proven end to end', () => {
  it.each(SCENARIOS.map((s) => [`${s.fault} (${s.symptom})`, s] as const))(
    '%s',
    (_name, s) => provesCause(() => lab, s),
    120_000,
  );
});
