/** The languages aksdiag answers in, and how a locale name from anywhere is read as one of them. */

/** English first: it is the source language and the fallback. */
export const LANGUAGES = ['en', 'ja', 'fr', 'nl', 'ko'] as const;
export type Lang = (typeof LANGUAGES)[number];

export const DEFAULT_LANG: Lang = 'en';

/** Each language by its own name, as a person looks for it in a list (the same in every catalogue). */
export const LANGUAGE_NAMES: Readonly<Record<Lang, string>> = {
  en: 'English',
  ja: '日本語',
  fr: 'Français',
  nl: 'Nederlands',
  ko: '한국어',
};

export const isLang = (code: string): code is Lang => (LANGUAGES as readonly string[]).includes(code);

/**
 * The language of a locale name as people and systems write it: `fr`, `fr-FR`, `fr_FR.UTF-8`,
 * `ja_JP.eucJP@cjk`, Slack's `ko-KR`. Null for `C`/`POSIX`, an empty value or a language aksdiag
 * does not speak (the caller then falls back to the next source, finally English).
 */
export function langOf(locale: string | undefined | null): Lang | null {
  if (!locale) return null;
  const primary =
    locale
      .trim()
      .toLowerCase()
      .split(/[-_.@]/)[0] ?? '';
  return isLang(primary) ? primary : null;
}
