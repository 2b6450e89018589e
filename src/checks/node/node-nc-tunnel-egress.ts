/**
 * node-nc-tunnel-egress: can the node reach the API server on the port its tunnel component uses
 * (konnectivity-agent 443, tunnelfront 9000, aks-link 1194)? Only those three ports are accepted.
 */
import { z } from 'zod';
import { interpret, type Judged } from '../../interpreters/index.js';
import { hostOrIp, nodeParams } from '../params.js';
import type { NodeCheck } from './node-check.js';

/** The tunnel components' ports: konnectivity-agent, tunnelfront, aks-link (OpenVPN). */
export const TUNNEL_PORTS = [443, 9000, 1194] as const;

const params = nodeParams({
  host: hostOrIp,
  port: z.union([z.literal(443), z.literal(9000), z.literal(1194)]),
});

const template: readonly string[] = [
  // As node-nc-kubelet: connect only, 5 s limit, nc's report is on stderr.
  'nc -v -z -w 5 {{host}} {{port}} 2>&1',
];

export const nodeNcTunnelEgress: NodeCheck<z.output<typeof params>, Judged<'nc'>> = {
  id: 'node-nc-tunnel-egress',
  params,
  template,
  interpret: (output, p) => interpret('nc', output, { port: p.port }),
};
