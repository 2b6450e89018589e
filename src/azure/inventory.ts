/**
 * Reads what the checks need about one cluster from ARM into a plain `ClusterInventory`.
 *
 * Order: the managed cluster first; then, in parallel, the scale sets of the node resource group and
 * the outbound public IPs; then per scale set its instances and NICs; then the node subnets (from
 * `vnetSubnetID`, or from the NICs for the AKS-managed VNet) and, in parallel, their VNets, NSGs,
 * route tables and NAT gateways. At most a few calls per step are in flight. Last, only when a node subnet
 * routes 0.0.0.0/0 to a virtual appliance, the Azure Firewalls that could be it: those in the VNet's and
 * the route table's resource groups, then (when none has the next hop's address) the subscription's.
 *
 * An NSG attached to a node subnet gets level 'subnet', even when the same NSG also sits on the NICs
 * (AKS's own NSG on an AKS-managed VNet): `nsgs` is keyed by id, so it appears once.
 *
 * Permissions: Reader on the cluster, its node resource group (MC_...) and, for a custom VNet, on
 * the VNet's resource group (and the route table's / NSG's, when they live elsewhere).
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { VirtualMachineScaleSetVM } from '@azure/arm-compute';
import type { AzureFirewall, NetworkInterface, NetworkSecurityGroup } from '@azure/arm-network';
import type {
  AgentPool,
  ClusterInventory,
  ClusterRef,
  FirewallInfo,
  NodeInstance,
  RouteTableInfo,
  SubnetInfo,
} from '../domain/inventory.js';
import { AZURE_DEFAULT_RULES, fromAzureRule, type Nsg, type NsgLevel } from '../engine/nsg-flow.js';
import { AksdiagError } from '../errors.js';
import {
  azureError,
  collect,
  mapLimit,
  parseResourceId,
  statusOf,
  type AzureClientFactory,
} from './clients.js';

const CONCURRENCY = 4;

export const INVENTORY_ROLE =
  'Grant the identity Reader on the cluster, on its node resource group (MC_...) and, for a custom VNet, on the VNet’s resource group.';

const lower = (s: string): string => s.toLowerCase();
const unique = (xs: (string | null | undefined)[]): string[] => {
  const out = new Map<string, string>();
  for (const x of xs) if (x) out.set(lower(x), out.get(lower(x)) ?? x);
  return [...out.values()];
};

async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw azureError(err, what, INVENTORY_ROLE);
  }
}

function idParts(
  id: string,
  kind: string,
): { subscription: string; resourceGroup: string; path: string[]; name: string } {
  const p = parseResourceId(id);
  if (!p)
    throw new AksdiagError(
      'config-invalid',
      `Unexpected ${kind} id from Azure: ${id}`,
      'Report this to the aksdiag maintainers.',
    );
  return p;
}

/** The pool's scale set: tag `aks-managed-poolName` (legacy `poolName`), else the name `aks-<pool>-<digits>-vmss`. */
export function vmssForPool(
  pool: string,
  scaleSets: { name?: string; tags?: Record<string, string> }[],
): string | null {
  const tagged = scaleSets.find((s) => {
    const tag = s.tags?.['aks-managed-poolName'] ?? s.tags?.['poolName'];
    return tag !== undefined && lower(tag) === lower(pool);
  });
  if (tagged?.name) return tagged.name;
  const pattern = new RegExp(`^aks-${pool.replace(/[^a-z0-9]/gi, '')}-\\d+-vmss$`, 'i');
  return scaleSets.find((s) => s.name !== undefined && pattern.test(s.name))?.name ?? null;
}

function matchNic(vm: VirtualMachineScaleSetVM, nics: NetworkInterface[]): NetworkInterface | undefined {
  const refs = vm.networkProfile?.networkInterfaces ?? [];
  const ids = new Set(refs.map((r) => lower(r.id ?? '')).filter((x) => x.length > 0));
  const vmSuffix = lower(`/virtualMachines/${vm.instanceId}`);
  const mine = nics.filter(
    (n) =>
      (n.id !== undefined && ids.has(lower(n.id))) || lower(n.virtualMachine?.id ?? '').endsWith(vmSuffix),
  );
  return mine.find((n) => n.primary) ?? mine[0];
}

