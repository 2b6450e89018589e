/**
 * The fault lab, two faults at once: both causes are confirmed (and nothing else), and clearing one leaves
 * the other confirmed while the cleared one is ruled out. Faults touch only their own rule, record or flag,
 * so they combine; this is the proof.
 */
import { describe, expect, it } from '@jest/globals';
import type { Lab } from '../../src/lab/lab.js';
import { checkLab, confirmed, statuses, useSharedLab } from '../lab/support.js';

const REFUSED =
  'curl: (7) Failed to connect to web.shop.svc.cluster.local port 80 after 3 ms: Connection refused';
const FROM_POD =
  'namespace "shop": Get "https://10.0.0.1:443/api/v1/namespaces/shop/pods": dial tcp 10.0.0.1:443: i/o timeout';

interface Pair {
  faults: [string, string];
  symptom: string;
  args?: string[];
}

const PAIRS: Pair[] = [
  { faults: ['nsg-blocks-10250', 'iptables-drops-10250'], symptom: 'tunnel-10250' },
  { faults: ['custom-dns-misconfigured', 'cluster-dns-failure'], symptom: 'outbound-dns' },
  {
    faults: ['target-port-mismatch', 'network-policy'],
    symptom: 'service-unreachable-in-cluster',
    args: ['--text', REFUSED],
  },
  // The Kubernetes API no longer answers this machine: the policy is read through command invoke.
  {
    faults: ['client-ip-not-authorized', 'network-policy'],
    symptom: 'node-cannot-reach-apiserver',
    args: ['--text', FROM_POD],
  },
];

let lab: Lab;
useSharedLab((l) => (lab = l));

describe('lab: two faults at once', () => {
  it.each(PAIRS.map((p) => [`${p.faults.join(' + ')} (${p.symptom})`, p] as const))(
    '%s',
    async (_name, p) => {
      const [a, b] = p.faults;
      await lab.inject(a);
      await lab.inject(b);
      const both = await checkLab(lab, p.symptom, p.args);
      expect(confirmed(both)).toEqual([a, b].sort());
      await lab.clear(a);
      const one = statuses(await checkLab(lab, p.symptom, p.args));
      expect({ [a]: one[a], [b]: one[b] }).toEqual({ [a]: 'ruled-out', [b]: 'confirmed' });
    },
    180_000,
  );
});
