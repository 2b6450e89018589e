/**
 * Whether one nft rule applies to the flow being judged (the first packet of a new inbound TCP connection to
 * the node itself, IPv4 unless the source is IPv6), and what it then does. Known expressions are evaluated:
 * `tcp dport`, `th dport`, `udp ...` (not TCP), `meta l4proto` / `ip protocol`, `ip saddr` (when the source is
 * known), `ip6 ...` / `ip ...` against the flow's family, `iif`/`iifname "lo"` (never, from outside), `ct state`
 * (it is new), `fib daddr type local`, `tcp flags` (a SYN), values as numbers, service names, ranges, `{ sets }`
 * and named `@sets` whose elements the text shows, and `vmap` verdict maps. Statements that only count, log or
 * mark are passed over. Anything else is a condition the rule may or may not meet: the rule is then "maybe".
 * Pure, no regular expressions.
 */
import { parseIpv4, parseIpv4Prefix, portValue } from './iptables-values.js';

export interface NftFlow {
  port: number;
  /** IPv4 source as a 32-bit number, when known. */
  source: number | null;
  v6: boolean;
}

export type NftAction =
  | { kind: 'accept' | 'drop' | 'reject' | 'return' | 'continue' }
  | { kind: 'jump' | 'goto'; chain: string }
  | { kind: 'other'; text: string };

export type NftMatch =
  { kind: 'no' } | { kind: 'yes' | 'maybe'; conditions: string[]; action: NftAction | null };

