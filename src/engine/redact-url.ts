/**
 * Passwords in URLs (`rediss://:…@host`, `postgres://user:…@host/db`). A password may hold `@`,
 * `:` or `;` unencoded, so the password runs to the last `@` before the path, as URL parsers
 * read it; one holding `/` (an unencoded storage key) runs to the first `@` after it.
 */
import { isPlaceholder, Masker } from './secret-values.js';

/** A scheme and `://`; the look-behind starts a match only at the start of the scheme. */
const SCHEME = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\//g;

const MAX_AUTHORITY = 2048;
/** How far past the path start an `@` still closes a password that holds `/`. */
const MAX_SLASHED = 256;

const ENDS_TOKEN = new Set([' ', '\t', '\n', '\r', '"', "'", '`', '<', '>', '|']);
const ENDS_AUTHORITY = new Set(['/', '?', '#']);
const AT = new Set(['@']);

/** Index of the first character at or after `from` in `set` (or a token end), before `limit`. */
function scan(text: string, from: number, limit: number, stopAt: Set<string>): number {
  let j = from;
  while (j < limit && j < text.length && !stopAt.has(text[j] as string) && !ENDS_TOKEN.has(text[j] as string))
    j++;
  return j;
}

export function maskUrlPasswords(text: string, counts: Record<string, number>): string {
  if (!text.includes('@')) return text;
  const m = new Masker(text, counts);
  SCHEME.lastIndex = 0;
  for (let hit = SCHEME.exec(text); hit; hit = SCHEME.exec(text)) {
    const start = hit.index + hit[0].length;
    const authorityEnd = scan(text, start, start + MAX_AUTHORITY, ENDS_AUTHORITY);
    SCHEME.lastIndex = Math.max(SCHEME.lastIndex, authorityEnd);
    const authority = text.slice(start, authorityEnd);
    const colon = authority.indexOf(':');
    if (colon < 0) continue;
    const at = authority.lastIndexOf('@');
    let end = -1;
    if (at > colon) end = start + at;
    else if (at < 0 && !authority.startsWith('[') && !/^\d*$/.test(authority.slice(colon + 1))) {
      // No `@` before the path, and what follows the colon is no port: the password holds a `/`.
      const tokenEnd = scan(text, authorityEnd, authorityEnd + MAX_SLASHED, AT);
      if (text[tokenEnd] === '@') end = tokenEnd;
    }
    if (end < 0) continue;
    const password = text.slice(start + colon + 1, end);
    if (password === '' || isPlaceholder(password)) continue;
    m.mask(start + colon + 1, end, 'url-credentials');
    SCHEME.lastIndex = Math.max(SCHEME.lastIndex, end);
  }
  return m.done();
}
