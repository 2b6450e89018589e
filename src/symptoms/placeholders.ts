/**
 * What a fix shows for a value neither the paste nor a live check gave, and the one command
 * that finds it. Shown as `<name>`, never as a raw `{placeholder}`, so nothing half-filled is
 * ever copied into a shell unnoticed; `aksdiag check <cluster>` fills them all from Azure.
 */

export interface Unfilled {
  /** How the value is shown in the fix: `<nsg-name>`. */
  shown: string;
  /** One command (or where to look) that finds it. */
  find?: string;
}

const RG = '<resource-group>';
const NODE_RG = '<node-resource-group>';

export const UNFILLED: Readonly<Record<string, Unfilled>> = {
  resourceGroup: { shown: RG, find: 'az aks list -o table' },
  cluster: { shown: '<cluster>', find: 'az aks list -o table' },
  subscription: { shown: '<subscription-id>', find: 'az account show --query id -o tsv' },
  nodeResourceGroup: {
    shown: NODE_RG,
    find: `az aks show -g ${RG} -n <cluster> --query nodeResourceGroup -o tsv`,
  },
  nodepool: { shown: '<nodepool>', find: `az aks nodepool list -g ${RG} --cluster-name <cluster> -o table` },
  nodeCount: { shown: '<node-count>', find: "the pool's current count plus the nodes needed" },
  vmss: { shown: '<vmss-name>', find: `az vmss list -g ${NODE_RG} -o table` },
  instanceId: {
    shown: '<instance-id>',
    find: `az vmss list-instances -g ${NODE_RG} -n <vmss-name> -o table`,
  },
  node: { shown: '<node-name>', find: 'kubectl get nodes -o wide' },
  nsg: { shown: '<nsg-name>', find: `az network nsg list -g ${NODE_RG} -o table` },
  nsgResourceGroup: {
    shown: '<nsg-resource-group>',
    find: `az network nsg list -o table (its ResourceGroup column)`,
  },
  priority: {
    shown: '<priority>',
    find: "az network nsg rule list -g <nsg-resource-group> --nsg-name <nsg-name> -o table (a free number below the blocking rule's)",
  },
  blockingRule: {
    shown: 'the blocking rule',
    find: 'az network nsg rule list -g <nsg-resource-group> --nsg-name <nsg-name> -o table',
  },
  vnet: { shown: '<vnet-name>', find: `az network vnet list -o table` },
  vnetResourceGroup: {
    shown: '<vnet-resource-group>',
    find: 'az network vnet list -o table (its ResourceGroup column)',
  },
  vnetId: {
    shown: '<vnet-id>',
    find: 'az network vnet show -g <vnet-resource-group> -n <vnet-name> --query id -o tsv',
  },
  subnet: {
    shown: '<subnet-name>',
    find: 'az network vnet subnet list -g <vnet-resource-group> --vnet-name <vnet-name> -o table',
  },
  subnetPrefix: {
    shown: '<node-subnet-prefix>',
    find: 'az network vnet subnet list -g <vnet-resource-group> --vnet-name <vnet-name> -o table',
  },
  newSubnetPrefix: { shown: '<new-subnet-prefix>', find: 'a free, larger range of the VNet' },
  newSubnetId: { shown: '<new-subnet-id>', find: 'az network vnet subnet show ... --query id -o tsv' },
  firewallName: { shown: '<firewall-name>', find: 'az network firewall list -o table' },
  firewallResourceGroup: { shown: '<firewall-resource-group>', find: 'az network firewall list -o table' },
  clientIp: {
    shown: '<your-public-ip>',
    find: 'the address your network egresses from (your proxy or VPN team knows it)',
  },
  egressIp: {
    shown: '<cluster-egress-ip>',
    find: `az aks show -g ${RG} -n <cluster> --query networkProfile.loadBalancerProfile.effectiveOutboundIPs`,
  },
  publicIp: { shown: '<external-ip>', find: 'kubectl get service -A -o wide (EXTERNAL-IP)' },
  authorizedRanges: {
    shown: '<current-ranges>',
    find: `az aks show -g ${RG} -n <cluster> --query apiServerAccessProfile.authorizedIpRanges -o tsv`,
  },
  outboundIpCount: { shown: '<outbound-ip-count>', find: 'the current count plus one or more' },
  outboundPorts: {
    shown: '<ports-per-node>',
    find: '64000 × outbound IPs ÷ the most nodes the cluster scales to',
  },
  privateFqdn: {
    shown: '<private-fqdn>',
    find: `az aks show -g ${RG} -n <cluster> --query privateFqdn -o tsv`,
  },
  privateDnsZone: { shown: '<private-dns-zone>', find: 'az network private-dns zone list -o table' },
  privateDnsZoneResourceGroup: {
    shown: '<zone-resource-group>',
    find: 'az network private-dns zone list -o table',
  },
  privateDnsZoneSubscription: { shown: '<zone-subscription-id>', find: 'az account show --query id -o tsv' },
  dnsServer: {
    shown: '<dns-server>',
    find: 'az network vnet show -g <vnet-resource-group> -n <vnet-name> --query dhcpOptions.dnsServers',
  },
  tunnelPort: {
    shown: '<tunnel-port>',
    find: 'konnectivity-agent uses 443; older clusters tunnelfront 9000 or aks-link 1194',
  },
  tunnelComponent: {
    shown: '<tunnel-deployment>',
    find: 'kubectl -n kube-system get deploy (konnectivity-agent, tunnelfront or aks-link)',
  },
  chain: { shown: '<chain>', find: 'iptables -L INPUT -n --line-numbers on the node' },
  ruleNumber: { shown: '<rule-number>', find: 'iptables -L <chain> -n --line-numbers on the node' },
  namespace: { shown: '<namespace>', find: 'kubectl get pods -A -o wide' },
  service: { shown: '<service>', find: 'kubectl -n <namespace> get services' },
  policy: { shown: '<network-policy>', find: 'kubectl -n <namespace> get networkpolicy' },
  selectorPatch: {
    shown: '\'{"spec":{"selector":{"<label>":"<value>"}}}\'',
    find: 'kubectl -n <namespace> get pods --show-labels',
  },
  portIndex: {
    shown: '<port-index>',
    find: 'the position of the port in kubectl -n <namespace> get service <service> -o yaml',
  },
  containerPort: {
    shown: '<container-port>',
    find: "kubectl -n <namespace> get pod <pod> -o jsonpath='{.spec.containers[*].ports}'",
  },
  port: { shown: '<port>', find: 'the port in the error' },
  endpoint: { shown: '<destination>', find: 'the host in the error' },
  user: { shown: '<user>', find: 'the User "..." in the error' },
  verb: { shown: '<verb>', find: 'the verb in the error (get, list, create ...)' },
  resource: { shown: '<resource>', find: 'the resource in the error' },
  roleName: { shown: '<role-name>', find: 'a name of your choice' },
  rbacResource: {
    shown: '<resource>',
    find: 'the resource in the error (resource.group for a non-core API group)',
  },
  subjectFlag: {
    shown: '--user=<user>',
    find: 'the User "..." in the error (a service account binds as --serviceaccount=<ns>:<name>)',
  },
  azureRole: {
    shown: '"Azure Kubernetes Service RBAC Reader"',
    find: 'Reader for get/list/watch, Writer for changes and pods/exec, Cluster Admin for cluster-scoped writes',
  },
};