async function readPoolNodes(
  factory: AzureClientFactory,
  subscription: string,
  nodeRg: string,
  pool: string,
  vmss: string,
): Promise<NodeInstance[]> {
  const [vms, nics] = await Promise.all([
    guard(`list the instances of scale set ${vmss}`, async () =>
      collect((await factory.compute(subscription)).virtualMachineScaleSetVMs.list(nodeRg, vmss)),
    ),
    guard(`list the NICs of scale set ${vmss}`, async () =>
      collect(
        (await factory.network(subscription)).networkInterfaces.listVirtualMachineScaleSetNetworkInterfaces(
          nodeRg,
          vmss,
        ),
      ),
    ),
  ]);
  return vms
    .filter((vm) => vm.instanceId !== undefined)
    .map((vm) => {
      const nic = matchNic(vm, nics);
      const ipConfigs = nic?.ipConfigurations ?? [];
      const ip = ipConfigs.find((c) => c.primary) ?? ipConfigs[0];
      return {
        name: vm.osProfile?.computerName ?? vm.name ?? `${vmss}_${vm.instanceId}`,
        pool,
        vmss,
        instanceId: vm.instanceId!,
        privateIp: ip?.privateIPAddress ?? null,
        subnetId: ip?.subnet?.id ?? null,
        nicNsgId: nic?.networkSecurityGroup?.id ?? null,
      };
    })
    .sort((a, b) => Number(a.instanceId) - Number(b.instanceId) || a.instanceId.localeCompare(b.instanceId));
}

async function readSubnet(factory: AzureClientFactory, id: string): Promise<SubnetInfo> {
  const p = idParts(id, 'subnet');
  const [, vnet, , subnetName] = p.path;
  if (!vnet || !subnetName) {
    throw new AksdiagError(
      'config-invalid',
      `Not a subnet id: ${id}`,
      'Check the agent pool’s vnetSubnetID.',
    );
  }
  const subnet = await guard(`read subnet ${vnet}/${subnetName} in ${p.resourceGroup}`, async () =>
    (await factory.network(p.subscription)).subnets.get(p.resourceGroup, vnet, subnetName),
  );
  const prefixes = unique([subnet.addressPrefix, ...(subnet.addressPrefixes ?? [])]);
  return {
    id: subnet.id ?? id,
    name: subnet.name ?? subnetName,
    vnet,
    resourceGroup: p.resourceGroup,
    addressPrefixes: prefixes,
    nsgId: subnet.networkSecurityGroup?.id ?? null,
    routeTableId: subnet.routeTable?.id ?? null,
    natGatewayId: subnet.natGateway?.id ?? null,
  };
}

function toNsg(nsg: NetworkSecurityGroup, resourceGroup: string, level: NsgLevel): Nsg {
  return {
    name: nsg.name ?? '',
    resourceGroup,
    level,
    rules: (nsg.securityRules ?? []).map(fromAzureRule),
    defaultRules:
      nsg.defaultSecurityRules && nsg.defaultSecurityRules.length > 0
        ? nsg.defaultSecurityRules.map(fromAzureRule)
        : AZURE_DEFAULT_RULES.map((r) => ({ ...r })),
  };
}

async function readNsg(factory: AzureClientFactory, id: string, level: NsgLevel): Promise<Nsg> {
  const p = idParts(id, 'network security group');
  const nsg = await guard(`read network security group ${p.name} in ${p.resourceGroup}`, async () =>
    (await factory.network(p.subscription)).networkSecurityGroups.get(p.resourceGroup, p.name),
  );
  return toNsg(nsg, p.resourceGroup, level);
}

async function readRouteTable(factory: AzureClientFactory, id: string): Promise<RouteTableInfo> {
  const p = idParts(id, 'route table');
  const rt = await guard(`read route table ${p.name} in ${p.resourceGroup}`, async () =>
    (await factory.network(p.subscription)).routeTables.get(p.resourceGroup, p.name),
  );
  return {
    id: rt.id ?? id,
    name: rt.name ?? p.name,
    resourceGroup: p.resourceGroup,
    routes: (rt.routes ?? []).map((r) => ({
      name: r.name ?? '',
      addressPrefix: r.addressPrefix ?? '',
      nextHopType: r.nextHopType ?? '',
      nextHopIpAddress: r.nextHopIpAddress ?? null,
    })),
  };
}

async function readPublicIp(factory: AzureClientFactory, id: string): Promise<string | null> {
  const p = idParts(id, 'public IP address');
  const pip = await guard(`read public IP ${p.name} in ${p.resourceGroup}`, async () =>
    (await factory.network(p.subscription)).publicIPAddresses.get(p.resourceGroup, p.name),
  );
  return pip.ipAddress ?? null;
}

async function readNatGatewayIpIds(factory: AzureClientFactory, id: string): Promise<string[]> {
  const p = idParts(id, 'NAT gateway');
  const nat = await guard(`read NAT gateway ${p.name} in ${p.resourceGroup}`, async () =>
    (await factory.network(p.subscription)).natGateways.get(p.resourceGroup, p.name),
  );
  return (nat.publicIpAddresses ?? []).flatMap((r) => (r.id ? [r.id] : []));
}

