/**
 * Azure Firewall's classic rules as the lab's edge namespace enforces them (pure: ARM's firewall in,
 * iptables FORWARD lines out). Like Azure Firewall: replies to allowed flows pass, network rule collections
 * are matched first and application rule collections after them, each kind in priority order, and what no
 * rule allows is dropped. Only new connections the VNet side starts (in0) are judged; the internet's
 * traffic to the load balancer's frontend only passes through.
 *
 * Application rules name FQDNs, which the real firewall matches on the TLS SNI or the Host header; the lab
 * has no proxy, so it resolves them through the lab's own DNS records and allows those addresses. The FQDN
 * tag AzureKubernetesService stands for the cluster's API server, the part of that tag the lab has.
 */
import type {
  WireAzureFirewall,
  WireAzureFirewallApplicationRule,
  WireAzureFirewallNetworkRule,
  WireAzureFirewallRuleCollection,
} from '../../test/emulators/arm/index.js';

export const AKS_FQDN_TAG = 'AzureKubernetesService';

export interface FirewallContext {
  /** Name -> address, what the lab's Azure DNS answers. */
  records: Record<string, string>;
  /** The cluster's API server FQDNs (public, and private when it has one): the AzureKubernetesService tag. */
  apiserverFqdns: string[];
  /** The edge namespace's interface towards the VNet. */
  inside: string;
}

export interface FirewallTable {
  /** FORWARD lines, without the chain's header. */
  lines: string[];
  /** What could not be made real (service tags, IP groups, unknown FQDN tags or names). */
  notes: string[];
}

const ADDRESS = /^\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?$/;

const byPriority = <R>(cols: WireAzureFirewallRuleCollection<R>[] | undefined) =>
  [...(cols ?? [])].sort((a, b) => a.properties.priority - b.properties.priority);

/** `*` is any; ranges are `a-b` in Azure and `a:b` in iptables. */
function dport(port: string): string[] {
  return port === '*' ? [] : ['--dport', port.replace('-', ':')];
}

/** Resolves an FQDN (or `*.suffix`) through the lab's records. */
function resolve(fqdn: string, records: Record<string, string>): string[] {
  const name = fqdn.toLowerCase();
  if (name.startsWith('*.'))
    return Object.entries(records)
      .filter(([n]) => n.toLowerCase().endsWith(name.slice(1)))
      .map(([, ip]) => ip);
  const hit = Object.entries(records).find(([n]) => n.toLowerCase() === name);
  return hit ? [hit[1]] : [];
}

export function firewallTable(fw: WireAzureFirewall, ctx: FirewallContext): FirewallTable {
  const name = fw.name ?? 'firewall';
  const lines = ['-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'];
  const notes: string[] = [];
  const push = (
    where: string,
    action: 'Allow' | 'Deny',
    sources: string[],
    destinations: string[],
    matches: string[][],
  ) => {
    const target = action === 'Allow' ? 'ACCEPT' : 'DROP';
    for (const s of sources)
      for (const d of destinations)
        for (const m of matches)
          lines.push(
            [
              '-A FORWARD',
              `-i ${ctx.inside}`,
              ...(s === '*' ? [] : [`-s ${s}`]),
              ...(d === '*' ? [] : [`-d ${d}`]),
              ...m,
              `-m comment --comment "${name} ${where}"`,
              `-j ${target}`,
            ].join(' '),
          );
  };
  const addresses = (xs: string[] | undefined, where: string): string[] =>
    (xs ?? []).filter((x) => {
      if (x === '*' || ADDRESS.test(x)) return true;
      notes.push(`${name} ${where}: ${x} is not an address the lab can match (ignored)`);
      return false;
    });

  for (const col of byPriority<WireAzureFirewallNetworkRule>(fw.properties.networkRuleCollections)) {
    for (const r of col.properties.rules) {
      const where = `${col.name}/${r.name}`;
      if ((r.sourceIpGroups ?? []).length > 0 || (r.destinationIpGroups ?? []).length > 0)
        notes.push(`${name} ${where}: IP groups are not modelled (ignored)`);
      const dests = [
        ...addresses(r.destinationAddresses, where),
        ...(r.destinationFqdns ?? []).flatMap((f) => resolve(f, ctx.records)),
      ];
      const matches: string[][] = [];
      for (const proto of r.protocols) {
        if (proto === 'ICMP') matches.push(['-p icmp']);
        else if (proto === 'Any' && r.destinationPorts.includes('*')) matches.push([]);
        else
          for (const p of proto === 'Any' ? ['tcp', 'udp'] : [proto.toLowerCase()])
            for (const port of r.destinationPorts) matches.push([`-p ${p}`, ...dport(port)]);
      }
      push(where, col.properties.action.type, addresses(r.sourceAddresses, where), dests, matches);
    }
  }

  for (const col of byPriority<WireAzureFirewallApplicationRule>(fw.properties.applicationRuleCollections)) {
    for (const r of col.properties.rules) {
      const where = `${col.name}/${r.name}`;
      const fqdns = [...(r.targetFqdns ?? [])];
      for (const tag of r.fqdnTags ?? []) {
        if (tag.toLowerCase() === AKS_FQDN_TAG.toLowerCase()) fqdns.push(...ctx.apiserverFqdns);
        else notes.push(`${name} ${where}: FQDN tag ${tag} is not modelled (ignored)`);
      }
      const dests = [...new Set(fqdns.flatMap((f) => resolve(f, ctx.records)))];
      const ports = r.protocols.map((p) =>
        String(p.port ?? { Http: 80, Https: 443, Mssql: 1433 }[p.protocolType]),
      );
      const matches = [...new Set(ports)].map((port) => ['-p tcp', ...dport(port)]);
      push(where, col.properties.action.type, addresses(r.sourceAddresses, where), dests, matches);
    }
  }

  lines.push(
    `-A FORWARD -i ${ctx.inside} -m comment --comment "${name}: no rule matched, default deny" -j DROP`,
  );
  return { lines, notes };
}
