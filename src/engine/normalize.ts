/**
 * Turns whatever people paste (Slack formatting, code fences, quotes, HTML entities, escaped
 * JSON, Windows line ends, curly quotes) into plain text, in linear time and bounded size.
 */

/** Huge pastes are cut to their first HEAD and last TAIL characters: errors sit near either end. */
export const SCAN_HEAD_CHARS = 1_536_000;
export const SCAN_TAIL_CHARS = 512_000;
export const MAX_SCAN_CHARS = SCAN_HEAD_CHARS + SCAN_TAIL_CHARS;

export interface NormalizedText {
  /** Plain text, lines kept. */
  text: string;
  chars: number;
  scannedChars: number;
  truncated: boolean;
  binary: boolean;
}

/** Cuts a huge paste to head + tail so every later step stays bounded. */
export function capText(input: string): { text: string; truncated: boolean } {
  if (input.length <= MAX_SCAN_CHARS) return { text: input, truncated: false };
  return { text: `${input.slice(0, SCAN_HEAD_CHARS)}\n${input.slice(-SCAN_TAIL_CHARS)}`, truncated: true };
}

/** Binary rather than text: NUL bytes, or many control characters near the start. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65_536);
  if (sample.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

const ENTITIES: Record<string, string> = {
  '&gt;': '>',
  '&lt;': '<',
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
  '&nbsp;': ' ',
};

/** A quote escaped in a JSON log field (`User \\"x\\" cannot list`) is a quote wherever it sits. */
function unescapeJsonish(text: string): string {
  const quoted = text.includes('\\"') ? text.replace(/(?<!\\)\\+"/g, '"') : text;
  return unescapeNewlines(quoted);
}

/**
 * Escaped JSON (a log line pasted from a JSON field) keeps its newlines as `\n`. Judged line by
 * line, so the same log line reads the same alone or amid other lines: a line is unescaped when
 * its escapes outnumber one and it names no Windows drive path (`C:\new` and `C:\Demo\nginx`
 * survive).
 */
function unescapeNewlines(text: string): string {
  if (!/(?<!\\)\\+n/.test(text)) return text;
  return text
    .split('\n')
    .map((line) => {
      const escapes = line.match(/(?<!\\)\\+n/g)?.length ?? 0;
      if (escapes < 2 || /\b[a-z]:\\/i.test(line)) return line;
      return line.replace(/(?<!\\)\\+r\\+n|(?<!\\)\\+n/g, '\n').replace(/(?<!\\)\\+t/g, ' ');
    })
    .join('\n');
}

/**
 * Terraform draws its diagnostics in a box (`╷`, `│ `, `╵`) and wraps their text at the
 * terminal's width, so `is forbidden: User` and `"system:serviceaccount:ci:runner" cannot get`
 * land on two lines. A boxed line is joined to the line above it unless a blank boxed line (a
 * paragraph break) or the box's top separates them.
 */
function unwrapTerraformBox(text: string): string {
  if (!text.includes('\u2502')) return text;
  const out: string[] = [];
  let joinable = false;
  for (const line of text.split('\n')) {
    const boxed = /^[ \t]{0,8}\u2502/.exec(line);
    if (!boxed) {
      const edge = /^[ \t]{0,8}[\u2577\u2575][ \t]*$/.test(line);
      out.push(edge ? '' : line);
      joinable = !edge && line.trim() !== '';
      continue;
    }
    const content = line.slice(boxed[0].length).trim();
    if (content === '') {
      out.push('');
      joinable = false;
    } else if (joinable) out[out.length - 1] += ` ${content}`;
    else {
      out.push(content);
      joinable = true;
    }
  }
  return out.join('\n');
}

export function normalize(input: string): NormalizedText {
  const chars = input.length;
  const binary = looksBinary(input);
  const { text: capped, truncated } = capText(input);
  let text = unwrapTerraformBox(unescapeJsonish(capped.replace(/\r\n?/g, '\n')));
  text = text
    .replace(/&(?:gt|lt|amp|quot|nbsp|#39|#x27);/g, (m) => ENTITIES[m] ?? m)
    // Slack links: <https://x|label> and <https://x> keep the address; mentions keep their label;
    // an autolinked e-mail address (<mailto:a@b|a@b>) is just the address again.
    .replace(/<mailto:([^|<>\s]{1,320})(?:\|[^<>\n]{0,2000})?>/g, '$1')
    .replace(/<((?:https?|mailto|ftp):[^|<>\s]{1,2000})(?:\|[^<>\n]{0,2000})?>/g, '$1')
    .replace(/<[#@!][^|<>\s]{1,100}\|([^<>\n]{1,200})>/g, '$1')
    // Code fences and inline code marks.
    .replace(/^[ \t]*```[a-z0-9_-]{0,20}[ \t]*$/gim, '')
    .replace(/`/g, '')
    // Quote markers at line start (Slack, email, GitHub): "> ", ">> ".
    .replace(/^[ \t]{0,8}(?:>[ \t]?){1,8}/gm, '')
    // Typographic quotes, non-breaking and zero-width spaces.
    .replace(/[\u2018\u2019\u201A\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/[\u200B-\u200D\uFEFF]/g, '');
  return { text, chars, scannedChars: capped.length, truncated, binary };
}

/** Every run of whitespace (newlines included) made one space: signals match on this, so wrapped lines still match. */
export function flatten(text: string): string {
  // normalize() already turned exotic spaces into plain ones; this class is faster than \s.
  return text.replace(/[ \t\n\r\f\v]+/g, ' ');
}
