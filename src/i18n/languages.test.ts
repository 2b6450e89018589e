import { langOf } from './languages.js';

describe('langOf', () => {
  it.each([
    ['fr', 'fr'],
    ['fr_FR.UTF-8', 'fr'],
    ['ja_JP.eucJP@cjk', 'ja'],
    ['ko-KR', 'ko'],
    ['nl_BE', 'nl'],
    ['en-US', 'en'],
    ['JA-jp', 'ja'],
  ])('reads %s as %s', (locale, lang) => {
    expect(langOf(locale)).toBe(lang);
  });

  it.each(['C', 'POSIX', 'C.UTF-8', '', 'pt-BR', 'de_DE.UTF-8', undefined])(
    'has no language for %p (the caller falls back)',
    (locale) => {
      expect(langOf(locale)).toBeNull();
    },
  );
});
