/**
 * `/aksdiag`: help, `bind <cluster>`, `lang [<code>|off]`, and `<cluster> [error text]` to run the
 * checks. Answers go to whoever typed it, in their language; a check's thread keeps that language.
 */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { parseClusterQuery } from '../../azure/find-cluster.js';
import { diagnose } from '../../engine/diagnose.js';
import { redact } from '../../engine/redact.js';
import { LANGUAGES, LANGUAGE_NAMES, type Lang, langOf } from '../../i18n/languages.js';
import { symptomTitle } from '../../i18n/knowledge.js';
import { translator } from '../../i18n/messages.js';
import { DIAGNOSE_SHORTCUT, metadata } from '../../report/slack-blocks.js';
import { escapeOwn, say } from '../../report/slack-say.js';
import type { ThreadDiagnosis } from '../../store/types.js';
import type { Bot } from '../context.js';
import { type Outcome, type Who, onCommand, shown, slackText, tell } from '../guard.js';
import { type Chosen, type LangSource, languageFor } from '../language.js';
import { textPart } from '../payloads.js';
import { startRun } from '../threads.js';

/** `/aksdiag help`, in `lang`: mrkdwn, so `<cluster>` is written `&lt;cluster&gt;`. */
export function helpText(lang: Lang): string {
  const tr = translator(lang);
  const line = (id: Parameters<typeof tr.t>[0], values = {}) => `• ${say(tr, id, values)}`;
  return [
    say(tr, 'slack.help.intro'),
    line('slack.help.check'),
    line('slack.help.checkError'),
    line('slack.help.bind'),
    line('slack.help.lang', { codes: LANGUAGES.join(', ') }),
    line('slack.help.shortcut', { shortcut: DIAGNOSE_SHORTCUT.name }),
    line('slack.help.help'),
    say(tr, 'slack.help.clusters'),
  ].join('\n');
}

/** The English help, as it was before it had other languages. */
export const HELP = helpText('en');

/** True when `query` names a cluster the way `/aksdiag` takes one. */
function isCluster(query: string): boolean {
  try {
    parseClusterQuery(query);
    return query.length <= 300;
  } catch {
    return false;
  }
}

const notCluster = (lang: Lang, name: string) =>
  say(translator(lang), 'slack.command.notCluster', { name: `\`${shown(name)}\`` });

async function bind(bot: Bot, who: Who, cluster: string, client: WebClient, lang: Lang): Promise<Outcome> {
  if (!isCluster(cluster)) {
    await tell(client, who, notCluster(lang, cluster));
    return { result: 'refused: not a cluster' };
  }
  await bot.store.bind(who.team, who.channel, cluster);
  await tell(client, who, say(translator(lang), 'slack.command.bound', { cluster: `\`${shown(cluster)}\`` }));
  return { result: 'bound' };
}

const SOURCES: Record<
  LangSource,
  'slack.source.locale' | 'slack.source.channel' | 'slack.source.bot' | 'slack.source.default'
> = {
  locale: 'slack.source.locale',
  channel: 'slack.source.channel',
  bot: 'slack.source.bot',
  default: 'slack.source.default',
};

/** `/aksdiag lang`: shows; `lang <code>` sets the channel's; `lang off` clears it. Audited. */
async function language(
  bot: Bot,
  who: Who,
  code: string,
  client: WebClient,
  chosen: Chosen,
): Promise<Outcome | null> {
  const tr = translator(chosen.lang);
  if (code === '') {
    const channel = langOf(await bot.store.channelLanguage(who.team, who.channel));
    const text = say(tr, 'slack.lang.show', {
      channel: channel ? LANGUAGE_NAMES[channel] : escapeOwn(tr.t('slack.lang.none')),
      yours: LANGUAGE_NAMES[chosen.lang],
      source: escapeOwn(tr.t(SOURCES[chosen.source])),
    });
    await tell(client, who, text);
    return null;
  }
  const what = `/aksdiag lang ${code.slice(0, 40)}`;
  const off = ['off', 'none', 'default'].includes(code.toLowerCase());
  const lang = off ? null : langOf(code);
  if (!off && !lang) {
    const text = say(tr, 'slack.lang.unknown', { code: `\`${shown(code)}\``, codes: LANGUAGES.join(', ') });
    await tell(client, who, text);
    return { result: 'refused: not a language aksdiag speaks', what };
  }
  await bot.store.setChannelLanguage(who.team, who.channel, lang);
  // Said in the language that now applies to this person here (theirs, or the channel's new one).
  const now = translator((await languageFor(bot, client, who)).lang);
  const effective = lang ?? bot.slack.language ?? 'en';
  const id = lang ? 'slack.lang.set' : 'slack.lang.cleared';
  await tell(client, who, say(now, id, { language: LANGUAGE_NAMES[effective] }));
  return { result: lang ? `language set: ${lang}` : 'language cleared', what };
}

async function check(
  bot: Bot,
  who: Who,
  cluster: string,
  text: string,
  client: WebClient,
  lang: Lang,
): Promise<Outcome> {
  const runner = bot.deps.runner;
  const tr = translator(lang);
  if (!runner) {
    await tell(client, who, escapeOwn(tr.t('slack.run.off')));
    return { result: 'refused: live checks are off' };
  }
  const paste = textPart(text).text;
  const d = paste ? diagnose(paste) : null;
  const id = bot.newId();
  const what = d?.symptom ? (symptomTitle(d.symptom, lang) ?? d.symptom) : tr.t('slack.progress.everything');
  const head = await client.chat.postMessage({
    channel: who.channel,
    text: say(tr, 'slack.command.asked', {
      user: `<@${who.user}>`,
      cluster: `\`${shown(cluster)}\``,
      what: slackText(what, 200),
    }),
    metadata: metadata(id, d?.symptom ?? null, d?.confidence ?? 0, { cluster }),
  });
  const diag: ThreadDiagnosis = {
    id,
    team: who.team,
    channel: who.channel,
    threadTs: head.ts ?? '',
    replyTs: head.ts ?? '',
    text: paste ? redact(paste).text : '',
    symptom: d?.symptom ?? null,
    cluster,
    user: who.user,
    at: bot.now().toISOString(),
    lang,
    status: 'diagnosed',
  };
  await bot.store.save(diag);
  // Audited as it starts; the thread tells how it ends.
  await startRun(bot, client, runner, diag, cluster);
  return { result: 'started', what: `run checks on ${cluster}`, diagnosis: id };
}

export function register(app: App, bot: Bot): void {
  onCommand(app, bot, async (who, text, client, chosen: Chosen) => {
    const [first = '', ...rest] = text.trim().split(/\s+/);
    if (first === '' || first === 'help') {
      await tell(client, who, helpText(chosen.lang));
      return null;
    }
    if (first === 'bind') return bind(bot, who, rest[0] ?? '', client, chosen.lang);
    if (first === 'lang') return language(bot, who, rest[0] ?? '', client, chosen);
    if (!isCluster(first)) {
      await tell(client, who, `${notCluster(chosen.lang, first)}\n\n${helpText(chosen.lang)}`);
      return { result: 'refused: not a cluster' };
    }
    return check(bot, who, first, rest.join(' '), client, chosen.lang);
  });
}
