/** egress-port-blocked: an NSG rule denies the nodes' egress to the API server on the tunnel's port. */
import { ADDR } from '../topology.js';
import { addRule, removeRule, securityRule, type Fault } from './fault.js';

const RULE = 'deny-tunnel-egress';
/** konnectivity-agent's port (the lab's tunnel component). */
const TUNNEL_PORT = '443';

export const egressPortBlocked: Fault = {
  id: 'egress-port-blocked',
  symptoms: ['tunnel-10250'],
  scope: 'cluster',
  how: `Adds an Outbound Deny rule for TCP ${TUNNEL_PORT} to the API server's address (${ADDR.apiserverPublic}, priority 200) to the NICs' NSG in ARM; the VNet enforces it, so the tunnel (konnectivity-agent, 443) cannot connect.`,
  inject: ({ world }) =>
    addRule(
      world.arm.nsg,
      securityRule(RULE, 'Outbound', 'Deny', 200, TUNNEL_PORT, `${ADDR.apiserverPublic}/32`),
    ),
  clear: ({ world }) => removeRule(world.arm.nsg, RULE),
};
