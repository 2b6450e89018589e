/**
 * Azure network security groups as iptables rules (pure): the lab's VNet namespace enforces exactly the
 * rules ARM holds, so an NSG rule added in the ARM state drops real packets and the NSG checks and the
 * packets always agree.
 *
 * How Azure evaluates (what the chains reproduce): traffic into a NIC passes the subnet's NSG, then the
 * NIC's; traffic out passes the NIC's, then the subnet's. In each NSG the matching rule with the lowest
 * priority number decides; the default rules (65000+) end every NSG with a deny. NSGs are stateful: replies
 * of an allowed connection pass. So each NSG becomes a flat chain in priority order where Allow is RETURN
 * (go on to the next NSG on the path) and Deny is DROP, and FORWARD first accepts established traffic.
 *
 * Address tags: `VirtualNetwork` is the VNet's address space plus the prefixes of its user-defined routes
 * (kubenet's pod routes), `AzureLoadBalancer` is 168.63.129.16, `Internet` is every address outside
 * VirtualNetwork and the non-public ranges. Traffic to and from 168.63.129.16 (Azure DNS, the host's virtual
 * IP) is never filtered by NSGs, as in Azure. Application security groups and other service tags have no
 * addresses here: such a rule is left out, with a note.
 */
import {
  AZURE_DEFAULT_RULES,
  AZURE_LOAD_BALANCER_IP,
  NON_INTERNET,
  type NsgRule,
} from '../engine/nsg-flow.js';
import { parseCidr } from '../engine/cidr.js';

export interface NsgInput {
  /** A short, stable label for the chain comment (the NSG's name). */
  name: string;
  /** Custom and default rules, flattened (`fromAzureRule`); no defaults means Azure's six. */
  rules: NsgRule[];
}

export interface NodeNsgPath {
  /** The node's interface in the VNet namespace. */
  vnetIf: string;
  /** Keys into `nsgs`; null when the level has no NSG. */
  subnetNsg: string | null;
  nicNsg: string | null;
}

export interface NsgTableInput {
  nsgs: Record<string, NsgInput>;
  nodes: NodeNsgPath[];
  virtualNetwork: string[];
}

export interface NsgTable {
  /** An `iptables-restore` document for the filter table. */
  restore: string;
  /** Rules that could not be expressed (and so are not enforced). */
  notes: string[];
}

const ntoa = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

/** The blocks covering every IPv4 address outside `cidrs`, as few as possible. */
export function complement(cidrs: readonly string[]): string[] {
  const ranges = cidrs
    .map(parseCidr)
    .filter((b) => b !== null)
    .map((b) => [b.base, b.base + 2 ** (32 - b.bits)] as const)
    .sort((a, b) => a[0] - b[0]);
  const out: string[] = [];
  let next = 0;
  const cover = (from: number, to: number) => {
    while (from < to) {
      let bits = 32;
      // The largest aligned block starting at `from` that ends by `to`.
      while (bits > 0 && from % 2 ** (33 - bits) === 0 && from + 2 ** (33 - bits) <= to) bits--;
      out.push(`${ntoa(from)}/${bits}`);
      from += 2 ** (32 - bits);
    }
  };
  for (const [start, end] of ranges) {
    if (start > next) cover(next, start);
    next = Math.max(next, end);
  }
  cover(next, 2 ** 32);
  return out;
}

type Addresses = { any: true } | { any: false; cidrs: string[] };

function addresses(prefixes: string[], vnet: string[]): Addresses | { unsupported: string } {
  const cidrs: string[] = [];
  for (const p of prefixes) {
    const lower = p.toLowerCase();
    if (lower === '*' || lower === 'any') return { any: true };
    if (parseCidr(p)) cidrs.push(p.includes('/') ? p : `${p}/32`);
    else if (lower === 'virtualnetwork') cidrs.push(...vnet);
    else if (lower === 'azureloadbalancer') cidrs.push(`${AZURE_LOAD_BALANCER_IP}/32`);
    else if (lower === 'internet') cidrs.push(...complement([...vnet, ...NON_INTERNET]));
    else if (p.includes(':'))
      continue; // IPv6: never matches the lab's IPv4 traffic
    else return { unsupported: p };
  }
  return { any: false, cidrs };
}

/** `--dport` / `-m multiport --dports` arguments for port specs (`*`, `443`, `1000-2000`). */
function portMatch(specs: string[], flag: 'dport' | 'sport'): string[] | null {
  if (specs.some((s) => s === '*')) return null;
  // `1000-2000` (or `1000 - 2000`) → iptables' `1000:2000`; split, not a regex with two \s* runs.
  const list = specs.map((s) =>
    s
      .split('-')
      .map((p) => p.trim())
      .join(':'),
  );
  if (list.length === 1) return [`--${flag}`, list[0]!];
  return ['-m', 'multiport', `--${flag}s`, list.join(',')];
}

