import { z } from 'zod';
import { ipv4Literal, tcpPort } from '../params.js';
import { type ArmCheck, armFinding, nsgsOf } from './arm-check.js';
import { flowFinding } from './nsg-flow-finding.js';

/** A public client (any Internet address) to the service's external IP and port, through a node's NSGs. */
const INTERNET_CLIENT = '198.51.100.200';

export const armNsgFlowLb: ArmCheck<{ publicIp?: string; port?: number }> = {
  id: 'arm-nsg-flow-lb',
  params: z.object({ publicIp: ipv4Literal.optional(), port: tcpPort.optional() }).strict(),
  evaluate(inv, { publicIp, port }) {
    const node = inv.nodes[0];
    if (!publicIp || !port || !node) {
      return armFinding(this.id, inv.cluster.name, 'unknown', 'could-not-check', null, {}, [
        "the service's external IP and port are needed: paste the curl line or name the service",
      ]);
    }
    const flow = {
      direction: 'Inbound',
      protocol: 'Tcp',
      source: INTERNET_CLIENT,
      destination: publicIp,
      destinationPort: port,
    } as const;
    const finding = flowFinding(this.id, inv, flow, nsgsOf(inv, node));
    return { ...finding, values: { ...finding.values, publicIp, port: String(port) } };
  },
};
