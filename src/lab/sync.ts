/**
 * Makes the namespaces say what the emulators' state says. Everything ARM or Kubernetes describes is
 * derived here, never set by a fault directly: the NSGs (subnet and NIC) enforced in the VNet, the egress
 * path (load balancer SNAT with each node's share of ports, or the firewall a 0.0.0.0/0 route points at),
 * who may reach the API server (authorized IP ranges, private endpoint), the DNS records of the linked
 * zones, each node's resolver (the VNet's DNS servers), kube-proxy's rules and kubenet's IPAM store.
 * A fault changes the state and calls `syncAll`, so the checks and the packets cannot disagree.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AksLab,
  ArmState,
  WireAzureFirewall,
  PrivateDnsZoneState,
  WireNetworkSecurityGroup,
  WireRouteTable,
} from '../../test/emulators/arm/index.js';
import { syncEndpoints, type AksKube } from '../../test/emulators/kube/index.js';
import { fromAzureRule } from '../engine/nsg-flow.js';
import { setRecords, type DnsServer } from './dns.js';
import { syncIpam } from './ipam.js';
import { FILTER_JUMPS, kubeProxyRules } from './kube-proxy.js';
import { firewallTable } from './firewall-rules.js';
import { etcDir } from './netns.js';
import { nsgFilterTable, type NsgInput } from './nsg-rules.js';
import { inNs } from './sh.js';
import { ADDR, NS, PUBLIC_PORTS, type LabNode } from './topology.js';

/** What only the lab knows (what a node's kube-proxy did, the rules a firewall last enforced). */
export interface LabLocal {
  /**
   * The FORWARD rules the firewall enforced when it last was 'Succeeded': while an update's operation runs
   * (ARM shows the firewall 'Updating'), Azure Firewall keeps enforcing its previous rules.
   */
  firewallApplied: string[] | null;
  /** Nodes whose kube-proxy stopped: their Service rules were flushed and are not rewritten. */
  kubeProxyDown: string[];
}

export interface LabWorld {
  arm: AksLab;
  kube: AksKube;
  nodes: LabNode[];
  local: LabLocal;
  azureDns: DnsServer;
}

/** Looks a resource up by its ARM id (case-insensitive, as ARM). */
function byId<T>(
  state: ArmState,
  id: string | undefined,
  kind: 'networkSecurityGroups' | 'routeTables' | 'privateDnsZones',
): T | null {
  const m = id
    ? /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/[^/]+\/([^/]+)$/i.exec(id)
    : null;
  if (!m) return null;
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const sub = Object.entries(state.subscriptions).find(([k]) => eq(k, m[1]!))?.[1];
  const rg = Object.entries(sub?.resourceGroups ?? {}).find(([k]) => eq(k, m[2]!))?.[1];
  const found = Object.entries(rg?.[kind] ?? {}).find(([k]) => eq(k, m[3]!))?.[1];
  return (found as T | undefined) ?? null;
}

export function routeTable(w: LabWorld): WireRouteTable | null {
  return byId<WireRouteTable>(w.arm.state, w.arm.subnet.properties.routeTable?.id, 'routeTables');
}

/** The next hop of a 0.0.0.0/0 route to a virtual appliance (egress goes through it), or null. */
export function firewallHop(w: LabWorld): string | null {
  const route = routeTable(w)?.properties.routes.find(
    (r) => r.properties.addressPrefix === '0.0.0.0/0' && r.properties.nextHopType === 'VirtualAppliance',
  );
  return route ? (route.properties.nextHopIpAddress ?? '') : null;
}

export function firewallMode(w: LabWorld): boolean {
  return firewallHop(w) !== null;
}

/** The Azure Firewall (any resource group of the subscription) whose private IP is `ip`. */
export function firewallAt(w: LabWorld, ip: string): { name: string; firewall: WireAzureFirewall } | null {
  const groups = w.arm.state.subscriptions[w.arm.subscriptionId]?.resourceGroups ?? {};
  for (const rg of Object.values(groups))
    for (const [name, firewall] of Object.entries(rg.azureFirewalls ?? {}))
      if (firewall.properties.ipConfigurations?.some((c) => c.properties.privateIPAddress === ip))
        return { name, firewall };
  return null;
}

function nsgInput(nsg: WireNetworkSecurityGroup, name: string): NsgInput {
  return {
    name,
    rules: [...nsg.properties.securityRules, ...nsg.properties.defaultSecurityRules].map((r) =>
      fromAzureRule({ ...r.properties, name: r.name }),
    ),
  };
}

