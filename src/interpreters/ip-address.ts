/**
 * IPv4 and IPv6 addresses and prefixes as bytes, for firewall rules scoped to a source. Pure, no
 * regular expressions.
 */
import { isDigits } from './paste-text.js';

export function parseIpv4(s: string): number[] | null {
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
export function parseIpv6(s: string): number[] | null {
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

export interface Address {
  v6: boolean;
  bytes: number[];
}

export function parseAddress(s: string): Address | null {
  const v4 = parseIpv4(s);
  if (v4) return { v6: false, bytes: v4 };
  const v6 = parseIpv6(s);
  return v6 ? { v6: true, bytes: v6 } : null;
}

/** `10.224.0.0/16`, `192.0.2.7`, `2001:db8::/32`. */
export function parsePrefix(s: string): { v6: boolean; bytes: number[]; bits: number } | null {
  const slash = s.indexOf('/');
  const addr = parseAddress(slash < 0 ? s : s.slice(0, slash));
  if (!addr) return null;
  const max = addr.v6 ? 128 : 32;
  const bitsText = slash < 0 ? String(max) : s.slice(slash + 1);
  if (!isDigits(bitsText) || Number(bitsText) > max) return null;
  return { ...addr, bits: Number(bitsText) };
}

export function prefixContains(
  prefix: { v6: boolean; bytes: number[]; bits: number },
  addr: Address,
): boolean {
  if (prefix.v6 !== addr.v6) return false;
  for (let bit = 0; bit < prefix.bits; bit += 8) {
    const take = Math.min(8, prefix.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const i = bit / 8;
    if (((prefix.bytes[i] ?? 0) & mask) !== ((addr.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}
