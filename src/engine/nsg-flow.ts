/**
 * Azure network security group (NSG) evaluation as a pure function: would this flow pass the subnet and
 * NIC NSGs on its path, and which rule decides? Where a rule cannot be evaluated (a service tag whose
 * prefixes were not supplied, an application security group) the answer says so instead of guessing.
 */
import { blockContains, inAnyCidr, parseCidr, parseIpv4 } from './cidr.js';

/** Traffic direction as seen by the NSG (Inbound: towards the NIC; Outbound: leaving it). */
export type Direction = 'Inbound' | 'Outbound';
/** What a rule does with the traffic it matches. */
export type Access = 'Allow' | 'Deny';
/** Protocols an NSG rule can name; `*` matches all. */
export type RuleProtocol = 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | '*';
/** Where an NSG is attached. */
export type NsgLevel = 'subnet' | 'nic';

/**
 * One security rule, with Azure's singular and plural fields already merged into lists (see `fromAzureRule`).
 * Addresses are `*`, a CIDR, a single IPv4 address or a tag; ports are `*`, `10250` or `10000-11000`.
 */
export interface NsgRule {
  name: string;
  /** 100-4096 for custom rules, 65000-65500 for Azure's default rules; lower is evaluated first. */
  priority: number;
  direction: Direction;
  access: Access;
  protocol: RuleProtocol;
  sourceAddressPrefixes: string[];
  destinationAddressPrefixes: string[];
  sourcePortRanges: string[];
  destinationPortRanges: string[];
}

/**
 * An NSG attached to the flow's path. `defaultRules` are Azure's read-only `defaultSecurityRules`; when the
 * list is empty the built-in `AZURE_DEFAULT_RULES` are used instead (every Azure NSG has them).
 */
export interface Nsg {
  name: string;
  resourceGroup: string;
  level: NsgLevel;
  rules: NsgRule[];
  defaultRules: NsgRule[];
}

/**
 * One connection attempt as the NSGs on one side see it. For VM-to-VM traffic evaluate the sender's NSGs
 * with `Outbound` and the receiver's with `Inbound`.
 */
export interface Flow {
  direction: Direction;
  protocol: 'Tcp' | 'Udp';
  /** IPv4 address. */
  source: string;
  /** IPv4 address. */
  destination: string;
  destinationPort: number;
  /** Usually an ephemeral port nobody knows; rules that restrict source ports are then undecidable. */
  sourcePort?: number;
}

/** What the evaluator knows about the tags rules may use. */
export interface TagContext {
  /**
   * CIDRs behind the `VirtualNetwork` tag: the VNet's address space and its peerings (Azure also counts
   * connected on-premises ranges and user-defined-route prefixes; pass those too when known).
   */
  virtualNetwork: string[];
  /** Prefixes of other service tags (`AzureCloud`, `Storage.WestEurope`, ...) when fetched; keys are case-insensitive. */
  serviceTags?: Record<string, string[]>;
}

/** A rule located in its NSG. */
export interface RuleRef {
  nsg: string;
  resourceGroup: string;
  level: NsgLevel;
  rule: string;
  priority: number;
  access: Access;
}

/** How one NSG on the path treats the flow. */
export interface NsgStep {
  nsg: string;
  resourceGroup: string;
  level: NsgLevel;
  /** `unknown` when an undecidable rule ahead of `rule` could change the outcome, or no rule matched. */
  verdict: Access | 'unknown';
  /** The first rule (by priority) that certainly matches; null when none does. */
  rule: RuleRef | null;
  /** Rules ranked ahead of `rule` that might match but cannot be evaluated (by priority). */
  undecidable: RuleRef[];
}

/** The outcome for a flow across all NSGs on its path. */
export interface FlowDecision {
  /** True only if every NSG allows; false if any certainly denies; otherwise `unknown`. */
  allowed: boolean | 'unknown';
  /** The denying rule of the first NSG that denies, or the allowing rule of the last NSG; null if unknown or no NSG. */
  decidedBy: RuleRef | null;
  /** One per NSG in the order Azure evaluates them (all are evaluated, even after a deny). */
  steps: NsgStep[];
  /** Why something could not be decided, and other caveats, for a human. */
  notes: string[];
}

