/**
 * Which language the bot answers a person in, first that applies:
 * 1. their Slack language (users.info with include_locale), asked of Slack once in a while and
 *    kept in the store: a locale for hours, "none" or "could not ask" for minutes;
 * 2. the channel's language (`/aksdiag lang <code>`);
 * 3. the bot's (AKSDIAG_LANGUAGE);
 * 4. English.
 * A thread keeps the language of whoever pasted or asked (saved with the diagnosis).
 */
import type { WebClient } from '@slack/web-api';
import { describeError } from '../errors.js';
import { DEFAULT_LANG, type Lang, langOf } from '../i18n/languages.js';
import type { ThreadDiagnosis } from '../store/types.js';
import type { Bot } from './context.js';
import { within } from './identity.js';

/** Where a person's language came from, for App Home and `/aksdiag lang`. */
export type LangSource = 'locale' | 'channel' | 'bot' | 'default';

export interface Chosen {
  lang: Lang;
  source: LangSource;
}

/** A locale changes rarely: asked again after this. */
export const LOCALE_TTL_MS = 6 * 3600_000;
/** Slack said none, or could not be asked (no users:read, an outage): asked again after this. */
export const NO_LOCALE_TTL_MS = 10 * 60_000;
/** An answer slower than this is not waited for: the reply goes out in the next language that applies. */
const ASK_MS = 2000;

/** The language of the user's Slack locale, or null when it is none aksdiag speaks (or is unknown). */
export async function userLanguage(
  bot: Bot,
  client: WebClient,
  team: string,
  user: string,
): Promise<Lang | null> {
  const known = await bot.store.locale(team, user).catch(() => null);
  if (known !== null) return langOf(known);
  let locale = '';
  try {
    const r = await within(
      ASK_MS,
      () => client.users.info({ user, include_locale: true }),
      () => new Error(`users.info did not answer within ${ASK_MS} ms`),
    );
    locale = r.user?.locale ?? '';
  } catch (err) {
    bot.log('locale-unavailable', { user, error: describeError(err) });
  }
  await bot.store
    .rememberLocale(team, user, locale, locale ? LOCALE_TTL_MS : NO_LOCALE_TTL_MS)
    .catch(() => undefined);
  return langOf(locale);
}

/** The language to answer `user` in `channel` (either may be unknown), and where it came from. */
export async function languageFor(
  bot: Bot,
  client: WebClient,
  at: { team: string; user?: string | undefined; channel?: string | undefined },
): Promise<Chosen> {
  if (at.user) {
    const lang = await userLanguage(bot, client, at.team, at.user);
    if (lang) return { lang, source: 'locale' };
  }
  if (at.channel) {
    const lang = langOf(await bot.store.channelLanguage(at.team, at.channel).catch(() => null));
    if (lang) return { lang, source: 'channel' };
  }
  return bot.slack.language
    ? { lang: bot.slack.language, source: 'bot' }
    : { lang: DEFAULT_LANG, source: 'default' };
}

/** The language a diagnosis's thread answers in: the one of whoever pasted or asked. */
export const threadLang = (bot: Bot, d: Pick<ThreadDiagnosis, 'lang'>): Lang =>
  langOf(d.lang) ?? bot.slack.language ?? DEFAULT_LANG;
