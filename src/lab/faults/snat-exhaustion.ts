/** snat-exhaustion: each node gets too few SNAT ports on the outbound load balancer. */
import type { AksLab } from '../../../test/emulators/arm/index.js';
import type { Fault } from './fault.js';

const LOW = 256;

export const snatExhaustion: Fault = {
  id: 'snat-exhaustion',
  symptoms: ['tunnel-10250', 'outbound-egress'],
  scope: 'cluster',
  how: `Sets allocatedOutboundPorts to ${LOW} per node in ARM (cluster profile and the load balancer's outbound rule); the edge namespace's SNAT gives each node exactly that many source ports on the outbound IP.`,
  inject: ({ world }) => setPorts(world.arm, LOW),
  clear: ({ world }) => setPorts(world.arm, 0),
};

function setPorts(arm: AksLab, ports: number): void {
  arm.managedCluster.cluster.properties.networkProfile!.loadBalancerProfile!.allocatedOutboundPorts = ports;
  for (const r of arm.loadBalancer.properties.outboundRules ?? [])
    r.properties.allocatedOutboundPorts = ports;
}
