/**
 * What "Apply fix" would change, as data: the confirmed cause and the values its findings filled
 * → one typed change to make through ARM, or the reason it cannot be applied from Slack (the fix
 * then stays a command to run by hand). Pure; the Azure edge carries it out.
 */
import { iptablesChain, isIpv4Literal } from '../checks/params.js';
import type { CheckParams, NodeTarget } from '../domain/checks.js';
import type { CauseId } from '../domain/ids.js';
import { describeKubeFixAction, kubeFixActionFor, type KubeFixAction } from './kube-fix-action.js';

export interface NsgAllowRule {
  kind: 'nsg-allow';
  subscription: string;
  resourceGroup: string;
  nsg: string;
  rule: {
    name: string;
    priority: number;
    direction: 'Inbound' | 'Outbound';
    protocol: 'Tcp' | '*';
    source: string;
    destination: string;
    port: string;
  };
}

export interface AuthorizeIp {
  kind: 'authorize-ip';
  subscription: string;
  resourceGroup: string;
  cluster: string;
  /** The ranges after the change: the existing ones plus the client's /32. */
  ranges: string[];
}

/** The VNet back on Azure-provided DNS (168.63.129.16): an empty dhcpOptions.dnsServers. */
export interface VnetDnsDefault {
  kind: 'vnet-dns-default';
  subscription: string;
  resourceGroup: string;
  vnet: string;
}

/** More SNAT ports per node on the cluster's outbound load balancer (az aks update's two flags). */
export interface OutboundPorts {
  kind: 'outbound-ports';
  subscription: string;
  resourceGroup: string;
  cluster: string;
  /** Ports per node; a multiple of 8 (AKS's rule), at most 64,000. */
  ports: number;
  /** Managed outbound public IPs, enough for every node's ports (64,000 ports each). */
  ipCount: number;
}

/**
 * A rule added to an Azure Firewall (classic rules): a network rule for one address and TCP port, or
 * an application rule for an FQDN tag on HTTPS 443. Added to the named collection, created if missing.
 */
export interface FirewallAllow {
  kind: 'firewall-allow';
  subscription: string;
  resourceGroup: string;
  firewall: string;
  collection: { name: string; kind: 'network' | 'application'; priority: number };
  rule:
    | { name: string; source: string; destination: string; port: number }
    | { name: string; source: string; fqdnTag: 'AzureKubernetesService' };
}

/** Link a private cluster's own private DNS zone to the nodes' VNet, so Azure DNS answers its name there. */
export interface PrivateDnsLink {
  kind: 'private-dns-link';
  /** The zone's subscription and resource group (often not the cluster's). */
  subscription: string;
  resourceGroup: string;
  zone: string;
  vnetId: string;
  link: string;
}

/**
 * Reimage one VMSS instance: AKS's supported way back to the node image (ufw off, no hand-made
 * iptables rules, an empty IPAM store). The node restarts, so its pods are stopped and rescheduled.
 */
export interface VmssReimage {
  kind: 'vmss-reimage';
  target: NodeTarget;
}

/** A constant node script (src/checks/node-fixes) run through VMSS run-command: opt-in, see AKSDIAG_NODE_FIXES. */
export interface NodeScriptFix {
  kind: 'node-script';
  fix: 'ufw-allow-10250' | 'iptables-delete-rule';
  target: NodeTarget;
  params: CheckParams;
  /** What it does, in words. */
  summary: string;
}

/** A change to Kubernetes objects (kube-fix-action.ts) in one cluster: opt-in, see AKSDIAG_KUBE_FIXES. */
export interface KubeFix {
  kind: 'kube';
  subscription: string;
  resourceGroup: string;
  cluster: string;
  change: KubeFixAction;
}

/** The changes made through ARM (and VMSS run-command); Kubernetes changes go through its API. */
export type AzureFixAction =
  | NsgAllowRule
  | AuthorizeIp
  | VnetDnsDefault
  | OutboundPorts
  | FirewallAllow
  | PrivateDnsLink
  | VmssReimage
  | NodeScriptFix;
export type FixAction = AzureFixAction | KubeFix;

export interface FixOptions {
  /** Constant node scripts through run-command (AKSDIAG_NODE_FIXES=on). */
  nodeFixes?: boolean;
  /** Changes to Kubernetes objects (AKSDIAG_KUBE_FIXES=on); `now` stamps a rollout restart. */
  kubeFixes?: { now: Date } | false;
}

