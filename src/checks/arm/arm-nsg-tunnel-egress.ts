/**
 * arm-nsg-tunnel-egress: the NSGs on the exact tunnel connection a node could not open, to the address
 * the node tried. A follow-up of node-nc-tunnel-egress: a public API server's address is known only from
 * the node's own lookup, so this is judged once the nodes have answered.
 */
import { armNsgEgress } from './arm-nsg-egress.js';
import type { ArmCheck } from './arm-check.js';

export const armNsgTunnelEgress: ArmCheck<{ destination: string; port: number }> & {
  flows: typeof armNsgEgress.flows;
} = {
  id: 'arm-nsg-tunnel-egress',
  params: armNsgEgress.params,
  flows: armNsgEgress.flows,
  evaluate(inv, params) {
    const judged = armNsgEgress.evaluate(inv, params);
    const values =
      judged.verdict === 'denied' ? { ...judged.values, blockedAddress: params.destination } : judged.values;
    return { ...judged, check: this.id, values };
  },
};
