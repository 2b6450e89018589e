/** Pastes: messages in channels the bot is in and DMs, and mentions of the bot. */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Bot } from '../context.js';
import { malformed } from '../guard.js';
import { messageEventSchema } from '../payloads.js';
import { type Post, answer, refine } from '../threads.js';

/** A paste in a diagnosed thread refines that diagnosis; anywhere else it may start one. */
async function handle(bot: Bot, p: Post, client: WebClient): Promise<void> {
  const existing = p.threadTs ? await bot.store.inThread(p.team, p.channel, p.threadTs) : null;
  if (existing) await refine(bot, existing, p, client);
  else await answer(bot, p, client);
}

export function register(app: App, bot: Bot): void {
  app.message(async ({ message, body, client, context }) => {
    const m = messageEventSchema.safeParse(message);
    if (!m.success) return malformed(bot, 'message event', m.error);
    const { subtype, bot_id, text, channel, ts, thread_ts, channel_type, user } = m.data;
    // Edits, joins and every bot's messages (ours included) are not pastes.
    if (subtype || bot_id || !text) return;
    // A mention arrives twice (message and app_mention): the app_mention listener answers it.
    if (context.botUserId && text.includes(`<@${context.botUserId}>`)) return;
    const post = {
      team: body.team_id,
      channel,
      ts,
      threadTs: thread_ts,
      text,
      direct: channel_type === 'im',
      user,
    };
    await handle(bot, post, client);
  });

  app.event('app_mention', async ({ event, body, client }) => {
    const m = messageEventSchema.safeParse(event);
    if (!m.success) return malformed(bot, 'app_mention event', m.error);
    const text = (m.data.text ?? '').replace(/<@[A-Z0-9]+>/g, ' ').trim();
    const { channel, ts, thread_ts, user } = m.data;
    const post = { team: body.team_id, channel, ts, threadTs: thread_ts, text, direct: true, user };
    await handle(bot, post, client);
  });
}
