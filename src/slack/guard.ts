/**
 * The rules every listener goes through, in one place: Slack's retries answered once
 * (idempotency), who may apply a fix and the audit of every refusal (authorisation), the lookup of
 * a diagnosis from a button, and the escaping of text that came from people.
 */
import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { describeError } from '../errors.js';
import { esc } from '../report/slack-blocks.js';
import type { Bot, BotDeps } from './context.js';
import { type AuditEntry, DAY_MS, type ThreadDiagnosis } from '../store/types.js';

export { esc };

/** Slack redelivers an event it thinks was missed, and Bolt runs the listeners again: answer once. */
export function answerOnce(bot: Bot): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string') {
      const first = await bot.store.claim(`event:${eventId}`, DAY_MS).catch((err: unknown) => {
        // Redis away: better a rare double answer than none at 3 a.m.
        bot.log('dedupe-unavailable', { error: describeError(err) });
        return true;
      });
      if (!first) return;
    }
    await next();
  };
}

/** Where a button was pressed, and by whom. */
export interface Presser {
  user: string;
  channel: string;
}

/** The diagnosis a button names, or null after telling the presser it has expired. */
export async function diagnosisFor(
  bot: Bot,
  client: WebClient,
  id: string,
  at: Presser,
): Promise<ThreadDiagnosis | null> {
  const diag = await bot.store.get(id);
  if (diag) return diag;
  await client.chat.postEphemeral({
    channel: at.channel,
    user: at.user,
    text: 'That diagnosis has expired; paste the error again.',
  });
  return null;
}

export function audit(bot: Bot, entry: AuditEntry): Promise<void> {
  return bot.store
    .audit({ ...entry, at: bot.now().toISOString() })
    .catch((err: unknown) => bot.log('audit-failed', { error: describeError(err) }));
}

/** On the allow-list by user id, or a member of an allowed user group. */
async function mayApply(bot: Bot, client: WebClient, user: string): Promise<boolean> {
  const approvers = bot.slack.fixApprovers;
  if (approvers.includes(user)) return true;
  for (const group of approvers.filter((a) => a.startsWith('S'))) {
    const members = await client.usergroups.users
      .list({ usergroup: group })
      .then((r) => r.users ?? [])
      .catch(() => [] as string[]);
    if (members.includes(user)) return true;
  }
  return false;
}

/** The fixer, when one is configured and `user` is an approver now; null, audited, otherwise. */
export async function fixerFor(
  bot: Bot,
  client: WebClient,
  user: string,
  at: { cause: string; channel: string; d: string },
): Promise<NonNullable<BotDeps['fixer']> | null> {
  if (bot.deps.fixer && (await mayApply(bot, client, user))) return bot.deps.fixer;
  await audit(bot, {
    who: user,
    what: `apply ${at.cause}`,
    where: at.channel,
    result: 'refused: not on the approver list',
    diagnosis: at.d,
  });
  return null;
}
