/**
 * How a fix names a value it does not know, in each language: the words for a value said in prose
 * and where to look it up. Its own module (data only) so that the engine's fix renderer can use it
 * without loading the whole knowledge base.
 */
import { UNFILLED } from '../symptoms/placeholders.js';
import type { Lang } from './languages.js';
import type { PlaceholderText } from './types.js';
import { words as fr } from './catalogues/fr/words.js';
import { words as ja } from './catalogues/ja/words.js';
import { words as ko } from './catalogues/ko/words.js';
import { words as nl } from './catalogues/nl/words.js';

/** A placeholder shown as words rather than as a `<marker>` in a command. */
export const saidInWords = (shown: string): boolean => /^[a-z][a-z ]*$/.test(shown);

/** The English words of every placeholder, from the placeholder list itself. */
export const ENGLISH_PLACEHOLDERS: Readonly<Record<string, PlaceholderText>> = Object.fromEntries(
  Object.entries(UNFILLED).map(([name, u]) => [
    name,
    {
      ...(saidInWords(u.shown) ? { shown: u.shown } : {}),
      ...(u.find !== undefined ? { find: u.find } : {}),
    },
  ]),
);

const TRANSLATED = { fr, ja, ko, nl } as const;

/** A placeholder's words in `lang`, English where the catalogue has none. */
export function placeholderText(name: string, lang: Lang): PlaceholderText {
  return lang === 'en'
    ? (ENGLISH_PLACEHOLDERS[name] ?? {})
    : { ...ENGLISH_PLACEHOLDERS[name], ...TRANSLATED[lang].placeholders[name] };
}
