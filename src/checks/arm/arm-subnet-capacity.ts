import { z } from 'zod';
import { parseCidr } from '../../engine/cidr.js';
import { type ArmCheck, armFinding } from './arm-check.js';

/** Azure keeps five addresses of every subnet for itself. */
const AZURE_RESERVED = 5;

/**
 * With Azure CNI (not overlay) every pod takes a subnet address, and each node reserves
 * maxPods of them plus its own: compare that with the subnet's size.
 */
export const armSubnetCapacity: ArmCheck<Record<string, never>> = {
  id: 'arm-subnet-capacity',
  params: z.object({}).strict(),
  evaluate(inv) {
    const overlay = inv.network.plugin !== 'azure' || inv.network.pluginMode === 'overlay';
    for (const subnet of inv.subnets) {
      // A pool on the AKS-managed VNet has no vnetSubnetID: its nodes' NICs say which subnet it is on.
      const subnetOf = (p: (typeof inv.pools)[number]) =>
        p.subnetId ?? inv.nodes.find((n) => n.pool === p.name && n.subnetId)?.subnetId ?? '';
      const pools = inv.pools.filter((p) => subnetOf(p).toLowerCase() === subnet.id.toLowerCase());
      const block = parseCidr(subnet.addressPrefixes[0] ?? '');
      if (!block || pools.length === 0) continue;
      const size = 2 ** (32 - block.bits) - AZURE_RESERVED;
      const perNode = (p: (typeof pools)[number]) => (overlay ? 1 : (p.maxPods ?? 30) + 1);
      const needed = pools.reduce((n, p) => n + p.count * perNode(p), 0);
      const values = {
        vnet: subnet.vnet,
        vnetResourceGroup: subnet.resourceGroup,
        subnet: subnet.name,
        nodepool: pools[0]?.name ?? '',
      };
      const evidence = `${subnet.name} ${subnet.addressPrefixes[0]}: ${size} usable addresses, ${needed} reserved by ${pools.map((p) => `${p.name} (${p.count} nodes)`).join(', ')}`;
      if (needed >= size) return armFinding(this.id, subnet.name, 'subnet-full', 'problem', evidence, values);
      return armFinding(
        this.id,
        subnet.name,
        'subnet-ok',
        'ok',
        evidence,
        values,
        overlay ? ['pods do not take subnet addresses with this network plugin'] : [],
      );
    }
    return armFinding(
      this.id,
      inv.cluster.name,
      'subnet-ok',
      'ok',
      'AKS-managed VNet: no custom subnet to outgrow',
    );
  },
};
