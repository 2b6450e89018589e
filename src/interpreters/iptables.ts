/**
 * Reads `iptables --list` output (with or without -n, -v, --line-numbers; one chain or all) and
 * decides whether a new inbound TCP connection to a port is blocked: walk INPUT in order, follow
 * jumps into the chains the listing shows, first ACCEPT / DROP / REJECT wins, else INPUT's policy.
 *
 * Pure: no I/O. Linear in the input: each line is read once, each chain is evaluated at most once
 * (its outcome for the one flow being judged is memoised), and no regular expression can backtrack.
 *
 * The flow is the first packet of a new connection from outside to the node itself, so some
 * conditions are known and evaluated: `state`/`ctstate` (it is NEW), `flags:` (a SYN),
 * `ADDRTYPE match dst-type` (LOCAL), `-f` (not a fragment), ports (names from /etc/services).
 * Conditions it may or may not meet (source unless `options.source` is IPv4, destination,
 * interface, source port, mark, anything unrecognised) keep a rule from being applied; a note
 * records each such rule that would have decided. Without -v, iptables prints no interfaces, so
 * `-i lo -j ACCEPT` reads as "ACCEPT all anywhere anywhere": that exact shape is read as loopback.
 * A jump to a chain the text does not show is passed over; an allow reached after one becomes
 * `unknown`, as does any allow when iptables-nft warns that legacy tables exist.
 */
import type { InterpretOptions, IptablesVerdict, RuleRef } from '../domain/verdicts.js';
import { TCP_SERVICES } from './services.js';

/** Printed by iptables-nft (on stderr) when iptables-legacy rules also exist: those are not in the listing. */
const LEGACY_WARNING = 'iptables-legacy tables present';

/** Targets that do something to the packet and let it continue down the chain. */
const NON_TERMINATING = new Set([
  'LOG',
  'NFLOG',
  'ULOG',
  'MARK',
  'CONNMARK',
  'CONNSECMARK',
  'SECMARK',
  'CLASSIFY',
  'DSCP',
  'TOS',
  'TTL',
  'HL',
  'TCPMSS',
  'TCPOPTSTRIP',
  'CT',
  'NOTRACK',
  'TRACE',
  'AUDIT',
  'SET',
  'IDLETIMER',
  'LED',
  'CHECKSUM',
  'RATEEST',
  'TEE',
]);

/** At most this many notes about skipped rules; the rest are counted. */
const MAX_RULE_NOTES = 12;
/** Deeper chain nesting than this is not followed (iptables itself stops well before). */
const MAX_DEPTH = 200;

interface Layout {
  num: boolean;
  counters: boolean;
  ifaces: boolean;
}

interface Rule {
  /** The line as printed, trimmed. */
  line: string;
  /** 1-based position in its chain (from the num column when present). */
  position: number;
  /** Empty when the rule has no target (a counting rule). */
  target: string;
  prot: string;
  opt: string;
  inIface: string | null;
  outIface: string | null;
  source: string;
  destination: string;
  extras: string;
}

interface Chain {
  name: string;
  /** `Chain INPUT (policy DROP)` as printed, trimmed. */
  header: string;
  /** Built-in chains only. */
  policy: string | null;
  rules: Rule[];
  /** Whether the listing has in/out columns (-v); null when the column header was missing. */
  ifaces: boolean | null;
  /** Set when a line inside the chain could not be read as a rule. */
  unreadable: string | null;
}

interface Listing {
  chains: Map<string, Chain>;
  duplicates: Set<string>;
  legacyWarning: boolean;
  /** A line where iptables reported an error instead of listing (e.g. not root). */
  errorLine: string | null;
}

// ---------------------------------------------------------------- reading the listing

