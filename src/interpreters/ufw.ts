/**
 * Reads `ufw status` (plain, `verbose` or `numbered`) and decides whether a new inbound TCP
 * connection to a port is let in: the first incoming rule that matches decides, else the default
 * incoming policy.
 *
 * Pure: no I/O. Linear in the input, no backtracking regular expressions.
 *
 * What ufw prints, and what this relies on (checked against ufw 0.36.2):
 * - plain and verbose list incoming rules first (IPv4 then `(v6)`), then, after a blank line,
 *   outgoing (`ALLOW OUT`) and routed (`ALLOW FWD`) rules; `numbered` lists every IPv4 rule in
 *   the order it was added, whatever its direction, then every IPv6 rule, and numbers them in that
 *   order (`ufw delete N` takes that number).
 * - an IPv6 rule reads `... (v6)`, except one scoped to an IPv6 address (`2001:db8::/32`).
 * - application profiles read `Kubelet` in plain output and `10250/tcp (Kubelet)` in verbose.
 */
import type { InterpretOptions, UfwRuleRef, UfwVerdict } from '../domain/verdicts.js';

const ACTIONS = new Set(['ALLOW', 'DENY', 'REJECT', 'LIMIT']);
const DIRECTIONS = new Set(['IN', 'OUT', 'FWD']);
const PROTOCOLS = new Set(['tcp', 'udp', 'ah', 'esp', 'gre', 'ipv6', 'igmp']);
const MAX_RULE_NOTES = 12;

type Policy = NonNullable<UfwVerdict['defaultIncoming']>;

/** One side of a rule (`To` or `From`) as ufw prints it. */
interface Endpoint {
  /** As printed (comment and `(out)` marker removed). */
  text: string;
  v6: boolean;
  iface: string | null;
  /** Null for Anywhere. */
  address: string | null;
  /** Port list without protocol (`22,80,10000:10300`), null for any port. */
  ports: string | null;
  proto: string | null;
  /** Application profile name. */
  app: string | null;
}

interface Row {
  line: string;
  /** From `[ n]` in numbered output, else null. */
  printedNumber: number | null;
  number: number;
  to: Endpoint;
  action: string;
  actionText: string;
  direction: string;
  from: Endpoint;
  v6: boolean;
}

// ---------------------------------------------------------------- addresses

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (const c of s) if (c < '0' || c > '9') return false;
  return true;
}

function parseIpv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!isDigits(p) || p.length > 3 || Number(p) > 255) return null;
    out.push(Number(p));
  }
  return out;
}

