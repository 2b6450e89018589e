/**
 * Small text helpers the firewall interpreters share: how a pasted line is cleaned of what chat
 * clients wrap around it, and whitespace tokens read without regular expressions.
 */

/** Strips what chat clients wrap around pasted output: code fences and quote markers. */
export function cleanLine(raw: string): string {
  let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  let start = 0;
  while (start < line.length && (line[start] === ' ' || line[start] === '\t')) start++;
  if (line.startsWith('```', start)) line = line.slice(start + 3);
  else if (line.startsWith('&gt; ', start)) line = line.slice(start + 5);
  else if (line.startsWith('> ', start)) line = line.slice(start + 2);
  if (line.endsWith('```')) line = line.slice(0, -3);
  return line;
}

export function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** Whitespace-separated tokens with the offset just past each one. */
export function tokens(s: string, limit = Infinity): { text: string; end: number }[] {
  const out: { text: string; end: number }[] = [];
  let i = 0;
  while (i < s.length && out.length < limit) {
    while (i < s.length && isSpace(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    while (i < s.length && !isSpace(s[i])) i++;
    out.push({ text: s.slice(start, i), end: i });
  }
  return out;
}

/** Whitespace-separated words. */
export function words(s: string): string[] {
  return s.split(/[ \t]+/).filter((w) => w !== '');
}

export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (const c of s) if (c < '0' || c > '9') return false;
  return true;
}
