/**
 * Where an attempt was going, read from one line in the shapes tools print it: URLs,
 * `host:port` (Go's `dial tcp`, Node, .NET, nginx), `host port N` (curl, nc), wget's
 * `|ip|:port`, PowerShell's `(ip : port)`, and the name a failed lookup was for.
 * Redactions (`<ip>`, `x.x.x.x`, `X.X.X.X:YYY`, `[CLUSTERIP]`) are kept as hosts so that the
 * port and path still say what the destination was.
 */
import type { Destination } from '../../domain/events.js';
import { resolvesAThing } from './outcomes.js';

export interface DestinationAt {
  dest: Destination;
  at: number;
  /** The name a lookup was for (DNS outcomes bind to these). */
  lookup: boolean;
}

/** `file.go:265`, `reflector.go:147`: a source position, not a host and port. */
const SOURCE_FILE = /\.(?:go|py|js|ts|java|cs|rs|c|cc|cpp|h|rb|kt|scala|sh|php|cjs|mjs)$/;

/** True for `memcache.go`, `reflector.go`: what precedes `:<line>` in a log position. */
export function isSourceFile(host: string): boolean {
  return SOURCE_FILE.test(host.toLowerCase());
}

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;

/**
 * Links people paste to say what they followed or where they reported it: documentation and
 * issue pages are references, never where the failing traffic went. (So is the home page ncat
 * prints in its banner, `Ncat: Version 7.70 ( https://nmap.org/ncat )`.)
 */
const REFERENCE_HOST =
  /^(?:docs|learn)\.microsoft\.com$|^aka\.ms$|^(?:www\.)?kubernetes\.io$|stackoverflow\.com$|^(?:www\.)?nmap\.org$/;
const REFERENCE_PATH = /^\/[^/]{1,100}\/[^/]{1,100}\/(?:issues|pull|blob|tree|wiki|discussions)(?:\/|$)/;

/** Documentation wherever it is hosted: `https://eclipse.dev/che/docs/stable/...`, `/en-us/azure/...`. */
const DOCS_PATH =
  /^\/(?:[^/\s]{1,60}\/){0,3}(?:docs?|documentation|guides?|tutorials?|blog|wiki|en-us\/azure)\//;

function isReference(host: string, path: string | undefined): boolean {
  return (
    REFERENCE_HOST.test(host) ||
    (host === 'github.com' && REFERENCE_PATH.test(path ?? '')) ||
    DOCS_PATH.test(path ?? '')
  );
}

// (A redaction may stand for the first label only: `https://[redacted].eks.amazonaws.com`.)
const URL =
  /\b(?:https?|tcp|udp|grpc|wss?|tftp):\/\/(\[[0-9a-f:.]{2,45}\]|(?:<[a-z_ -]{1,20}>|\[[a-z_ -]{1,20}\])(?:\.[a-z0-9_-]{1,63}){0,10}|[a-z0-9_*.-]{1,253})(?::(\d{1,5}))?(\/[^\s"'<>)\]]{0,300})?/g;
/** `:port` (a redacted `:YYY` too); the host before it is read backwards, so the scan starts only at colons. */
// (A sentence may end right after it: `connecting to redis-master:6379.`)
const COLON_PORT = /:(\d{1,5}|y{2,5}|x{2,5})(?!\d|\.\d)/g;
/**
 * `<host> port <N>` (curl, nc): the scan starts only at ` port N`, and the host is read backwards
 * from there, past curl's `(1.2.3.4)`, and counts after `connect to`, `trying` or `to`.
 */
const PORT_WORD = / port (\d{1,5})\b/g;
// (ssh: `connect to host gitea.example.com port 22: Connection timed out`.)
const WORDS_BEFORE_HOST = /(?:^|[^a-z])(?:connect to|connecting to|trying|to)(?: host)? $/;

function hostBeforePortWord(lower: string, index: number, port: string | undefined): DestinationAt | null {
  let end = index;
  if (lower[end - 1] === ')') {
    const open = lower.lastIndexOf(' (', end);
    if (open < 0 || end - open > 62) return null;
    end = open;
  }
  let start = end;
  while (
    start > 0 &&
    end - start < 255 &&
    (isHostChar(lower[start - 1] ?? '') || '[]:'.includes(lower[start - 1] ?? ''))
  )
    start--;
  if (start === end || !WORDS_BEFORE_HOST.test(lower.slice(Math.max(0, start - 19), start))) return null;
  return at(start, hostDest(lower.slice(start, end), toPort(port)));
}
const WGET_ADDRESS = /\|([0-9a-f.:]{3,45})\|:(\d{1,5})/g;
/**
 * Python's urllib3/requests: `HTTPConnectionPool(host='web', port=80): Max retries exceeded` (a log
 * may wrap the line before the closing parenthesis).
 */
const PYTHON_POOL =
  /host='([^'\s]{1,253})', port=(\d{1,5})\)?(?:: max retries exceeded with url: (\/[^\s(]{0,300}))?/g;