/** Lowest and highest priority a custom rule may use. */
export const MIN_CUSTOM_PRIORITY = 100;
export const MAX_CUSTOM_PRIORITY = 4096;

/** The address behind the `AzureLoadBalancer` tag (Azure's host virtual IP, source of health probes). */
export const AZURE_LOAD_BALANCER_IP = '168.63.129.16';

/** Addresses the `Internet` tag never covers: RFC 1918, CGNAT, loopback, link-local, "this network", multicast, reserved. */
export const NON_INTERNET: readonly string[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/4',
  '240.0.0.0/4',
];

function defaultRule(
  name: string,
  priority: number,
  direction: Direction,
  access: Access,
  source: string,
  destination: string,
): NsgRule {
  return {
    name,
    priority,
    direction,
    access,
    protocol: '*',
    sourceAddressPrefixes: [source],
    destinationAddressPrefixes: [destination],
    sourcePortRanges: ['*'],
    destinationPortRanges: ['*'],
  };
}

/** The six default rules every Azure NSG carries. */
export const AZURE_DEFAULT_RULES: readonly NsgRule[] = [
  defaultRule('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  defaultRule('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'),
  defaultRule('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'),
  defaultRule('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  defaultRule('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'),
  defaultRule('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'),
];

// ---------------------------------------------------------------------------------------------------
// From Azure's shape

/** A reference to another resource, as the SDK gives application security groups. */
interface ResourceRefLike {
  id?: string;
}

/** The fields of the SDK's `SecurityRule` (or an `EffectiveNetworkSecurityRule`) this module reads. */
export interface AzureSecurityRuleLike {
  name?: string;
  protocol?: string;
  access?: string;
  priority?: number;
  direction?: string;
  sourcePortRange?: string;
  sourcePortRanges?: string[];
  destinationPortRange?: string;
  destinationPortRanges?: string[];
  sourceAddressPrefix?: string;
  sourceAddressPrefixes?: string[];
  destinationAddressPrefix?: string;
  destinationAddressPrefixes?: string[];
  sourceApplicationSecurityGroups?: ResourceRefLike[];
  destinationApplicationSecurityGroups?: ResourceRefLike[];
}

/** Prefix given to application security groups in address lists; their members are not known here. */
export const ASG_PREFIX = 'ApplicationSecurityGroup:';

const PROTOCOLS: Record<string, RuleProtocol> = {
  tcp: 'Tcp',
  udp: 'Udp',
  icmp: 'Icmp',
  esp: 'Esp',
  ah: 'Ah',
  '*': '*',
  all: '*',
};

function pick<T extends string>(value: string | undefined, allowed: readonly T[], field: string): T {
  const found = allowed.find((a) => a.toLowerCase() === value?.toLowerCase());
  if (found === undefined) throw new TypeError(`Security rule has an unsupported ${field}: ${String(value)}`);
  return found;
}

function merged(
  singular: string | undefined,
  plural: string[] | undefined,
  asgs?: ResourceRefLike[],
): string[] {
  const groups = (asgs ?? []).map((g) => ASG_PREFIX + (g.id?.split('/').pop() ?? '?'));
  const all = [...(plural ?? []), ...(singular ? [singular] : []), ...groups];
  return [...new Set(all.map((v) => v.trim()))];
}

/**
 * Flattens an SDK-shaped security rule: singular and plural fields become one list, application security
 * groups become `ApplicationSecurityGroup:<name>` entries (undecidable), protocol `All` becomes `*`.
 * Throws a TypeError when priority, direction, access or protocol is missing or unsupported.
 */
export function fromAzureRule(rule: AzureSecurityRuleLike): NsgRule {
  const protocol = PROTOCOLS[rule.protocol?.toLowerCase() ?? ''];
  if (protocol === undefined) {
    throw new TypeError(`Security rule has an unsupported protocol: ${rule.protocol}`);
  }
  if (!Number.isInteger(rule.priority)) throw new TypeError(`Security rule has no priority: ${rule.name}`);
  return {
    name: rule.name ?? '(unnamed)',
    priority: rule.priority as number,
    direction: pick(rule.direction, ['Inbound', 'Outbound'] as const, 'direction'),
    access: pick(rule.access, ['Allow', 'Deny'] as const, 'access'),
    protocol,
    sourceAddressPrefixes: merged(
      rule.sourceAddressPrefix,
      rule.sourceAddressPrefixes,
      rule.sourceApplicationSecurityGroups,
    ),
    destinationAddressPrefixes: merged(
      rule.destinationAddressPrefix,
      rule.destinationAddressPrefixes,
      rule.destinationApplicationSecurityGroups,
    ),
    sourcePortRanges: merged(rule.sourcePortRange, rule.sourcePortRanges),
    destinationPortRanges: merged(rule.destinationPortRange, rule.destinationPortRanges),
  };
}

// ---------------------------------------------------------------------------------------------------
// Three-valued matching

/** Whether a rule (or one of its fields) matches; `reasons` explain an `unknown`. */
interface Match {
  result: 'yes' | 'no' | 'unknown';
  reasons: string[];
}

const YES: Match = { result: 'yes', reasons: [] };
const NO: Match = { result: 'no', reasons: [] };
const unknown = (reason: string): Match => ({ result: 'unknown', reasons: [reason] });
const bool = (b: boolean): Match => (b ? YES : NO);

function withResult(matches: Match[], decisive: 'yes' | 'no', otherwise: Match): Match {
  if (matches.some((m) => m.result === decisive)) return decisive === 'yes' ? YES : NO;
  const unknowns = matches.filter((m) => m.result === 'unknown');
  return unknowns.length > 0 ? { result: 'unknown', reasons: unknowns.flatMap((m) => m.reasons) } : otherwise;
}

/** OR: yes if any is yes, else unknown if any is unknown. */
const anyOf = (matches: Match[]): Match => withResult(matches, 'yes', NO);
/** AND: no if any is no, else unknown if any is unknown. */
const allOf = (matches: Match[]): Match => withResult(matches, 'no', YES);

type Tag = 'Any' | 'VirtualNetwork' | 'AzureLoadBalancer' | 'Internet';

const TAGS: Record<string, Tag> = {
  '*': 'Any',
  any: 'Any',
  virtualnetwork: 'VirtualNetwork',
  virtual_network: 'VirtualNetwork',
  azureloadbalancer: 'AzureLoadBalancer',
  azure_loadbalancer: 'AzureLoadBalancer',
  internet: 'Internet',
};

function isInternet(ip: string, tags: TagContext): boolean {
  return !inAnyCidr(ip, tags.virtualNetwork) && !inAnyCidr(ip, NON_INTERNET);
}

function tagMatches(tag: Tag, ip: string, tags: TagContext): boolean {
  switch (tag) {
    case 'Any':
      return true;
    case 'VirtualNetwork':
      return inAnyCidr(ip, tags.virtualNetwork);
    case 'AzureLoadBalancer':
      return ip === AZURE_LOAD_BALANCER_IP;
    case 'Internet':
      return isInternet(ip, tags);
  }
}

function serviceTagPrefixes(name: string, tags: TagContext): string[] | undefined {
  const key = Object.keys(tags.serviceTags ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : tags.serviceTags?.[key];
}

function undecidableAddress(prefix: string): Match {
  if (prefix.startsWith(ASG_PREFIX)) {
    return unknown(`application security group '${prefix.slice(ASG_PREFIX.length)}' has unknown members`);
  }
  return unknown(`'${prefix}' is a service tag whose prefixes were not supplied`);
}

/** Whether one address-prefix entry covers the (valid IPv4) address. */
function addressMatches(prefix: string, ip: string, tags: TagContext): Match {
  const block = parseCidr(prefix);
  if (block !== null) return bool(blockContains(block, parseIpv4(ip) as number));
  // An IPv6 prefix (dual-stack clusters) never covers an IPv4 flow.
  if (prefix.includes(':') && /^[0-9a-f:./]+$/i.test(prefix)) return NO;
  const tag = TAGS[prefix.toLowerCase()];
  if (tag !== undefined) return bool(tagMatches(tag, ip, tags));
  const known = serviceTagPrefixes(prefix, tags);
  return known === undefined ? undecidableAddress(prefix) : bool(inAnyCidr(ip, known));
}

const PORT_RANGE = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/;

/** Whether one port entry (`*`, `443`, `1000-2000`) covers the port; undefined means "not known". */
function portMatches(spec: string, port: number | undefined): Match {
  if (spec === '*') return YES;
  const m = PORT_RANGE.exec(spec);
  if (m === null) return unknown(`'${spec}' is not a port or port range`);
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : Number(m[2]);
  if (port !== undefined) return bool(port >= low && port <= high);
  return low === 0 && high >= 65535
    ? YES
    : unknown(`the flow's source port is not known (rule wants ${spec})`);
}

/** OR over a list field; an empty list cannot be judged (Azure always requires a value). */
function listMatches(field: string, entries: string[], test: (entry: string) => Match): Match {
  if (entries.length === 0) return unknown(`the rule has no ${field}`);
  return anyOf(entries.map((e) => test(e.trim())));
}

function protocolMatches(rule: NsgRule, flow: Flow): Match {
  return bool(rule.protocol === '*' || rule.protocol.toLowerCase() === flow.protocol.toLowerCase());
}

/** Whether the rule matches the flow: same direction and protocol, and every list covers the flow. */
function ruleMatches(rule: NsgRule, flow: Flow, tags: TagContext): Match {
  if (rule.direction !== flow.direction) return NO;
  return allOf([
    protocolMatches(rule, flow),
    listMatches('source address', rule.sourceAddressPrefixes, (p) => addressMatches(p, flow.source, tags)),
    listMatches('destination address', rule.destinationAddressPrefixes, (p) =>
      addressMatches(p, flow.destination, tags),
    ),
    listMatches('source port', rule.sourcePortRanges, (p) => portMatches(p, flow.sourcePort)),
    listMatches('destination port', rule.destinationPortRanges, (p) => portMatches(p, flow.destinationPort)),
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Evaluation

/** Custom and default rules of one direction, by ascending priority (custom first on an impossible tie). */
function orderedRules(nsg: Nsg, direction: Direction): NsgRule[] {
  const defaults = nsg.defaultRules.length > 0 ? nsg.defaultRules : AZURE_DEFAULT_RULES;
  return [...nsg.rules, ...defaults]
    .filter((r) => r.direction === direction)
    .sort((a, b) => a.priority - b.priority);
}

function refOf(nsg: Nsg, rule: NsgRule): RuleRef {
  return {
    nsg: nsg.name,
    resourceGroup: nsg.resourceGroup,
    level: nsg.level,
    rule: rule.name,
    priority: rule.priority,
    access: rule.access,
  };
}

function verdictOf(rule: RuleRef | null, undecidable: RuleRef[]): Access | 'unknown' {
  if (rule === null || undecidable.some((u) => u.access !== rule.access)) return 'unknown';
  return rule.access;
}

function stepOf(nsg: Nsg, rule: RuleRef | null, undecidable: RuleRef[]): NsgStep {
  const { name, resourceGroup, level } = nsg;
  return { nsg: name, resourceGroup, level, verdict: verdictOf(rule, undecidable), rule, undecidable };
}

function caveats(nsg: Nsg, rules: NsgRule[]): string[] {
  const notes: string[] = [];
  if (nsg.defaultRules.length === 0) {
    notes.push(`${nsg.name}: default rules not supplied; used Azure's built-in ones`);
  }
  const priorities = rules.map((r) => r.priority);
  if (new Set(priorities).size !== priorities.length) {
    notes.push(
      `${nsg.name}: two rules share a priority (Azure forbids this); the custom one was taken first`,
    );
  }
  return notes;
}

/** First definite match by priority, remembering undecidable rules met on the way. */
function evaluateNsg(nsg: Nsg, flow: Flow, tags: TagContext): { step: NsgStep; notes: string[] } {
  const rules = orderedRules(nsg, flow.direction);
  const notes = caveats(nsg, rules);
  const undecidable: RuleRef[] = [];
  for (const rule of rules) {
    const match = ruleMatches(rule, flow, tags);
    if (match.result === 'yes') return { step: stepOf(nsg, refOf(nsg, rule), undecidable), notes };
    if (match.result === 'unknown') {
      undecidable.push(refOf(nsg, rule));
      notes.push(...match.reasons.map((r) => `${nsg.name}/${rule.name} (priority ${rule.priority}): ${r}`));
    }
  }
  notes.push(`${nsg.name}: no rule certainly matches the flow`);
  return { step: stepOf(nsg, null, undecidable), notes };
}

/** Azure's order: inbound meets the subnet NSG, then the NIC NSG; outbound the NIC NSG, then the subnet NSG. */
function pathOrder(nsgs: Nsg[], direction: Direction): Nsg[] {
  const first: NsgLevel = direction === 'Inbound' ? 'subnet' : 'nic';
  return [...nsgs.filter((n) => n.level === first), ...nsgs.filter((n) => n.level !== first)];
}

function assertFlow(flow: Flow): void {
  for (const ip of [flow.source, flow.destination]) {
    if (parseIpv4(ip) === null) throw new RangeError(`Flow address is not IPv4: ${ip}`);
  }
  for (const port of [flow.destinationPort, flow.sourcePort ?? 0]) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new RangeError(`Flow port out of range: ${port}`);
    }
  }
}

/**
 * Decides whether the NSGs on the flow's path let it through. Each NSG takes the first rule (custom and
 * default, by ascending priority) that matches; the flow passes only if every NSG allows it, and an absent
 * NSG allows. Throws a RangeError for a flow whose addresses are not IPv4 or whose ports are out of range.
 */
export function evaluateFlow(flow: Flow, nsgs: Nsg[], tags: TagContext): FlowDecision {
  assertFlow(flow);
  const results = pathOrder(nsgs, flow.direction).map((nsg) => evaluateNsg(nsg, flow, tags));
  const steps = results.map((r) => r.step);
  const notes = [...new Set(results.flatMap((r) => r.notes))];
  if (steps.length === 0) notes.push('No NSG on the path: nothing filters the flow');
  const denied = steps.find((s) => s.verdict === 'Deny');
  if (denied !== undefined) return { allowed: false, decidedBy: denied.rule, steps, notes };
  if (steps.some((s) => s.verdict === 'unknown')) {
    return { allowed: 'unknown', decidedBy: null, steps, notes };
  }
  return { allowed: true, decidedBy: steps.at(-1)?.rule ?? null, steps, notes };
}

/**
 * The rule an allow rule must be placed ahead of to let a denied flow through the first NSG that denies it:
 * the deciding deny rule, or an undecidable deny rule ranked before it. Null unless the flow is certainly denied.
 */
export function blockingRuleFor(flow: Flow, nsgs: Nsg[], tags: TagContext): RuleRef | null {
  const decision = evaluateFlow(flow, nsgs, tags);
  if (decision.allowed !== false) return null;
  const step = decision.steps.find((s) => s.verdict === 'Deny');
  return step?.undecidable[0] ?? step?.rule ?? null;
}

/**
 * The highest priority number (100-4096) below `priority` that no custom rule of that direction uses, so a
 * rule created there is evaluated just before the given one; null if every such number is taken.
 */
export function freePriorityBefore(nsg: Nsg, direction: Direction, priority: number): number | null {
  const taken = new Set(nsg.rules.filter((r) => r.direction === direction).map((r) => r.priority));
  for (let p = Math.min(priority - 1, MAX_CUSTOM_PRIORITY); p >= MIN_CUSTOM_PRIORITY; p--) {
    if (!taken.has(p)) return p;
  }
  return null;
}