/** Strips what chat clients wrap around pasted output: code fences and quote markers. */
function cleanLine(raw: string): string {
  let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  let start = 0;
  while (start < line.length && (line[start] === ' ' || line[start] === '\t')) start++;
  if (line.startsWith('```', start)) line = line.slice(start + 3);
  else if (line.startsWith('&gt; ', start)) line = line.slice(start + 5);
  else if (line.startsWith('> ', start)) line = line.slice(start + 2);
  if (line.endsWith('```')) line = line.slice(0, -3);
  return line;
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** Whitespace-separated tokens with the offset just past each one. */
function tokens(s: string, limit = Infinity): { text: string; end: number }[] {
  const out: { text: string; end: number }[] = [];
  let i = 0;
  while (i < s.length && out.length < limit) {
    while (i < s.length && isSpace(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    while (i < s.length && !isSpace(s[i])) i++;
    out.push({ text: s.slice(start, i), end: i });
  }
  return out;
}

function parseChainHeader(line: string): { name: string; policy: string | null } | null {
  if (!line.startsWith('Chain ')) return null;
  const open = line.indexOf(' (', 6);
  if (open < 0 || !line.trimEnd().endsWith(')')) return null;
  const name = line.slice(6, open);
  if (name.length === 0 || name.includes(' ')) return null;
  const inside = line.slice(open + 2, line.trimEnd().length - 1);
  if (inside.startsWith('policy ')) {
    const policy = tokens(inside.slice(7), 1)[0]?.text ?? null;
    return { name, policy };
  }
  return { name, policy: null };
}

function parseColumnHeader(line: string): Layout | null {
  const t = tokens(line).map((x) => x.text);
  let i = 0;
  const num = t[i] === 'num';
  if (num) i++;
  const counters = t[i] === 'pkts' && t[i + 1] === 'bytes';
  if (counters) i += 2;
  if (t[i] !== 'target' || t[i + 1] !== 'prot' || t[i + 2] !== 'opt') return null;
  i += 3;
  const ifaces = t[i] === 'in' && t[i + 1] === 'out';
  if (ifaces) i += 2;
  if (t[i] !== 'source' || t[i + 1] !== 'destination' || t.length !== i + 2) return null;
  return { num, counters, ifaces };
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (const c of s) if (c < '0' || c > '9') return false;
  return true;
}

function isCounter(s: string): boolean {
  const last = s[s.length - 1];
  return isDigits(s) || (s.length > 1 && 'KMGTP'.includes(last ?? '') && isDigits(s.slice(0, -1)));
}

function isOpt(s: string | undefined): boolean {
  return s === '--' || s === '-f' || s === '!f';
}

function parseRule(raw: string, layout: Layout, counted: number): Rule | null {
  const line = raw.trim();
  const t = tokens(line, 12);
  let i = 0;
  let position = counted + 1;
  if (layout.num) {
    const n = t[i++]?.text;
    if (n === undefined || !isDigits(n)) return null;
    position = Number(n);
  }
  if (layout.counters) {
    if (!isCounter(t[i]?.text ?? '') || !isCounter(t[i + 1]?.text ?? '')) return null;
    i += 2;
  }
  let target = '';
  if (!isOpt(t[i + 1]?.text)) {
    if (!isOpt(t[i + 2]?.text)) return null;
    target = t[i++]?.text ?? '';
  }
  const prot = t[i++]?.text ?? '';
  const opt = t[i++]?.text ?? '';
  let inIface: string | null = null;
  let outIface: string | null = null;
  if (layout.ifaces) {
    inIface = t[i++]?.text ?? null;
    outIface = t[i++]?.text ?? null;
  }
  const source = t[i++];
  const destination = t[i];
  if (source === undefined || destination === undefined || inIface === '' || outIface === '') return null;
  return {
    line,
    position,
    target,
    prot,
    opt,
    inIface,
    outIface,
    source: source.text,
    destination: destination.text,
    extras: line.slice(destination.end).trim(),
  };
}

function parseListing(output: string): Listing {
  const chains = new Map<string, Chain>();
  const duplicates = new Set<string>();
  let legacyWarning = false;
  let errorLine: string | null = null;
  let current: Chain | null = null;
  let layout: Layout | null = null;
  let expectColumns = false;

  for (const raw of output.split('\n')) {
    const line = cleanLine(raw);
    const trimmed = line.trim();
    if (trimmed.includes(LEGACY_WARNING)) legacyWarning = true;

    const header = parseChainHeader(trimmed);
    if (header) {
      current = {
        name: header.name,
        header: trimmed,
        policy: header.policy,
        rules: [],
        ifaces: null,
        unreadable: null,
      };
      if (chains.has(header.name)) duplicates.add(header.name);
      else chains.set(header.name, current);
      layout = null;
      expectColumns = true;
      continue;
    }
    if (current && expectColumns) {
      expectColumns = false;
      layout = parseColumnHeader(trimmed);
      if (layout) {
        current.ifaces = layout.ifaces;
        continue;
      }
      current.unreadable = trimmed;
      current = null;
    }
    if (current && layout) {
      if (trimmed === '') {
        current = null;
        continue;
      }
      const rule = parseRule(trimmed, layout, current.rules.length);
      if (rule) {
        current.rules.push(rule);
        continue;
      }
      current.unreadable = trimmed;
      current = null;
    }
    // `iptables v1.8.9 (nf_tables): Could not fetch ...`, `iptables: No chain/target/match by that name.`
    if (errorLine === null && /^ip6?tables(-\w+)?(:| v)/.test(trimmed) && trimmed.includes(': '))
      errorLine = trimmed;
  }
  return { chains, duplicates, legacyWarning, errorLine };
}

// ---------------------------------------------------------------- matching one rule

/** The flow being judged: a new inbound TCP connection (its first packet, a SYN). */
interface Flow {
  port: number;
  /** IPv4 source as a 32-bit number, when known. */
  source: number | null;
}

type Match = { kind: 'yes' } | { kind: 'no' } | { kind: 'maybe'; conditions: string[] };

function parseIpv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!isDigits(p) || p.length > 3) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** `192.0.2.7`, `10.224.0.0/16` or `10.0.0.0/255.0.0.0` -> membership test; null when not IPv4. */
function parseIpv4Prefix(s: string): ((ip: number) => boolean) | null {
  const slash = s.indexOf('/');
  const base = parseIpv4(slash < 0 ? s : s.slice(0, slash));
  if (base === null) return null;
  let mask = 0xffffffff;
  if (slash >= 0) {
    const m = s.slice(slash + 1);
    if (isDigits(m) && Number(m) <= 32) {
      const bits = Number(m);
      mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    } else {
      const dotted = parseIpv4(m);
      if (dotted === null) return null;
      mask = dotted;
    }
  }
  const net = (base & mask) >>> 0;
  return (ip) => (ip & mask) >>> 0 === net;
}

function isAnyAddress(s: string): boolean {
  return s === 'anywhere' || s === '0.0.0.0/0' || s === '::/0';
}

/** A port as printed: a number or a service name from /etc/services. */
function portValue(s: string): number | null {
  if (isDigits(s)) return Number(s);
  return TCP_SERVICES.get(s) ?? null;
}

/**
 * `ssh`, `10250`, `webmin:11000` (a range), `ssh,10250,10000:11000` (multiport list).
 * Returns whether the port is in it, or null when a name is not a known service.
 */
function portListContains(list: string, port: number): boolean | null {
  let unknown = false;
  for (const item of list.split(',')) {
    const colon = item.indexOf(':');
    const lo = portValue(colon < 0 ? item : item.slice(0, colon));
    const hi = colon < 0 ? lo : portValue(item.slice(colon + 1));
    if (lo === null || hi === null) {
      unknown = true;
      continue;
    }
    if (port >= lo && port <= hi) return true;
  }
  return unknown ? null : false;
}

const TCP_FLAGS = new Map<string, number>([
  ['FIN', 0x01],
  ['SYN', 0x02],
  ['RST', 0x04],
  ['PSH', 0x08],
  ['ACK', 0x10],
  ['URG', 0x20],
  ['ECE', 0x40],
  ['CWR', 0x80],
  ['ALL', 0x3f],
  ['NONE', 0],
]);

/** The flags of the packet that opens a TCP connection. */
const SYN = 0x02;

function flagValue(s: string): number | null {
  if (s.startsWith('0x')) {
    const v = Number.parseInt(s.slice(2), 16);
    return Number.isNaN(v) ? null : v;
  }
  let v = 0;
  for (const name of s.split(',')) {
    const f = TCP_FLAGS.get(name);
    if (f === undefined) return null;
    v |= f;
  }
  return v;
}

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

function matchRule(rule: Rule, flow: Flow, verbose: boolean): Match {
  if (!protAdmitsTcp(rule.prot)) return { kind: 'no' };
  if (rule.opt === '-f') return { kind: 'no' }; // non-first fragments only
  const conditions: string[] = [];

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
      if (inPrefix(flow.source) === negSource) return { kind: 'no' };
    } else {
      conditions.push(negSource ? `from outside ${source}` : `from ${source}`);
    }
  } else if (negSource) {
    return { kind: 'no' };
  }
  if (!isAnyAddress(rule.destination)) conditions.push(`to ${rule.destination}`);

  const t = extraTokens(rule.extras);
  let unknown: string[] = [];
  const flushUnknown = (): void => {
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
    if (tok === 'tcp' || tok === 'udp' || tok === 'sctp' || tok === 'dccp' || tok === 'udplite') {
      flushUnknown();
      continue;
    }
    if (tok.startsWith('dpt:') || tok.startsWith('dpts:')) {
      flushUnknown();
      let value = tok.slice(tok.indexOf(':') + 1);
      const inverted = value.startsWith('!');
      if (inverted) value = value.slice(1);
      const hit = portListContains(value, flow.port);
      if (hit === null) conditions.push(`to port ${value} (a service name this machine does not know)`);
      else if (hit === inverted) return { kind: 'no' };
      continue;
    }
    if (tok.startsWith('spt:') || tok.startsWith('spts:')) {
      flushUnknown();
      conditions.push(`from source port ${tok.slice(tok.indexOf(':') + 1)}`);
      continue;
    }
    if (tok.startsWith('flags:')) {
      flushUnknown();
      let value = tok.slice(6);
      const inverted = value.startsWith('!');
      if (inverted) value = value.slice(1);
      const slash = value.indexOf('/');
      const mask = flagValue(value.slice(0, slash));
      const comp = flagValue(value.slice(slash + 1));
      if (slash < 0 || mask === null || comp === null) conditions.push(`with tcp ${tok}`);
      else if (((SYN & mask) === comp) === inverted) return { kind: 'no' };
      continue;
    }
    if (tok === 'multiport') {
      flushUnknown();
      const kind = t[i + 1] ?? '';
      let list = t[i + 2] ?? '';
      i += 2;
      const inverted = list.startsWith('!');
      if (inverted) list = list.slice(1);
      if (kind === 'sports') {
        conditions.push(`from source ports ${list}`);
        continue;
      }
      const hit = portListContains(list, flow.port);
      if (hit === null) conditions.push(`to ports ${list} (a service name this machine does not know)`);
      else if (kind === 'dports' && hit === inverted) return { kind: 'no' };
      else if (kind === 'ports' && inverted && hit) return { kind: 'no' };
      else if (kind === 'ports' && !hit)
        conditions.push(`when the source port is ${inverted ? 'not ' : ''}in ${list}`);
      else if (kind !== 'dports' && kind !== 'ports') conditions.push(`with \`multiport ${kind} ${list}\``);
      continue;
    }
    if (tok === 'state' || tok === 'ctstate') {
      flushUnknown();
      const states = (t[++i] ?? '').split(',');
      // The first packet of a new connection is in conntrack state NEW (and not DNAT'd).
      if (states.includes('NEW') === neg) return { kind: 'no' };
      continue;
    }
    if (tok === 'ADDRTYPE' && t[i + 1] === 'match') {
      flushUnknown();
      i++;
      while (
        t[i + 1] === 'src-type' ||
        t[i + 1] === 'dst-type' ||
        t[i + 1] === 'limit-in' ||
        t[i + 1] === 'limit-out'
      ) {
        const which = t[++i];
        if (which === 'limit-in' || which === 'limit-out') continue;
        let type = t[++i] ?? '';
        const inverted = type.startsWith('!');
        if (inverted) type = type.slice(1);
        if (which === 'dst-type') {
          // Traffic to the node's own address: LOCAL, and not BROADCAST, MULTICAST and the rest.
          if (type.split(',').includes('LOCAL') === inverted) return { kind: 'no' };
        } else {
          conditions.push(`from address type ${inverted ? '!' : ''}${type}`);
        }
      }
      continue;
    }
    if (tok === 'mark' && t[i + 1] === 'match') {
      flushUnknown();
      const value = t[i + 2] === '!' ? `!${t[i + 3] ?? ''}` : (t[i + 2] ?? '');
      i += t[i + 2] === '!' ? 3 : 2;
      conditions.push(`with mark match ${value}`);
      continue;
    }
    if (tok === 'reject-with') {
      flushUnknown();
      i++;
      continue;
    }
    unknown.push(neg ? `! ${tok}` : tok);
  }
  flushUnknown();

  // Without -v, iptables prints no interfaces: `-i lo -j ACCEPT` looks like "accept everything".
  if (
    !verbose &&
    rule.target === 'ACCEPT' &&
    (rule.prot === 'all' || rule.prot === '0') &&
    rule.opt === '--' &&
    rule.source === rule.destination &&
    isAnyAddress(rule.source) &&
    rule.extras === ''
  ) {
    conditions.push('HIDDEN_INTERFACE');
  }
  return conditions.length > 0 ? { kind: 'maybe', conditions } : { kind: 'yes' };
}

