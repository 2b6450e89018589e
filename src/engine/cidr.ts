/** Tiny IPv4 helpers for the pure core: dotted quads and CIDR blocks as unsigned 32-bit numbers. */

/** An IPv4 block: `base` is the first address (host bits cleared), `bits` the prefix length (0-32). */
export interface Ipv4Block {
  base: number;
  bits: number;
}

const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** `10.1.2.3` -> 0x0a010203, or null when the text is not a dotted-quad IPv4 address. */
export function parseIpv4(text: string): number | null {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return null;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** The netmask of a prefix length as an unsigned number (`/0` -> 0). */
function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/**
 * `10.0.0.0/8` or a single address (`/32` implied) -> an `Ipv4Block`, or null when the text is neither.
 * Host bits are cleared, as Azure does for prefixes such as `10.0.0.5/24`.
 */
export function parseCidr(text: string): Ipv4Block | null {
  const [ip, len, extra] = text.trim().split('/');
  if (extra !== undefined || ip === undefined) return null;
  const addr = parseIpv4(ip);
  if (addr === null) return null;
  if (len === undefined) return { base: addr, bits: 32 };
  if (!/^(?:3[0-2]|[12]?\d)$/.test(len)) return null;
  const bits = Number(len);
  return { base: (addr & maskOf(bits)) >>> 0, bits };
}

/** Whether the (parsed) address lies inside the block. */
export function blockContains(block: Ipv4Block, addr: number): boolean {
  return (addr & maskOf(block.bits)) >>> 0 === block.base;
}

/** Whether `ip` lies inside any of the CIDRs / addresses listed; entries that do not parse are skipped. */
export function inAnyCidr(ip: string, cidrs: readonly string[]): boolean {
  const addr = parseIpv4(ip);
  if (addr === null) return false;
  return cidrs.some((c) => {
    const block = parseCidr(c);
    return block !== null && blockContains(block, addr);
  });
}
