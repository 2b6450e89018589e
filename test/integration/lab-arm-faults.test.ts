/**
 * The fault lab, causes that live in ARM's settings: authorized IP ranges, a private cluster (and its DNS
 * zone), a customer NSG on the subnet. Each fault changes the ARM emulator's state and the namespaces
 * follow it (the API server host filters sources, drops its public endpoint, Azure DNS loses a zone, the
 * VNet enforces the new NSG); the check must confirm the cause from ARM, and the packets must agree.
 */
import { describe, expect, it } from '@jest/globals';
import type { Lab } from '../../src/lab/lab.js';
import { ADDR, NS } from '../../src/lab/topology.js';
import { checkLab, provesCause, reaches, type LabScenario, useSharedLab } from '../lab/support.js';

const LB_TIMEOUT = 'curl: (28) Failed to connect to 203.0.113.20 port 80 after 21045 ms: Timeout was reached';
const NODE0 = 'aks-nodepool1-12345678-vmss000000';
const FROM_POD =
  'namespace "shop": Get "https://10.0.0.1:443/api/v1/namespaces/shop/pods": dial tcp 10.0.0.1:443: i/o timeout';

const SCENARIOS: LabScenario[] = [
  {
    fault: 'client-ip-not-authorized',
    symptom: 'apiserver-unreachable',
    args: ['--client-ip', ADDR.client],
    check: 'arm-apiserver-access',
    packets: async (_lab, broken) => {
      expect(await reaches(NS.client, ADDR.apiserverPublic, 443)).toBe(!broken);
    },
  },
  {
    fault: 'client-ip-not-authorized',
    symptom: 'node-cannot-reach-apiserver',
    check: 'arm-outbound-ips',
    packets: async (_lab, broken) => {
      // The nodes' egress IP (203.0.113.10) is not in the range either.
      expect(await reaches(NODE0, ADDR.apiserverPublic, 443)).toBe(!broken);
    },
  },
  {
    fault: 'private-cluster',
    symptom: 'apiserver-unreachable',
    check: 'arm-apiserver-access',
    packets: async (_lab, broken) => {
      expect(await reaches(NS.client, ADDR.apiserverPublic, 443)).toBe(!broken);
      // From the VNet, the private endpoint answers while the cluster is private.
      expect(await reaches(NODE0, ADDR.privateEndpoint, 443)).toBe(broken);
    },
  },
  {
    fault: 'private-dns',
    symptom: 'node-cannot-reach-apiserver',
    check: 'node-nslookup-apiserver',
  },
  {
    fault: 'subnet-nsg-missing-rule',
    symptom: 'lb-service-timeout',
    args: ['--text', LB_TIMEOUT],
    check: 'arm-nsg-flow-lb',
    packets: async (_lab, broken) => {
      expect(await reaches(NS.client, ADDR.lbFrontend, 80)).toBe(!broken);
    },
  },
];

let lab: Lab;
useSharedLab((l) => (lab = l));

describe('lab: ARM-state faults, proven end to end', () => {
  it.each(SCENARIOS.map((s) => [`${s.fault} (${s.symptom})`, s] as const))(
    '%s',
    (_name, s) => provesCause(() => lab, s),
    120_000,
  );

  it.each([['private-cluster'], ['client-ip-not-authorized']])(
    'with %s the Kubernetes API does not answer this machine: it is read through command invoke',
    async (fault) => {
      const before = await checkLab(lab, 'node-cannot-reach-apiserver', ['--text', FROM_POD]);
      expect(before.kube.read).toBe('api');
      await lab.inject(fault);
      const after = await checkLab(lab, 'node-cannot-reach-apiserver', ['--text', FROM_POD]);
      expect(after.kube.read).toBe('command-invoke');
    },
    120_000,
  );
});
