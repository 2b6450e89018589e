/** endpoint-down: the external service the pods call is down (nothing listens: the connection is refused). */
import { inNs } from '../sh.js';
import { ADDR, NS } from '../topology.js';
import type { Fault } from './fault.js';

const RULE = [
  'INPUT',
  '-d',
  `${ADDR.externalApi}/32`,
  '-p',
  'tcp',
  '--dport',
  '443',
  '-j',
  'REJECT',
  '--reject-with',
  'tcp-reset',
];

export const endpointDown: Fault = {
  id: 'endpoint-down',
  symptoms: ['outbound-egress'],
  scope: 'cluster',
  how: `The external API host (${ADDR.externalApi}) answers 443 with a TCP reset, as a host whose service is stopped does: connections are refused.`,
  async inject() {
    const present = await inNs(NS.internet, ['iptables', '-C', ...RULE], { allowFailure: true });
    if (present.code !== 0) await inNs(NS.internet, ['iptables', '-A', ...RULE]);
  },
  async clear() {
    await inNs(NS.internet, ['iptables', '-D', ...RULE], { allowFailure: true });
  },
};