/** The VNet's filter table from the NSGs on the node subnet and on each node's NIC. */
export async function syncNsgs(w: LabWorld): Promise<string[]> {
  const nsgs: Record<string, NsgInput> = {};
  const add = (id: string | undefined): string | null => {
    const nsg = byId<WireNetworkSecurityGroup>(w.arm.state, id, 'networkSecurityGroups');
    if (!nsg || !id) return null;
    const key = id.toLowerCase();
    nsgs[key] ??= nsgInput(nsg, id.split('/').pop()!);
    return key;
  };
  const subnetNsg = add(w.arm.subnet.properties.networkSecurityGroup?.id);
  const nodes = w.nodes.map((n) => ({
    vnetIf: n.vnetIf,
    subnetNsg,
    nicNsg: add(w.arm.vmss.instances[n.index]?.nics[0]?.properties.networkSecurityGroup?.id),
  }));
  // VirtualNetwork: the address space and the prefixes of user-defined routes (kubenet's pod routes).
  const udr = (routeTable(w)?.properties.routes ?? [])
    .map((r) => r.properties.addressPrefix)
    .filter((p) => p !== '0.0.0.0/0');
  const table = nsgFilterTable({
    nsgs,
    nodes,
    virtualNetwork: [...(w.arm.vnet.properties.addressSpace?.addressPrefixes ?? [ADDR.vnet]), ...udr],
  });
  await inNs(NS.vnet, ['iptables-restore'], { input: table.restore });
  return table.notes;
}

/** Load balancer outbound (SNAT to the outbound IP, each node its share of ports) or the egress firewall. */
export async function syncEdge(w: LabWorld): Promise<string[]> {
  const notes: string[] = [];
  const nat = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
  ];
  const filter = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
  if (firewallMode(w)) {
    nat.push(`-A POSTROUTING -s ${ADDR.vnet} -o out0 -j SNAT --to-source ${ADDR.firewallPublicIp}`);
    const hop = firewallHop(w)!;
    const found = firewallAt(w, hop);
    if (!found) {
      // Nothing answers at the next hop: the traffic is lost there.
      notes.push(`no Azure Firewall in ARM has the private IP ${hop}: egress is dropped`);
      filter.push(`-A FORWARD -i in0 -m comment --comment "no appliance at ${hop}" -j DROP`);
      w.local.firewallApplied = null;
    } else if (found.firewall.properties.provisioningState === 'Updating' && w.local.firewallApplied) {
      filter.push(...w.local.firewallApplied);
    } else {
      const p = w.arm.managedCluster.cluster.properties;
      const table = firewallTable(
        { ...found.firewall, name: found.name },
        {
          records: dnsRecords(w),
          apiserverFqdns: [p.fqdn, p.privateFQDN].filter((x): x is string => !!x),
          inside: 'in0',
        },
      );
      notes.push(...table.notes);
      filter.push(...table.lines);
      w.local.firewallApplied = table.lines;
    }
  } else {
    w.local.firewallApplied = null;
    // 0 means Azure's default: 1024 ports per node for pools of up to 50 nodes.
    const ports = w.arm.loadBalancer.properties.outboundRules?.[0]?.properties.allocatedOutboundPorts || 1024;
    for (const n of w.nodes) {
      const from = 1024 + n.index * ports;
      nat.push(
        `-A POSTROUTING -s ${n.ip}/32 -o out0 -p tcp -j SNAT --to-source ${ADDR.outboundIp}:${from}-${from + ports - 1}`,
        `-A POSTROUTING -s ${n.ip}/32 -o out0 -p udp -j SNAT --to-source ${ADDR.outboundIp}:${from}-${from + ports - 1}`,
        `-A POSTROUTING -s ${n.ip}/32 -o out0 -j SNAT --to-source ${ADDR.outboundIp}`,
      );
    }
  }
  const doc = [...nat, 'COMMIT', ...filter, 'COMMIT', ''].join('\n');
  await inNs(NS.edge, ['iptables-restore'], { input: doc });
  return notes;
}

