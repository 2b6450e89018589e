/** iptables-drops-10250: a rule in one node's INPUT chain drops TCP 10250 (what a security agent adds). */
import { inNs } from '../sh.js';
import { KUBELET_PORT } from '../topology.js';
import type { Fault } from './fault.js';

const RULE = [
  'INPUT',
  '-p',
  'tcp',
  '--dport',
  String(KUBELET_PORT),
  '-m',
  'comment',
  '--comment',
  'security agent: block kubelet',
  '-j',
  'DROP',
];

export const iptablesDrops10250: Fault = {
  id: 'iptables-drops-10250',
  symptoms: ['tunnel-10250'],
  scope: 'node',
  goneAfterReimage: true,
  how: "Appends `-A INPUT -p tcp --dport 10250 -j DROP` (commented as a security agent's) to the node's own iptables; clearing deletes that rule.",
  async inject({ node }) {
    const present = await inNs(node.name, ['iptables', '-w', '5', '-C', ...RULE], { allowFailure: true });
    if (present.code !== 0) await inNs(node.name, ['iptables', '-w', '5', '-A', ...RULE]);
  },
  async clear({ node }) {
    await inNs(node.name, ['iptables', '-w', '5', '-D', ...RULE], { allowFailure: true });
  },
};
