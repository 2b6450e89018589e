import { z } from 'zod';
import type { ClusterInventory } from '../../domain/inventory.js';
import { ipv4Literal, tcpPort } from '../params.js';
import { type ArmCheck, armFinding } from './arm-check.js';
import { nodeFlowFinding } from './nsg-flow-finding.js';
import type { NodeFlow } from './nsg-second-opinion.js';

/** A public client (any Internet address) to the service's external IP and port, through a node's NSGs. */
const INTERNET_CLIENT = '198.51.100.200';

type Params = { publicIp?: string; port?: number };

function flows(inv: ClusterInventory, { publicIp, port }: Params): NodeFlow[] {
  const node = inv.nodes[0];
  if (!publicIp || !port || !node) return [];
  return [
    {
      node,
      flow: {
        direction: 'Inbound',
        protocol: 'Tcp',
        source: INTERNET_CLIENT,
        destination: publicIp,
        destinationPort: port,
      },
    },
  ];
}

export const armNsgFlowLb: ArmCheck<Params> & { flows: typeof flows } = {
  id: 'arm-nsg-flow-lb',
  params: z.object({ publicIp: ipv4Literal.optional(), port: tcpPort.optional() }).strict(),
  flows,
  evaluate(inv, params) {
    const nf = flows(inv, params)[0];
    if (!nf || !params.publicIp || !params.port) {
      return armFinding(this.id, inv.cluster.name, 'unknown', 'could-not-check', null, {}, [
        "the service's external IP and port are needed: paste the curl line or name the service",
      ]);
    }
    const finding = nodeFlowFinding(this.id, inv, nf);
    return {
      ...finding,
      values: { ...finding.values, publicIp: params.publicIp, port: String(params.port) },
    };
  },
};
