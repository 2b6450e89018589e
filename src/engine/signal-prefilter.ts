/**
 * The literal prefilter for phrase signals. Most signals are alternations of phrases, and every
 * match of such a pattern starts with one of a few literals (`took too long`, `snat `, `failed
 * to get ip address from cns`). One scan of the text for all of them says which signals can match
 * at all; only those are run. A pattern whose matches need not start with a literal of three or
 * more characters (`\d{1,3}\.` ...) is always run. Pure: the index is built from the patterns.
 */
import { phraseTrie } from './phrase-trie.js';

const MIN_LITERAL = 3;
const META = new Set(['(', ')', '[', ']', '{', '}', '.', '?', '*', '+', '^', '$', '|']);
const OPTIONAL_NEXT = new Set(['?', '*', '{']);

/** Splits `source` at its top-level `|` (outside groups and classes). */
function branches(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  out.push(source.slice(start));
  return out;
}

/** Index of the `)` closing the group opened at `open`, or -1. */
function groupEnd(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The literals one branch's matches start with (several when it opens with a group), or null. */
function branchLiterals(branch: string): string[] | null {
  let i = 0;
  let literal = '';
  for (;;) {
    const c = branch[i];
    if (c === undefined) break;
    if (literal === '' && c === '(') {
      const end = groupEnd(branch, i);
      if (end < 0) return null;
      // Look-arounds match nothing: the literal after them is still where a match starts.
      if (/^\(\?<?[=!]/.test(branch.slice(i, i + 4))) {
        i = end + 1;
        continue;
      }
      // A group at the start: its own branches' literals, when the group is not optional.
      if (OPTIONAL_NEXT.has(branch[end + 1] ?? '')) return null;
      const inner = branch.slice(branch.startsWith('(?:', i) ? i + 3 : i + 1, end);
      return literalsOf(inner);
    }
    if (c === '\\') {
      const n = branch[i + 1] ?? '';
      if (n === 'b' || n === 'B') {
        i += 2;
        continue;
      }
      if (/[a-zA-Z0-9]/.test(n)) break;
      if (OPTIONAL_NEXT.has(branch[i + 2] ?? '')) break;
      literal += n;
      i += 2;
      continue;
    }
    if (META.has(c)) break;
    if (OPTIONAL_NEXT.has(branch[i + 1] ?? '')) break;
    literal += c;
    i++;
  }
  return literal.length >= MIN_LITERAL ? [literal.toLowerCase()] : null;
}

/** Every literal a match of `source` may start with, or null when some match may start otherwise. */
export function literalsOf(source: string): string[] | null {
  const out: string[] = [];
  for (const b of branches(source)) {
    const lits = branchLiterals(b);
    if (lits === null) return null;
    out.push(...lits);
  }
  return out;
}

export interface SignalIndex {
  /** Per pattern, the literals one of which must be in the (lower-cased) text; null: always run it. */
  literals: Map<RegExp, readonly string[] | null>;
  scan: RegExp | null;
  /** Per literal, the literals that are prefixes of it (itself included). */
  prefixes: Map<string, readonly string[]>;
}

export function buildSignalIndex(patterns: readonly RegExp[]): SignalIndex {
  const literals = new Map<RegExp, readonly string[] | null>();
  const all = new Set<string>();
  for (const p of patterns) {
    // Only case-insensitive patterns: the scan reads lower-cased text.
    const lits = p.flags.includes('i') ? literalsOf(p.source) : null;
    literals.set(p, lits);
    for (const l of lits ?? []) all.add(l);
  }
  const list = [...all];
  const prefixes = new Map(list.map((l) => [l, list.filter((p) => l.startsWith(p))]));
  return { literals, scan: list.length ? new RegExp(phraseTrie(list), 'g') : null, prefixes };
}

/** The literals of the index that occur in `lower` (lower-cased text), overlaps included. */
export function literalsIn(index: SignalIndex, lower: string): Set<string> {
  const found = new Set<string>();
  const scan = index.scan;
  if (!scan) return found;
  scan.lastIndex = 0;
  for (let m = scan.exec(lower); m; m = scan.exec(lower)) {
    for (const p of index.prefixes.get(m[0]) ?? []) found.add(p);
    scan.lastIndex = m.index + 1;
  }
  return found;
}

/** Whether `pattern` can match, by the literals found: false only when none of its literals occur. */
export function mayMatch(index: SignalIndex, pattern: RegExp, found: ReadonlySet<string>): boolean {
  const lits = index.literals.get(pattern);
  return lits === undefined || lits === null || lits.some((l) => found.has(l));
}
