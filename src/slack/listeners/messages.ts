/** Pastes: messages in channels the bot is in and DMs, and mentions of the bot. */
import type { App } from '@slack/bolt';
import type { Bot } from '../context.js';
import { answer, refine } from '../threads.js';

interface MessageEvent {
  subtype?: string;
  bot_id?: string;
  text?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  channel_type?: string;
}

export function register(app: App, bot: Bot): void {
  app.message(async ({ message, body, client, context }) => {
    const m = message as MessageEvent;
    const team = body.team_id;
    // Edits, joins and every bot's messages (ours included) are not pastes.
    if (m.subtype || m.bot_id || !m.text) return;
    // A mention arrives twice (message and app_mention): the app_mention listener answers it.
    if (context.botUserId && m.text.includes(`<@${context.botUserId}>`)) return;
    if (m.thread_ts) {
      const existing = await bot.store.inThread(team, m.channel, m.thread_ts);
      if (existing) return refine(bot, existing, m.text, client);
    }
    const direct = m.channel_type === 'im';
    await answer(
      bot,
      { team, channel: m.channel, ts: m.ts, threadTs: m.thread_ts, text: m.text, direct },
      client,
    );
  });

  app.event('app_mention', async ({ event, body, client }) => {
    const text = (event.text ?? '').replace(/<@[A-Z0-9]+>/g, ' ').trim();
    if (event.thread_ts) {
      const existing = await bot.store.inThread(body.team_id, event.channel, event.thread_ts);
      if (existing) return refine(bot, existing, text, client);
    }
    const post = {
      team: body.team_id,
      channel: event.channel,
      ts: event.ts,
      threadTs: event.thread_ts,
      text,
      direct: true,
    };
    await answer(bot, post, client);
  });
}
