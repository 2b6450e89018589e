/**
 * Where an attempt was going, read from one line in the shapes tools print it: URLs,
 * `host:port` (Go's `dial tcp`, Node, .NET, nginx), `host port N` (curl, nc), wget's
 * `|ip|:port`, PowerShell's `(ip : port)`, and the name a failed lookup was for.
 * Redactions (`<ip>`, `x.x.x.x`, `X.X.X.X:YYY`, `[CLUSTERIP]`) are kept as hosts so that the
 * port and path still say what the destination was.
 */
import type { Destination } from '../../domain/events.js';

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

const URL =
  /\b(?:https?|tcp|udp|grpc|wss?|tftp):\/\/(\[[0-9a-f:.]{2,45}\]|<[a-z_ -]{1,20}>|[a-z0-9_*.-]{1,253})(?::(\d{1,5}))?(\/[^\s"'<>)\]]{0,300})?/g;
/** host:port, host being an IP, a dotted name, a bracketed IPv6 address or a redaction. */
const HOST_PORT =
  /(?<![\w.:/@-])(\[[0-9a-f:.]{2,45}\]|(?:\d{1,3}\.){3}\d{1,3}|x\.x\.x\.x|<[a-z_ -]{1,40}>|\[[a-z_ -]{1,20}\]|[a-z0-9][a-z0-9_-]{0,62}(?:\.[a-z0-9_-]{1,63}){1,8}):(\d{1,5}|y{2,5}|x{2,5})(?![\d.])/g;
const HOST_PORT_WORDS =
  /\b(?:connect to|connecting to|trying|to) (\[?[a-z0-9_.:-]{1,253}\]?)(?: \([^)]{1,60}\))? port (\d{1,5})\b/g;
const WGET_ADDRESS = /\|([0-9a-f.:]{3,45})\|:(\d{1,5})/g;
/** busybox wget: `can't connect to remote host (10.96.0.1): Connection timed out`. */
const REMOTE_HOST = /remote host \(([0-9a-f.:]{3,45})\)/g;
const POWERSHELL = /\(([0-9a-f.:]{3,45}) : (\d{1,5})\)/g;
/** The name a lookup was for, in each resolver's wording: after the phrase... */
const LOOKUP_AFTER = /\blookup ([a-z0-9_*-][a-z0-9_.*-]{0,252})/g;
const NAME_AFTER =
  /(?:resolve host|resolve|bad address|can't find|find host|unknownhostexception|enotfound|eai_again|resolving)[: ]{1,2}['"]?([a-z0-9_-][a-z0-9_.-]{0,252})/g;
/** ...or before it (glibc's `<name>: Name or service not known`), read backwards from the phrase. */
const NAME_BEFORE =
  /: (?:name or service not known|name does not resolve|no address associated|temporary failure|nodename nor servname)/g;

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
  const host = rawHost.replace(/^\[|\]$/g, '');
  if (isSourceFile(host)) return null;
  const dest: Destination = IPV4.test(host) ? { ip: host } : { host };
  if (port !== undefined) dest.port = port;
  if (path) dest.path = path;
  return dest;
}

/** Every destination on a lower-cased line, in order of position. */
export function destinationsOn(lower: string): DestinationAt[] {
  const out: DestinationAt[] = [];
  const add = (at: number, dest: Destination | null, lookup = false) => {
    if (dest) out.push({ dest, at, lookup });
  };
  for (const m of lower.matchAll(URL)) {
    const port = toPort(m[2]) ?? (m[0].startsWith('https') ? 443 : m[0].startsWith('http:') ? 80 : undefined);
    add(m.index, hostDest(m[1] ?? '', port, m[3]));
  }
  for (const m of lower.matchAll(HOST_PORT)) add(m.index, hostDest(m[1] ?? '', toPort(m[2])));
  for (const m of lower.matchAll(HOST_PORT_WORDS)) add(m.index, hostDest(m[1] ?? '', toPort(m[2])));
  for (const m of lower.matchAll(WGET_ADDRESS)) add(m.index, hostDest(m[1] ?? '', toPort(m[2])));
  for (const m of lower.matchAll(POWERSHELL)) add(m.index, hostDest(m[1] ?? '', toPort(m[2])));
  for (const m of lower.matchAll(REMOTE_HOST)) add(m.index, hostDest(m[1] ?? ''));
  for (const rx of [LOOKUP_AFTER, NAME_AFTER]) {
    for (const m of lower.matchAll(rx)) {
      const name = trimDots(m[1] ?? '');
      if (name) add(m.index, hostDest(name), true);
    }
  }
  for (const m of lower.matchAll(NAME_BEFORE)) {
    const found = nameBefore(lower, m.index);
    if (found) add(found.at, hostDest(trimDots(found.name)), true);
  }
  return out.sort((a, b) => a.at - b.at);
}

export const DESTINATION_REGEXES: readonly RegExp[] = [
  URL,
  HOST_PORT,
  HOST_PORT_WORDS,
  WGET_ADDRESS,
  REMOTE_HOST,
  POWERSHELL,
  LOOKUP_AFTER,
  NAME_AFTER,
  NAME_BEFORE,
];
