/**
 * Formats the catalogues' ICU messages with @formatjs/intl: plurals, selects, lists, in each
 * language's own rules. Pure: the catalogues are imported data, one formatter per language.
 */
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { type Lang, LANGUAGES } from './languages.js';
import { en, type MessageId, type Messages } from './catalogues/en/messages.js';
import { messages as fr } from './catalogues/fr/messages.js';
import { messages as ja } from './catalogues/ja/messages.js';
import { messages as ko } from './catalogues/ko/messages.js';
import { messages as nl } from './catalogues/nl/messages.js';

export type { MessageId } from './catalogues/en/messages.js';

export const MESSAGES: Readonly<Record<Lang, Messages>> = { en, ja, fr, nl, ko };

/** A value a message takes: text, a number (plurals), or a select key. */
export type MessageValues = Readonly<Record<string, string | number>>;

/** What a renderer needs to speak one language. */
export interface Translator {
  lang: Lang;
  /** The message `id` with `values` filled in. */
  t(id: MessageId, values?: MessageValues): string;
  /** `a, b and c` as the language says it; `type: 'unit'` for a plain `a, b, c` of ids or values. */
  list(items: readonly string[], type?: 'conjunction' | 'disjunction' | 'unit'): string;
}

const cache = createIntlCache();
const translators = new Map<Lang, Translator>();

function build(lang: Lang): Translator {
  const intl: IntlShape<string> = createIntl(
    {
      locale: lang,
      defaultLocale: 'en',
      messages: { ...en, ...MESSAGES[lang] },
      // A message that does not parse or lacks a value is a bug: fail loudly in tests, never print a half message.
      onError: (err) => {
        throw err;
      },
    },
    cache,
  );
  return {
    lang,
    // `<...>` is literal text in every message (`<cluster>`, `<angle brackets>`), never a tag.
    t: (id, values) => intl.formatMessage({ id }, values, { ignoreTag: true }),
    // Ids and values (`ips`, signal ids) read best as a plain comma list in every language.
    list: (items, type = 'conjunction') =>
      type === 'unit' ? items.join(', ') : intl.formatList(items, { type }),
  };
}

/** The translator for `lang` (built once). */
export function translator(lang: Lang): Translator {
  let t = translators.get(lang);
  if (!t) {
    t = build(lang);
    translators.set(lang, t);
  }
  return t;
}

/** Every language's translator, for guards that render all of them. */
export const allTranslators = (): Translator[] => LANGUAGES.map(translator);
