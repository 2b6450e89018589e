import { z } from 'zod';
import { ipv4Literal, tcpPort } from '../params.js';
import { type ArmCheck, armFinding, nsgsOf } from './arm-check.js';
import { flowFinding } from './nsg-flow-finding.js';

/** Outbound from a node to a destination and port (DNS server, API server, tunnel port), through its NSGs. */
export const armNsgEgress: ArmCheck<{ destination: string; port: number }> = {
  id: 'arm-nsg-egress',
  params: z.object({ destination: ipv4Literal, port: tcpPort }).strict(),
  evaluate(inv, { destination, port }) {
    const node = inv.nodes.find((n) => n.privateIp);
    if (!node?.privateIp)
      return armFinding(this.id, inv.cluster.name, 'unknown', 'could-not-check', null, {}, [
        'no node IPs in the inventory',
      ]);
    const flow = {
      direction: 'Outbound',
      protocol: 'Tcp',
      source: node.privateIp,
      destination,
      destinationPort: port,
    } as const;
    return flowFinding(this.id, inv, flow, nsgsOf(inv, node));
  },
};
