import { z } from 'zod';
import type { ClusterInventory } from '../../domain/inventory.js';
import { ipv4Literal, tcpPort } from '../params.js';
import { type ArmCheck, armFinding } from './arm-check.js';
import { nodeFlowFinding } from './nsg-flow-finding.js';
import type { NodeFlow } from './nsg-second-opinion.js';

type Params = { destination: string; port: number };

function flows(inv: ClusterInventory, { destination, port }: Params): NodeFlow[] {
  const node = inv.nodes.find((n) => n.privateIp);
  if (!node?.privateIp) return [];
  return [
    {
      node,
      flow: {
        direction: 'Outbound',
        protocol: 'Tcp',
        source: node.privateIp,
        destination,
        destinationPort: port,
      },
    },
  ];
}

/** Outbound from a node to a destination and port (DNS server, API server, tunnel port), through its NSGs. */
export const armNsgEgress: ArmCheck<Params> & { flows: typeof flows } = {
  id: 'arm-nsg-egress',
  params: z.object({ destination: ipv4Literal, port: tcpPort }).strict(),
  flows,
  evaluate(inv, params) {
    const nf = flows(inv, params)[0];
    if (!nf)
      return armFinding(this.id, inv.cluster.name, 'unknown', 'could-not-check', null, {}, [
        'no node IPs in the inventory',
      ]);
    return nodeFlowFinding(this.id, inv, nf);
  },
};
