/** egress-firewall-blocks: egress goes through a firewall whose rules do not allow the external endpoint. */
import { ADDR } from '../topology.js';
import type { Fault } from './fault.js';
import { allowThroughFirewall, denyThroughFirewall } from './firewall.js';

export const egressFirewallBlocks: Fault = {
  id: 'egress-firewall-blocks',
  symptoms: ['outbound-egress'],
  scope: 'cluster',
  how: `Routes the node subnet's 0.0.0.0/0 to a firewall (${ADDR.firewall}, outboundType userDefinedRouting) in ARM, and the firewall namespace drops the nodes' traffic to the external API ${ADDR.externalApi}: connections time out.`,
  inject: ({ world }) =>
    denyThroughFirewall(world, ADDR.externalApi, 'no application rule for the external API'),
  clear: ({ world }) => allowThroughFirewall(world, ADDR.externalApi),
};