// ---------------------------------------------------------------- walking the chains

interface Outcome {
  decision: 'accept' | 'block' | 'return';
  chain?: string;
  rule?: Rule;
  notes: string[];
  /** Chains jumped to on the way that the listing does not show. */
  unlisted: string[];
}

function verb(target: string): string {
  if (target === 'ACCEPT') return 'accepts';
  if (target === 'DROP') return 'drops';
  if (target === 'REJECT') return 'rejects';
  if (target === 'RETURN') return `returns early (skipping the rest of the chain)`;
  return `jumps to ${target}`;
}

function addNote(notes: string[], note: string): void {
  if (notes.includes(note)) return;
  if (notes.length < MAX_RULE_NOTES) notes.push(note);
  else if (notes.length === MAX_RULE_NOTES) notes.push('further skipped rules not listed');
}

class Evaluator {
  private readonly memo = new Map<string, Outcome>();
  private readonly active = new Set<string>();

  constructor(
    private readonly listing: Listing,
    private readonly flow: Flow,
  ) {}

  evaluate(name: string, depth: number): Outcome {
    const cached = this.memo.get(name);
    if (cached) return cached;
    const chain = this.listing.chains.get(name);
    if (!chain) return { decision: 'return', notes: [], unlisted: [name] };
    this.active.add(name);
    const outcome = this.walk(chain, depth);
    this.active.delete(name);
    this.memo.set(name, outcome);
    return outcome;
  }

