import { z } from 'zod';
import { type ArmCheck, armFinding } from './arm-check.js';

/** Does a node subnet send 0.0.0.0/0 to a virtual appliance (Azure Firewall or an NVA)? */
export const armRouteTable: ArmCheck<Record<string, never>> = {
  id: 'arm-route-table',
  params: z.object({}).strict(),
  evaluate(inv) {
    for (const subnet of inv.subnets) {
      const table = inv.routeTables.find((t) => t.id.toLowerCase() === subnet.routeTableId?.toLowerCase());
      const route = table?.routes.find(
        (r) => r.addressPrefix === '0.0.0.0/0' && r.nextHopType.toLowerCase() === 'virtualappliance',
      );
      if (table && route) {
        // The Azure Firewall at the next hop (when aksdiag can see it): what a fix changes.
        const fw = inv.firewalls?.find((f) => f.privateIps.includes(route.nextHopIpAddress ?? ''));
        return armFinding(
          this.id,
          table.name,
          'firewall-route',
          'ok',
          `route ${route.name}: 0.0.0.0/0 -> VirtualAppliance ${route.nextHopIpAddress ?? ''}${fw ? ` (Azure Firewall ${fw.resourceGroup}/${fw.name})` : ''}`.trim(),
          {
            routeTable: table.name,
            firewallIp: route.nextHopIpAddress ?? '',
            vnetResourceGroup: subnet.resourceGroup,
            subnetPrefix: subnet.addressPrefixes[0] ?? '',
            ...(fw ? { firewallName: fw.name, firewallResourceGroup: fw.resourceGroup } : {}),
          },
        );
      }
    }
    return armFinding(
      this.id,
      inv.cluster.name,
      'no-firewall-route',
      'ok',
      'no node subnet routes 0.0.0.0/0 to an appliance',
    );
  },
};
