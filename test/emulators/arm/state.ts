/**
 * The ARM emulator's state: plain objects in the REST wire shape (what Azure sends, before the SDK
 * flattens `properties.*`), so a fixture reads like a captured `az rest` response. Tests build it
 * with `aksCluster()` and then modify it; the emulator serves it by reference, so a change made by a
 * test (or by a PUT the code under test sends) is seen by the next request.
 *
 * Record keys are resource names; the emulator matches names case-insensitively, as ARM does.
 * `id`, `name` and `type` may be left out of hand-written objects: the emulator fills them in from
 * the request path when serving.
 */

export interface SubResource {
  id: string;
}

/** Anything ARM returns carries these; the emulator fills missing ones in. */
export interface WireResource {
  id?: string;
  name?: string;
  type?: string;
  location?: string;
  tags?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Microsoft.ContainerService

export interface WireAgentPoolProfile {
  name: string;
  count: number;
  vmSize?: string;
  osType?: 'Linux' | 'Windows';
  osSKU?: string;
  mode?: 'System' | 'User';
  type?: 'VirtualMachineScaleSets' | 'AvailabilitySet' | 'VirtualMachines';
  maxPods?: number;
  /** Empty/absent = AKS-managed VNet in the node resource group. */
  vnetSubnetID?: string;
  podSubnetID?: string;
  availabilityZones?: string[];
  provisioningState?: string;
  [k: string]: unknown;
}

export interface WireApiServerAccessProfile {
  /** Capital IP on the wire and in the SDK. */
  authorizedIPRanges?: string[];
  enablePrivateCluster?: boolean;
  privateDNSZone?: string;
  enablePrivateClusterPublicFQDN?: boolean;
  disableRunCommand?: boolean;
  [k: string]: unknown;
}

export interface WireLoadBalancerProfile {
  managedOutboundIPs?: { count?: number; countIPv6?: number };
  outboundIPs?: { publicIPs?: SubResource[] };
  outboundIPPrefixes?: { publicIPPrefixes?: SubResource[] };
  effectiveOutboundIPs?: SubResource[];
  /** 0 = automatic (1024 per node up to 50 nodes). */
  allocatedOutboundPorts?: number;
  idleTimeoutInMinutes?: number;
  backendPoolType?: string;
  [k: string]: unknown;
}

export interface WireNetworkProfile {
  networkPlugin?: 'azure' | 'kubenet' | 'none';
  networkPluginMode?: 'overlay';
  networkPolicy?: string;
  networkDataplane?: 'azure' | 'cilium';
  podCidr?: string;
  serviceCidr?: string;
  dnsServiceIP?: string;
  outboundType?:
    'loadBalancer' | 'userDefinedRouting' | 'managedNATGateway' | 'userAssignedNATGateway' | 'none';
  loadBalancerSku?: 'standard' | 'basic';
  loadBalancerProfile?: WireLoadBalancerProfile;
  [k: string]: unknown;
}

export interface WireManagedCluster extends WireResource {
  location: string;
  sku?: { name?: string; tier?: string };
  identity?: { type: string; principalId?: string; tenantId?: string };
  properties: {
    provisioningState?: string;
    powerState?: { code: 'Running' | 'Stopped' };
    kubernetesVersion?: string;
    currentKubernetesVersion?: string;
    dnsPrefix?: string;
    /** Public API server FQDN (`<dnsPrefix>-<hash>.hcp.<region>.azmk8s.io`). */
    fqdn?: string;
    /** SDK `privateFqdn`. */
    privateFQDN?: string;
    azurePortalFQDN?: string;
    nodeResourceGroup: string;
    /** SDK `enableRbac`. */
    enableRBAC?: boolean;
    apiServerAccessProfile?: WireApiServerAccessProfile;
    networkProfile?: WireNetworkProfile;
    agentPoolProfiles?: WireAgentPoolProfile[];
    [k: string]: unknown;
  };
}

/** A managed cluster plus what only the emulator needs. */
export interface ManagedClusterState {
  cluster: WireManagedCluster;
  /**
   * AKS detector responses by detector id, served as they are (`undefined` there: that detector fails with 500).
   * Detectors not named here are made from the cluster's state (see detectors.ts).
   */
  detectors?: Record<string, unknown>;
  /** Text returned (base64 on the wire) by listClusterUserCredential. Absent = a generated kubeconfig. */
  userKubeconfig?: string;
  /** Text returned by listClusterAdminCredential (refused when `properties.disableLocalAccounts`). */
  adminKubeconfig?: string;
}

// ---------------------------------------------------------------------------------------------
// Microsoft.Compute

export interface WireVmss extends WireResource {
  location: string;
  sku?: { name?: string; tier?: string; capacity?: number };
  properties: {
    provisioningState?: string;
    orchestrationMode?: 'Uniform' | 'Flexible';
    virtualMachineProfile?: {
      osProfile?: { computerNamePrefix?: string; adminUsername?: string };
      networkProfile?: {
        networkInterfaceConfigurations?: {
          name: string;
          properties: {
            primary?: boolean;
            enableIPForwarding?: boolean;
            networkSecurityGroup?: SubResource;
            ipConfigurations: { name: string; properties: { subnet?: SubResource; primary?: boolean } }[];
          };
        }[];
      };
      [k: string]: unknown;
    };
    [k: string]: unknown;
  };
}

export interface WireVmssVm extends WireResource {
  location: string;
  /** Top level on the wire, not under properties. */
  instanceId: string;
  sku?: { name?: string; tier?: string };
  properties: {
    provisioningState?: string;
    latestModelApplied?: boolean;
    vmId?: string;
    /** `computerName` is the Kubernetes node name. */
    osProfile?: { computerName: string; adminUsername?: string };
    networkProfile?: { networkInterfaces?: (SubResource & { properties?: { primary?: boolean } })[] };
    [k: string]: unknown;
  };
}

export interface VmssInstanceState {
  vm: WireVmssVm;
  /** The instance's NICs, served under `.../virtualMachines/{id}/networkInterfaces` (Microsoft.Network). */
  nics: WireNetworkInterface[];
}

export interface VmssState {
  vmss: WireVmss;
  instances: VmssInstanceState[];
}

// ---------------------------------------------------------------------------------------------
// Microsoft.Network

export interface WireIpConfiguration {
  id?: string;
  name: string;
  properties: {
    privateIPAddress?: string;
    privateIPAllocationMethod?: 'Dynamic' | 'Static';
    privateIPAddressVersion?: 'IPv4' | 'IPv6';
    primary?: boolean;
    subnet?: SubResource;
    publicIPAddress?: SubResource;
    loadBalancerBackendAddressPools?: SubResource[];
    [k: string]: unknown;
  };
}

export interface WireNetworkInterface extends WireResource {
  properties: {
    provisioningState?: string;
    primary?: boolean;
    enableIPForwarding?: boolean;
    enableAcceleratedNetworking?: boolean;
    macAddress?: string;
    networkSecurityGroup?: SubResource;
    virtualMachine?: SubResource;
    ipConfigurations: WireIpConfiguration[];
    [k: string]: unknown;
  };
}

export interface WireSecurityRule {
  id?: string;
  name: string;
  type?: string;
  properties: {
    provisioningState?: string;
    description?: string;
    protocol: 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | '*';
    sourcePortRange?: string;
    sourcePortRanges?: string[];
    destinationPortRange?: string;
    destinationPortRanges?: string[];
    sourceAddressPrefix?: string;
    sourceAddressPrefixes?: string[];
    destinationAddressPrefix?: string;
    destinationAddressPrefixes?: string[];
    access: 'Allow' | 'Deny';
    priority: number;
    direction: 'Inbound' | 'Outbound';
    [k: string]: unknown;
  };
}

export interface WireNetworkSecurityGroup extends WireResource {
  location: string;
  properties: {
    provisioningState?: string;
    securityRules: WireSecurityRule[];
    defaultSecurityRules: WireSecurityRule[];
    subnets?: SubResource[];
    networkInterfaces?: SubResource[];
    [k: string]: unknown;
  };
}

export interface WireSubnet {
  id?: string;
  name: string;
  type?: string;
  properties: {
    provisioningState?: string;
    addressPrefix?: string;
    addressPrefixes?: string[];
    networkSecurityGroup?: SubResource;
    routeTable?: SubResource;
    natGateway?: SubResource;
    [k: string]: unknown;
  };
}

export interface WireVirtualNetwork extends WireResource {
  location: string;
  properties: {
    provisioningState?: string;
    addressSpace?: { addressPrefixes: string[] };
    subnets: WireSubnet[];
    dhcpOptions?: { dnsServers: string[] };
    [k: string]: unknown;
  };
}

export interface WireRoute {
  id?: string;
  name: string;
  properties: {
    addressPrefix: string;
    nextHopType: 'VirtualNetworkGateway' | 'VnetLocal' | 'Internet' | 'VirtualAppliance' | 'None';
    nextHopIpAddress?: string;
    provisioningState?: string;
  };
}

export interface WireRouteTable extends WireResource {
  location: string;
  properties: {
    provisioningState?: string;
    routes: WireRoute[];
    subnets?: SubResource[];
    disableBgpRoutePropagation?: boolean;
    [k: string]: unknown;
  };
}

export interface WirePublicIpAddress extends WireResource {
  location: string;
  sku?: { name: 'Standard' | 'Basic'; tier?: string };
  properties: {
    provisioningState?: string;
    ipAddress?: string;
    publicIPAllocationMethod?: 'Static' | 'Dynamic';
    publicIPAddressVersion?: 'IPv4' | 'IPv6';
    idleTimeoutInMinutes?: number;
    ipConfiguration?: SubResource;
    [k: string]: unknown;
  };
}

export interface WireOutboundRule {
  id?: string;
  name: string;
  properties: {
    provisioningState?: string;
    allocatedOutboundPorts?: number;
    frontendIPConfigurations?: SubResource[];
    backendAddressPool?: SubResource;
    protocol?: 'Tcp' | 'Udp' | 'All';
    enableTcpReset?: boolean;
    idleTimeoutInMinutes?: number;
  };
}

export interface WireLoadBalancer extends WireResource {
  location: string;
  sku?: { name: 'Standard' | 'Basic'; tier?: string };
  properties: {
    provisioningState?: string;
    frontendIPConfigurations?: { id?: string; name: string; properties: { publicIPAddress?: SubResource } }[];
    backendAddressPools?: { id?: string; name: string; properties?: Record<string, unknown> }[];
    loadBalancingRules?: unknown[];
    probes?: unknown[];
    outboundRules?: WireOutboundRule[];
    [k: string]: unknown;
  };
}

// ---------------------------------------------------------------------------------------------

/** A Network Watcher: Azure makes `NetworkWatcher_<region>` in `NetworkWatcherRG` for each region with a VNet. */
export interface WireNetworkWatcher extends WireResource {
  location: string;
  properties?: { provisioningState?: string };
}

export interface ResourceGroupState {
  location?: string;
  networkWatchers?: Record<string, WireNetworkWatcher>;
  managedClusters?: Record<string, ManagedClusterState>;
  virtualMachineScaleSets?: Record<string, VmssState>;
  virtualNetworks?: Record<string, WireVirtualNetwork>;
  networkSecurityGroups?: Record<string, WireNetworkSecurityGroup>;
  routeTables?: Record<string, WireRouteTable>;
  publicIPAddresses?: Record<string, WirePublicIpAddress>;
  loadBalancers?: Record<string, WireLoadBalancer>;
  natGateways?: Record<string, WireNatGateway>;
  privateDnsZones?: Record<string, PrivateDnsZoneState>;
  azureFirewalls?: Record<string, WireAzureFirewall>;
}

// ---------------------------------------------------------------------------------------------
// Microsoft.Network/privateDnsZones

export interface WireVirtualNetworkLink extends WireResource {
  /** Always 'global' for private DNS resources. */
  location?: string;
  etag?: string;
  properties: {
    virtualNetwork?: SubResource;
    registrationEnabled?: boolean;
    resolutionPolicy?: 'Default' | 'NxDomainRedirect';
    /** 'InProgress' until the VNet resolves the zone's names, then 'Completed'. */
    virtualNetworkLinkState?: 'InProgress' | 'Completed';
    provisioningState?: string;
  };
}

export interface WirePrivateDnsZone extends WireResource {
  location?: string;
  etag?: string;
  properties?: {
    provisioningState?: string;
    numberOfVirtualNetworkLinks?: number;
    [k: string]: unknown;
  };
}

/** A private DNS zone and its VNet links (served under `.../virtualNetworkLinks`, not inline). */
export interface PrivateDnsZoneState {
  zone: WirePrivateDnsZone;
  virtualNetworkLinks: Record<string, WireVirtualNetworkLink>;
}

export interface WireNatGateway extends WireResource {
  location: string;
  sku?: { name: 'Standard' };
  properties: {
    provisioningState?: string;
    idleTimeoutInMinutes?: number;
    publicIpAddresses?: SubResource[];
    subnets?: SubResource[];
  };
}

// ---------------------------------------------------------------------------------------------
// Microsoft.Network/azureFirewalls (classic rules, no firewall policy)

/** A network rule: addresses and ports, matched before application rules. */
export interface WireAzureFirewallNetworkRule {
  name: string;
  description?: string;
  protocols: ('TCP' | 'UDP' | 'ICMP' | 'Any')[];
  sourceAddresses?: string[];
  sourceIpGroups?: string[];
  destinationAddresses?: string[];
  destinationFqdns?: string[];
  destinationIpGroups?: string[];
  destinationPorts: string[];
}

/** An application rule: FQDNs (or an FQDN tag such as AzureKubernetesService) on Http/Https ports. */
export interface WireAzureFirewallApplicationRule {
  name: string;
  description?: string;
  sourceAddresses?: string[];
  sourceIpGroups?: string[];
  protocols: { protocolType: 'Http' | 'Https' | 'Mssql'; port?: number }[];
  targetFqdns?: string[];
  fqdnTags?: string[];
}

export interface WireAzureFirewallRuleCollection<R> {
  id?: string;
  name: string;
  etag?: string;
  properties: {
    priority: number;
    action: { type: 'Allow' | 'Deny' };
    rules: R[];
    provisioningState?: string;
  };
}

export interface WireAzureFirewallIpConfiguration {
  id?: string;
  name: string;
  etag?: string;
  type?: string;
  properties: {
    /** Read-only: the address Azure gave the firewall in AzureFirewallSubnet (a route's next hop). */
    privateIPAddress?: string;
    subnet?: SubResource;
    publicIPAddress?: SubResource;
    provisioningState?: string;
  };
}

export interface WireAzureFirewall extends WireResource {
  location: string;
  etag?: string;
  zones?: string[];
  properties: {
    /** 'Updating' while a PUT's operation runs: the data plane still enforces the previous rules. */
    provisioningState?: string;
    sku?: { name?: 'AZFW_VNet' | 'AZFW_Hub'; tier?: 'Basic' | 'Standard' | 'Premium' };
    threatIntelMode?: 'Alert' | 'Deny' | 'Off';
    ipConfigurations?: WireAzureFirewallIpConfiguration[];
    networkRuleCollections?: WireAzureFirewallRuleCollection<WireAzureFirewallNetworkRule>[];
    applicationRuleCollections?: WireAzureFirewallRuleCollection<WireAzureFirewallApplicationRule>[];
    natRuleCollections?: unknown[];
    firewallPolicy?: SubResource;
    [k: string]: unknown;
  };
}

export interface SubscriptionState {
  resourceGroups: Record<string, ResourceGroupState>;
}

export interface ArmState {
  subscriptions: Record<string, SubscriptionState>;
  /** Prefixes of service tags (`AzureCloud`, `Storage.EastUS`, ...) as Azure knows them: Network Watcher uses them. */
  serviceTags?: Record<string, string[]>;
}

// ---------------------------------------------------------------------------------------------
// Builder

export const DEFAULT_SUBSCRIPTION_ID = '11111111-2222-3333-4444-555555555555';

export interface AksClusterOptions {
  subscriptionId?: string;
  resourceGroup?: string;
  name?: string;
  location?: string;
  /** Eight digits AKS puts in the pool's resource names (`aks-<pool>-<hash>-vmss`). */
  poolHash?: string;
  poolName?: string;
  nodeCount?: number;
  kubernetesVersion?: string;
  networkPlugin?: 'azure' | 'kubenet' | 'none';
  /** Default 'overlay' with networkPlugin 'azure'; pass null for classic Azure CNI. */
  networkPluginMode?: 'overlay' | null;
  outboundType?: WireNetworkProfile['outboundType'];
  allocatedOutboundPorts?: number;
  authorizedIPRanges?: string[];
  privateCluster?: boolean;
  /**
   * false (default): AKS-managed VNet `aks-vnet-<hash>` in the node RG, its subnet carries the
   * agent-pool NSG and `vnetSubnetID` is absent. true: a customer VNet `vnet-lab`/`snet-aks` in the
   * cluster's RG, `vnetSubnetID` set, no subnet NSG (AKS puts its NSG on the NICs only).
   */
  byoVnet?: boolean;
  /** Public IP of the load balancer's outbound frontend (documentation range by default). */
  outboundIp?: string;
  /** The region's Network Watcher (NetworkWatcherRG/NetworkWatcher_<region>), as Azure makes it; default true. */
  networkWatcher?: boolean;
}

/** Handles to the objects inside `state` (same references: mutate them to shape a scenario). */
export interface AksLab {
  state: ArmState;
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
  nodeResourceGroup: string;
  location: string;
  managedCluster: ManagedClusterState;
  vmssName: string;
  vmss: VmssState;
  nsgName: string;
  nsg: WireNetworkSecurityGroup;
  vnetResourceGroup: string;
  vnetName: string;
  vnet: WireVirtualNetwork;
  subnetName: string;
  subnet: WireSubnet;
  subnetId: string;
  routeTable?: WireRouteTable;
  loadBalancer: WireLoadBalancer;
  publicIp: WirePublicIpAddress;
}

const armId = (sub: string, rg: string, provider: string, ...segments: string[]): string =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/${provider}/${segments.join('/')}`;

/** The six-character base-36 suffix AKS appends to the VMSS name for an instance's computer name. */
export function aksComputerName(vmssName: string, instanceId: number): string {
  return `${vmssName}${instanceId.toString(36).padStart(6, '0')}`;
}

/** Azure's default rules, present on every NSG (read-only, priorities 65000+). */
export function defaultSecurityRules(nsgId: string): WireSecurityRule[] {
  const rule = (
    name: string,
    direction: 'Inbound' | 'Outbound',
    priority: number,
    access: 'Allow' | 'Deny',
    src: string,
    dst: string,
    description: string,
  ): WireSecurityRule => ({
    id: `${nsgId}/defaultSecurityRules/${name}`,
    name,
    type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
    properties: {
      provisioningState: 'Succeeded',
      description,
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: src,
      sourceAddressPrefixes: [],
      destinationAddressPrefix: dst,
      destinationAddressPrefixes: [],
      sourcePortRanges: [],
      destinationPortRanges: [],
      access,
      priority,
      direction,
    },
  });
  return [
    rule(
      'AllowVnetInBound',
      'Inbound',
      65000,
      'Allow',
      'VirtualNetwork',
      'VirtualNetwork',
      'Allow inbound traffic from all VMs in VNET',
    ),
    rule(
      'AllowAzureLoadBalancerInBound',
      'Inbound',
      65001,
      'Allow',
      'AzureLoadBalancer',
      '*',
      'Allow inbound traffic from azure load balancer',
    ),
    rule('DenyAllInBound', 'Inbound', 65500, 'Deny', '*', '*', 'Deny all inbound traffic'),
    rule(
      'AllowVnetOutBound',
      'Outbound',
      65000,
      'Allow',
      'VirtualNetwork',
      'VirtualNetwork',
      'Allow outbound traffic from all VMs to all VMs in VNET',
    ),
    rule(
      'AllowInternetOutBound',
      'Outbound',
      65001,
      'Allow',
      '*',
      'Internet',
      'Allow outbound traffic from all VMs to Internet',
    ),
    rule('DenyAllOutBound', 'Outbound', 65500, 'Deny', '*', '*', 'Deny all outbound traffic'),
  ];
}

/**
 * A realistic single-cluster state: cluster `aks-lab` in `rg-lab`, node RG `MC_rg-lab_aks-lab_eastus`,
 * pool `nodepool1` as VMSS `aks-nodepool1-12345678-vmss` with instances 0..n-1 named
 * `aks-nodepool1-12345678-vmss000000`.., NIC IPs 10.224.0.4.., subnet 10.224.0.0/16, NIC NSG
 * `aks-agentpool-12345678-nsg` with only Azure's default rules, load balancer `kubernetes` with
 * `aksOutboundRule`, one outbound public IP.
 */
export function aksCluster(opts: AksClusterOptions = {}): AksLab {
  const sub = opts.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID;
  const rg = opts.resourceGroup ?? 'rg-lab';
  const name = opts.name ?? 'aks-lab';
  const location = opts.location ?? 'eastus';
  const hash = opts.poolHash ?? '12345678';
  const pool = opts.poolName ?? 'nodepool1';
  const count = opts.nodeCount ?? 3;
  const plugin = opts.networkPlugin ?? 'azure';
  const pluginMode =
    opts.networkPluginMode === undefined ? (plugin === 'azure' ? 'overlay' : null) : opts.networkPluginMode;
  const nodeRg = `MC_${rg}_${name}_${location}`;
  const byo = opts.byoVnet ?? false;

  const nsgName = `aks-agentpool-${hash}-nsg`;
  const nsgId = armId(sub, nodeRg, 'Microsoft.Network', 'networkSecurityGroups', nsgName);
  const vnetRg = byo ? rg : nodeRg;
  const vnetName = byo ? 'vnet-lab' : `aks-vnet-${hash}`;
  const subnetName = byo ? 'snet-aks' : 'aks-subnet';
  const vnetId = armId(sub, vnetRg, 'Microsoft.Network', 'virtualNetworks', vnetName);
  const subnetId = `${vnetId}/subnets/${subnetName}`;
  const routeTableName = `aks-agentpool-${hash}-routetable`;
  const routeTableId = armId(sub, nodeRg, 'Microsoft.Network', 'routeTables', routeTableName);
  const vmssName = `aks-${pool}-${hash}-vmss`;
  const vmssId = armId(sub, nodeRg, 'Microsoft.Compute', 'virtualMachineScaleSets', vmssName);
  const lbId = armId(sub, nodeRg, 'Microsoft.Network', 'loadBalancers', 'kubernetes');
  const pipName = '8e1c2b3a-4d5e-4f60-9a7b-1c2d3e4f5a6b';
  const pipId = armId(sub, nodeRg, 'Microsoft.Network', 'publicIPAddresses', pipName);
  const outboundPoolId = `${lbId}/backendAddressPools/aksOutboundBackendPool`;
  const inboundPoolId = `${lbId}/backendAddressPools/kubernetes`;
  const frontendId = `${lbId}/frontendIPConfigurations/${pipName}`;

  const subnet: WireSubnet = {
    id: subnetId,
    name: subnetName,
    type: 'Microsoft.Network/virtualNetworks/subnets',
    properties: {
      provisioningState: 'Succeeded',
      addressPrefix: '10.224.0.0/16',
      ...(byo ? {} : { networkSecurityGroup: { id: nsgId } }),
      ...(plugin === 'kubenet' ? { routeTable: { id: routeTableId } } : {}),
    },
  };
  const vnet: WireVirtualNetwork = {
    id: vnetId,
    name: vnetName,
    type: 'Microsoft.Network/virtualNetworks',
    location,
    properties: {
      provisioningState: 'Succeeded',
      addressSpace: { addressPrefixes: [byo ? '10.224.0.0/16' : '10.224.0.0/12'] },
      subnets: [subnet],
    },
  };

  const instances: VmssInstanceState[] = [];
  for (let i = 0; i < count; i++) {
    const vmId = `${vmssId}/virtualMachines/${i}`;
    const nicId = `${vmId}/networkInterfaces/${vmssName}`;
    const computerName = aksComputerName(vmssName, i);
    instances.push({
      vm: {
        id: vmId,
        name: `${vmssName}_${i}`,
        type: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
        location,
        instanceId: String(i),
        sku: { name: 'Standard_DS2_v2', tier: 'Standard' },
        tags: {
          'aks-managed-poolName': pool,
          'aks-managed-createOperationID': '00000000-0000-0000-0000-000000000000',
        },
        properties: {
          provisioningState: 'Succeeded',
          latestModelApplied: true,
          vmId: `0a1b2c3d-0000-4000-8000-${String(i).padStart(12, '0')}`,
          osProfile: { computerName, adminUsername: 'azureuser' },
          networkProfile: { networkInterfaces: [{ id: nicId, properties: { primary: true } }] },
        },
      },
      nics: [
        {
          id: nicId,
          name: vmssName,
          type: 'Microsoft.Network/networkInterfaces',
          location,
          properties: {
            provisioningState: 'Succeeded',
            primary: true,
            enableIPForwarding: true,
            enableAcceleratedNetworking: false,
            macAddress: `00-0D-3A-00-00-${i.toString(16).padStart(2, '0').toUpperCase()}`,
            networkSecurityGroup: { id: nsgId },
            virtualMachine: { id: vmId },
            ipConfigurations: [
              {
                id: `${nicId}/ipConfigurations/ipconfig1`,
                name: 'ipconfig1',
                properties: {
                  privateIPAddress: `10.224.0.${4 + i}`,
                  privateIPAllocationMethod: 'Dynamic',
                  privateIPAddressVersion: 'IPv4',
                  primary: true,
                  subnet: { id: subnetId },
                  loadBalancerBackendAddressPools: [{ id: inboundPoolId }, { id: outboundPoolId }],
                },
              },
            ],
          },
        },
      ],
    });
  }

  const vmss: VmssState = {
    vmss: {
      id: vmssId,
      name: vmssName,
      type: 'Microsoft.Compute/virtualMachineScaleSets',
      location,
      sku: { name: 'Standard_DS2_v2', tier: 'Standard', capacity: count },
      tags: { 'aks-managed-poolName': pool, 'aks-managed-orchestrator': 'Kubernetes:1.33.2' },
      properties: {
        provisioningState: 'Succeeded',
        orchestrationMode: 'Uniform',
        virtualMachineProfile: {
          osProfile: { computerNamePrefix: vmssName, adminUsername: 'azureuser' },
          networkProfile: {
            networkInterfaceConfigurations: [
              {
                name: vmssName,
                properties: {
                  primary: true,
                  enableIPForwarding: true,
                  networkSecurityGroup: { id: nsgId },
                  ipConfigurations: [
                    { name: 'ipconfig1', properties: { primary: true, subnet: { id: subnetId } } },
                  ],
                },
              },
            ],
          },
        },
      },
    },
    instances,
  };

  const nsg: WireNetworkSecurityGroup = {
    id: nsgId,
    name: nsgName,
    type: 'Microsoft.Network/networkSecurityGroups',
    location,
    properties: {
      provisioningState: 'Succeeded',
      securityRules: [],
      defaultSecurityRules: defaultSecurityRules(nsgId),
      ...(byo ? {} : { subnets: [{ id: subnetId }] }),
      networkInterfaces: instances.map((i) => ({ id: i.nics[0]!.id! })),
    },
  };

  const publicIp: WirePublicIpAddress = {
    id: pipId,
    name: pipName,
    type: 'Microsoft.Network/publicIPAddresses',
    location,
    sku: { name: 'Standard', tier: 'Regional' },
    tags: { 'aks-managed-type': 'aks-slb-managed-outbound-ip' },
    properties: {
      provisioningState: 'Succeeded',
      ipAddress: opts.outboundIp ?? '203.0.113.10',
      publicIPAllocationMethod: 'Static',
      publicIPAddressVersion: 'IPv4',
      idleTimeoutInMinutes: 4,
      ipConfiguration: { id: frontendId },
    },
  };

  const loadBalancer: WireLoadBalancer = {
    id: lbId,
    name: 'kubernetes',
    type: 'Microsoft.Network/loadBalancers',
    location,
    sku: { name: 'Standard', tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      frontendIPConfigurations: [
        { id: frontendId, name: pipName, properties: { publicIPAddress: { id: pipId } } },
      ],
      backendAddressPools: [
        { id: inboundPoolId, name: 'kubernetes' },
        { id: outboundPoolId, name: 'aksOutboundBackendPool' },
      ],
      loadBalancingRules: [],
      probes: [],
      outboundRules: [
        {
          id: `${lbId}/outboundRules/aksOutboundRule`,
          name: 'aksOutboundRule',
          properties: {
            provisioningState: 'Succeeded',
            allocatedOutboundPorts: opts.allocatedOutboundPorts ?? 0,
            frontendIPConfigurations: [{ id: frontendId }],
            backendAddressPool: { id: outboundPoolId },
            protocol: 'All',
            enableTcpReset: true,
            idleTimeoutInMinutes: 30,
          },
        },
      ],
    },
  };

  const routeTable: WireRouteTable | undefined =
    plugin === 'kubenet'
      ? {
          id: routeTableId,
          name: routeTableName,
          type: 'Microsoft.Network/routeTables',
          location,
          properties: {
            provisioningState: 'Succeeded',
            disableBgpRoutePropagation: false,
            subnets: [{ id: subnetId }],
            routes: instances.map((inst, i) => ({
              id: `${routeTableId}/routes/${inst.vm.properties.osProfile!.computerName}`,
              name: inst.vm.properties.osProfile!.computerName,
              properties: {
                provisioningState: 'Succeeded',
                addressPrefix: `10.244.${i}.0/24`,
                nextHopType: 'VirtualAppliance',
                nextHopIpAddress: `10.224.0.${4 + i}`,
              },
            })),
          },
        }
      : undefined;

  const dnsPrefix = `${name}-dns`;
  const clusterId = armId(sub, rg, 'Microsoft.ContainerService', 'managedClusters', name);
  const privateCluster = opts.privateCluster ?? false;
  const managedCluster: ManagedClusterState = {
    cluster: {
      id: clusterId,
      name,
      type: 'Microsoft.ContainerService/ManagedClusters',
      location,
      sku: { name: 'Base', tier: 'Free' },
      identity: {
        type: 'SystemAssigned',
        principalId: '00000000-0000-0000-0000-00000000aaaa',
        tenantId: '00000000-0000-0000-0000-00000000bbbb',
      },
      properties: {
        provisioningState: 'Succeeded',
        powerState: { code: 'Running' },
        kubernetesVersion: opts.kubernetesVersion ?? '1.33',
        currentKubernetesVersion: '1.33.2',
        dnsPrefix,
        fqdn: `${dnsPrefix}-a1b2c3d4.hcp.${location}.azmk8s.io`,
        ...(privateCluster
          ? {
              privateFQDN: `${dnsPrefix}-a1b2c3d4.5e6f7a8b-0000-4000-8000-000000000001.privatelink.${location}.azmk8s.io`,
            }
          : {}),
        azurePortalFQDN: `${dnsPrefix}-a1b2c3d4.portal.hcp.${location}.azmk8s.io`,
        nodeResourceGroup: nodeRg,
        enableRBAC: true,
        apiServerAccessProfile: {
          ...(opts.authorizedIPRanges ? { authorizedIPRanges: [...opts.authorizedIPRanges] } : {}),
          enablePrivateCluster: privateCluster,
          ...(privateCluster ? { privateDNSZone: 'system', enablePrivateClusterPublicFQDN: true } : {}),
        },
        networkProfile: {
          networkPlugin: plugin,
          ...(pluginMode ? { networkPluginMode: pluginMode } : {}),
          networkDataplane: 'azure',
          ...(plugin === 'kubenet' || pluginMode === 'overlay' ? { podCidr: '10.244.0.0/16' } : {}),
          serviceCidr: '10.0.0.0/16',
          dnsServiceIP: '10.0.0.10',
          outboundType: opts.outboundType ?? 'loadBalancer',
          loadBalancerSku: 'standard',
          loadBalancerProfile: {
            managedOutboundIPs: { count: 1 },
            effectiveOutboundIPs: [{ id: pipId }],
            allocatedOutboundPorts: opts.allocatedOutboundPorts ?? 0,
            idleTimeoutInMinutes: 30,
            backendPoolType: 'nodeIPConfiguration',
          },
        },
        agentPoolProfiles: [
          {
            name: pool,
            count,
            vmSize: 'Standard_DS2_v2',
            osType: 'Linux',
            osSKU: 'Ubuntu',
            mode: 'System',
            type: 'VirtualMachineScaleSets',
            maxPods: plugin === 'kubenet' ? 110 : 250,
            provisioningState: 'Succeeded',
            ...(byo ? { vnetSubnetID: subnetId } : {}),
          },
        ],
      },
    },
  };

  const nodeRgState: ResourceGroupState = {
    location,
    virtualMachineScaleSets: { [vmssName]: vmss },
    networkSecurityGroups: { [nsgName]: nsg },
    loadBalancers: { kubernetes: loadBalancer },
    publicIPAddresses: { [pipName]: publicIp },
    ...(routeTable ? { routeTables: { [routeTableName]: routeTable } } : {}),
  };
  const clusterRgState: ResourceGroupState = { location, managedClusters: { [name]: managedCluster } };
  (byo ? clusterRgState : nodeRgState).virtualNetworks = { [vnetName]: vnet };

  const region = location.toLowerCase().replace(/\s+/g, '');
  const watcherRg: Record<string, ResourceGroupState> =
    opts.networkWatcher === false
      ? {}
      : {
          NetworkWatcherRG: {
            location,
            networkWatchers: {
              [`NetworkWatcher_${region}`]: {
                location: region,
                properties: { provisioningState: 'Succeeded' },
              },
            },
          },
        };
  const state: ArmState = {
    subscriptions: {
      [sub]: { resourceGroups: { [rg]: clusterRgState, [nodeRg]: nodeRgState, ...watcherRg } },
    },
  };

  return {
    state,
    subscriptionId: sub,
    resourceGroup: rg,
    clusterName: name,
    nodeResourceGroup: nodeRg,
    location,
    managedCluster,
    vmssName,
    vmss,
    nsgName,
    nsg,
    vnetResourceGroup: vnetRg,
    vnetName,
    vnet,
    subnetName,
    subnet,
    subnetId,
    ...(routeTable ? { routeTable } : {}),
    loadBalancer,
    publicIp,
  };
}

/**
 * Merges states (e.g. two `aksCluster()` labs, for "which cluster did you mean"). Resource groups
 * present in both are combined per resource type; a later name wins on a clash.
 */
export function mergeStates(...states: ArmState[]): ArmState {
  const out: ArmState = { subscriptions: {} };
  for (const s of states) {
    for (const [subId, sub] of Object.entries(s.subscriptions)) {
      const target = (out.subscriptions[subId] ??= { resourceGroups: {} });
      for (const [rgName, rg] of Object.entries(sub.resourceGroups)) {
        const existing = target.resourceGroups[rgName];
        if (!existing) {
          target.resourceGroups[rgName] = { ...rg };
          continue;
        }
        for (const key of Object.keys(rg) as (keyof ResourceGroupState)[]) {
          if (key === 'location') {
            existing.location ??= rg.location;
          } else {
            (existing as Record<string, unknown>)[key] = { ...(existing[key] ?? {}), ...(rg[key] ?? {}) };
          }
        }
      }
    }
  }
  return out;
}

/**
 * Adds a private DNS zone (no links) to `resourceGroup`, creating the group if needed; returns it. `id` is
 * the zone's ARM id, as `apiServerAccessProfile.privateDNSZone` names a bring-your-own zone.
 */
export function addPrivateDnsZone(
  state: ArmState,
  subscriptionId: string,
  resourceGroup: string,
  zoneName: string,
): { id: string; zone: PrivateDnsZoneState } {
  const sub = (state.subscriptions[subscriptionId] ??= { resourceGroups: {} });
  const rg = (sub.resourceGroups[resourceGroup] ??= { location: 'global' });
  const zone: PrivateDnsZoneState = {
    zone: { location: 'global', properties: { provisioningState: 'Succeeded' } },
    virtualNetworkLinks: {},
  };
  rg.privateDnsZones = { ...rg.privateDnsZones, [zoneName]: zone };
  return { id: armId(subscriptionId, resourceGroup, 'Microsoft.Network', 'privateDnsZones', zoneName), zone };
}

export interface AzureFirewallOptions {
  location: string;
  /** The firewall's private address in AzureFirewallSubnet: what a route's VirtualAppliance next hop names. */
  privateIp: string;
  /** The VNet that holds AzureFirewallSubnet (its resource id). */
  vnetId: string;
  publicIpId?: string;
  networkRuleCollections?: WireAzureFirewallRuleCollection<WireAzureFirewallNetworkRule>[];
  applicationRuleCollections?: WireAzureFirewallRuleCollection<WireAzureFirewallApplicationRule>[];
}

/**
 * Adds a Standard Azure Firewall with classic rules to `resourceGroup` (creating the group if needed) and
 * returns it and its id. With no collections it denies everything, as Azure Firewall does.
 */
export function addAzureFirewall(
  state: ArmState,
  subscriptionId: string,
  resourceGroup: string,
  name: string,
  opts: AzureFirewallOptions,
): { id: string; firewall: WireAzureFirewall } {
  const sub = (state.subscriptions[subscriptionId] ??= { resourceGroups: {} });
  const rg = (sub.resourceGroups[resourceGroup] ??= { location: opts.location });
  const firewall: WireAzureFirewall = {
    location: opts.location,
    properties: {
      provisioningState: 'Succeeded',
      sku: { name: 'AZFW_VNet', tier: 'Standard' },
      threatIntelMode: 'Alert',
      ipConfigurations: [
        {
          name: 'ipconfig1',
          properties: {
            privateIPAddress: opts.privateIp,
            subnet: { id: `${opts.vnetId}/subnets/AzureFirewallSubnet` },
            ...(opts.publicIpId ? { publicIPAddress: { id: opts.publicIpId } } : {}),
            provisioningState: 'Succeeded',
          },
        },
      ],
      networkRuleCollections: opts.networkRuleCollections ?? [],
      applicationRuleCollections: opts.applicationRuleCollections ?? [],
      natRuleCollections: [],
    },
  };
  rg.azureFirewalls = { ...rg.azureFirewalls, [name]: firewall };
  return { id: armId(subscriptionId, resourceGroup, 'Microsoft.Network', 'azureFirewalls', name), firewall };
}

/** A custom security rule as ARM holds it. */
export function securityRule(
  name: string,
  direction: 'Inbound' | 'Outbound',
  access: 'Allow' | 'Deny',
  priority: number,
  port: string,
  destination = '*',
  protocol: WireSecurityRule['properties']['protocol'] = 'Tcp',
): WireSecurityRule {
  return {
    name,
    properties: {
      protocol,
      sourcePortRange: '*',
      destinationPortRange: port,
      sourceAddressPrefix: '*',
      destinationAddressPrefix: destination,
      access,
      priority,
      direction,
      provisioningState: 'Succeeded',
    },
  };
}
