import { z } from 'zod';
import { type ArmCheck, armFinding } from './arm-check.js';

/** Ports per node Azure allocates automatically, by pool size (Azure's SNAT table for one outbound IP). */
const AUTOMATIC: readonly [maxNodes: number, ports: number][] = [
  [50, 1024],
  [100, 512],
  [200, 256],
  [400, 128],
  [800, 64],
  [1000, 32],
];
/** At or below this many SNAT ports per node, bursts of outbound connections exhaust them. */
const LOW_PORTS = 512;
/** What the fix proposes per node: a multiple of 8, comfortable for busy nodes. */
const PROPOSED_PORTS = 4000;
const PORTS_PER_IP = 64_000;

export const armLbOutboundPorts: ArmCheck<Record<string, never>> = {
  id: 'arm-lb-outbound-ports',
  params: z.object({}).strict(),
  evaluate(inv) {
    const name = inv.cluster.name;
    if ((inv.network.outboundType ?? 'loadBalancer') !== 'loadBalancer') {
      return armFinding(
        this.id,
        name,
        'not-load-balancer',
        'ok',
        `outboundType: ${inv.network.outboundType}`,
      );
    }
    const nodes = inv.pools.reduce((n, p) => n + p.count, 0);
    const set = inv.network.allocatedOutboundPorts ?? 0;
    const perNode = set > 0 ? set : (AUTOMATIC.find(([max]) => nodes <= max)?.[1] ?? 0);
    const how =
      set > 0
        ? `allocatedOutboundPorts: ${set}`
        : `automatic allocation for ${nodes} nodes: ${perNode} ports each`;
    const ipCount = Math.max(
      inv.network.outboundIps.length,
      Math.ceil((nodes * PROPOSED_PORTS) / PORTS_PER_IP),
    );
    const values = { outboundPorts: String(PROPOSED_PORTS), outboundIpCount: String(ipCount) };
    const notes = [
      'configuration only: SNAT exhaustion itself shows in the load balancer\'s "SNAT Connection Count" metric',
    ];
    if (perNode <= LOW_PORTS)
      return armFinding(this.id, 'kubernetes', 'ports-low', 'problem', how, values, notes);
    return armFinding(this.id, 'kubernetes', 'ports-ok', 'ok', how, values, notes);
  },
};
