/**
 * A heuristic for English left in a translated catalogue by accident: English function words in
 * the prose of a text, once code is set aside (backticks, `<markers>`, `{placeholders}`, quoted
 * strings, flags, paths, dotted names, camelCase and ASCII hyphenated ids). Commands and product
 * names have no function words, so they may stay as they are; a sentence left in English never
 * lacks them. Used by the catalogue guard test.
 */
import type { Lang } from './languages.js';

const ENGLISH_FUNCTION_WORDS = new Set(
  (
    'the a an and or of to in on at by for from with without into onto is are was were be been it its ' +
    'this that these those which who what when where while if then than so but not no nothing only your you ' +
    'can cannot does do has have will there their each every any all some one more most less plus below ' +
    'above after before because until still also just own same other else how why here over under up down ' +
    'out off once again both either neither as'
  ).split(' '),
);

/** Words that are also ordinary words of the language (French "a", "on"; Dutch "is", "in", "of"). */
const SAME_IN: Readonly<Record<Lang, readonly string[]>> = {
  en: [],
  fr: ['a', 'an', 'as', 'but', 'on', 'or', 'plus'],
  nl: ['an', 'in', 'is', 'of', 'over', 'plus', 'was'],
  ja: [],
  ko: [],
};

/** Tokens that are code, not prose. */
const CODE_TOKEN = /[/_=.:\\#@$()[\]]|^-|^\d|[a-z][A-Z]|^[A-Z0-9]{2,}s?$/;
/** `kube-proxy`, `x-ms-id`: printable ASCII around a hyphen (two tests, so each stays linear). */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const isAsciiHyphenated = (tok: string) => tok.includes('-') && PRINTABLE_ASCII.test(tok);
const OPENING = `('"«“`;
const CLOSING = `)'",;!?»”`;

/** `tok` without the quotes and brackets around it (and the punctuation after it). */
function stripPunctuation(tok: string): string {
  let start = 0;
  let end = tok.length;
  while (start < end && OPENING.includes(tok[start]!)) start++;
  while (end > start && CLOSING.includes(tok[end - 1]!)) end--;
  return tok.slice(start, end);
}

/** The prose of `text`: code set aside, then its words. */
export function proseWords(text: string): string[] {
  const prose = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/\{[a-zA-Z][a-zA-Z0-9]*\}/g, ' ')
    .replace(/"[^"]*"/g, ' ');
  return prose
    .split(/\s+/)
    .map(stripPunctuation)
    .filter((tok) => tok !== '' && !CODE_TOKEN.test(tok) && !isAsciiHyphenated(tok))
    .flatMap((tok) => tok.match(/\p{L}+/gu) ?? [])
    .map((w) => w.toLowerCase());
}

/** English function words in the prose of a text written in `lang`. */
export function englishLeft(text: string, lang: Lang): string[] {
  const same = new Set(SAME_IN[lang]);
  return proseWords(text).filter((w) => ENGLISH_FUNCTION_WORDS.has(w) && !same.has(w));
}

/** A command line, which stays as it is typed. */
const COMMAND = /^\s*(?:az|kubectl|iptables|nft|ufw|nc|curl|nslookup|aksdiag|helm)\s/;

/** Names that stay English in every language. */
const TERMS_KEPT = ['azure', 'kubernetes'];

/** English words that are also this language's word for the same thing (French "ports", Dutch "node"). */
const SHARED_WORDS: Readonly<Record<Lang, readonly string[]>> = {
  en: [],
  fr: ['cluster', 'instance', 'namespaces', 'pods', 'port', 'ports', 'services'],
  nl: ['cluster', 'namespaces', 'node', 'nodes', 'open', 'pods', 'services'],
  ja: [],
  ko: [],
};

/**
 * Whether a translation may be word for word the English: only when its prose is made of names
 * that stay English and words this language shares with English, or when it is a bare command.
 */
export function mayStayEnglish(text: string, lang: Lang): boolean {
  if (COMMAND.test(text) && englishLeft(text, 'en').length === 0) return true;
  const allowed = new Set([...TERMS_KEPT, ...SHARED_WORDS[lang]]);
  return proseWords(text).every((w) => allowed.has(w));
}

/** Whether an English text has prose at all (a bare command does not, and may stay as it is). */
export const hasEnglishProse = (text: string): boolean => englishLeft(text, 'en').length > 0;

/** Japanese or Korean script: kana, CJK ideographs, Hangul. */
export const hasCjk = (text: string): boolean => /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]/.test(text);
