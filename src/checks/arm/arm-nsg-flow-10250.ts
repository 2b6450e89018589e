import { z } from 'zod';
import type { Finding } from '../../domain/checks.js';
import type { ClusterInventory } from '../../domain/inventory.js';
import { hostName } from '../params.js';
import { type ArmCheck, armFinding } from './arm-check.js';
import { nodeFlowFinding } from './nsg-flow-finding.js';
import type { NodeFlow } from './nsg-second-opinion.js';

type Params = { fromNode?: string };

/** TCP 10250 from the node running the tunnel component (or the first node) to every other node. */
function flows(inv: ClusterInventory, { fromNode }: Params): NodeFlow[] {
  const source = inv.nodes.find((n) => n.name === fromNode) ?? inv.nodes[0];
  if (!source?.privateIp) return [];
  return inv.nodes
    .filter((node) => node.privateIp && node !== source)
    .map((node) => ({
      node,
      flow: {
        direction: 'Inbound',
        protocol: 'Tcp',
        source: source.privateIp!,
        destination: node.privateIp!,
        destinationPort: 10250,
      },
    }));
}

/**
 * TCP 10250 from the node running the tunnel component to every other node, through the subnet and NIC NSGs.
 * The first denied (or disputed) flow is the finding; otherwise the last allowed one.
 */
export const armNsgFlow10250: ArmCheck<Params> & { flows: typeof flows } = {
  id: 'arm-nsg-flow-10250',
  params: z.object({ fromNode: hostName.optional() }).strict(),
  flows,
  evaluate(inv, params) {
    const source = inv.nodes.find((n) => n.name === params.fromNode) ?? inv.nodes[0];
    if (!source?.privateIp)
      return armFinding(this.id, inv.cluster.name, 'unknown', 'could-not-check', null, {}, [
        'no node IPs in the inventory',
      ]);
    let last: Finding | null = null;
    for (const nf of flows(inv, params)) {
      last = nodeFlowFinding(this.id, inv, nf);
      // A flow Azure disagrees about is shown even when aksdiag allows it.
      if (last.status !== 'ok' || last.values['azureNsg'] === 'disagrees') return last;
    }
    return (
      last ??
      armFinding(this.id, inv.cluster.name, 'allowed', 'ok', 'a single node: no node-to-node flow to judge')
    );
  },
};