/** Who reaches the API server: its public endpoint (authorized IP ranges) or only the private endpoint. */
export async function syncApiserver(w: LabWorld): Promise<void> {
  const access = w.arm.managedCluster.cluster.properties.apiServerAccessProfile ?? {};
  const ports = `-p tcp -m multiport --dports ${PUBLIC_PORTS.join(',')}`;
  const rules = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
  if (access.enablePrivateCluster) {
    rules.push(
      `-A INPUT -i eth0 ${ports} -m comment --comment "private cluster: no public endpoint" -j DROP`,
    );
  } else {
    rules.push(`-A INPUT -i pe0 ${ports} -m comment --comment "no private endpoint" -j DROP`);
    const ranges = access.authorizedIPRanges ?? [];
    for (const r of ranges) rules.push(`-A INPUT -i eth0 -s ${r} ${ports} -j ACCEPT`);
    if (ranges.length > 0)
      rules.push(`-A INPUT -i eth0 ${ports} -m comment --comment "not in authorizedIPRanges" -j DROP`);
  }
  await inNs(NS.apiserver, ['iptables-restore'], { input: [...rules, 'COMMIT', ''].join('\n') });
}

/**
 * Whether the VNet resolves the private cluster's zone: AKS links the zone it manages ('system') itself; a
 * bring-your-own zone in ARM needs a completed link to the nodes' VNet.
 */
export function privateZoneLinked(w: LabWorld): boolean {
  const zoneId = w.arm.managedCluster.cluster.properties.apiServerAccessProfile?.privateDNSZone;
  const zone = byId<PrivateDnsZoneState>(w.arm.state, zoneId, 'privateDnsZones');
  if (!zone) return true;
  const vnet = (w.arm.vnet.id ?? '').toLowerCase();
  return Object.values(zone.virtualNetworkLinks).some(
    (l) =>
      l.properties.virtualNetwork?.id?.toLowerCase() === vnet &&
      l.properties.virtualNetworkLinkState === 'Completed',
  );
}

/** Azure DNS's records: public names, and the private zone when it is linked to the VNet. */
export function dnsRecords(w: LabWorld): Record<string, string> {
  const p = w.arm.managedCluster.cluster.properties;
  const isPrivate = p.apiServerAccessProfile?.enablePrivateCluster === true;
  const records: Record<string, string> = { 'mcr.microsoft.com': ADDR.mcr };
  if (p.fqdn) records[p.fqdn] = isPrivate ? ADDR.privateEndpoint : ADDR.apiserverPublic;
  if (isPrivate && p.privateFQDN && privateZoneLinked(w)) records[p.privateFQDN] = ADDR.privateEndpoint;
  return records;
}

export async function syncDns(w: LabWorld): Promise<void> {
  await setRecords(w.azureDns, dnsRecords(w));
}

/** What DHCP gives each node: the VNet's custom DNS servers, or Azure DNS. */
export function resolvConf(w: LabWorld): string {
  const servers = w.arm.vnet.properties.dhcpOptions?.dnsServers ?? [];
  const list = servers.length > 0 ? servers : [ADDR.azureDns];
  return `# written by the aksdiag fault lab: the VNet's DNS servers, as DHCP hands them to the node\n${list.map((s) => `nameserver ${s}\n`).join('')}`;
}

export async function syncNode(w: LabWorld, node: LabNode): Promise<void> {
  writeFileSync(join(etcDir(node.name), 'resolv.conf'), resolvConf(w));
  syncEndpoints(w.kube.state);
  const down = w.local.kubeProxyDown.includes(node.name);
  const rules = kubeProxyRules(node.name, down ? [] : w.kube.state.services, w.kube.state.endpoints);
  await inNs(node.name, ['iptables-restore'], { input: rules.nat });
  await inNs(node.name, ['iptables-restore', '--noflush'], { input: rules.filter });
  for (const jump of FILTER_JUMPS) {
    const present = await inNs(node.name, ['iptables', '-w', '5', '-C', ...jump], { allowFailure: true });
    if (present.code !== 0)
      await inNs(node.name, ['iptables', '-w', '5', '-I', jump[0]!, '1', ...jump.slice(1)]);
  }
  syncIpam(node.name, w.kube.state.pods);
}

/** Everything above; returns notes about what could not be made real (NSG rules with unknown tags). */
export async function syncAll(w: LabWorld): Promise<string[]> {
  const notes = await syncNsgs(w);
  notes.push(...(await syncEdge(w)));
  await syncApiserver(w);
  await syncDns(w);
  for (const n of w.nodes) await syncNode(w, n);
  return notes;
}
