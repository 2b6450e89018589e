/**
 * Where a secret value starts and ends after its name, and the masking that replaces it. Every
 * scan moves forward only and is bounded, so redaction stays linear in the paste.
 */

const MARK_OPEN = '[REDACTED:';
export const MARK = (kind: string): string => `${MARK_OPEN}${kind}]`;

/** Longest value masked in one piece; a longer one is masked to here and the rest is read again. */
const MAX_VALUE = 16_384;

/** Builds the masked text from left to right: masks never overlap and never move backwards. */
export class Masker {
  private out = '';
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly counts: Record<string, number>,
  ) {}

  mask(start: number, end: number, kind: string): void {
    if (start < this.pos || end <= start) return;
    // A value around a secret an earlier pass already masked (and counted) is masked whole, not counted again.
    const counted = this.text.slice(start, end).includes(MARK_OPEN);
    this.out += this.text.slice(this.pos, start) + MARK(kind);
    this.pos = end;
    if (!counted) this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  done(): string {
    return this.pos === 0 ? this.text : this.out + this.text.slice(this.pos);
  }
}

export interface ValueSpan {
  start: number;
  end: number;
  /** Written in quotes (or braces): the writer said where it ends, so it is taken as a whole. */
  quoted: boolean;
}

const isNameStart = (ch: string) => (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch === '_';
const isNameChar = (ch: string) => isNameStart(ch) || (ch >= '0' && ch <= '9') || ch === '.' || ch === '-';

/**
 * `;`, `&` or `,` followed by `Key=` (`ssl=`, `User ID=`) ends a value; any other one is part of
 * it, so a password such as `ab;cd@ef` in a connection string is masked whole. Only a `;`
 * (connection strings) takes names of several words. Looks at most ~45 characters ahead.
 */
function startsPair(text: string, at: number, words: boolean): boolean {
  let j = at;
  while (j < at + 5 && (text[j] === ' ' || text[j] === '\t')) j++;
  if (!isNameStart(text[j] ?? '')) return false;
  const stop = j + 41;
  for (j++; j < stop; j++) {
    const ch = text[j] ?? '';
    if (isNameChar(ch)) continue;
    if (!(words && ch === ' ' && isNameStart(text[j + 1] ?? ''))) break;
  }
  return text[j] === '=';
}

const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';

/** Index of the quote closing a value (JSON escapes skipped inside double quotes); -1 at a line end. */
function closing(text: string, from: number, quote: string): number {
  const stop = Math.min(text.length, from + MAX_VALUE);
  for (let j = from; j < stop; j++) {
    const ch = text[j];
    if (ch === '\n') return -1;
    if (quote === '\\"') {
      if (ch === '\\' && text[j + 1] === '"') return j;
    } else if (ch === '\\' && quote === '"') j++;
    else if (ch === quote) return j;
  }
  return -1;
}

/** ODBC braces: `{ab;c}}d}` holds `ab;c}d`. */
function closingBrace(text: string, from: number): number {
  const stop = Math.min(text.length, from + MAX_VALUE);
  for (let j = from; j < stop; j++) {
    const ch = text[j];
    if (ch === '\n') return -1;
    if (ch === '}') {
      if (text[j + 1] === '}') j++;
      else return j;
    }
  }
  return -1;
}

/** A bare value: to whitespace or a quote, or to a separator that starts the next `Key=`. */
function bare(text: string, at: number): ValueSpan | null {
  const stop = Math.min(text.length, at + MAX_VALUE);
  let end = at;
  for (; end < stop; end++) {
    const ch = text[end];
    if (isSpace(ch) || ch === '"' || ch === "'" || ch === '`') break;
    if ((ch === ';' || ch === '&' || ch === ',') && startsPair(text, end + 1, ch === ';')) break;
  }
  // A placeholder (`<secret>`) keeps its brackets.
  if (isPlaceholder(text.slice(at, end))) return { start: at, end, quoted: false };
  // Punctuation closing the sentence or the bracket around the pair is not part of the value; a
  // bracket that closes one opened inside it is (`[REDACTED:token],` is an earlier mask and a comma).
  const opened: Record<string, number> = {};
  const closed: Record<string, number> = {};
  for (let i = at; i < end; i++) {
    const ch = text[i] as string;
    if ('([{<'.includes(ch)) opened[ch] = (opened[ch] ?? 0) + 1;
    else if (')]}>'.includes(ch)) closed[ch] = (closed[ch] ?? 0) + 1;
  }
  while (end > at && ').,;]}>'.includes(text[end - 1] as string)) {
    const ch = text[end - 1] as string;
    const opener = OPENER[ch];
    if (opener && (opened[opener] ?? 0) >= (closed[ch] ?? 0)) break;
    if (opener) closed[ch] = (closed[ch] ?? 0) - 1;
    end--;
  }
  return end > at ? { start: at, end, quoted: false } : null;
}

const OPENER: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{', '>': '<' };

/** A header's value runs to the end of the line, or to the quote the whole header sits in. */
function headerValue(text: string, at: number, quote: string | null): ValueSpan | null {
  const stop = Math.min(text.length, at + MAX_VALUE);
  let end = at;
  while (end < stop && text[end] !== '\n' && text[end] !== '\r' && text[end] !== quote) end++;
  while (end > at && isSpace(text[end - 1])) end--;
  return end > at ? { start: at, end, quoted: false } : null;
}

/**
 * The value written at `at`: quoted, braced, a header (to the line end or `headerQuote`) or bare.
 * Null when there is none (an empty value, or `==` of a comparison).
 */
export function valueSpan(
  text: string,
  at: number,
  header: { quote: string | null } | null,
): ValueSpan | null {
  const ch = text[at];
  if (ch === undefined || isSpace(ch) || ch === '=') return null;
  const open = ch === '\\' && text[at + 1] === '"' ? '\\"' : ch === '"' || ch === "'" ? ch : null;
  if (open) {
    const from = at + open.length;
    const close = closing(text, from, open);
    if (close === from) return null;
    if (close > from) return { start: from, end: close, quoted: true };
    return header ? headerValue(text, from, header.quote) : bare(text, from);
  }
  if (ch === '{') {
    const close = closingBrace(text, at + 1);
    if (close > at + 1) return { start: at + 1, end: close, quoted: true };
  }
  return header ? headerValue(text, at, header.quote) : bare(text, at);
}

/** Words and references that stand for a secret without being one. */
const PLACEHOLDER_WORD = /^(?:null|nil|none|true|false|undefined|redacted|hidden|\*+|x{3,}|\.{3}|…)$/i;
const PLACEHOLDER_REF =
  /^(?:<[^<>]*>|\[[^[\]]*\]|\$\{[^{}]*\}|\$\([^()]*\)|\$[A-Z_][A-Z0-9_]*|\$env:[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\{\{[^{}]*\}\})$/;

/** `null`, `***`, `<client-secret>`, `$AZURE_CLIENT_SECRET`, `[REDACTED:…]`: nothing to mask. */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER_WORD.test(value) || PLACEHOLDER_REF.test(value);
}

/**
 * For a plain word followed by a colon (`token: …`, `password: …`), which is as often prose
 * ("failed to get token: unexpected status") as a setting: a value is taken for a secret only
 * when it looks like one (a digit, a symbol, or capitals inside it) and does not itself end a phrase.
 */
export function looksLikeCredential(value: string): boolean {
  if (value.length < 6 || value.endsWith(':')) return false;
  return /\d/.test(value) || /[^A-Za-z0-9-]/.test(value) || /[A-Z]/.test(value.slice(1));
}
