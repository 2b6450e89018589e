/**
 * Whether one iptables rule (as `iptables --list` prints it) applies to the flow being judged: the
 * first packet of a new inbound TCP connection to the node itself. Some conditions are known and
 * evaluated: `state`/`ctstate` (it is NEW), `flags:` (a SYN), `ADDRTYPE match dst-type` (LOCAL),
 * `-f` (not a fragment), ports (names from /etc/services). Conditions it may or may not meet (source
 * unless the flow's source is known, destination, interface, source port, mark, anything
 * unrecognised) make the match a "maybe" that names them.
 *
 * Pure, and no regular expressions: tokens are compared as strings.
 */
import type { Rule } from './iptables-listing.js';
import { flagValue, isAnyAddress, parseIpv4Prefix, portListContains, SYN } from './iptables-values.js';
import { isSpace } from './paste-text.js';

/** The flow being judged: a new inbound TCP connection (its first packet, a SYN). */
export interface Flow {
  port: number;
  /** IPv4 source as a 32-bit number, when known. */
  source: number | null;
}

export type Match = { kind: 'yes' } | { kind: 'no' } | { kind: 'maybe'; conditions: string[] };

/** The condition pushed for a rule that reads like "accept everything" in a listing without interfaces. */
export const HIDDEN_INTERFACE = 'HIDDEN_INTERFACE';

/** Splits the match text after the destination column; drops `/* comments *\/`, keeps quoted strings whole. */
function extraTokens(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isSpace(s[i])) i++;
    if (i >= s.length) break;
    if (s.startsWith('/*', i)) {
      const end = s.indexOf('*/', i + 2);
      i = end < 0 ? s.length : end + 2;
      continue;
    }
    const start = i;
    if (s[i] === '"') {
      const end = s.indexOf('"', i + 1);
      i = end < 0 ? s.length : end + 1;
    } else {
      while (i < s.length && !isSpace(s[i])) i++;
    }
    out.push(s.slice(start, i));
  }
  return out;
}

/** Protocol column: does it admit TCP? */
function protAdmitsTcp(prot: string): boolean {
  const neg = prot.startsWith('!');
  const p = neg ? prot.slice(1) : prot;
  if (p === 'all' || p === '0') return !neg;
  const tcp = p === 'tcp' || p === '6';
  return neg ? !tcp : tcp;
}

/** The columns before the match text: protocol, fragment, interfaces, addresses. False when the rule cannot apply. */
function matchColumns(rule: Rule, flow: Flow, conditions: string[]): boolean {
  if (!protAdmitsTcp(rule.prot)) return false;
  if (rule.opt === '-f') return false; // non-first fragments only
  for (const [iface, dir] of [
    [rule.inIface, 'on interface'],
    [rule.outIface, 'out of interface'],
  ] as const) {
    if (iface !== null && iface !== '*' && iface !== 'any') {
      conditions.push(iface.startsWith('!') ? `not ${dir} ${iface.slice(1)}` : `${dir} ${iface}`);
    }
  }
  const negSource = rule.source.startsWith('!');
  const source = negSource ? rule.source.slice(1) : rule.source;
  if (!isAnyAddress(source)) {
    const inPrefix = parseIpv4Prefix(source);
    if (flow.source !== null && inPrefix) {
      if (inPrefix(flow.source) === negSource) return false;
    } else {
      conditions.push(negSource ? `from outside ${source}` : `from ${source}`);
    }
  } else if (negSource) {
    return false;
  }
  if (!isAnyAddress(rule.destination)) conditions.push(`to ${rule.destination}`);
  return true;
}

/** One `dpt:`/`dpts:` token: false when the port is outside it. */
function matchDestinationPort(tok: string, flow: Flow, conditions: string[]): boolean {
  let value = tok.slice(tok.indexOf(':') + 1);
  const inverted = value.startsWith('!');
  if (inverted) value = value.slice(1);
  const hit = portListContains(value, flow.port);
  if (hit === null) conditions.push(`to port ${value} (a service name this machine does not know)`);
  else if (hit === inverted) return false;
  return true;
}

/** One `flags:mask/comp` token, judged for a SYN: false when a SYN does not match. */
function matchFlags(tok: string, conditions: string[]): boolean {
  let value = tok.slice(6);
  const inverted = value.startsWith('!');
  if (inverted) value = value.slice(1);
  const slash = value.indexOf('/');
  const mask = flagValue(value.slice(0, slash));
  const comp = flagValue(value.slice(slash + 1));
  if (slash < 0 || mask === null || comp === null) conditions.push(`with tcp ${tok}`);
  else if (((SYN & mask) === comp) === inverted) return false;
  return true;
}

/** `multiport dports|sports|ports LIST`: false when the port is outside it. */
function matchMultiport(kind: string, listText: string, flow: Flow, conditions: string[]): boolean {
  let list = listText;
  const inverted = list.startsWith('!');
  if (inverted) list = list.slice(1);
  if (kind === 'sports') {
    conditions.push(`from source ports ${list}`);
    return true;
  }
  const hit = portListContains(list, flow.port);
  if (hit === null) conditions.push(`to ports ${list} (a service name this machine does not know)`);
  else if (kind === 'dports' && hit === inverted) return false;
  else if (kind === 'ports' && inverted && hit) return false;
  else if (kind === 'ports' && !hit)
    conditions.push(`when the source port is ${inverted ? 'not ' : ''}in ${list}`);
  else if (kind !== 'dports' && kind !== 'ports') conditions.push(`with \`multiport ${kind} ${list}\``);
  return true;
}