/** urllib3's retry warning names only the path, after the error: `...connection broken by '...': /api/v1/nodes`. */
const URLLIB3_RETRY = /connection broken by '/g;
/** The path at the end of that warning (read from where `': /` is found, so nothing backtracks). */
function urllib3Path(lower: string, from: number): DestinationAt | null {
  const end = lower.indexOf("': /", from);
  if (end < 0 || end - from > 500) return null;
  const path = /^\/[^\s'"]{0,300}/.exec(lower.slice(end + 3))?.[0];
  return path ? at(from, { path }) : null;
}
/** git: `unable to connect to github.com:` then `github.com[0: 140.82.113.3]: errno=...`. */
const GIT_ADDRESS = /\[\d{1,2}: [0-9a-f.:]{3,45}\]/g;
/**
 * A named host (with a dot) or an IPv4 address right after the words for reaching it, no port:
 * `unable to connect to github.com`, urllib3's `Connection to pypi.org timed out`, `failed to
 * connect to host 10.0.2.60`, gocql's `unable to dial control conn 10.0.2.60`.
 */
const REACH_HOST =
  /\b(?:connect(?:ing|ion)? to|reach|access|dial(?:ing)?(?: control)? conn(?:ection)?)(?: (?:host|server|node|peer|broker))? ((?:[a-z0-9-]{1,63}\.){1,10}[a-z]{2,24}|\d{1,3}(?:\.\d{1,3}){3})(?![\w.-]|:\d| port \d| \()/g;
/**
 * MySQL's and MariaDB's clients: `Can't connect to MySQL server on '10.244.19.14' (110)`, newer
 * ones with the port inside the quotes.
 */
const MYSQL_SERVER_ON = /connect to (?:mysql |mariadb )?server on '([^'\s:]{1,253})(?::(\d{1,5}))?'/g;
/** telnet and curl -v: `Trying 10.134.0.4...` (curl's own `Trying x:443...` is read by its colon). */
const TRYING = /\btrying (\d{1,3}(?:\.\d{1,3}){3})\.\.\./g;
/** The command typed: `telnet 10.0.0.4 30072`, `nc -vz web 80` (not the words in "telnet to 192.x 1433"). */
const TELNET_NC =
  /\b(?:telnet|nc|ncat)(?: -[a-z]{1,6}){0,4} (?!(?:to|from|on|into|the|with|a|an) )([a-z0-9][a-z0-9.-]{0,252}) (\d{1,5})\b/g;
