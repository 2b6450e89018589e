import { z } from 'zod';
import type { Finding } from '../../domain/checks.js';
import { hostName } from '../params.js';
import { type ArmCheck, armFinding, nsgsOf } from './arm-check.js';
import { flowFinding } from './nsg-flow-finding.js';

/**
 * TCP 10250 from the node running the tunnel component to every other node, through the
 * subnet and NIC NSGs. The first denied flow is the finding; otherwise the last allowed one.
 */
export const armNsgFlow10250: ArmCheck<{ fromNode?: string }> = {
  id: 'arm-nsg-flow-10250',
  params: z.object({ fromNode: hostName.optional() }).strict(),
  evaluate(inv, { fromNode }) {
    const source = inv.nodes.find((n) => n.name === fromNode) ?? inv.nodes[0];
    if (!source?.privateIp)
      return armFinding(this.id, inv.cluster.name, 'unknown', 'could-not-check', null, {}, [
        'no node IPs in the inventory',
      ]);
    let last: Finding | null = null;
    for (const node of inv.nodes) {
      if (!node.privateIp || node === source) continue;
      const flow = {
        direction: 'Inbound',
        protocol: 'Tcp',
        source: source.privateIp,
        destination: node.privateIp,
        destinationPort: 10250,
      } as const;
      last = flowFinding(this.id, inv, flow, nsgsOf(inv, node));
      if (last.status !== 'ok') return last;
    }
    return (
      last ??
      armFinding(this.id, inv.cluster.name, 'allowed', 'ok', 'a single node: no node-to-node flow to judge')
    );
  },
};
