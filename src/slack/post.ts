/**
 * Updating the bot's message in place, with a way out: when Slack refuses the update (the message
 * was deleted, the blocks were refused), the plain-text version replaces it, and when even that
 * is refused it is posted as a new message in the thread. A thread is never left at "Checking…".
 */
import type { WebClient } from '@slack/web-api';
import { describeError } from '../errors.js';
import type { SlackMessage } from '../report/slack-blocks.js';
import type { BotLog } from './context.js';
import { messageArgs } from './message.js';

export interface Placed {
  channel: string;
  ts: string;
  threadTs: string;
}

export async function updateOrPost(
  client: WebClient,
  log: BotLog,
  at: Placed,
  m: SlackMessage,
): Promise<void> {
  try {
    await client.chat.update({ channel: at.channel, ts: at.ts, ...messageArgs(m) });
    return;
  } catch (err) {
    log('update-failed', { channel: at.channel, ts: at.ts, error: describeError(err) });
  }
  const plain = { text: m.text, metadata: m.metadata };
  try {
    await client.chat.update({ channel: at.channel, ts: at.ts, ...plain, blocks: [] });
    return;
  } catch (err) {
    log('update-failed', { channel: at.channel, ts: at.ts, plain: true, error: describeError(err) });
  }
  await client.chat
    .postMessage({ channel: at.channel, thread_ts: at.threadTs, ...plain })
    .catch((err: unknown) => log('post-failed', { channel: at.channel, error: describeError(err) }));
}