/** busybox wget: `can't connect to remote host (10.96.0.1): Connection timed out`. */
const REMOTE_HOST = /remote host \(([0-9a-f.:]{3,45})\)/g;
const POWERSHELL = /\(([0-9a-f.:]{3,45}) : (\d{1,5})\)/g;
/** wget (GNU and busybox): `Connecting to nginx.test01 (10.96.4.7:80)`: the name typed says more than its address. */
const WGET_CONNECTING = /\bconnecting to ([a-z][a-z0-9.-]{0,252}) \([^()\s]{3,60}:(\d{1,5})\)/g;
/** Java and Netty: `zookeeper.ns.svc.cluster.local/10.103.187.203:2181`, `localhost/127.0.0.1:8080`: the name is what was asked for. */
const JAVA_NAME_ADDRESS = /(?<![\w./-])([a-z0-9][a-z0-9.-]{0,252})\/\d{1,3}(?:\.\d{1,3}){3}:(\d{1,5})\b/g;
/** okhttp and Java sockets with no name: `Failed to connect to /10.96.0.1:443`, netty's `Connection refused: /10.0.0.7:8080`. */
const JAVA_BARE_ADDRESS = /(?:^|[\s[(])\/(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})\b/g;
/** Ruby (fluentd, Bunny): `{:host=>"elasticsearch-logging", :port=>9200, ...}`. */
const RUBY_HOST = /:host=>\\?"([^"\\\s]{1,253})\\?",\s{0,3}:port=>(\d{1,5})/g;
/** PostgreSQL clients: `Is the server running on host "db.ns.svc" (10.96.0.7) and accepting`. */
const PSQL_HOST = /running on host "([^"\s]{1,253})"/g;
/** libpq 14 and later: `connection to server at "db.ns.svc" (10.96.0.7), port 5432 failed: ...`. */
const PSQL_SERVER_AT = /connection to server at "([^"\s]{1,253})"(?: \([0-9a-f.:]{3,45}\))?, port (\d{1,5})/g;
/** CoreDNS's query log: `"A IN login.microsoftonline.com. udp 43 false 512" SERVFAIL`: the name asked for. */
const COREDNS_QUERY =
  /"(?:a|aaaa|srv|ptr|cname|mx|txt|ns|any) in ([a-z0-9_-][a-z0-9_.-]{0,252})\. (?:udp|tcp) /g;