function ruleLines(chain: string, nsg: string, rule: NsgRule, vnet: string[]): string[] | string {
  const src = addresses(rule.sourceAddressPrefixes, vnet);
  const dst = addresses(rule.destinationAddressPrefixes, vnet);
  if ('unsupported' in src) return `${nsg}/${rule.name}: ${src.unsupported} has no addresses in the lab`;
  if ('unsupported' in dst) return `${nsg}/${rule.name}: ${dst.unsupported} has no addresses in the lab`;
  const dports = portMatch(rule.destinationPortRanges, 'dport');
  const sports = portMatch(rule.sourcePortRanges, 'sport');
  const ported = dports !== null || sports !== null;
  const protocols =
    rule.protocol === '*' ? (ported ? ['tcp', 'udp'] : [null]) : [rule.protocol.toLowerCase()];
  const target = rule.access === 'Allow' ? 'RETURN' : 'DROP';
  const comment = `${nsg}/${rule.name} ${rule.priority}`.replace(/"/g, '');
  const srcs = src.any ? [null] : src.cidrs;
  const dsts = dst.any ? [null] : dst.cidrs;
  const lines: string[] = [];
  for (const p of protocols) {
    if (p !== 'tcp' && p !== 'udp' && ported) continue; // ports mean nothing to ICMP, ESP, AH
    for (const s of srcs) {
      for (const d of dsts) {
        const parts = ['-A', chain];
        if (p) parts.push('-p', p);
        if (s) parts.push('-s', s);
        if (d) parts.push('-d', d);
        if (p && dports) parts.push(...(dports[0] === '-m' ? dports : ['-m', p, ...dports]));
        if (p && sports) parts.push(...(sports[0] === '-m' ? sports : ['-m', p, ...sports]));
        parts.push('-m', 'comment', '--comment', `"${comment}"`, '-j', target);
        lines.push(parts.join(' '));
      }
    }
  }
  return lines;
}

function nsgChain(
  chain: string,
  nsg: NsgInput,
  direction: 'Inbound' | 'Outbound',
  vnet: string[],
  notes: string[],
): string[] {
  const defaults = nsg.rules.some((r) => r.priority >= 65000) ? [] : [...AZURE_DEFAULT_RULES];
  const rules = [...nsg.rules, ...defaults]
    .filter((r) => r.direction === direction)
    .sort((a, b) => a.priority - b.priority);
  const lines: string[] = [];
  for (const r of rules) {
    const out = ruleLines(chain, nsg.name, r, vnet);
    if (typeof out === 'string') notes.push(out);
    else lines.push(...out);
  }
  return lines;
}

/** The VNet namespace's filter table for these NSGs and nodes. */
export function nsgFilterTable(input: NsgTableInput): NsgTable {
  const notes: string[] = [];
  const keys = Object.keys(input.nsgs).sort();
  const chainOf = (key: string, dir: 'IN' | 'OUT') => `NSG${keys.indexOf(key)}-${dir}`;
  const chains: string[] = [];
  const body: string[] = [];
  keys.forEach((key) => {
    for (const [dir, direction] of [
      ['IN', 'Inbound'],
      ['OUT', 'Outbound'],
    ] as const) {
      chains.push(chainOf(key, dir));
      body.push(...nsgChain(chainOf(key, dir), input.nsgs[key]!, direction, input.virtualNetwork, notes));
    }
  });
  const forward = [
    '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    `-A FORWARD -s ${AZURE_LOAD_BALANCER_IP}/32 -j ACCEPT`,
    `-A FORWARD -d ${AZURE_LOAD_BALANCER_IP}/32 -j ACCEPT`,
  ];
  for (const n of input.nodes) {
    const out = `OUT-${n.vnetIf}`;
    const inn = `IN-${n.vnetIf}`;
    chains.push(out, inn);
    // Leaving the node: its NIC's NSG, then its subnet's. Entering: subnet, then NIC.
    for (const [chain, order, dir] of [
      [out, [n.nicNsg, n.subnetNsg], 'OUT'],
      [inn, [n.subnetNsg, n.nicNsg], 'IN'],
    ] as const) {
      for (const key of order) if (key) body.push(`-A ${chain} -j ${chainOf(key, dir)}`);
    }
    forward.push(`-A FORWARD -i ${n.vnetIf} -j ${out}`, `-A FORWARD -o ${n.vnetIf} -j ${inn}`);
  }
  const restore = [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ...chains.map((c) => `:${c} - [0:0]`),
    ...forward,
    ...body,
    'COMMIT',
    '',
  ].join('\n');
  return { restore, notes };
}
