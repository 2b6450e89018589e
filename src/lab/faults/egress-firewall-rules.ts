/** egress-firewall-rules: the egress firewall does not allow the API server (nodes cannot reach it). */
import { ADDR } from '../topology.js';
import type { Fault } from './fault.js';
import { allowThroughFirewall, denyThroughFirewall } from './firewall.js';

export const egressFirewallRules: Fault = {
  id: 'egress-firewall-rules',
  symptoms: ['node-cannot-reach-apiserver'],
  scope: 'cluster',
  how: `Routes the node subnet's 0.0.0.0/0 to a firewall (${ADDR.firewall}, outboundType userDefinedRouting) in ARM, and the firewall namespace drops the nodes' traffic to the API server ${ADDR.apiserverPublic}.`,
  inject: ({ world }) =>
    denyThroughFirewall(world, ADDR.apiserverPublic, 'no network rule for the API server'),
  clear: ({ world }) => allowThroughFirewall(world, ADDR.apiserverPublic),
};