export const NODE_SUPPORT_WARNING =
  'AKS does not support changing node settings by hand: the change is lost when the node is re-imaged or upgraded, and AKS support may ask you to undo it. The supported alternative is an NSG rule (ARM) or re-imaging the node.';

/** One line a person reads in the confirmation dialog before saying yes. */
export function describeFixAction(a: FixAction): string {
  switch (a.kind) {
    case 'nsg-allow':
      return `Add rule ${a.rule.name} to NSG ${a.nsg} (resource group ${a.resourceGroup}): allow ${a.rule.direction} ${a.rule.protocol} from ${a.rule.source} to ${a.rule.destination} port ${a.rule.port}, priority ${a.rule.priority}`;
    case 'authorize-ip':
      return `Set the API server authorized IP ranges of ${a.cluster} (resource group ${a.resourceGroup}) to ${a.ranges.join(', ')}`;
    case 'vnet-dns-default':
      return `Set the DNS servers of VNet ${a.vnet} (resource group ${a.resourceGroup}) back to Azure-provided DNS; nodes pick it up when their DHCP lease renews or they restart`;
    case 'outbound-ports':
      return `Give each node of ${a.cluster} (resource group ${a.resourceGroup}) ${a.ports} SNAT ports, with ${a.ipCount} managed outbound IP${a.ipCount === 1 ? '' : 's'}`;
    case 'firewall-allow': {
      const r = a.rule;
      const what =
        'fqdnTag' in r ? `HTTPS 443 to FQDN tag ${r.fqdnTag}` : `TCP to ${r.destination} port ${r.port}`;
      return `Add rule ${r.name} to ${a.collection.kind} rule collection ${a.collection.name} of Azure Firewall ${a.firewall} (resource group ${a.resourceGroup}): allow ${what} from ${r.source}`;
    }
    case 'private-dns-link':
      return `Link private DNS zone ${a.zone} (resource group ${a.resourceGroup}) to VNet ${a.vnetId.split('/').pop()} as ${a.link}, without auto-registration`;
    case 'vmss-reimage':
      return `Reimage node ${a.target.node} (${a.target.vmss} instance ${a.target.instanceId}, resource group ${a.target.resourceGroup}): it restarts from the AKS node image, and its pods are stopped and rescheduled`;
    case 'node-script':
      return `On node ${a.target.node} (${a.target.vmss} instance ${a.target.instanceId}): ${a.summary}`;
    case 'kube':
      return `In cluster ${a.cluster}: ${describeKubeFixAction(a.change)}`;
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;
const ZONE = /^[a-z0-9][a-z0-9.-]{0,252}$/i;
const VNET_ID =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[A-Za-z0-9_.()-]{1,90}\/providers\/Microsoft\.Network\/virtualNetworks\/[A-Za-z0-9_.-]{1,80}$/i;

/**
 * The change for a confirmed cause, or why there is none: changes through ARM, and, when opted in,
 * constant node scripts and changes to Kubernetes objects.
 */
export function fixActionFor(
  cause: CauseId,
  v: Readonly<Record<string, string>>,
  options: FixOptions = {},
): FixAction | { unavailable: string } {
  const base = { subscription: v['subscription'] ?? '' };
  const nsg = blockingNsg(v);
  switch (cause) {
    case 'nsg-blocks-10250':
      if (!nsg) return { unavailable: 'the blocking NSG or a free priority ahead of its rule is not known' };
      return nsgAllow(nsg, {
        name: 'allow-kubelet-10250',
        direction: 'Inbound',
        protocol: 'Tcp',
        source: 'VirtualNetwork',
        destination: '*',
        port: '10250',
      });
    case 'subnet-nsg-missing-rule': {
      const port = tcpPort(v['port']);
      if (!nsg || !isIpv4Literal(v['publicIp'] ?? '') || port === null)
        return {
          unavailable: "the subnet NSG, the service's public IP and port, or a free priority is not known",
        };
      return nsgAllow(nsg, {
        name: `allow-lb-${port}`,
        direction: 'Inbound',
        protocol: 'Tcp',
        source: 'Internet',
        destination: v['publicIp']!,
        port: String(port),
      });
    }
    case 'egress-port-blocked': {
      // The address the node really tried (its own lookup of the API server), rather than the
      // AzureCloud tag the hand-run command uses: exactly the tunnel's flow, in the NSG that blocks it.
      const port = tcpPort(v['tunnelPort']);
      const to = v['blockedAddress'] ?? '';
      if (!nsg || !isIpv4Literal(to) || port === null)
        return {
          unavailable:
            'no NSG blocks the tunnel (look at the firewall or route table), or its port or a free priority is not known',
        };
      return nsgAllow(nsg, {
        name: 'allow-aks-tunnel',
        direction: 'Outbound',
        // aks-link's tunnel runs over UDP as well as TCP.
        protocol: '*',
        source: 'VirtualNetwork',
        destination: `${to}/32`,
        port: String(port),
      });
    }
    case 'egress-firewall-blocks':
    case 'egress-firewall-rules': {
      const [firewall, group, source] = [
        v['firewallName'] ?? '',
        v['firewallResourceGroup'] ?? '',
        v['subnetPrefix'] ?? '',
      ];
      if (!NAME.test(firewall) || !NAME.test(group) || !isIpv4Cidr(source))
        return {
          unavailable:
            'the Azure Firewall on the route (name and resource group) or the node subnet is not known',
        };
      const at = { kind: 'firewall-allow', ...base, resourceGroup: group, firewall } as const;
      if (cause === 'egress-firewall-rules')
        return {
          ...at,
          collection: { name: 'aks-required', kind: 'application', priority: 100 },
          rule: { name: 'aks-fqdn-tag', source, fqdnTag: 'AzureKubernetesService' },
        };
      const port = tcpPort(v['port']);
      const to = v['endpoint'] ?? '';
      if (!isIpv4Literal(to) || port === null)
        return { unavailable: 'the endpoint (an address and port from the paste) is not known' };
      return {
        ...at,
        collection: { name: 'aks-egress', kind: 'network', priority: 200 },
        rule: { name: `allow-${port}`, source, destination: to, port },
      };
    }
    case 'custom-dns-misconfigured':
      if (!NAME.test(v['vnet'] ?? '') || !NAME.test(v['vnetResourceGroup'] ?? ''))
        return { unavailable: 'the VNet and its resource group are not known' };
      return { kind: 'vnet-dns-default', ...base, resourceGroup: v['vnetResourceGroup']!, vnet: v['vnet']! };
    case 'snat-exhaustion': {
      const ports = Number(v['outboundPorts']);
      const ipCount = Number(v['outboundIpCount']);
      if (
        !NAME.test(v['cluster'] ?? '') ||
        !NAME.test(v['resourceGroup'] ?? '') ||
        !Number.isInteger(ports) ||
        ports < 8 ||
        ports > 64_000 ||
        ports % 8 !== 0 ||
        !Number.isInteger(ipCount) ||
        ipCount < 1 ||
        ipCount > 100
      )
        return { unavailable: 'the cluster, or the ports and outbound IPs it needs, are not known' };
      return {
        kind: 'outbound-ports',
        ...base,
        resourceGroup: v['resourceGroup']!,
        cluster: v['cluster']!,
        ports,
        ipCount,
      };
    }
    case 'client-ip-not-authorized': {
      // From a laptop the paste names the client's IP; from the nodes it is the cluster's egress IP.
      const ip = v['clientIp'] ?? v['egressIp'] ?? '';
      if (!isIpv4Literal(ip))
        return { unavailable: 'your public IP is not known (run /aksdiag with the error that names it)' };
      const existing = (v['authorizedRanges'] ?? '')
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      return {
        kind: 'authorize-ip',
        ...base,
        resourceGroup: v['resourceGroup'] ?? '',
        cluster: v['cluster'] ?? '',
        ranges: [...new Set([...existing, `${ip}/32`])],
      };
    }
    case 'private-dns': {
      const [zone, zoneRg, zoneSub, vnetId] = [
        v['privateDnsZone'] ?? '',
        v['privateDnsZoneResourceGroup'] ?? '',
        v['privateDnsZoneSubscription'] ?? '',
        v['vnetId'] ?? '',
      ];
      if (!ZONE.test(zone) || !NAME.test(zoneRg) || !NAME.test(zoneSub) || !VNET_ID.test(vnetId))
        return {
          unavailable:
            "the cluster's own private DNS zone or the nodes' VNet is not known (with AKS's system zone, AKS links it itself)",
        };
      return {
        kind: 'private-dns-link',
        subscription: zoneSub,
        resourceGroup: zoneRg,
        zone,
        vnetId,
        link: 'aks-dns-link',
      };
    }
    case 'ipam-leak': {
      const target = nodeTarget(v);
      return target
        ? { kind: 'vmss-reimage', target }
        : { unavailable: 'the node (VMSS and instance) is not known' };
    }
    case 'ufw-blocks-10250':
    case 'iptables-drops-10250': {
      const target = nodeTarget(v);
      if (!target) return { unavailable: 'the node (VMSS and instance) is not known' };
      // Opted in to node changes: the one-line change, no restart. Otherwise AKS's supported path.
      if (!options.nodeFixes) return { kind: 'vmss-reimage', target };
      if (cause === 'ufw-blocks-10250')
        return {
          kind: 'node-script',
          fix: 'ufw-allow-10250',
          target,
          params: {},
          summary: 'ufw allow 10250/tcp',
        };
      const rule = Number(v['ruleNumber']);
      if (!iptablesChain.safeParse(v['chain'] ?? '').success || !Number.isInteger(rule) || rule < 1)
        return { unavailable: 'the chain and number of the dropping rule are not known' };
      return {
        kind: 'node-script',
        fix: 'iptables-delete-rule',
        target,
        params: { chain: v['chain']!, ruleNumber: rule },
        summary: `delete rule ${rule} of iptables chain ${v['chain']}`,
      };
    }
    default: {
      // Without a clock the restart stamp is never used: the answer is "off" before it matters.
      const change = kubeFixActionFor(cause, v, options.kubeFixes ? options.kubeFixes.now : new Date(0));
      if ('unavailable' in change) return change;
      if (!options.kubeFixes)
        return {
          unavailable: 'fixes to Kubernetes objects are off (AKSDIAG_KUBE_FIXES): run the commands shown',
        };
      if (!NAME.test(v['cluster'] ?? '') || !NAME.test(v['resourceGroup'] ?? ''))
        return { unavailable: 'the cluster is not known' };
      return { kind: 'kube', ...base, resourceGroup: v['resourceGroup']!, cluster: v['cluster']!, change };
    }
  }
}

/** The NSG a finding says blocks the flow, with a free priority ahead of its rule; null when not all known. */
function blockingNsg(v: Readonly<Record<string, string>>) {
  const priority = Number(v['priority']);
  const [nsg, resourceGroup] = [v['nsg'] ?? '', v['nsgResourceGroup'] ?? ''];
  if (!NAME.test(nsg) || !NAME.test(resourceGroup) || !Number.isInteger(priority)) return null;
  if (priority < 100 || priority > 4096) return null;
  return { subscription: v['subscription'] ?? '', resourceGroup, nsg, priority };
}

function nsgAllow(
  at: NonNullable<ReturnType<typeof blockingNsg>>,
  rule: Omit<NsgAllowRule['rule'], 'priority'>,
): NsgAllowRule {
  const { priority, ...where } = at;
  return { kind: 'nsg-allow', ...where, rule: { ...rule, priority } };
}

function isIpv4Cidr(text: string): boolean {
  const [ip, bits, extra] = text.split('/');
  const n = Number(bits);
  return extra === undefined && isIpv4Literal(ip ?? '') && Number.isInteger(n) && n >= 0 && n <= 32;
}

function tcpPort(raw: string | undefined): number | null {
  const port = Number(raw);
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : null;
}

/** The VMSS instance a node finding names, with the inventory's subscription and node resource group. */
function nodeTarget(v: Readonly<Record<string, string>>): NodeTarget | null {
  const [node, vmss, instanceId, subscription, resourceGroup] = [
    v['node'],
    v['vmss'],
    v['instanceId'],
    v['subscription'],
    v['nodeResourceGroup'],
  ];
  if (!node || !vmss || !instanceId || !subscription || !resourceGroup) return null;
  if (!NAME.test(vmss) || !/^[0-9]{1,10}$/.test(instanceId)) return null;
  return { kind: 'node', node, vmss, instanceId, subscription, resourceGroup };
}
