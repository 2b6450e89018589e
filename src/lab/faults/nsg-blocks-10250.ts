/** nsg-blocks-10250: a custom NSG rule on the nodes' NICs denies TCP 10250 (the VNet drops node-to-node kubelet traffic). */
import { KUBELET_PORT } from '../topology.js';
import { addRule, removeRule, securityRule, type Fault } from './fault.js';

const RULE = 'deny-kubelet-10250';

export const nsgBlocks10250: Fault = {
  id: 'nsg-blocks-10250',
  symptoms: ['tunnel-10250'],
  scope: 'cluster',
  how: "Adds an Inbound Deny rule for TCP 10250 (priority 300) to the NSG on the nodes' NICs in ARM; the VNet namespace enforces it, so a connection from the tunnel's node to another node's kubelet really times out.",
  inject: ({ world }) =>
    addRule(world.arm.nsg, securityRule(RULE, 'Inbound', 'Deny', 300, String(KUBELET_PORT))),
  clear: ({ world }) => removeRule(world.arm.nsg, RULE),
};