const ADDRTYPE_WORDS = new Set(['src-type', 'dst-type', 'limit-in', 'limit-out']);

/** `ADDRTYPE match dst-type LOCAL ...` from t[i] (the word `match`); returns the last token read, or -1 for no match. */
function matchAddrtype(t: string[], at: number, conditions: string[]): number {
  let i = at;
  while (ADDRTYPE_WORDS.has(t[i + 1] ?? '')) {
    const which = t[++i];
    if (which === 'limit-in' || which === 'limit-out') continue;
    let type = t[++i] ?? '';
    const inverted = type.startsWith('!');
    if (inverted) type = type.slice(1);
    if (which === 'dst-type') {
      // Traffic to the node's own address: LOCAL, and not BROADCAST, MULTICAST and the rest.
      if (type.split(',').includes('LOCAL') === inverted) return -1;
    } else {
      conditions.push(`from address type ${inverted ? '!' : ''}${type}`);
    }
  }
  return i;
}

const L4_WORDS = new Set(['tcp', 'udp', 'sctp', 'dccp', 'udplite']);

/**
 * One known match at t[i] (`dpt:`, `multiport`, `state`, ...): returns the index of its last token, -1 when it
 * rules the flow out, or null when the token is not one this reader knows.
 */
function matchKnown(
  t: string[],
  i: number,
  neg: boolean,
  flow: Flow,
  conditions: string[],
  flush: () => void,
): number | null {
  const tok = t[i] ?? '';
  const c = tok[0];
  // The first character picks the few comparisons worth making: a listing has many rules and few kinds of match.
  if (c === 'd' && (tok.startsWith('dpt:') || tok.startsWith('dpts:'))) {
    flush();
    return matchDestinationPort(tok, flow, conditions) ? i : -1;
  }
  if (c === 's' && (tok.startsWith('spt:') || tok.startsWith('spts:'))) {
    flush();
    conditions.push(`from source port ${tok.slice(tok.indexOf(':') + 1)}`);
    return i;
  }
  if (c === 'f' && tok.startsWith('flags:')) {
    flush();
    return matchFlags(tok, conditions) ? i : -1;
  }
  if (L4_WORDS.has(tok)) {
    flush();
    return i;
  }
  if (tok === 'multiport') {
    flush();
    return matchMultiport(t[i + 1] ?? '', t[i + 2] ?? '', flow, conditions) ? i + 2 : -1;
  }
  if (tok === 'state' || tok === 'ctstate') {
    flush();
    // The first packet of a new connection is in conntrack state NEW (and not DNAT'd).
    return (t[i + 1] ?? '').split(',').includes('NEW') === neg ? -1 : i + 1;
  }
  if (tok === 'ADDRTYPE' && t[i + 1] === 'match') {
    flush();
    return matchAddrtype(t, i + 1, conditions);
  }
  if (tok === 'mark' && t[i + 1] === 'match') {
    flush();
    const negated = t[i + 2] === '!';
    conditions.push(`with mark match ${negated ? `!${t[i + 3] ?? ''}` : (t[i + 2] ?? '')}`);
    return i + (negated ? 3 : 2);
  }
  if (tok === 'reject-with') {
    flush();
    return i + 1;
  }
  return null;
}

/**
 * Reads the match text token by token. Returns false as soon as a condition rules the flow out;
 * otherwise the conditions it cannot decide are in `conditions`.
 */
function matchExtras(t: string[], flow: Flow, conditions: string[]): boolean {
  let unknown: string[] = [];
  const flush = (): void => {
    if (unknown.length > 0) conditions.push(`with \`${unknown.join(' ')}\``);
    unknown = [];
  };
  let negate = false;
  for (let i = 0; i < t.length; i++) {
    const tok = t[i] ?? '';
    const neg = negate;
    negate = false;
    if (tok === '!') {
      negate = true;
      continue;
    }
    const last = matchKnown(t, i, neg, flow, conditions, flush);
    if (last === null) unknown.push(neg ? `! ${tok}` : tok);
    else if (last < 0) return false;
    else i = last;
  }
  flush();
  return true;
}

/** Without -v, iptables prints no interfaces: `-i lo -j ACCEPT` looks like "accept everything". */
function looksLikeLoopback(rule: Rule): boolean {
  return (
    rule.target === 'ACCEPT' &&
    (rule.prot === 'all' || rule.prot === '0') &&
    rule.opt === '--' &&
    rule.source === rule.destination &&
    isAnyAddress(rule.source) &&
    rule.extras === ''
  );
}

export function matchRule(rule: Rule, flow: Flow, verbose: boolean): Match {
  const conditions: string[] = [];
  if (!matchColumns(rule, flow, conditions)) return { kind: 'no' };
  if (!matchExtras(extraTokens(rule.extras), flow, conditions)) return { kind: 'no' };
  if (!verbose && looksLikeLoopback(rule)) conditions.push(HIDDEN_INTERFACE);
  return conditions.length > 0 ? { kind: 'maybe', conditions } : { kind: 'yes' };
}
