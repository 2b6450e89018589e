/**
 * The egress firewall, shared by the faults that use it: a 0.0.0.0/0 route from the node subnet to the
 * firewall (a virtual appliance at 10.224.255.4) with outboundType userDefinedRouting in ARM, and the
 * firewall's deny rules in the edge namespace. The route stays while any firewall fault is active.
 */
import type { WireRoute } from '../../../test/emulators/arm/index.js';
import { routeTable, type LabWorld } from '../sync.js';
import { ADDR } from '../topology.js';

const ROUTE = 'default-to-firewall';

export function denyThroughFirewall(w: LabWorld, destination: string, why: string): void {
  const table = routeTable(w);
  if (!table) throw new Error('the node subnet has no route table (the lab is kubenet: it should)');
  if (!table.properties.routes.some((r) => r.name === ROUTE)) {
    const route: WireRoute = {
      name: ROUTE,
      properties: {
        addressPrefix: '0.0.0.0/0',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: ADDR.firewall,
        provisioningState: 'Succeeded',
      },
    };
    table.properties.routes.push(route);
  }
  w.arm.managedCluster.cluster.properties.networkProfile!.outboundType = 'userDefinedRouting';
  w.local.firewallDenies = [
    ...w.local.firewallDenies.filter((d) => d.destination !== destination),
    { destination, why },
  ];
}

export function allowThroughFirewall(w: LabWorld, destination: string): void {
  w.local.firewallDenies = w.local.firewallDenies.filter((d) => d.destination !== destination);
  if (w.local.firewallDenies.length > 0) return;
  const table = routeTable(w);
  if (table) table.properties.routes = table.properties.routes.filter((r) => r.name !== ROUTE);
  w.arm.managedCluster.cluster.properties.networkProfile!.outboundType = 'loadBalancer';
}
