/**
 * The allow-list of checks the knowledge base may ask for. Each entry says where it runs and
 * which fix placeholders its finding fills. Runners (the constant node scripts, the ARM and
 * Kubernetes reads) attach to these ids; nothing outside this list can ever be run.
 */

/** Where a check runs: a node through VMSS run-command, the Kubernetes API, or an ARM read. */
export type CheckTarget = 'node' | 'cluster' | 'arm';

export interface CheckSpec {
  target: CheckTarget;
  /** What it looks at, one line. */
  summary: string;
  /** Fix placeholders this check's finding provides. */
  fills: readonly string[];
  /** Every verdict word its finding can carry (node checks: their interpreter's vocabulary). */
  verdicts: readonly string[];
  /** Fix placeholders a node check fills from its own parameters (placeholder → parameter). */
  fromParams?: Readonly<Record<string, string>>;
  /**
   * A follow-up: never planned, judged once this check's findings are in, from what they found
   * (src/checks/follow-up.ts).
   */
  after?: string;
}

import { AKS_CHECK_NETWORK_VERDICTS } from '../interpreters/aks-check-network.js';

const NC = ['open', 'timeout', 'refused', 'unreachable', 'dns-failure', 'unknown'] as const;
const NSLOOKUP = ['resolved', 'nxdomain', 'timeout', 'servfail', 'refused', 'unknown'] as const;
const FLOW = ['denied', 'allowed', 'unknown'] as const;