  private walk(chain: Chain, depth: number): Outcome {
    const notes: string[] = [];
    const unlisted: string[] = [];
    const where = (rule: Rule): string => `rule ${rule.position} in ${chain.name}`;
    if (chain.unreadable !== null) {
      addNote(
        notes,
        `could not read a line of chain ${chain.name}, stopped there: "${chain.unreadable.slice(0, 80)}"`,
      );
    }

    for (const rule of chain.rules) {
      const target = rule.target;
      if (target === '' || NON_TERMINATING.has(target)) continue;
      const match = matchRule(rule, this.flow, chain.ifaces === true);
      if (match.kind === 'no') continue;
      const terminal = target === 'ACCEPT' || target === 'DROP' || target === 'REJECT' || target === 'RETURN';
      const known = this.listing.chains.has(target);

      if (match.kind === 'maybe') {
        if (match.conditions.includes('HIDDEN_INTERFACE')) {
          addNote(
            notes,
            `${where(rule)} looks like "accept everything", but a listing without -v does not show interfaces ` +
              'and `-i lo -j ACCEPT` prints exactly like this: read as loopback only (list with -v to be sure)',
          );
          continue;
        }
        const only = `only ${match.conditions.join(' and ')}`;
        if (terminal) {
          addNote(notes, `${where(rule)} ${verb(target)} ${only}: skipped`);
        } else if (!known) {
          addNote(notes, `${where(rule)} jumps to ${target} (not in this listing) ${only}: skipped`);
        } else if (depth < MAX_DEPTH && !this.active.has(target)) {
          const inner = this.evaluate(target, depth + 1);
          if (inner.decision !== 'return' && inner.rule) {
            const what = inner.decision === 'block' ? 'would block the port' : 'would accept it';
            addNote(
              notes,
              `${where(rule)} jumps to ${target} ${only} (rule ${inner.rule.position} in ${inner.chain} ${what}): skipped`,
            );
          }
        }
        continue;
      }

      if (target === 'ACCEPT') return { decision: 'accept', chain: chain.name, rule, notes, unlisted };
      if (target === 'DROP' || target === 'REJECT')
        return { decision: 'block', chain: chain.name, rule, notes, unlisted };
      if (target === 'RETURN') return { decision: 'return', notes, unlisted };
      if (!known || this.active.has(target) || depth >= MAX_DEPTH) {
        const why = !known
          ? target === 'NFQUEUE' || target === 'QUEUE'
            ? 'hands the packet to a userspace program'
            : `jumps to ${target}, which is not in this listing`
          : `jumps to ${target} in a loop or too deep to follow`;
        addNote(notes, `${where(rule)} ${why}`);
        unlisted.push(target);
        continue;
      }
      const inner = this.evaluate(target, depth + 1);
      for (const n of inner.notes) addNote(notes, n);
      unlisted.push(...inner.unlisted.filter((u) => !unlisted.includes(u)));
      if (inner.decision !== 'return') return { ...inner, notes, unlisted };
    }
    return { decision: 'return', notes, unlisted };
  }
}

