/**
 * Values as iptables prints them in rules: IPv4 addresses and prefixes, ports and port lists (numbers
 * or names from /etc/services), TCP flag sets. Pure, no regular expressions.
 */
import { isDigits } from './paste-text.js';
import { TCP_SERVICES } from './services.js';

export function parseIpv4(s: string): number | null {
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
export function parseIpv4Prefix(s: string): ((ip: number) => boolean) | null {
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

export function isAnyAddress(s: string): boolean {
  return s === 'anywhere' || s === '0.0.0.0/0' || s === '::/0';
}

/** A port as printed: a number or a service name from /etc/services. */
export function portValue(s: string): number | null {
  if (isDigits(s)) return Number(s);
  return TCP_SERVICES.get(s) ?? null;
}

/**
 * `ssh`, `10250`, `webmin:11000` (a range), `ssh,10250,10000:11000` (multiport list).
 * Returns whether the port is in it, or null when a name is not a known service.
 */
export function portListContains(list: string, port: number): boolean | null {
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
export const SYN = 0x02;

export function flagValue(s: string): number | null {
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