export const CHECKS = {
  'arm-apiserver-access': {
    target: 'arm',
    summary: 'API server access profile: authorized IP ranges, private cluster, FQDNs',
    fills: ['authorizedRanges', 'privateFqdn'],
    verdicts: ['private', 'ip-not-authorized', 'ip-authorized', 'no-ranges', 'ranges-set'],
  },
  'arm-outbound-ips': {
    target: 'arm',
    summary:
      "the cluster's egress public IPs (load balancer, NAT gateway or firewall) against authorized ranges",
    fills: ['egressIp', 'authorizedRanges'],
    verdicts: ['egress-not-authorized', 'egress-authorized', 'no-ranges', 'unknown'],
  },
  'arm-route-table': {
    target: 'arm',
    summary: "the node subnet's route table: is 0.0.0.0/0 sent to a firewall appliance",
    fills: [
      'firewallIp',
      'firewallName',
      'firewallResourceGroup',
      'routeTable',
      'vnetResourceGroup',
      'subnetPrefix',
    ],
    verdicts: ['firewall-route', 'no-firewall-route'],
  },
  'arm-nsg-flow-10250': {
    target: 'arm',
    summary: 'subnet and NIC NSGs evaluated for TCP 10250 between nodes',
    fills: ['nsg', 'nsgResourceGroup', 'priority', 'blockingRule'],
    verdicts: FLOW,
  },
  'arm-nsg-flow-lb': {
    target: 'arm',
    summary: "subnet and NIC NSGs evaluated for the service's port from the Internet",
    fills: ['nsg', 'nsgResourceGroup', 'priority', 'port', 'publicIp'],
    verdicts: FLOW,
  },
  'arm-nsg-egress': {
    target: 'arm',
    summary: 'subnet and NIC NSGs evaluated for outbound traffic to a destination and port',
    fills: ['nsg', 'nsgResourceGroup', 'priority', 'blockingRule'],
    verdicts: FLOW,
  },
  'arm-nsg-tunnel-egress': {
    target: 'arm',
    summary:
      'subnet and NIC NSGs evaluated for the tunnel connection a node could not open, to the address it tried',
    fills: ['nsg', 'nsgResourceGroup', 'priority', 'blockingRule', 'blockedAddress'],
    verdicts: FLOW,
    after: 'node-nc-tunnel-egress',
  },
  'arm-lb-outbound-ports': {
    target: 'arm',
    summary: 'load balancer outbound rule: SNAT ports allocated per node and outbound IP count',
    fills: ['outboundPorts', 'outboundIpCount'],
    verdicts: ['ports-low', 'ports-ok', 'not-load-balancer'],
  },
  'arm-subnet-capacity': {
    target: 'arm',
    summary: 'node/pod subnet size against the addresses it must hold',
    fills: ['vnet', 'vnetResourceGroup', 'subnet', 'nodepool', 'newSubnetPrefix', 'newSubnetId'],
    verdicts: ['subnet-full', 'subnet-ok'],
  },
  'arm-vnet-dns': {
    target: 'arm',
    summary: 'custom DNS servers set on the virtual network',
    fills: ['vnet', 'vnetResourceGroup', 'dnsServer'],
    verdicts: ['custom-dns', 'azure-dns'],
  },
  'arm-aks-detectors': {
    target: 'arm',
    summary:
      "AKS's own connectivity detectors (the portal's Diagnose and solve problems), as read during the check",
    fills: [],
    verdicts: ['critical', 'warning', 'healthy', 'not-available'],
  },
  'node-nc-kubelet': {
    target: 'node',
    summary: 'nc from the node running the tunnel component to each node on 10250',
    fills: ['node', 'vmss', 'instanceId'],
    verdicts: NC,
  },
  'node-ufw-status': {
    target: 'node',
    summary: 'ufw status on the node: active, and does it let 10250 in',
    fills: ['node', 'vmss', 'instanceId', 'ufwRule'],
    verdicts: ['inactive', 'blocks-port', 'allows-port', 'unknown'],
  },
  'node-iptables-input': {
    target: 'node',
    summary: "the node's INPUT chain (filtered on the node): which rule decides TCP 10250",
    fills: ['node', 'vmss', 'instanceId', 'chain', 'ruleNumber'],
    verdicts: ['blocks-port', 'ufw-blocks', 'allows-port', 'unknown'],
  },
  'node-nc-tunnel-egress': {
    target: 'node',
    summary: "nc from a node to the API server on the tunnel component's port (443, 9000 or 1194)",
    fills: ['node', 'vmss', 'instanceId', 'tunnelPort', 'apiServerFqdn'],
    fromParams: { tunnelPort: 'port', apiServerFqdn: 'host' },
    verdicts: NC,
  },
  'node-nc-apiserver': {
    target: 'node',
    summary: 'nc from a node to the API server FQDN on 443',
    fills: ['node', 'vmss', 'instanceId', 'apiServerFqdn'],
    verdicts: NC,
  },
  'node-nslookup-apiserver': {
    target: 'node',
    summary: "resolve the API server's (private) FQDN from a node",
    fills: ['node', 'apiServerFqdn'],
    verdicts: NSLOOKUP,
  },
  'node-nslookup-cluster': {
    target: 'node',
    summary: 'resolve kubernetes.default.svc.cluster.local through the cluster DNS service',
    fills: ['node', 'dnsServiceIp'],
    verdicts: NSLOOKUP,
  },
  'node-nslookup-external': {
    target: 'node',
    summary: "resolve a public name through the node's own upstream DNS servers",
    fills: ['node', 'dnsServer'],
    verdicts: NSLOOKUP,
  },
  'node-resolv-conf': {
    target: 'node',
    summary: 'which DNS servers the node (and so CoreDNS) forwards to',
    fills: ['node', 'dnsServer'],
    verdicts: ['azure-dns', 'custom-dns', 'stub-resolver', 'no-nameserver', 'unknown'],
  },
  'node-curl-endpoint': {
    target: 'node',
    summary: 'curl the failing endpoint from a node (TCP connect, TLS, HTTP status)',
    fills: ['node', 'endpoint', 'port'],
    fromParams: { endpoint: 'host', port: 'port' },
    verdicts: [
      'connected',
      'http-status',
      'timeout',
      'refused',
      'unreachable',
      'dns-failure',
      'tls-error',
      'unknown',
    ],
  },
  'node-ipam-store': {
    target: 'node',
    summary: "kubenet's host-local IPAM store against the pods really running on the node",
    fills: ['node', 'vmss', 'instanceId', 'leakedCount'],
    verdicts: ['leak', 'ok', 'unknown'],
  },
  'node-kube-proxy-rules': {
    target: 'node',
    summary: "kube-proxy's rules for the service on the node (iptables or nft; Cilium noted)",
    fills: ['node', 'service'],
    verdicts: ['rules-missing', 'rules-present', 'kube-proxy-replaced', 'unknown'],
  },
  'node-aks-check-network': {
    target: 'node',
    summary:
      "the node image's own outbound check (/opt/azure/containers/aks-check-network.sh, what az aks check-network outbound runs)",
    fills: ['node'],
    verdicts: AKS_CHECK_NETWORK_VERDICTS,
  },
  'k8s-network-policies': {
    target: 'cluster',
    summary: 'network policies that select the pods and what they allow',
    fills: ['namespace', 'policy'],
    verdicts: ['blocks', 'allows', 'unknown'],
  },
  'k8s-tunnel-component': {
    target: 'cluster',
    summary: 'konnectivity-agent / tunnelfront / aks-link pods: which runs, where, and its port',
    fills: ['tunnelComponent', 'tunnelPort', 'node'],
    verdicts: ['not-running', 'running'],
  },
  'k8s-service-endpoints': {
    target: 'cluster',
    summary: "the service's selector against pod labels, and its endpoints",
    fills: ['service', 'namespace', 'selectorPatch'],
    verdicts: ['no-endpoints', 'has-endpoints'],
  },
  'k8s-service-ports': {
    target: 'cluster',
    summary: "the service's targetPort against the ports the pods listen on",
    fills: ['service', 'namespace', 'targetPort', 'containerPort', 'portIndex'],
    verdicts: ['port-mismatch', 'ports-match'],
  },
  'k8s-kube-proxy': {
    target: 'cluster',
    summary: 'kube-proxy (or Cilium) pods ready on every node',
    fills: ['node'],
    verdicts: ['not-ready', 'ready', 'replaced-by-cilium'],
  },
  'k8s-coredns': {
    target: 'cluster',
    summary: 'CoreDNS pods ready, kube-dns endpoints present, coredns-custom forwarders',
    fills: ['dnsServiceIp', 'dnsServer'],
    verdicts: ['not-ready', 'ready'],
  },
  'k8s-nnc': {
    target: 'cluster',
    summary: 'Azure CNI NodeNetworkConfigs: requested against allocated IPs, subnet-full status',
    fills: ['node', 'subnet'],
    verdicts: ['subnet-full', 'ok'],
  },
  'k8s-pod-churn': {
    target: 'cluster',
    summary: 'pods created and deleted per node recently against the IPs a node holds',
    fills: ['node', 'nodepool', 'nodeCount'],
    verdicts: ['high-churn', 'low-churn'],
  },
  'k8s-access-review': {
    target: 'cluster',
    summary: 'SubjectAccessReview for the user, verb and resource in the error',
    fills: ['user', 'verb', 'resource', 'namespace', 'apiGroup', 'roleName'],
    verdicts: ['denied', 'allowed'],
  },
} as const satisfies Record<string, CheckSpec>;

export type CheckId = keyof typeof CHECKS;

/** Placeholders every fix can use: known as soon as the cluster is found (see inventoryValues). */
export const INVENTORY_PLACEHOLDERS = [
  'cluster',
  'resourceGroup',
  'nodeResourceGroup',
  'subscription',
  'vnet',
  'vnetResourceGroup',
  'vnetId',
  'privateDnsZone',
  'privateDnsZoneResourceGroup',
  'privateDnsZoneSubscription',
] as const;

/** Placeholders a paste itself can fill (from the entities found in it). */
export const PASTE_PLACEHOLDERS = [
  'namespace',
  'pod',
  'service',
  'node',
  'vmss',
  'instanceId',
  'user',
  'verb',
  'resource',
  'apiGroup',
  'port',
  'clientIp',
  'apiServerFqdn',
  'endpoint',
  // Derived from an RBAC denial (engine/rbac-grant.ts).
  'rbacScope',
  'subjectKind',
  'subjectFlag',
  'rbacResource',
  'roleName',
  'azureRole',
] as const;
