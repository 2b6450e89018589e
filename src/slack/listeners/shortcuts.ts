/**
 * The message shortcut "Diagnose with aksdiag": anyone can ask for a diagnosis of any message,
 * also where the bot does not read every message. The answer goes to that message's thread (a
 * follow-up in a diagnosed thread refines it), in the asker's language; what is only for the asker
 * (not recognised, already answered, or why the bot cannot post there) is told to them privately.
 */
import type { App } from '@slack/bolt';
import { describeError } from '../../errors.js';
import { translator } from '../../i18n/messages.js';
import { DIAGNOSE_SHORTCUT } from '../../report/slack-blocks.js';
import { escapeOwn, say } from '../../report/slack-say.js';
import type { Bot } from '../context.js';
import { type Outcome, type ShortcutUse, onShortcut, slackText } from '../guard.js';
import { type Answered, type Post, answer, answerKey, notRecognised, refine } from '../threads.js';

/** Slack's answers that mean the bot may not post in that conversation. */
const NOT_MEMBER = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

async function diagnoseMessage(bot: Bot, u: ShortcutUse): Promise<Outcome> {
  const { who, message, client, lang } = u;
  const tr = translator(lang);
  if (!message.text.trim()) {
    await u.reply(escapeOwn(tr.t('slack.shortcut.noText')));
    return { result: 'refused: no text' };
  }
  const post: Post = {
    team: who.team,
    channel: who.channel,
    ts: message.ts,
    threadTs: message.threadTs,
    text: message.text,
    direct: true,
    user: who.user,
  };
  let answered: Answered;
  try {
    const existing = message.threadTs
      ? await bot.store.inThread(who.team, who.channel, message.threadTs)
      : null;
    answered = existing
      ? await refine(bot, existing, post, client)
      : await answer(bot, post, client, { lang, quietly: true });
  } catch (err) {
    // Nothing was posted: the message may be asked about again once the bot can post there.
    await bot.store.release(answerKey(post)).catch(() => undefined);
    const code = (err as { data?: { error?: string } }).data?.error;
    await u.reply(
      code && NOT_MEMBER.has(code)
        ? escapeOwn(tr.t('slack.shortcut.notMember'))
        : say(tr, 'slack.shortcut.cannotPost', { error: slackText(code ?? describeError(err), 300) }),
    );
    return { result: `refused: cannot post in the thread (${code ?? 'error'})` };
  }
  switch (answered.kind) {
    case 'diagnosed':
      return { result: 'answered in the thread', diagnosis: answered.id };
    case 'already-answered':
      await u.reply(escapeOwn(tr.t('slack.shortcut.already')));
      return { result: 'refused: already answered' };
    default:
      await u.reply(notRecognised(lang));
      return { result: 'not recognised' };
  }
}

export function register(app: App, bot: Bot): void {
  onShortcut(app, bot, DIAGNOSE_SHORTCUT.callbackId, 'diagnose a message', (u) => diagnoseMessage(bot, u));
}