/** ping's header and summary: `PING 8.8.8.8 (8.8.8.8) 56(84) bytes`, `--- 10.244.2.15 ping statistics ---`. */
const PING_TARGET =
  /^ping ([a-z0-9][a-z0-9.-]{0,252}) \(|--- ([a-z0-9][a-z0-9.-]{0,252}) ping statistics ---/g;
/** Windows ping: `Pinging www.google.com [172.217.3.164] with 32 bytes of data`. */
const WINDOWS_PING = /\bpinging ([a-z0-9][a-z0-9.-]{0,252}) \[[0-9a-f.:]{3,45}\]/g;
/** The name a lookup was for, in each resolver's wording: after the phrase... */
const LOOKUP_AFTER = /\blookup (<[a-z_ -]{1,30}>|[a-z0-9_*-][a-z0-9_.*-]{0,252})/g;
const NAME_AFTER =
  /(?:resolve host|resolve|bad address|can't find|find host|unknownhostexception|enotfound|eai_again|resolving|translate host name)[: ]{1,2}['"]?([a-z0-9_-][a-z0-9_.-]{0,252})/g;
/**
 * A person's "unable to resolve the address", "can't find it", libpq's `... to address: Temporary
 * failure in name resolution`: words, not the name looked up.
 */
const NOT_A_NAME = /^(?:a|an|the|this|that|it|its|my|our|any|some|address|host|hostname|name|error)$/;
/** ...or before it (glibc's `<name>: Name or service not known`), read backwards from the phrase. */
const NAME_BEFORE =
  /: (?:name or service not known|name does not resolve|no address associated|temporary failure|nodename nor servname|dns name does not exist)/g;

const isNameChar = (c: string) =>
  (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-' || c === '_' || c === '.';

function nameBefore(lower: string, end: number): { name: string; at: number } | null {
  let start = end;
  while (start > 0 && end - start < 253 && isNameChar(lower[start - 1] ?? '')) start--;
  return start < end ? { name: lower.slice(start, end), at: start } : null;
}

function trimDots(name: string): string {
  let end = name.length;
  while (end > 0 && (name[end - 1] === '.' || name[end - 1] === ':')) end--;
  return name.slice(0, end);
}

function toPort(s: string | undefined): number | undefined {
  const n = Number(s);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
}

function hostDest(rawHost: string, port?: number, path?: string): Destination | null {
  // `[fd00::1]` is an IPv6 address; `[CLUSTERIP]` a redaction, whose brackets say so.
  const host = rawHost.includes(':') ? rawHost.replace(/^\[|\]$/g, '') : rawHost;
  if (isSourceFile(host) || isReference(host, path)) return null;
  const dest: Destination = IPV4.test(host) ? { ip: host } : { host };
  if (port !== undefined) dest.port = port;
  if (path) dest.path = path;
  return dest;
}

/** One shape of destination: a literal the line must contain (cheap), the pattern, and how to read a match. */
interface Reader {
  /** Literals of which the line must contain one ('' for none). */
  needs: string | readonly string[];
  rx: RegExp;
  read: (m: RegExpExecArray, lower: string) => DestinationAt | null;
}

const at = (index: number, dest: Destination | null, lookup = false): DestinationAt | null =>
  dest ? { dest, at: index, lookup } : null;
const hostAndPort = (m: RegExpExecArray) => at(m.index, hostDest(m[1] ?? '', toPort(m[2])));

const isHostChar = (c: string) =>
  (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-' || c === '_' || c === '.';
/** What may not stand right before a host: part of a word, a URL (read by its own reader) or `user@`. */
const GLUED = /[\w.:/@-]/;
/**
 * The label of an address that is the connection's own end, not where it went: a proxy's
 * `client.addr=`, `downstream_remote_address`, `src=`, a socket's local address.
 */
const OWN_END =
  /\b(?:client|src|source|downstream[a-z_]{0,30}|remote_addr|local(?:_address)?|laddr)(?:[._](?:addr|address|ip))?["']?[=:] ?["']?$/;

/** Words written before a colon and a number that are not hosts (`errcode:500`, `line:12`). */
const NOT_HOSTS = new Set(
  'tcp udp ip http https go line char col error err errcode errno code status port exit time step stage pid uid gid id local poolid size count version attempt retry level offset index page'.split(
    ' ',
  ),
);

/**
 * A Service's short name before its port (`redis-master:6379`, `postgres:5432`): one label with a
 * letter, a port of 80 or more, and not one of the words logs put before a number.
 */
function isServiceName(host: string, port: number | undefined): boolean {
  return port !== undefined && port >= 80 && /^[a-z][a-z0-9-]{1,62}$/.test(host) && !NOT_HOSTS.has(host);
}

/**
 * The host written right before a `:port`: an IP, a dotted name, `[v6]`, or a redaction
 * (`<ip>`, `[CLUSTERIP]`, `x.x.x.x`).
 */
function hostBefore(lower: string, colon: number, port: string | undefined): DestinationAt | null {
  let start = colon;
  const last = lower[colon - 1];
  if (last === ']' || last === '>') {
    start = lower.lastIndexOf(last === ']' ? '[' : '<', colon - 1);
    if (start < 0 || colon - start > 47) return null;
  } else {
    while (start > 0 && colon - start < 253 && isHostChar(lower[start - 1] ?? '')) start--;
    const host = lower.slice(start, colon);
    if (host.startsWith('.') || host.endsWith('.')) return null;
    if (!host.includes('.') && !isServiceName(host, toPort(port))) return null;
  }
  if (start > 0 && GLUED.test(lower[start - 1] ?? '')) return null;
  if (OWN_END.test(lower.slice(Math.max(0, start - 40), start))) return null;
  return at(start, hostDest(lower.slice(start, colon), toPort(port)));
}

const READERS: readonly Reader[] = [
  {
    needs: '://',
    rx: URL,
    read: (m) => {
      const port =
        toPort(m[2]) ?? (m[0].startsWith('https') ? 443 : m[0].startsWith('http:') ? 80 : undefined);
      return at(m.index, hostDest(m[1] ?? '', port, m[3]));
    },
  },
  { needs: ':', rx: COLON_PORT, read: (m, lower) => hostBefore(lower, m.index, m[1]) },
  { needs: ' port ', rx: PORT_WORD, read: (m, lower) => hostBeforePortWord(lower, m.index, m[1]) },
  { needs: '|:', rx: WGET_ADDRESS, read: hostAndPort },
  { needs: ' : ', rx: POWERSHELL, read: hostAndPort },
  { needs: 'connecting to ', rx: WGET_CONNECTING, read: hostAndPort },
  { needs: 'pinging ', rx: WINDOWS_PING, read: hostAndPort },
  {
    needs: ['. udp ', '. tcp '],
    rx: COREDNS_QUERY,
    read: (m) => at(m.index, hostDest(m[1] ?? ''), true),
  },
  {
    needs: ['ping statistics', 'bytes of data', 'data bytes'],
    rx: PING_TARGET,
    read: (m) => at(m.index, hostDest(m[1] ?? m[2] ?? '')),
  },
  { needs: '/', rx: JAVA_NAME_ADDRESS, read: hostAndPort },
  {
    needs: ['to /', ': /'],
    rx: JAVA_BARE_ADDRESS,
    read: hostAndPort,
  },
  { needs: ':host=>', rx: RUBY_HOST, read: hostAndPort },
  { needs: 'running on host "', rx: PSQL_HOST, read: hostAndPort },
  { needs: 'server at "', rx: PSQL_SERVER_AT, read: hostAndPort },
  {
    needs: "host='",
    rx: PYTHON_POOL,
    read: (m) => at(m.index, hostDest(m[1] ?? '', toPort(m[2]), m[3])),
  },
  { needs: 'connection broken by', rx: URLLIB3_RETRY, read: (m, lower) => urllib3Path(lower, m.index) },
  {
    needs: '[',
    rx: GIT_ADDRESS,
    read: (m, lower) => {
      const found = nameBefore(lower, m.index);
      return found ? at(found.at, hostDest(trimDots(found.name))) : null;
    },
  },
  {
    needs: ['connect', 'reach', 'access', 'dial'],
    rx: REACH_HOST,
    read: (m) => at(m.index, hostDest(m[1] ?? '')),
  },
  {
    needs: "server on '",
    rx: MYSQL_SERVER_ON,
    read: (m) =>
      at(m.index, hostDest(m[1] ?? '', toPort(m[2]) ?? (m[0].includes('mysql') ? 3306 : undefined))),
  },
  { needs: 'trying ', rx: TRYING, read: (m) => at(m.index, hostDest(m[1] ?? '')) },
  { needs: ['telnet', 'nc'], rx: TELNET_NC, read: hostAndPort },
  { needs: 'remote host (', rx: REMOTE_HOST, read: (m) => at(m.index, hostDest(m[1] ?? '')) },
  { needs: 'lookup ', rx: LOOKUP_AFTER, read: (m) => at(m.index, hostDest(trimDots(m[1] ?? '')), true) },
  {
    needs: [
      'resolv',
      'bad address',
      "can't find",
      'find host',
      'unknownhost',
      'enotfound',
      'eai_again',
      'translate host',
      'host not found',
    ],
    rx: NAME_AFTER,
    read: (m, lower) =>
      (m[0].startsWith('resolve ') && resolvesAThing(lower, m.index + 'resolve'.length)) ||
      NOT_A_NAME.test(m[1] ?? '')
        ? null
        : at(m.index, hostDest(trimDots(m[1] ?? '')), true),
  },
  {
    needs: ': ',
    rx: NAME_BEFORE,
    read: (m, lower) => {
      // (Windows writes `<name> : DNS name does not exist`.)
      const found = nameBefore(lower, lower[m.index - 1] === ' ' ? m.index - 1 : m.index);
      return found && !NOT_A_NAME.test(found.name)
        ? at(found.at, hostDest(trimDots(found.name)), true)
        : null;
    },
  },
];

/** Every destination on a lower-cased line, in order of position. */
export function destinationsOn(lower: string): DestinationAt[] {
  const out: DestinationAt[] = [];
  for (const { needs, rx, read } of READERS) {
    if (typeof needs === 'string' ? needs && !lower.includes(needs) : !needs.some((n) => lower.includes(n)))
      continue;
    for (const m of lower.matchAll(rx)) {
      const found = read(m, lower);
      if (found) out.push(found);
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

export const DESTINATION_REGEXES: readonly RegExp[] = [...READERS.map((r) => r.rx), OWN_END];
