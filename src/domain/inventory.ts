/**
 * What the checks need to know about a cluster, read once from ARM (and the Kubernetes API)
 * into plain data, so planning and verdicts stay pure functions of it.
 */
import type { Nsg } from '../engine/nsg-flow.js';
import type { AzureEvidence } from './azure-evidence.js';

export interface ClusterRef {
  subscription: string;
  resourceGroup: string;
  name: string;
  location: string;
}

export interface AgentPool {
  name: string;
  /** Scale set name in the node resource group. */
  vmss: string | null;
  osType: string;
  count: number;
  /** Node subnet (`vnetSubnetID`), or null for the AKS-managed VNet. */
  subnetId: string | null;
  maxPods: number | null;
}

/** One VMSS instance: the Kubernetes node and where run-command reaches it. */
export interface NodeInstance {
  /** Computer name = Kubernetes node name. */
  name: string;
  pool: string;
  vmss: string;
  instanceId: string;
  privateIp: string | null;
  subnetId: string | null;
  /** NSG on the NIC (AKS's own, in the node resource group), by resource id. */
  nicNsgId: string | null;
}

export interface SubnetInfo {
  id: string;
  name: string;
  vnet: string;
  resourceGroup: string;
  addressPrefixes: string[];
  nsgId: string | null;
  routeTableId: string | null;
  natGatewayId: string | null;
}

export interface Route {
  name: string;
  addressPrefix: string;
  nextHopType: string;
  nextHopIpAddress: string | null;
}

export interface RouteTableInfo {
  id: string;
  name: string;
  resourceGroup: string;
  routes: Route[];
}

/** An Azure Firewall that a node subnet's 0.0.0.0/0 route sends traffic to. */
export interface FirewallInfo {
  id: string;
  name: string;
  resourceGroup: string;
  /** Its private IP addresses (what a route's VirtualAppliance next hop names). */
  privateIps: string[];
}

export interface ClusterInventory {
  cluster: ClusterRef;
  nodeResourceGroup: string;
  fqdn: string | null;
  privateFqdn: string | null;
  access: {
    /** Empty means every address may reach the public endpoint. */
    authorizedIpRanges: string[];
    privateCluster: boolean;
    /** A private cluster's own private DNS zone (a resource id), when it is not AKS's `system` one. */
    privateDnsZoneId?: string;
  };
  network: {
    plugin: string | null;
    pluginMode: string | null;
    dataplane: string | null;
    policy: string | null;
    outboundType: string | null;
    serviceCidr: string | null;
    dnsServiceIp: string | null;
    /** SNAT ports per node on the outbound rule; 0 means Azure's automatic allocation. */
    allocatedOutboundPorts: number | null;
    /** Public IP addresses the cluster's egress leaves from (load balancer or NAT gateway). */
    outboundIps: string[];
  };
  pools: AgentPool[];
  nodes: NodeInstance[];
  subnets: SubnetInfo[];
  /** NSGs on the node subnets and NICs, keyed by lower-cased resource id. */
  nsgs: Record<string, Nsg>;
  routeTables: RouteTableInfo[];
  /**
   * Azure Firewalls found at the next hop of a node subnet's 0.0.0.0/0 route (in the VNet's or the route
   * table's resource group, else anywhere in the subscription the identity may read). Absent when no such
   * route exists; empty when the appliance is not an Azure Firewall aksdiag can see.
   */
  firewalls?: FirewallInfo[];
  /** Address spaces of the nodes' VNet(s): what the VirtualNetwork service tag covers. */
  vnetAddressSpaces: string[];
  /** Custom DNS servers set on the VNet; empty means Azure-provided DNS. */
  vnetDnsServers: string[];
  /** Azure's own evidence (Network Watcher, AKS detectors), read after planning; absent when not read. */
  azure?: AzureEvidence;
}