// ---------------------------------------------------------------- the verdict

function unknown(notes: string[], evidence: string | null = null, port?: number): IptablesVerdict {
  const v: IptablesVerdict = { kind: 'iptables-list', verdict: 'unknown', evidence, notes };
  if (port !== undefined) v.port = port;
  return v;
}

export function interpretIptables(output: string, options: InterpretOptions): IptablesVerdict {
  const listing = parseListing(output);
  const port = options.port;
  const input = listing.chains.get('INPUT');

  if (!input) {
    const notes = [
      'no `Chain INPUT` in the text: pass the output of `iptables -L INPUT` (or `iptables --list`)',
    ];
    if (listing.errorLine)
      notes.unshift(`iptables reported an error instead of listing rules: ${listing.errorLine}`);
    return unknown(notes, listing.errorLine, port);
  }
  if (port === undefined) return unknown(['no port given: say which TCP port to judge (--port N)']);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return unknown([`${port} is not a TCP port number (1-65535)`], null, port);
  }

  const notes: string[] = [];
  let source: number | null = null;
  if (options.source !== undefined) {
    source = parseIpv4(options.source);
    if (source === null)
      notes.push(`source ${options.source} is not an IPv4 address: source-scoped rules are not evaluated`);
  }
  if (listing.duplicates.has('INPUT'))
    notes.push('the text holds more than one INPUT chain: read the first one');

  const outcome = new Evaluator(listing, { port, source }).evaluate('INPUT', 0);
  notes.push(...outcome.notes);

  let verdict: IptablesVerdict['verdict'];
  let decidedBy: RuleRef;
  let evidence: string;
  if (outcome.decision !== 'return' && outcome.rule && outcome.chain) {
    verdict = outcome.decision === 'accept' ? 'allows-port' : 'blocks-port';
    decidedBy = { chain: outcome.chain, rule: outcome.rule.position, target: outcome.rule.target };
    evidence = outcome.rule.line;
  } else if (input.policy === 'ACCEPT' || input.policy === 'DROP') {
    verdict = input.policy === 'ACCEPT' ? 'allows-port' : 'blocks-port';
    decidedBy = { chain: 'INPUT', rule: 'policy', target: input.policy };
    evidence = input.header;
    notes.push(`no rule decided tcp/${port}: INPUT's policy ${input.policy} applies`);
  } else {
    notes.push(`no rule decided tcp/${port} and the INPUT header shows no policy`);
    return unknown(notes, input.header, port);
  }

  const unlisted = [...new Set(outcome.unlisted)];
  if (unlisted.length > 0) {
    const chains = unlisted.join(', ');
    if (verdict === 'allows-port') {
      notes.push(
        `would be allowed, but the packet first passes ${chains}, not in this listing, which could drop it: ` +
          `list ${unlisted.length > 1 ? 'them' : 'it'} too (iptables -L ${unlisted[0]})`,
      );
      return unknown(notes, evidence, port);
    }
    notes.push(
      `the packet first passes ${chains}, not in this listing; only an ACCEPT there would change this`,
    );
  }
  if (listing.legacyWarning) {
    if (verdict === 'allows-port') {
      notes.push(
        'iptables-nft warns that iptables-legacy tables are present: their rules are not in this listing and ' +
          'could drop the port (list them with iptables-legacy -L)',
      );
      return unknown(notes, evidence, port);
    }
    notes.push(
      'iptables-legacy tables are present as well (not in this listing); they cannot undo this drop',
    );
  }
  return { kind: 'iptables-list', verdict, evidence, notes, port, decidedBy };
}
