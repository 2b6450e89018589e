/**
 * Reads `ufw status` (plain, `verbose` or `numbered`) into its status line, default incoming
 * policy and rule rows, numbered as `ufw status numbered` numbers them.
 *
 * What ufw prints, and what this relies on (checked against ufw 0.36.2):
 * - plain and verbose list incoming rules first (IPv4 then `(v6)`), then, after a blank line,
 *   outgoing (`ALLOW OUT`) and routed (`ALLOW FWD`) rules; `numbered` lists every IPv4 rule in
 *   the order it was added, whatever its direction, then every IPv6 rule, and numbers them in that
 *   order (`ufw delete N` takes that number).
 * - an IPv6 rule reads `... (v6)`, except one scoped to an IPv6 address (`2001:db8::/32`).
 * - application profiles read `Kubelet` in plain output and `10250/tcp (Kubelet)` in verbose.
 *
 * Pure: no I/O. Linear in the input, no backtracking regular expressions.
 */
import type { UfwVerdict } from '../domain/verdicts.js';
import { parseAddress, parsePrefix } from './ip-address.js';
import { cleanLine, isDigits, words } from './paste-text.js';

const ACTIONS = new Set(['ALLOW', 'DENY', 'REJECT', 'LIMIT']);
const DIRECTIONS = new Set(['IN', 'OUT', 'FWD']);
const PROTOCOLS = new Set(['tcp', 'udp', 'ah', 'esp', 'gre', 'ipv6', 'igmp']);

export type Policy = NonNullable<UfwVerdict['defaultIncoming']>;

/** One side of a rule (`To` or `From`) as ufw prints it. */
export interface Endpoint {
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

export interface Row {
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

export interface Status {
  statusLine: string | null;
  active: boolean;
  defaultLine: string | null;
  defaultIncoming: Policy | null;
  rows: Row[];
  numbered: boolean;
  errorLine: string | null;
}

export function parseStatus(output: string): Status {
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
