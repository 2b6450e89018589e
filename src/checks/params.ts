/**
 * The parameter kinds a node script takes, as strict zod schemas. A value reaches a node script only after one
 * of these accepted it (and then `renderScript` shell-quotes it): free text from a paste never does.
 *
 * Each schema accepts plain printable ASCII only, so unicode look-alikes (a fullwidth `；`, a Cyrillic `а`, a
 * Kelvin sign that lower-cases to `k`) are refused rather than normalised, and nothing accepted can start with
 * `-` (a value that starts with `-` would be read as an option by nc, nslookup, curl or iptables).
 *
 * The NodeScriptParams convention:
 *   - a node check's `params` is `nodeParams({...})`: a strict object (unknown keys are refused) whose fields are
 *     the kinds below (or a narrower schema built from them), named in lowerCamelCase like the `{{slots}}` of
 *     its template;
 *   - what it outputs is a `NodeScriptParams`: plain strings and integers, nothing else.
 */
import { z } from 'zod';

/** Parameters after validation, as the node script renderer takes them (the same shape as `CheckParams`). */
export type NodeScriptParams = Readonly<Record<string, string | number>>;

/** A schema whose output is NodeScriptParams. */
export type NodeParamsSchema = z.ZodType<NodeScriptParams>;

/** A parameter name: also the name of a `{{slot}}` in a template. */
export const PARAM_NAME = /^[a-z][A-Za-z0-9]{0,39}$/;

/** Printable ASCII without space: every string kind below is a subset of it. */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

// ---------------------------------------------------------------- IP literals

/**
 * A dotted-quad IPv4 address, each part 0-255 in plain decimal: no leading zeros (`010.0.0.1` is 8.0.0.1 to
 * inet_aton, which nc and curl use), no hex (`0x0a.0.0.1`), no short forms (`10.1`, `167772161`).
 */
const IPV4_PART = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const IPV4 = new RegExp(`^${IPV4_PART}(?:\\.${IPV4_PART}){3}$`);

export function isIpv4Literal(s: string): boolean {
  return IPV4.test(s);
}

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/**
 * An IPv6 address in RFC 4291 text form: eight groups of 1-4 hex digits, at most one `::`, optionally ending in
 * a strict dotted quad. No zone id (`fe80::1%eth0`), no brackets, no prefix length.
 */
export function isIpv6Literal(s: string): boolean {
  if (s.length < 2 || s.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  const double = s.indexOf('::');
  if (double !== -1 && s.indexOf('::', double + 1) !== -1) return false;
  // With `::`, split into the groups before and after it; a single ':' at either end is malformed.
  const [head, tail] = double === -1 ? [s, null] : [s.slice(0, double), s.slice(double + 2)];
  const groupsOf = (part: string): string[] | null => {
    if (part === '') return [];
    const g = part.split(':');
    return g.some((x) => x === '') ? null : g;
  };
  const before = groupsOf(head);
  const after = tail === null ? [] : groupsOf(tail);
  if (before === null || after === null) return false;
  const all = [...before, ...after];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i] ?? '';
    if (g.includes('.')) {
      // An embedded IPv4 address may only be the last group, and counts as two.
      if (i !== all.length - 1 || !isIpv4Literal(g)) return false;
      count += 2;
    } else if (HEX_GROUP.test(g)) {
      count += 1;
    } else {
      return false;
    }
  }
  return double === -1 ? count === 8 : count <= 7;
}

export const ipv4Literal = z
  .string()
  .max(15)
  .refine(isIpv4Literal, { message: 'not a dotted-quad IPv4 address (0-255, no leading zeros)' });

export const ipv6Literal = z
  .string()
  .max(45)
  .refine(isIpv6Literal, { message: 'not an IPv6 address (no zone id, no brackets)' });

export const ipLiteral = z
  .string()
  .max(45)
  .refine((s) => isIpv4Literal(s) || isIpv6Literal(s), { message: 'not an IPv4 or IPv6 address' });

// ---------------------------------------------------------------- ports and rule numbers

/** A TCP port: an integer 1-65535 (a number, never a string: `"22"` or `"ssh"` are refused). */
export const tcpPort = z.number().int().min(1).max(65535);

/** An iptables rule position (`iptables -D <chain> <n>`) or a `ufw delete <n>` number. */
export const ruleNumber = z.number().int().min(1).max(10000);

// ---------------------------------------------------------------- names

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * An RFC 1123 host name: dot-separated labels of 1-63 lower-case ASCII letters, digits and `-`, no label starting
 * or ending with `-`, at most 253 characters, no trailing dot. Upper case is refused rather than folded (the
 * caller lower-cases a name it extracted), so no unicode case mapping can turn a look-alike into ASCII.
 *
 * The last label may not be all digits or `0x...`: then the name is not a name but a number that inet_aton would
 * read as an address (`010.0.0.1`, `10.1`, `167772161`, `0x0a000001`), the leading-zero trick in disguise.
 */
export function isHostName(s: string): boolean {
  if (s.length < 1 || s.length > 253 || !PRINTABLE_ASCII.test(s)) return false;
  const labels = s.split('.');
  if (!labels.every((l) => LABEL.test(l))) return false;
  const last = labels[labels.length - 1] ?? '';
  return !/^(?:[0-9]+|0x[0-9a-f]*)$/.test(last);
}

export const hostName = z
  .string()
  .max(253)
  .refine(isHostName, { message: 'not an RFC 1123 host name (lower-case ASCII labels)' });

/** Where a connection goes: an IP literal or a host name. */
export const hostOrIp = z
  .string()
  .max(253)
  .refine((s) => isIpv4Literal(s) || isIpv6Literal(s) || isHostName(s), {
    message: 'not an IP address or an RFC 1123 host name',
  });

/**
 * An iptables chain name: 1-28 of [A-Za-z0-9_-] (iptables allows 28 characters). Also refused: a leading `-`,
 * which iptables would read as an option (`iptables -L -F` flushes every chain).
 */
export const iptablesChain = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,27}$/, { message: 'not an iptables chain name' });

/** A strict object of parameter kinds: the only shape a node check's `params` takes. */
export function nodeParams<Shape extends Record<string, z.ZodType<string | number>>>(
  shape: Shape,
): z.ZodObject<Shape, z.core.$strict> {
  for (const name of Object.keys(shape)) {
    if (!PARAM_NAME.test(name))
      throw new Error(`parameter name ${JSON.stringify(name)} is not lowerCamelCase`);
  }
  return z.strictObject(shape);
}
