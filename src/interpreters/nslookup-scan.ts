/**
 * One pass over what an nslookup printed, whichever nslookup it was: bind9's (Debian/Ubuntu nodes and
 * images), busybox's (1.29 and later print bind9's shape; older ones print `Address 1: <ip> <name>` and
 * `nslookup: can't resolve '<name>'`), or Windows' (`Server:  UnKnown`, `Addresses:` with the rest of the
 * addresses on indented lines, `DNS request timed out.`, `*** <server> can't find <name>: Non-existent domain`),
 * including the labels Windows translates (Chinese 服务器/名称/非权威应答, Japanese サーバー/名前/権限のない回答).
 * nslookup.ts decides from what this finds; see the fixtures under test/fixtures/nslookup and
 * test/fixtures/public/nslookup for the real output each shape comes from.
 */

/** How a query got no DNS answer at all. */
export type CommErrorKind = 'timed out' | 'connection refused' | 'network unreachable' | 'host unreachable';

export interface Scan {
  /** The DNS server's address (or its name, when no address line followed). */
  server?: string;
  name?: string;
  addresses: string[];
  firstAddressLine: string | null;
  nonAuthoritative: boolean;
  /** bind9 and busybox: `** server can't find x: NXDOMAIN` (also the AAAA half of a lookup that resolved). */
  cantFind: { name: string; rcode: string; line: string }[];
  noAnswer: { name: string; line: string } | null;
  gotServfail: string | null;
  commErrors: { server: string; kind: CommErrorKind; line: string }[];
  /** `;; connection timed out; no servers could be reached` (bind9 before 9.18, busybox). */
  oldTimeout: string | null;
  /** Windows: `*** <server> can't find <name>: <reason>`. */
  windowsFailure: { reason: string; name?: string; line: string } | null;
  /** Windows: `*** Request to <server> timed-out` (or its translation): every attempt timed out. */
  windowsTimeout: string | null;
  /** Windows: `DNS request timed out.` lines (the first is often the server's own name being looked up). */
  requestTimeouts: { count: number; first: string | null };
  /** Old busybox: `nslookup: can't resolve 'x'` with the C library's reason, if it printed one. */
  cantResolve: { name: string; reason: string | null; line: string }[];
  /** Old busybox: `nslookup: can't resolve '(null)'`: it could not name the DNS server (harmless). */
  nullServerLine: string | null;
}

const SERVER_LABELS = new Set(['Server', '服务器', '伺服器', 'サーバー', 'Serveur', '서버']);
const ADDRESS_LABELS = new Set(['Address', 'Addresses', '地址', 'アドレス', 'Adresse', 'Adresses', '주소']);
const NAME_LABELS = new Set(['Name', '名称', '名稱', '名前', 'Nom', '이름']);
const NON_AUTHORITATIVE = new Set([
  'Non-authoritative answer',
  '非权威应答',
  '非授權回答',
  '権限のない回答',
  '권한 없는 응답',
  'Réponse ne faisant pas autorité',
]);

/** `Label:  value [value2]` with the label translated or not, `Address 1:` numbered (old busybox). */
const LABELLED = /^([^\s:]{1,40}(?: \d{1,2})?) ?[:：][ \t]+(\S+)(?:[ \t]+(\S+))?$/;
const CANT_FIND = /^\*\* server can't find ([^\s:]+): ([A-Z]+)$/;
const NO_ANSWER = /^\*\*\* Can't find ([^\s:]+): No answer$/;
const GOT_SERVFAIL = /^;; Got SERVFAIL reply from (\S+)$/;
const COMM_ERROR =
  /^;; communications error to (\S+): (timed out|connection refused|host unreachable|network unreachable)$/;