function toFirewall(fw: AzureFirewall): FirewallInfo | null {
  const p = fw.id ? parseResourceId(fw.id) : null;
  if (!p) return null;
  return {
    id: fw.id!,
    name: fw.name ?? p.name,
    resourceGroup: p.resourceGroup,
    privateIps: unique((fw.ipConfigurations ?? []).map((c) => c.privateIPAddress)),
  };
}

/**
 * The Azure Firewalls at the next hops of the subnets' 0.0.0.0/0 routes, or undefined without such a route.
 * The firewall is extra detail for a fix, not needed for a verdict: a group or subscription the identity
 * may not list is skipped, so a hub firewall it cannot see leaves the list empty rather than failing.
 */
async function readFirewalls(
  factory: AzureClientFactory,
  subnets: SubnetInfo[],
  routeTables: RouteTableInfo[],
): Promise<FirewallInfo[] | undefined> {
  const hops: { subscription: string; groups: string[]; ip: string }[] = [];
  for (const s of subnets) {
    const table = routeTables.find((t) => lower(t.id) === lower(s.routeTableId ?? ''));
    const route = table?.routes.find(
      (r) => r.addressPrefix === '0.0.0.0/0' && lower(r.nextHopType) === 'virtualappliance',
    );
    if (!table || !route?.nextHopIpAddress) continue;
    const hop = {
      subscription: idParts(s.id, 'subnet').subscription,
      groups: unique([s.resourceGroup, table.resourceGroup]),
      ip: route.nextHopIpAddress,
    };
    // Pools' subnets often share one route table: list each group once per next hop.
    if (!hops.some((h) => JSON.stringify(h) === JSON.stringify(hop))) hops.push(hop);
  }
  if (hops.length === 0) return undefined;
  const listed = async (list: () => AsyncIterable<AzureFirewall>): Promise<FirewallInfo[]> => {
    try {
      return (await collect(list())).flatMap((f) => toFirewall(f) ?? []);
    } catch (err) {
      if (statusOf(err) === 403 || statusOf(err) === 404) return [];
      throw azureError(err, 'list the Azure Firewalls', INVENTORY_ROLE);
    }
  };
  const found = new Map<string, FirewallInfo>();
  for (const hop of hops) {
    const at = (fws: FirewallInfo[]) => fws.filter((f) => f.privateIps.includes(hop.ip));
    const client = await factory.network(hop.subscription);
    let hits = at(
      (await mapLimit(hop.groups, CONCURRENCY, (g) => listed(() => client.azureFirewalls.list(g)))).flat(),
    );
    if (hits.length === 0) hits = at(await listed(() => client.azureFirewalls.listAll()));
    for (const f of hits) found.set(lower(f.id), f);
  }
  return [...found.values()];
}

function outboundIpIds(mc: ManagedCluster): string[] {
  const np = mc.networkProfile;
  const type = lower(np?.outboundType ?? 'loadBalancer');
  const refs =
    type === 'loadbalancer'
      ? np?.loadBalancerProfile?.effectiveOutboundIPs
      : type === 'managednatgateway'
        ? np?.natGatewayProfile?.effectiveOutboundIPs
        : undefined;
  return unique((refs ?? []).map((r) => r.id));
}