/** Values of `{ a, b }`, `a,b` or a single value. */
function valuesOf(token: string): string[] {
  const inner = token.startsWith('{') ? token.slice(1, -1) : token;
  return inner
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** Does a port value (`10250`, `ssh`, `10000-11000`) hold the port? null when a name is not known. */
function portIn(value: string, port: number): boolean | null {
  const dash = value.indexOf('-');
  const lo = portValue(dash < 0 ? value : value.slice(0, dash));
  const hi = dash < 0 ? lo : portValue(value.slice(dash + 1));
  return lo === null || hi === null ? null : port >= lo && port <= hi;
}

function addressIn(value: string, ip: number): boolean | null {
  const dash = value.indexOf('-');
  if (dash > 0) {
    const lo = parseIpv4(value.slice(0, dash));
    const hi = parseIpv4(value.slice(dash + 1));
    return lo === null || hi === null ? null : ip >= lo && ip <= hi;
  }
  const prefix = parseIpv4Prefix(value);
  return prefix ? prefix(ip) : null;
}

/** Whether any of the values holds; null when one could not be read and none held. */
function anyIn(values: string[], test: (v: string) => boolean | null): boolean | null {
  let unsure = false;
  for (const v of values) {
    const r = test(v);
    if (r === true) return true;
    if (r === null) unsure = true;
  }
  return unsure ? null : false;
}

export interface Ctx {
  flow: NftFlow;
  /** Named sets of the rule's table. */
  sets: Map<string, string[] | null>;
}

/** The values a token names: its own, or a named set's elements (null when the text does not show them). */
function resolve(token: string, ctx: Ctx): string[] | null {
  if (!token.startsWith('@')) return valuesOf(token);
  return ctx.sets.get(token.slice(1)) ?? null;
}

/** `[op] value` at t[i]: the operator (`==` when absent) and the value token. */
function operand(t: string[], i: number): { op: string; value: string; next: number } {
  const first = t[i] ?? '';
  if (first === '!=' || first === '==' || first === '<' || first === '>' || first === '<=' || first === '>=')
    return { op: first, value: t[i + 1] ?? '', next: i + 2 };
  return { op: '==', value: first, next: i + 1 };
}

type Step = { next: number; rule: 'no' | 'yes' | string; action?: NftAction };

/** `<selector> [op] <value>`: judged by `test`, which says whether the flow's value is among the values. */
function compare(t: string[], i: number, what: string, ctx: Ctx, test: (v: string) => boolean | null): Step {
  const { op, value, next } = operand(t, i);
  if (op !== '==' && op !== '!=') return { next, rule: `${what} ${op} ${value}` };
  const values = resolve(value, ctx);
  const hit = values === null ? null : anyIn(values, test);
  if (hit === null) return { next, rule: `${what} ${op === '!=' ? '!= ' : ''}${value}` };
  return { next, rule: hit === (op === '==') ? 'yes' : 'no' };
}

const VERDICTS = new Set(['accept', 'drop', 'reject', 'return', 'continue']);

/** `tcp dport vmap { 22 : accept, 10250 : drop }`: the verdict for the flow's port. */
function vmap(token: string, port: number): NftAction | null | 'none' {
  for (const entry of valuesOf(token)) {
    const [key = '', verdict = ''] = entry.split(':').map((x) => x.trim());
    const hit = portIn(key, port);
    if (hit === null) return null;
    if (hit) {
      const [kind = '', chain = ''] = verdict.split(' ');
      if (VERDICTS.has(kind)) return { kind } as NftAction;
      if (kind === 'jump' || kind === 'goto') return { kind, chain };
      return null;
    }
  }
  return 'none';
}

/** A port selector (`tcp dport`, `th dport`) at t[i] (the word after the protocol). */
function portSelector(t: string[], i: number, ctx: Ctx, proto: string): Step {
  const field = t[i] ?? '';
  if (field !== 'dport' && field !== 'sport') return { next: i + 1, rule: `${proto} ${field}` };
  if (t[i + 1] === 'vmap') {
    const v = field === 'dport' ? vmap(t[i + 2] ?? '', ctx.flow.port) : null;
    if (v === 'none') return { next: i + 3, rule: 'no' };
    if (v === null) return { next: i + 3, rule: `${proto} ${field} vmap ${t[i + 2] ?? ''}` };
    return { next: i + 3, rule: 'yes', action: v };
  }
  if (field === 'sport')
    return { ...compare(t, i + 1, '', ctx, () => null), rule: `from source port ${t[i + 1] ?? ''}` };
  return compare(t, i + 1, `${proto} dport`, ctx, (v) => portIn(v, ctx.flow.port));
}

/** The protocol's own selectors: `tcp dport`, `tcp flags`. */
function tcpSelector(t: string[], i: number, ctx: Ctx, w: string): Step {
  if (t[i + 1] === 'flags') {
    // `tcp flags syn`, `tcp flags & (fin|syn|rst|ack) == syn`: what a connection's first packet carries.
    const { op, value, next } = operand(t, i + 2);
    if (op === '==' && value === 'syn') return { next, rule: 'yes' };
    const rest = t.slice(i + 2, i + 9);
    const eq = rest.indexOf('==');
    if (rest[0] === '&' && eq > 0 && rest[eq + 1] === 'syn') return { next: i + 2 + eq + 2, rule: 'yes' };
    return { next, rule: `tcp flags ${op === '==' ? '' : `${op} `}${value}` };
  }
  return portSelector(t, i + 1, ctx, w);
}

/** `ip ...` / `ip6 ...`: the source is judged when known; the destination and the rest are conditions. */
function ipSelector(t: string[], i: number, ctx: Ctx, w: string): Step {
  const { flow } = ctx;
  if ((w === 'ip6') !== flow.v6) return { next: i + 3, rule: 'no' }; // a match on the other IP family
  const field = t[i + 1] ?? '';
  if (field === 'protocol' || field === 'nexthdr')
    return compare(t, i + 2, `${w} ${field}`, ctx, (v) => v === 'tcp' || v === '6');
  if (field === 'saddr' && !flow.v6)
    return compare(t, i + 2, 'from', ctx, (v) => (flow.source === null ? null : addressIn(v, flow.source)));
  const { op, value, next } = operand(t, i + 2);
  const what = field === 'saddr' ? 'from' : field === 'daddr' ? 'to' : `${w} ${field}`;
  return { next, rule: `${what} ${op === '==' ? '' : `${op} `}${value}` };
}

/** `meta <key>`, `ct <key>` and `fib daddr type`. */
function metaSelector(t: string[], i: number, ctx: Ctx, w: string): Step {
  const key = t[i + 1] ?? '';
  if (w === 'meta' && (key === 'iif' || key === 'iifname' || key === 'oif' || key === 'oifname'))
    return expression(t, i + 1, ctx);
  if (w === 'meta' && key === 'l4proto')
    return compare(t, i + 2, 'meta l4proto', ctx, (v) => v === 'tcp' || v === '6');
  if (w === 'meta' && key === 'nfproto')
    return compare(t, i + 2, 'meta nfproto', ctx, (v) => v === (ctx.flow.v6 ? 'ipv6' : 'ipv4'));
  if (w === 'ct' && key === 'state') return compare(t, i + 2, 'ct state', ctx, (v) => v === 'new');
  if (w === 'fib' && key === 'daddr' && t[i + 2] === 'type')
    return compare(t, i + 3, 'fib daddr type', ctx, (v) => v === 'local');
  const { op, value, next } = operand(t, i + 2);
  return { next, rule: `${w} ${key} ${op === '==' ? '' : `${op} `}${value}` };
}

const OTHER_PROTOCOLS = new Set(['udp', 'sctp', 'dccp', 'udplite', 'icmp', 'icmpv6', 'esp', 'ah']);

/** One expression at t[i]. */
function expression(t: string[], i: number, ctx: Ctx): Step {
  const w = t[i] ?? '';
  if (w === 'tcp' || w === 'th') return tcpSelector(t, i, ctx, w);
  // A match on another protocol's header implies that protocol.
  if (OTHER_PROTOCOLS.has(w)) return { next: i + 3, rule: 'no' };
  if (w === 'ip' || w === 'ip6') return ipSelector(t, i, ctx, w);
  if (w === 'iif' || w === 'iifname') {
    // Traffic from outside never arrives on the loopback interface.
    return compare(t, i + 1, 'on interface', ctx, (v) => (v.replace(/"/g, '') === 'lo' ? false : null));
  }
  if (w === 'oif' || w === 'oifname')
    return { ...operand(t, i + 1), rule: `out of interface ${t[i + 1] ?? ''}` };
  if (w === 'meta' || w === 'ct' || w === 'fib') return metaSelector(t, i, ctx, w);
  if (w === 'xt')
    return { next: i + 3, rule: `${t.slice(i, i + 3).join(' ')} (an iptables match nft cannot show)` };
  return { next: i + 1, rule: w };
}

/** The verdict at t[i], if one starts there. */
function action(t: string[], i: number): NftAction | null {
  const w = t[i] ?? '';
  if (VERDICTS.has(w)) return { kind: w } as NftAction;
  if (w === 'jump' || w === 'goto') return { kind: w, chain: t[i + 1] ?? '' };
  if (w === 'queue' || w === 'masquerade' || w === 'snat' || w === 'dnat' || w === 'redirect')
    return { kind: 'other', text: t.slice(i).join(' ') };
  if (w === 'xt' && t[i + 1] === 'target') return { kind: 'other', text: t.slice(i).join(' ') };
  return null;
}

const LOG_OPTIONS = new Set(['prefix', 'level', 'flags', 'group', 'snaplen', 'queue-threshold']);

/**
 * How many tokens a statement that lets the packet go on takes at t[i] (counters, logs, comments, marks,
 * tracing), 0 when none starts there. A rate limit is one too, noted as a condition.
 */
function statementLength(t: string[], i: number, conditions: string[]): number {
  const w = t[i] ?? '';
  if (w === 'counter') return t[i + 1] === 'packets' ? 5 : 1;
  if (w === 'log') {
    let j = i + 1;
    while (LOG_OPTIONS.has(t[j] ?? '')) j += 2;
    return j - i;
  }
  if (w === 'comment') return 2;
  if (w === 'notrack') return 1;
  if ((w === 'meta' || w === 'ct') && t[i + 2] === 'set') return 4;
  if (w === 'limit') {
    let j = i + 2; // limit rate
    if (t[j] === 'over') j++;
    j++; // 10/second
    if (t[j] === 'burst') j += 3; // burst 5 packets
    conditions.push(`within the rate limit ${t.slice(i + 2, j).join(' ')}`);
    return j - i;
  }
  return 0;
}

export function matchNftRule(tokens: string[], ctx: Ctx): NftMatch {
  const conditions: string[] = [];
  let act: NftAction | null = null;
  let i = 0;
  while (i < tokens.length && act === null) {
    act = action(tokens, i);
    if (act) break;
    const skip = statementLength(tokens, i, conditions);
    if (skip > 0) {
      i += skip;
      continue;
    }
    const step = expression(tokens, i, ctx);
    if (step.rule === 'no') return { kind: 'no' };
    if (step.action) act = step.action;
    else if (step.rule !== 'yes') conditions.push(step.rule);
    i = Math.max(step.next, i + 1);
  }
  return { kind: conditions.length > 0 ? 'maybe' : 'yes', conditions, action: act };
}
