import { z } from 'zod';
import { type ArmCheck, armFinding } from './arm-check.js';

/** Custom DNS servers on the nodes' VNet: nodes and CoreDNS ask them for everything. */
export const armVnetDns: ArmCheck<Record<string, never>> = {
  id: 'arm-vnet-dns',
  params: z.object({}).strict(),
  evaluate(inv) {
    const subnet = inv.subnets[0];
    const values: Record<string, string> = subnet
      ? { vnet: subnet.vnet, vnetResourceGroup: subnet.resourceGroup }
      : {};
    const servers = inv.vnetDnsServers;
    if (servers.length === 0)
      return armFinding(
        this.id,
        subnet?.vnet ?? inv.cluster.name,
        'azure-dns',
        'ok',
        'dhcpOptions.dnsServers is empty: Azure-provided DNS',
        values,
      );
    return armFinding(
      this.id,
      subnet?.vnet ?? inv.cluster.name,
      'custom-dns',
      'ok',
      `dhcpOptions.dnsServers: ${servers.join(', ')}`,
      {
        ...values,
        dnsServer: servers[0] ?? '',
      },
    );
  },
};