export async function readInventory(factory: AzureClientFactory, ref: ClusterRef): Promise<ClusterInventory> {
  const sub = ref.subscription;
  let mc: ManagedCluster;
  try {
    mc = await (await factory.containers(sub)).managedClusters.get(ref.resourceGroup, ref.name);
  } catch (err) {
    if (statusOf(err) === 404) {
      throw new AksdiagError(
        'cluster-not-found',
        `Cluster ${ref.resourceGroup}/${ref.name} was not found in subscription ${sub}.`,
        'It may have been deleted or moved; look it up again by name.',
        { cause: err },
      );
    }
    throw azureError(err, `read cluster ${ref.resourceGroup}/${ref.name}`, INVENTORY_ROLE);
  }
  const nodeRg = mc.nodeResourceGroup ?? '';
  const np = mc.networkProfile;

  const [scaleSets, lbOrManagedNatIps] = await Promise.all([
    nodeRg
      ? guard(`list the scale sets in ${nodeRg}`, async () =>
          collect((await factory.compute(sub)).virtualMachineScaleSets.list(nodeRg)),
        )
      : Promise.resolve([]),
    mapLimit(outboundIpIds(mc), CONCURRENCY, (id) => readPublicIp(factory, id)),
  ]);

  const pools: AgentPool[] = (mc.agentPoolProfiles ?? []).map((p) => ({
    name: p.name,
    vmss:
      p.type === undefined || p.type === 'VirtualMachineScaleSets' ? vmssForPool(p.name, scaleSets) : null,
    osType: p.osType ?? 'Linux',
    count: p.count ?? 0,
    subnetId: p.vnetSubnetID ? p.vnetSubnetID : null,
    maxPods: p.maxPods ?? null,
  }));

  const nodes = (
    await mapLimit(
      pools.filter((p) => p.vmss !== null),
      CONCURRENCY,
      (p) => readPoolNodes(factory, sub, nodeRg, p.name, p.vmss!),
    )
  ).flat();

  const subnets = await mapLimit(
    unique([...pools.map((p) => p.subnetId), ...nodes.map((n) => n.subnetId)]),
    CONCURRENCY,
    (id) => readSubnet(factory, id),
  );

  const subnetNsgIds = unique(subnets.map((s) => s.nsgId));
  const subnetNsgSet = new Set(subnetNsgIds.map(lower));
  const nicNsgIds = unique(nodes.map((n) => n.nicNsgId)).filter((id) => !subnetNsgSet.has(lower(id)));
  const vnetIds = unique(
    subnets.map((s) => {
      const p = idParts(s.id, 'subnet');
      return `/subscriptions/${p.subscription}/resourceGroups/${p.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${s.vnet}`;
    }),
  );
  const natIds =
    lower(np?.outboundType ?? '') === 'userassignednatgateway'
      ? unique(subnets.map((s) => s.natGatewayId))
      : [];

  const [nsgList, routeTables, vnets, natIpIds] = await Promise.all([
    mapLimit(
      [...subnetNsgIds.map((id) => [id, 'subnet'] as const), ...nicNsgIds.map((id) => [id, 'nic'] as const)],
      CONCURRENCY,
      async ([id, level]) => [lower(id), await readNsg(factory, id, level)] as const,
    ),
    mapLimit(unique(subnets.map((s) => s.routeTableId)), CONCURRENCY, (id) => readRouteTable(factory, id)),
    mapLimit(vnetIds, CONCURRENCY, (id) => {
      const p = idParts(id, 'virtual network');
      return guard(`read virtual network ${p.name} in ${p.resourceGroup}`, async () =>
        (await factory.network(p.subscription)).virtualNetworks.get(p.resourceGroup, p.name),
      );
    }),
    mapLimit(natIds, CONCURRENCY, (id) => readNatGatewayIpIds(factory, id)),
  ]);
  const [natIps, firewalls] = await Promise.all([
    mapLimit(unique(natIpIds.flat()), CONCURRENCY, (id) => readPublicIp(factory, id)),
    readFirewalls(factory, subnets, routeTables),
  ]);

  const access = mc.apiServerAccessProfile;
  const lbp = np?.loadBalancerProfile;
  return {
    cluster: { ...ref, location: ref.location || mc.location || '' },
    nodeResourceGroup: nodeRg,
    fqdn: mc.fqdn ?? null,
    privateFqdn: mc.privateFqdn ?? null,
    access: {
      authorizedIpRanges: [...(access?.authorizedIPRanges ?? [])],
      privateCluster: access?.enablePrivateCluster ?? false,
      // `system` and `none` are not resources: only a bring-your-own zone has an id to link.
      ...(access?.privateDNSZone?.startsWith('/') ? { privateDnsZoneId: access.privateDNSZone } : {}),
    },
    network: {
      plugin: np?.networkPlugin ?? null,
      pluginMode: np?.networkPluginMode ?? null,
      dataplane: np?.networkDataplane ?? null,
      policy: np?.networkPolicy ?? null,
      outboundType: np?.outboundType ?? null,
      serviceCidr: np?.serviceCidr ?? null,
      dnsServiceIp: np?.dnsServiceIP ?? null,
      allocatedOutboundPorts: lbp?.allocatedOutboundPorts ?? null,
      outboundIps: unique([...lbOrManagedNatIps, ...natIps]),
    },
    pools,
    nodes,
    subnets,
    nsgs: Object.fromEntries(nsgList),
    routeTables,
    ...(firewalls ? { firewalls } : {}),
    vnetAddressSpaces: unique(vnets.flatMap((v) => v.addressSpace?.addressPrefixes ?? [])),
    vnetDnsServers: unique(vnets.flatMap((v) => v.dhcpOptions?.dnsServers ?? [])),
  };
}
