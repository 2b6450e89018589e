/**
 * readInventory against the ARM emulator with the real SDK clients.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createAzureClients, type AzureClientFactory } from '../../src/azure/clients.js';
import { readInventory, vmssForPool } from '../../src/azure/inventory.js';
import type { ClusterRef } from '../../src/domain/inventory.js';
import { AksdiagError } from '../../src/errors.js';
import {
  aksCluster,
  defaultSecurityRules,
  fakeCredential,
  startArmEmulator,
  type AksLab,
  type ArmEmulator,
  type WireNetworkSecurityGroup,
} from '../emulators/arm/index.js';

const FAST_RETRY = { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 };

let emu: ArmEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function setup(lab: AksLab): Promise<AzureClientFactory> {
  emu = await startArmEmulator(lab.state);
  return createAzureClients({
    credential: fakeCredential,
    endpoint: emu.endpoint,
    extraCaPem: emu.caPem,
    retryOptions: FAST_RETRY,
  });
}

const refOf = (lab: AksLab): ClusterRef => ({
  subscription: lab.subscriptionId,
  resourceGroup: lab.resourceGroup,
  name: lab.clusterName,
  location: lab.location,
});

describe('readInventory', () => {
  it('reads the default lab: cluster, pool, nodes with IPs, subnet, NSG with default rules, outbound', async () => {
    const lab = aksCluster();
    const f = await setup(lab);
    const inv = await readInventory(f, refOf(lab));

    expect(inv.cluster).toEqual(refOf(lab));
    expect(inv.nodeResourceGroup).toBe('MC_rg-lab_aks-lab_eastus');
    expect(inv.fqdn).toBe('aks-lab-dns-a1b2c3d4.hcp.eastus.azmk8s.io');
    expect(inv.privateFqdn).toBeNull();
    expect(inv.access).toEqual({ authorizedIpRanges: [], privateCluster: false });
    expect(inv.network).toEqual({
      plugin: 'azure',
      pluginMode: 'overlay',
      dataplane: 'azure',
      policy: null,
      outboundType: 'loadBalancer',
      serviceCidr: '10.0.0.0/16',
      dnsServiceIp: '10.0.0.10',
      allocatedOutboundPorts: 0,
      outboundIps: ['203.0.113.10'],
    });
    expect(inv.pools).toEqual([
      {
        name: 'nodepool1',
        vmss: 'aks-nodepool1-12345678-vmss',
        osType: 'Linux',
        count: 3,
        subnetId: null,
        maxPods: 250,
      },
    ]);
    expect(inv.nodes).toEqual(
      [0, 1, 2].map((i) => ({
        name: `aks-nodepool1-12345678-vmss00000${i}`,
        pool: 'nodepool1',
        vmss: 'aks-nodepool1-12345678-vmss',
        instanceId: String(i),
        privateIp: `10.224.0.${4 + i}`,
        subnetId: lab.subnetId,
        nicNsgId: lab.nsg.id,
      })),
    );
    expect(inv.subnets).toEqual([
      {
        id: lab.subnetId,
        name: 'aks-subnet',
        vnet: 'aks-vnet-12345678',
        resourceGroup: 'MC_rg-lab_aks-lab_eastus',
        addressPrefixes: ['10.224.0.0/16'],
        nsgId: lab.nsg.id,
        routeTableId: null,
        natGatewayId: null,
      },
    ]);
    // AKS's NSG sits on the subnet and on the NICs: one entry, level 'subnet'.
    expect(Object.keys(inv.nsgs)).toEqual([lab.nsg.id!.toLowerCase()]);
    const nsg = inv.nsgs[lab.nsg.id!.toLowerCase()]!;
    expect(nsg).toMatchObject({ name: 'aks-agentpool-12345678-nsg', resourceGroup: lab.nodeResourceGroup });
    expect(nsg.level).toBe('subnet');
    expect(nsg.rules).toEqual([]);
    expect(nsg.defaultRules.map((r) => [r.name, r.priority, r.direction, r.access])).toEqual([
      ['AllowVnetInBound', 65000, 'Inbound', 'Allow'],
      ['AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow'],
      ['DenyAllInBound', 65500, 'Inbound', 'Deny'],
      ['AllowVnetOutBound', 65000, 'Outbound', 'Allow'],
      ['AllowInternetOutBound', 65001, 'Outbound', 'Allow'],
      ['DenyAllOutBound', 65500, 'Outbound', 'Deny'],
    ]);
    expect(inv.routeTables).toEqual([]);
    expect(inv.vnetAddressSpaces).toEqual(['10.224.0.0/12']);
    expect(inv.vnetDnsServers).toEqual([]);
  });

  it('reads a private cluster with authorized ranges, fixed outbound ports and kubenet routes', async () => {
    const lab = aksCluster({
      privateCluster: true,
      authorizedIPRanges: ['198.51.100.0/24', '203.0.113.7/32'],
      allocatedOutboundPorts: 1024,
      networkPlugin: 'kubenet',
      outboundIp: '198.51.100.200',
    });
    const f = await setup(lab);
    const inv = await readInventory(f, refOf(lab));
    expect(inv.privateFqdn).toMatch(/\.privatelink\.eastus\.azmk8s\.io$/);
    expect(inv.access).toEqual({
      authorizedIpRanges: ['198.51.100.0/24', '203.0.113.7/32'],
      privateCluster: true,
    });
    expect(inv.network).toMatchObject({
      plugin: 'kubenet',
      pluginMode: null,
      allocatedOutboundPorts: 1024,
      outboundIps: ['198.51.100.200'],
    });
    expect(inv.subnets[0]!.routeTableId).toBe(lab.routeTable!.id);
    expect(inv.routeTables).toEqual([
      {
        id: lab.routeTable!.id,
        name: 'aks-agentpool-12345678-routetable',
        resourceGroup: lab.nodeResourceGroup,
        routes: [0, 1, 2].map((i) => ({
          name: `aks-nodepool1-12345678-vmss00000${i}`,
          addressPrefix: `10.244.${i}.0/24`,
          nextHopType: 'VirtualAppliance',
          nextHopIpAddress: `10.224.0.${4 + i}`,
        })),
      },
    ]);
  });

  it('reads a BYO VNet: the customer subnet NSG (level subnet) next to AKS’s NIC NSG (level nic)', async () => {
    const lab = aksCluster({ byoVnet: true });
    const nsgId = `/subscriptions/${lab.subscriptionId}/resourceGroups/rg-lab/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-aks`;
    const subnetNsg: WireNetworkSecurityGroup = {
      id: nsgId,
      name: 'nsg-snet-aks',
      location: 'eastus',
      properties: {
        securityRules: [
          {
            name: 'deny-https-out',
            properties: {
              protocol: 'Tcp',
              sourcePortRange: '*',
              destinationPortRanges: ['443', '8443'],
              sourceAddressPrefix: 'VirtualNetwork',
              destinationAddressPrefix: 'Internet',
              access: 'Deny',
              priority: 200,
              direction: 'Outbound',
            },
          },
        ],
        defaultSecurityRules: defaultSecurityRules(nsgId),
        subnets: [{ id: lab.subnetId }],
      },
    };
    lab.state.subscriptions[lab.subscriptionId]!.resourceGroups['rg-lab']!.networkSecurityGroups = {
      'nsg-snet-aks': subnetNsg,
    };
    lab.subnet.properties.networkSecurityGroup = { id: nsgId };
    lab.vnet.properties.dhcpOptions = { dnsServers: ['10.0.0.53', '10.0.0.54'] };

    const f = await setup(lab);
    const inv = await readInventory(f, refOf(lab));
    expect(inv.pools[0]!.subnetId).toBe(lab.subnetId);
    expect(inv.subnets).toEqual([
      expect.objectContaining({
        id: lab.subnetId,
        name: 'snet-aks',
        vnet: 'vnet-lab',
        resourceGroup: 'rg-lab',
        nsgId,
      }),
    ]);
    expect(inv.nodes.map((n) => [n.privateIp, n.nicNsgId])).toEqual([
      ['10.224.0.4', lab.nsg.id],
      ['10.224.0.5', lab.nsg.id],
      ['10.224.0.6', lab.nsg.id],
    ]);
    const subnetLevel = inv.nsgs[nsgId.toLowerCase()]!;
    expect(subnetLevel).toMatchObject({ name: 'nsg-snet-aks', resourceGroup: 'rg-lab', level: 'subnet' });
    expect(subnetLevel.rules).toEqual([
      {
        name: 'deny-https-out',
        priority: 200,
        direction: 'Outbound',
        access: 'Deny',
        protocol: 'Tcp',
        sourceAddressPrefixes: ['VirtualNetwork'],
        destinationAddressPrefixes: ['Internet'],
        sourcePortRanges: ['*'],
        destinationPortRanges: ['443', '8443'],
      },
    ]);
    expect(subnetLevel.defaultRules).toHaveLength(6);
    expect(inv.nsgs[lab.nsg.id!.toLowerCase()]).toMatchObject({
      name: 'aks-agentpool-12345678-nsg',
      level: 'nic',
    });
    expect(inv.vnetAddressSpaces).toEqual(['10.224.0.0/16']);
    expect(inv.vnetDnsServers).toEqual(['10.0.0.53', '10.0.0.54']);
  });

  it("reads a user-assigned NAT gateway's public IPs as the cluster's outbound IPs", async () => {
    const lab = aksCluster({ byoVnet: true, outboundType: 'userAssignedNATGateway' });
    const rg = lab.state.subscriptions[lab.subscriptionId]!.resourceGroups[lab.vnetResourceGroup]!;
    const id = (type: string, name: string) =>
      `/subscriptions/${lab.subscriptionId}/resourceGroups/${lab.vnetResourceGroup}/providers/Microsoft.Network/${type}/${name}`;
    rg.publicIPAddresses = {
      ...rg.publicIPAddresses,
      'pip-nat': {
        location: lab.location,
        properties: { ipAddress: '198.51.100.77', publicIPAllocationMethod: 'Static' },
      },
    };
    rg.natGateways = {
      'nat-aks': {
        location: lab.location,
        sku: { name: 'Standard' },
        properties: { publicIpAddresses: [{ id: id('publicIPAddresses', 'pip-nat') }] },
      },
    };
    lab.subnet.properties.natGateway = { id: id('natGateways', 'nat-aks') };
    const inv = await readInventory(await setup(lab), refOf(lab));
    expect(inv.network.outboundType).toBe('userAssignedNATGateway');
    expect(inv.subnets[0]!.natGatewayId).toBe(id('natGateways', 'nat-aks'));
    expect(inv.network.outboundIps).toEqual(['198.51.100.77']);
  });

  it('finds the pool’s scale set by name when the tag is missing', async () => {
    const lab = aksCluster({ nodeCount: 1 });
    delete lab.vmss.vmss.tags;
    const f = await setup(lab);
    const inv = await readInventory(f, refOf(lab));
    expect(inv.pools[0]!.vmss).toBe('aks-nodepool1-12345678-vmss');
    expect(inv.nodes.map((n) => n.name)).toEqual(['aks-nodepool1-12345678-vmss000000']);
    expect(vmssForPool('user1', [{ name: 'aks-nodepool1-1-vmss' }, { name: 'AKS-USER1-987-VMSS' }])).toBe(
      'AKS-USER1-987-VMSS',
    );
    expect(vmssForPool('user1', [{ name: 'x', tags: { 'aks-managed-poolName': 'USER1' } }])).toBe('x');
    expect(vmssForPool('user1', [{ name: 'aks-user10-1-vmss' }])).toBeNull();
  });

  it('says cluster-not-found when the cluster is gone', async () => {
    const lab = aksCluster();
    const f = await setup(lab);
    const err = await readInventory(f, { ...refOf(lab), name: 'gone' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AksdiagError);
    expect(err).toMatchObject({ code: 'cluster-not-found' });
  });
});