/** bind9 9.18 when there is no route to the server: `;; UDP setup with 203.0.113.200#53(203.0.113.200) for x failed: network unreachable.` */
const UDP_SETUP =
  /^;; UDP setup with ([^\s(#]{1,64})#\d{1,5}\([^\s)]{1,64}\) for \S{1,300} failed: (network unreachable|host unreachable)\.$/;
const OLD_TIMEOUT = ';; connection timed out; no servers could be reached';
const BUSYBOX_CANT_RESOLVE = /^nslookup: can't resolve '([^']{1,300})'(?:: (.{1,100}))?$/;
const BUSYBOX_NO_ROUTE =
  /^nslookup: can't connect to remote host \(([^)\s]+)\): (Network is unreachable|No route to host)$/;
const BUSYBOX_WRITE_REFUSED = /^nslookup: write to '([^']+)': Connection refused$/;

/** Windows' reasons after `*** <server> can't find <name>: `, as printed in every language. */
const WINDOWS_FAILURE_REASONS = [
  'Non-existent domain',
  'Server failed',
  'Query refused',
  'No response from server',
  'Timed out',
  'No answer',
  'Format error',
  'Not implemented',
] as const;

/** `203.0.113.53#53` (bind9) or `203.0.113.53:53` (busybox) -> `203.0.113.53`; IPv6 addresses are left whole. */
export function hostOf(serverAddress: string): string {
  const hash = serverAddress.indexOf('#');
  if (hash !== -1) return serverAddress.slice(0, hash);
  const colon = serverAddress.indexOf(':');
  return colon !== -1 && colon === serverAddress.lastIndexOf(':')
    ? serverAddress.slice(0, colon)
    : serverAddress;
}

/** Takes off what a paste puts in front of a line: Markdown/Slack quote markers (`>`, `&gt;`). */
function unquote(raw: string): string {
  let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  for (;;) {
    const start = line.length - line.trimStart().length;
    if (line.startsWith('&gt;', start)) line = line.slice(start + 4);
    else if (line.startsWith('>', start)) line = line.slice(start + 1);
    else return line;
    if (line.startsWith(' ')) line = line.slice(1);
  }
}

/** Windows: `*** <server> can't find <name>: <reason>` or its translation; the name only when the English or Chinese shape shows it. */
function windowsFailure(line: string): Scan['windowsFailure'] {
  const reason = WINDOWS_FAILURE_REASONS.find((r) => line.endsWith(`: ${r}`));
  if (!reason) return null;
  const head = line.slice(4, line.length - reason.length - 2);
  for (const marker of [" can't find ", ' 找不到 ']) {
    const at = head.indexOf(marker);
    if (at !== -1) return { reason, name: head.slice(at + marker.length).trim(), line };
  }
  return { reason, line };
}

function isWindowsTimeout(line: string): boolean {
  return (
    line.startsWith('*** ') &&
    (line.endsWith('timed-out') || line.endsWith(' 超时') || line.endsWith('タイムアウトしました'))
  );
}

interface State {
  s: Scan;
  /** After a `Name:` line, until a blank line: addresses are answers. */
  inAnswer: boolean;
  /** Windows continues `Addresses:` and `Aliases:` on indented lines. */
  continues: 'addresses' | 'aliases' | null;
}

function addAddress(st: State, address: string, line: string): void {
  if (!st.s.addresses.includes(address)) st.s.addresses.push(address);
  st.s.firstAddressLine ??= line;
}

/** A `Label: value` line; false when the label is not one of nslookup's. */
function readLabelled(st: State, line: string): boolean {
  const m = LABELLED.exec(line);
  if (!m) return false;
  const label = m[1] ?? '';
  const value = m[2] ?? '';
  const base = label.replace(/ \d{1,2}$/, '');
  const { s } = st;
  if (SERVER_LABELS.has(base)) {
    s.server = value;
    st.inAnswer = false;
  } else if (NAME_LABELS.has(base)) {
    s.name ??= value;
    st.inAnswer = true;
  } else if (ADDRESS_LABELS.has(base)) {
    if (st.inAnswer) addAddress(st, value, line);
    else s.server = hostOf(value); // before any `Name:` it is the server's own address
    st.continues = base.endsWith('es') ? 'addresses' : null;
    return true;
  } else if (base === 'Aliases') {
    st.continues = 'aliases';
    return true;
  } else {
    return false;
  }
  st.continues = null;
  return true;
}

/** bind9's and busybox's own lines. */
function readResolverLine(s: Scan, line: string): boolean {
  let m: RegExpExecArray | null;
  if ((m = CANT_FIND.exec(line))) s.cantFind.push({ name: m[1] ?? '', rcode: m[2] ?? '', line });
  else if ((m = NO_ANSWER.exec(line))) s.noAnswer ??= { name: m[1] ?? '', line };
  else if ((m = GOT_SERVFAIL.exec(line))) {
    s.gotServfail ??= line;
    s.server ??= hostOf(m[1] ?? '');
  } else if ((m = COMM_ERROR.exec(line) ?? UDP_SETUP.exec(line)))
    s.commErrors.push({ server: hostOf(m[1] ?? ''), kind: (m[2] ?? '') as CommErrorKind, line });
  else if ((m = BUSYBOX_NO_ROUTE.exec(line)))
    s.commErrors.push({ server: m[1] ?? '', kind: 'network unreachable', line });
  else if ((m = BUSYBOX_WRITE_REFUSED.exec(line)))
    s.commErrors.push({ server: m[1] ?? '', kind: 'connection refused', line });
  else if (line === OLD_TIMEOUT) s.oldTimeout ??= line;
  else if ((m = BUSYBOX_CANT_RESOLVE.exec(line))) {
    if (m[1] === '(null)') s.nullServerLine ??= line;
    else s.cantResolve.push({ name: m[1] ?? '', reason: m[2] ?? null, line });
  } else return false;
  return true;
}

function readWindowsLine(s: Scan, line: string): boolean {
  if (line === 'DNS request timed out.') {
    s.requestTimeouts.count++;
    s.requestTimeouts.first ??= line;
  } else if (isWindowsTimeout(line)) s.windowsTimeout ??= line;
  else if (line.startsWith('*** ') && !s.windowsFailure) {
    const failure = windowsFailure(line);
    if (!failure) return false;
    s.windowsFailure = failure;
  } else return false;
  return true;
}

export function scanNslookup(output: string): Scan {
  const s: Scan = {
    addresses: [],
    firstAddressLine: null,
    nonAuthoritative: false,
    cantFind: [],
    noAnswer: null,
    gotServfail: null,
    commErrors: [],
    oldTimeout: null,
    windowsFailure: null,
    windowsTimeout: null,
    requestTimeouts: { count: 0, first: null },
    cantResolve: [],
    nullServerLine: null,
  };
  const st: State = { s, inAnswer: false, continues: null };
  for (const raw of output.split('\n')) {
    const unquoted = unquote(raw);
    const line = unquoted.trim();
    const indented = line !== '' && unquoted !== unquoted.trimStart();
    if (indented && st.continues !== null && !line.includes(' ')) {
      if (st.continues === 'addresses' && st.inAnswer) addAddress(st, line, line);
      continue;
    }
    st.continues = null;
    if (line === '' || line === 'Authoritative answers can be found from:') {
      st.inAnswer = false;
    } else if (NON_AUTHORITATIVE.has(line.replace(/ ?[:：]$/, ''))) {
      s.nonAuthoritative = true;
    } else if (!readLabelled(st, line) && !readResolverLine(s, line)) {
      readWindowsLine(s, line);
    }
  }
  return s;
}
