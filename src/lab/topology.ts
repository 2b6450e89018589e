/**
 * The lab's address plan and namespace names (pure data). Every address is inside the lab's own
 * namespaces, which have no link to the host: the VNet 10.224.0.0/16, the cluster's own ranges
 * (pods 10.244.0.0/16 on kubenet, services 10.0.0.0/16), Azure DNS's 168.63.129.16, and the
 * documentation ranges 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24 for the "public" side.
 *
 *   node namespaces (aks-nodepool1-12345678-vmss00000N)  10.224.0.4+N, pods 10.244.N.0/24 on cbr0
 *        │ eth0 (one veth each)
 *   akslab-vnet      the VNet fabric: routes the subnet (proxy ARP, /32 routes), kubenet pod routes, and
 *        │           enforces the subnet and NIC NSGs as iptables FORWARD chains (from ARM's rules)
 *        ├── akslab-azuredns   168.63.129.16: Azure DNS (dnsmasq), the private DNS zones linked to the VNet
 *        ├── akslab-customdns  10.224.0.200: a customer DNS VM that forwards nothing (NXDOMAIN)
 *        ├── akslab-apiserver  private endpoint leg 10.224.0.250 (private clusters)
 *        └── akslab-edge       10.224.255.4: the way out: load balancer (SNAT to 203.0.113.10, frontend
 *             │                203.0.113.20 -> node 0) or Azure Firewall (SNAT to 203.0.113.11, rules)
 *   akslab-internet  routes the public side; hosts 198.51.100.50 (an external API) and 198.51.100.60
 *        │           (mcr.microsoft.com), each on 80, 443, 9000, 1194
 *        ├── akslab-apiserver  192.0.2.10: the API server's public endpoint, 443, 9000, 1194
 *        └── akslab-client     203.0.113.50: the engineer's machine
 */

export const LAB_PREFIX = 'akslab-';
export const NS = {
  vnet: 'akslab-vnet',
  edge: 'akslab-edge',
  internet: 'akslab-internet',
  apiserver: 'akslab-apiserver',
  client: 'akslab-client',
  azureDns: 'akslab-azuredns',
  customDns: 'akslab-customdns',
} as const;

export const ADDR = {
  vnet: '10.224.0.0/16',
  gateway: '10.224.0.1',
  firewall: '10.224.255.4',
  customDns: '10.224.0.200',
  privateEndpoint: '10.224.0.250',
  azureDns: '168.63.129.16',
  apiserverPublic: '192.0.2.10',
  outboundIp: '203.0.113.10',
  firewallPublicIp: '203.0.113.11',
  lbFrontend: '203.0.113.20',
  client: '203.0.113.50',
  externalApi: '198.51.100.50',
  mcr: '198.51.100.60',
  podCidr: '10.244.0.0/16',
  serviceCidr: '10.0.0.0/16',
} as const;

/** The tunnel ports the API server host and the internet hosts listen on (konnectivity, tunnelfront, aks-link). */
export const PUBLIC_PORTS = [80, 443, 9000, 1194] as const;
export const KUBELET_PORT = 10250;

/** At most this many nodes: their addresses stay below the custom DNS VM's 10.224.0.200. */
export const MAX_NODES = 20;

export interface LabNode {
  index: number;
  /** The Kubernetes node name = VMSS computer name = the namespace's name. */
  name: string;
  instanceId: string;
  ip: string;
  podCidr: string;
  /** The pod bridge's own address (kubenet's cbr0). */
  bridgeIp: string;
  /** The node's veth inside akslab-vnet. */
  vnetIf: string;
}

/** The nodes of `aksCluster()`: names and addresses as ARM and the Kubernetes emulator show them. */
export function labNodes(computerNames: readonly string[]): LabNode[] {
  return computerNames.map((name, index) => ({
    index,
    name,
    instanceId: String(index),
    ip: `10.224.0.${4 + index}`,
    podCidr: `10.244.${index}.0/24`,
    bridgeIp: `10.244.${index}.1`,
    vnetIf: `n${index}`,
  }));
}

/** Every namespace name that can belong to the lab (nodes are matched by marker, see netns.ts). */
export const FIXED_NAMESPACES: readonly string[] = Object.values(NS);