function isHex(s: string): boolean {
  if (s.length === 0 || s.length > 4) return false;
  for (const c of s.toLowerCase()) if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

/** IPv6 address -> 16 bytes. */
function parseIpv6(s: string): number[] | null {
  if (!s.includes(':')) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i] ?? '';
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item);
        if (!v4) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (isHex(item)) {
        out.push(Number.parseInt(item, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return null;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

interface Address {
  v6: boolean;
  bytes: number[];
}

function parseAddress(s: string): Address | null {
  const v4 = parseIpv4(s);
  if (v4) return { v6: false, bytes: v4 };
  const v6 = parseIpv6(s);
  return v6 ? { v6: true, bytes: v6 } : null;
}

/** `10.224.0.0/16`, `192.0.2.7`, `2001:db8::/32`. */
function parsePrefix(s: string): { v6: boolean; bytes: number[]; bits: number } | null {
  const slash = s.indexOf('/');
  const addr = parseAddress(slash < 0 ? s : s.slice(0, slash));
  if (!addr) return null;
  const max = addr.v6 ? 128 : 32;
  const bitsText = slash < 0 ? String(max) : s.slice(slash + 1);
  if (!isDigits(bitsText) || Number(bitsText) > max) return null;
  return { ...addr, bits: Number(bitsText) };
}

function prefixContains(prefix: { v6: boolean; bytes: number[]; bits: number }, addr: Address): boolean {
  if (prefix.v6 !== addr.v6) return false;
  for (let bit = 0; bit < prefix.bits; bit += 8) {
    const take = Math.min(8, prefix.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const i = bit / 8;
    if (((prefix.bytes[i] ?? 0) & mask) !== ((addr.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
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

function words(s: string): string[] {
  return s.split(/[ \t]+/).filter((w) => w !== '');
}

/** `22`, `10000:10300`, `22,80,10250` (no protocol). */
function isPortList(s: string): boolean {
  if (s === '') return false;
  for (const item of s.split(',')) {
    const parts = item.split(':');
    if (parts.length > 2 || !parts.every(isDigits)) return false;
  }
  return true;
}

/** Splits `10250/tcp`, `Anywhere/tcp` into value and protocol. */
function splitProto(s: string): [string, string | null] {
  const slash = s.lastIndexOf('/');
  if (slash > 0 && PROTOCOLS.has(s.slice(slash + 1))) return [s.slice(0, slash), s.slice(slash + 1)];
  return [s, null];
}

function isAddressToken(s: string): boolean {
  return parsePrefix(s) !== null;
}

function parseEndpoint(text: string): Endpoint {
  const e: Endpoint = { text, v6: false, iface: null, address: null, ports: null, proto: null, app: null };
  let w = words(text);
  if (w.length >= 3 && w[w.length - 2] === 'on') {
    e.iface = w[w.length - 1] ?? null;
    w = w.slice(0, -2);
  }
  // `(v6)` may stand alone or close an application name: `(WWW Full (v6))`.
  const kept: string[] = [];
  for (const word of w) {
    if (word === '(v6)') e.v6 = true;
    else if (word === '(v6))') {
      e.v6 = true;
      kept.push(')');
    } else kept.push(word);
  }
  let rest = kept.join(' ').replace(' )', ')');
  // verbose prints an application as `80,443/tcp (WWW Full)`
  const open = rest.indexOf(' (');
  if (open > 0 && rest.endsWith(')')) {
    e.app = rest.slice(open + 2, -1);
    rest = rest.slice(0, open);
  }
  const parts = words(rest);
  const first = parts[0] ?? '';
  const [firstValue, firstProto] = splitProto(first);
  const firstIsAny = firstValue === 'Anywhere';
  const firstIsAddress = isAddressToken(firstValue) && !isPortList(firstValue);
  if (parts.length === 1) {
    if (firstIsAny) e.proto = firstProto;
    else if (isPortList(firstValue)) [e.ports, e.proto] = [firstValue, firstProto];
    else if (firstIsAddress) [e.address, e.proto] = [firstValue, firstProto];
    else e.app = e.app ?? rest;
  } else if (
    (firstIsAny || firstIsAddress) &&
    parts.length === 2 &&
    isPortList(splitProto(parts[1] ?? '')[0])
  ) {
    e.address = firstIsAny ? null : firstValue;
    [e.ports, e.proto] = splitProto(parts[1] ?? '');
  } else if (firstIsAny || firstIsAddress) {
    e.address = firstIsAny ? null : firstValue;
    e.app = parts.slice(1).join(' ');
  } else if (parts.length > 0) {
    e.app = rest;
  }
  if (e.address !== null && parseAddress(e.address.split('/')[0] ?? '')?.v6) e.v6 = true;
  return e;
}

function parseRow(line: string): Omit<Row, 'number' | 'v6'> | null {
  let rest = line;
  let printedNumber: number | null = null;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    const n = close < 0 ? '' : rest.slice(1, close).trim();
    if (!isDigits(n)) return null;
    printedNumber = Number(n);
    rest = rest.slice(close + 1);
  }
  // A comment (`# kubelet`) follows the From column.
  const hash = rest.indexOf(' # ');
  if (hash >= 0) rest = rest.slice(0, hash);
  const w = words(rest);
  let at = -1;
  for (let i = 1; i < w.length; i++) {
    if (ACTIONS.has(w[i] ?? '')) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  const action = w[at] ?? '';
  let direction = 'IN';
  let fromStart = at + 1;
  if (DIRECTIONS.has(w[at + 1] ?? '')) {
    direction = w[at + 1] ?? 'IN';
    fromStart++;
  }
  const fromWords = w.slice(fromStart);
  if (fromWords[fromWords.length - 1] === '(out)') fromWords.pop();
  if (fromWords.length === 0) return null;
  return {
    line,
    printedNumber,
    to: parseEndpoint(w.slice(0, at).join(' ')),
    action,
    actionText: w.slice(at, fromStart).join(' '),
    direction,
    from: parseEndpoint(fromWords.join(' ')),
  };
}

interface Status {
  statusLine: string | null;
  active: boolean;
  defaultLine: string | null;
  defaultIncoming: Policy | null;
  rows: Row[];
  numbered: boolean;
  errorLine: string | null;
}

function parseStatus(output: string): Status {
  const s: Status = {
    statusLine: null,
    active: false,
    defaultLine: null,
    defaultIncoming: null,
    rows: [],
    numbered: false,
    errorLine: null,
  };
  let inTable = false;
  let tableDone = false;
  const parsed: Omit<Row, 'number' | 'v6'>[] = [];
  for (const raw of output.split('\n')) {
    const line = cleanLine(raw).trim();
    if (s.statusLine === null && (line === 'Status: active' || line === 'Status: inactive')) {
      s.statusLine = line;
      s.active = line === 'Status: active';
      continue;
    }
    if (s.statusLine === null) {
      if (s.errorLine === null && line.startsWith('ERROR: ')) s.errorLine = line;
      continue;
    }
    if (s.defaultLine === null && line.startsWith('Default: ')) {
      const w = words(line);
      const at = w.findIndex((x) => x.startsWith('(incoming)'));
      const policy = at > 0 ? w[at - 1] : undefined;
      if (policy === 'allow' || policy === 'deny' || policy === 'reject') {
        s.defaultLine = line;
        s.defaultIncoming = policy;
      }
      continue;
    }
    if (tableDone) continue;
    if (!inTable) {
      const w = words(line);
      if (w.length === 3 && w[0] === 'To' && w[1] === 'Action' && w[2] === 'From') inTable = true;
      continue;
    }
    if (line === '' || /^-+ +-+ +-+$/.test(line)) continue;
    const row = parseRow(line);
    if (!row) {
      tableDone = true;
      continue;
    }
    if (row.printedNumber !== null) s.numbered = true;
    parsed.push(row);
  }

  // Numbers as `ufw status numbered` gives them: every IPv4 rule, then every IPv6 rule.
  const v6 = parsed.map((r) => r.to.v6 || r.from.v6);
  const v4Total = v6.filter((x) => !x).length;
  let v4Seen = 0;
  let v6Seen = 0;
  parsed.forEach((r, i) => {
    const isV6 = v6[i] ?? false;
    const position = isV6 ? v4Total + ++v6Seen : ++v4Seen;
    s.rows.push({ ...r, v6: isV6, number: r.printedNumber ?? position });
  });
  return s;
}

// ---------------------------------------------------------------- judging

function portListContains(list: string, port: number): boolean {
  for (const item of list.split(',')) {
    const colon = item.indexOf(':');
    const lo = Number(colon < 0 ? item : item.slice(0, colon));
    const hi = colon < 0 ? lo : Number(item.slice(colon + 1));
    if (port >= lo && port <= hi) return true;
  }
  return false;
}

function ref(row: Row): UfwRuleRef {
  return { number: row.number, to: row.to.text, action: row.actionText, from: row.from.text };
}

function describe(row: Row): string {
  return `rule ${row.number} (${row.to.text} ${row.actionText} from ${row.from.text})`;
}

function addNote(notes: string[], note: string, counter: { skipped: number }): void {
  if (counter.skipped++ < MAX_RULE_NOTES) notes.push(note);
}

export function interpretUfw(output: string, options: InterpretOptions): UfwVerdict {
  const status = parseStatus(output);
  const port = options.port;
  const base = { kind: 'ufw-status' as const, notes: [] as string[] };
  const withPort = <T extends object>(v: T): T => (port === undefined ? v : { ...v, port });

  if (status.statusLine === null) {
    const notes = ['no `Status: active` or `Status: inactive` line from ufw in the text'];
    if (status.errorLine) notes.unshift(`ufw printed an error instead of its status: ${status.errorLine}`);
    return withPort({ ...base, verdict: 'unknown', evidence: status.errorLine, notes });
  }
  if (!status.active) {
    return withPort({
      ...base,
      verdict: 'inactive',
      evidence: status.statusLine,
      notes: ['ufw is not filtering anything: its rules, if any, are not loaded'],
    });
  }
  const defaults: Pick<UfwVerdict, 'defaultIncoming'> = status.defaultIncoming
    ? { defaultIncoming: status.defaultIncoming }
    : {};
  if (port === undefined) {
    return {
      ...base,
      ...defaults,
      verdict: 'unknown',
      evidence: null,
      notes: ['no port given: say which TCP port to judge (--port N)'],
    };
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return {
      ...base,
      ...defaults,
      port,
      verdict: 'unknown',
      evidence: null,
      notes: [`${port} is not a TCP port number (1-65535)`],
    };
  }

  const notes: string[] = [];
  const counter = { skipped: 0 };
  let source: Address | null = null;
  if (options.source !== undefined) {
    source = parseAddress(options.source);
    if (!source)
      notes.push(`source ${options.source} is not an IP address: source-scoped rules are not evaluated`);
  }
  const wantV6 = source?.v6 ?? false;

  let decided: Row | null = null;
  for (const row of status.rows) {
    if (row.direction !== 'IN' || row.v6 !== wantV6) continue;
    const { to, from } = row;
    if ((to.proto !== null && to.proto !== 'tcp') || (from.proto !== null && from.proto !== 'tcp')) continue;
    if (to.app !== null && to.ports === null) {
      addNote(
        notes,
        `${describe(row)} names application profile "${to.app}", whose ports this listing does not show (\`ufw status verbose\` does): skipped`,
        counter,
      );
      continue;
    }
    if (to.ports !== null && !portListContains(to.ports, port)) continue;

    const conditions: string[] = [];
    if (to.address !== null) conditions.push(`to ${to.address}`);
    if (to.iface !== null) conditions.push(`on interface ${to.iface}`);
    if (from.ports !== null) conditions.push(`from source port ${from.ports}`);
    if (from.app !== null) conditions.push(`from application profile "${from.app}"`);
    if (from.address !== null) {
      const prefix = parsePrefix(from.address);
      if (source && prefix) {
        if (!prefixContains(prefix, source)) continue;
      } else {
        conditions.push(`from ${from.address}`);
      }
    }
    if (conditions.length > 0) {
      const what =
        row.action === 'ALLOW' || row.action === 'LIMIT'
          ? 'allows'
          : row.action === 'DENY'
            ? 'denies'
            : 'rejects';
      addNote(
        notes,
        `${describe(row)} ${what} tcp/${port} only ${conditions.join(' and ')}: skipped`,
        counter,
      );
      continue;
    }
    decided = row;
    break;
  }
  if (counter.skipped > MAX_RULE_NOTES)
    notes.push(`${counter.skipped - MAX_RULE_NOTES} more skipped rules not listed`);

  if (decided) {
    const allows = decided.action === 'ALLOW' || decided.action === 'LIMIT';
    if (decided.action === 'LIMIT') {
      notes.push(
        'LIMIT lets the port in, but denies a source that opens 6 or more connections within 30 seconds',
      );
    }
    if (!status.numbered && status.rows.some((r) => r.direction !== 'IN')) {
      notes.push(
        'ufw numbers rules in the order they were added across incoming, outgoing and routed rules, but this ' +
          'listing shows those apart: the rule number is a guess, check it with `ufw status numbered` before `ufw delete`',
      );
    }
    return {
      ...base,
      ...defaults,
      port,
      verdict: allows ? 'allows-port' : 'blocks-port',
      evidence: decided.line,
      notes,
      decidedBy: ref(decided),
    };
  }

  let policy: Policy;
  let evidence: string;
  if (status.defaultIncoming && status.defaultLine) {
    policy = status.defaultIncoming;
    evidence = status.defaultLine;
    notes.push(`no rule matches tcp/${port}: the default incoming policy (${policy}) applies`);
  } else {
    policy = 'deny';
    evidence = status.statusLine;
    notes.push(
      `no rule matches tcp/${port}; this listing does not show the default incoming policy, so ufw's shipped ` +
        'default (deny) is assumed: `ufw status verbose` shows it',
    );
  }
  return {
    ...base,
    port,
    verdict: policy === 'allow' ? 'allows-port' : 'blocks-port',
    evidence,
    notes,
    defaultIncoming: policy,
  };
}
