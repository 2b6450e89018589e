/** A small, realistic cluster inventory as plain data, for tests of checks and planning. */
import type { ClusterInventory } from '../../src/domain/inventory.js';
import { AZURE_DEFAULT_RULES, type Nsg, type NsgRule } from '../../src/engine/nsg-flow.js';

export const SUBNET =
  '/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks/subnets/nodes';
export const SUBNET_NSG =
  '/subscriptions/s/resourcegroups/rg-net/providers/microsoft.network/networksecuritygroups/nodes-nsg';
export const NIC_NSG =
  '/subscriptions/s/resourcegroups/mc_rg/providers/microsoft.network/networksecuritygroups/aks-agentpool-1-nsg';

export const nsg = (
  name: string,
  resourceGroup: string,
  level: 'subnet' | 'nic',
  rules: NsgRule[] = [],
): Nsg => ({
  name,
  resourceGroup,
  level,
  rules,
  defaultRules: [...AZURE_DEFAULT_RULES],
});

export const rule = (over: Partial<NsgRule>): NsgRule => ({
  name: 'r',
  priority: 100,
  direction: 'Inbound',
  access: 'Deny',
  protocol: 'Tcp',
  sourceAddressPrefixes: ['*'],
  destinationAddressPrefixes: ['*'],
  sourcePortRanges: ['*'],
  destinationPortRanges: ['*'],
  ...over,
});

export function inventory(over: (inv: ClusterInventory) => void = () => {}): ClusterInventory {
  const inv: ClusterInventory = {
    cluster: { subscription: 's', resourceGroup: 'rg', name: 'aks-lab', location: 'eastus' },
    nodeResourceGroup: 'MC_rg',
    fqdn: 'aks-lab-1a2b3c4d.hcp.eastus.azmk8s.io',
    privateFqdn: null,
    access: { authorizedIpRanges: [], privateCluster: false },
    network: {
      plugin: 'azure',
      pluginMode: null,
      dataplane: null,
      policy: null,
      outboundType: 'loadBalancer',
      serviceCidr: '10.0.0.0/16',
      dnsServiceIp: '10.0.0.10',
      allocatedOutboundPorts: 0,
      outboundIps: ['203.0.113.9'],
    },
    pools: [
      {
        name: 'nodepool1',
        vmss: 'aks-nodepool1-1-vmss',
        osType: 'Linux',
        count: 3,
        subnetId: SUBNET,
        maxPods: 30,
      },
    ],
    nodes: [0, 1, 2].map((i) => ({
      name: `aks-nodepool1-1-vmss00000${i}`,
      pool: 'nodepool1',
      vmss: 'aks-nodepool1-1-vmss',
      instanceId: String(i),
      privateIp: `10.224.0.${4 + i}`,
      subnetId: SUBNET,
      nicNsgId: NIC_NSG,
    })),
    subnets: [
      {
        id: SUBNET,
        name: 'nodes',
        vnet: 'vnet-aks',
        resourceGroup: 'rg-net',
        addressPrefixes: ['10.224.0.0/16'],
        nsgId: SUBNET_NSG,
        routeTableId: null,
        natGatewayId: null,
      },
    ],
    nsgs: {
      [SUBNET_NSG]: nsg('nodes-nsg', 'rg-net', 'subnet'),
      [NIC_NSG]: nsg('aks-agentpool-1-nsg', 'mc_rg', 'nic'),
    },
    routeTables: [],
    vnetAddressSpaces: ['10.224.0.0/16'],
    vnetDnsServers: [],
  };
  over(inv);
  return inv;
}
