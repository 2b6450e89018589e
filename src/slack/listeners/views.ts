/** The "Apply fix" confirmation, submitted: apply once, say so in the thread, and re-check. */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { describeFixAction } from '../../engine/fix-action.js';
import { describeError } from '../../errors.js';
import { metadata } from '../../report/slack-blocks.js';
import type { ThreadDiagnosis } from '../../store/types.js';
import type { Bot } from '../context.js';
import { APPLY_VIEW } from '../fix-modal.js';
import {
  type FixTicket,
  type Outcome,
  type Who,
  firstTime,
  mayApply,
  onConfirm,
  slackText,
  tell,
} from '../guard.js';
import { plannedFix, startRun } from '../threads.js';

/** While one confirmation of a fix is being applied and re-checked, another of the same waits its turn. */
const APPLYING_MS = 15 * 60_000;

async function apply(bot: Bot, who: Who, t: FixTicket, client: WebClient): Promise<Outcome> {
  const what = `apply ${t.cause}`;
  // The modal has closed: a refusal is told privately where the fix was asked for.
  const refuse = async (why: string): Promise<Outcome> => {
    await tell(client, { ...who, channel: t.channel }, `Nothing was changed: ${why}.`);
    return { result: `refused: ${why}`, what };
  };
  // The allow-list is checked again: the modal could be submitted after someone was removed.
  if (!bot.deps.fixer || !(await mayApply(bot, client, who.user))) return refuse('not on the approver list');
  const key = `apply:${t.d}:${t.cause}`;
  if (!(await firstTime(bot, key, APPLYING_MS))) return refuse('this fix is being applied already');
  try {
    const { diag, action } = await plannedFix(bot, t.d, t.cause);
    if (!diag || 'unavailable' in action)
      return refuse('unavailable' in action ? action.unavailable : 'the diagnosis has expired');
    let result: string;
    try {
      result = `applied: ${await bot.deps.fixer(action)}`;
    } catch (err) {
      result = `failed: ${describeError(err)}`;
    }
    bot.log('fix', { diagnosis: t.d, cause: t.cause, user: who.user, result });
    const applied = result.startsWith('applied');
    await client.chat.postMessage({
      channel: diag.channel,
      thread_ts: diag.threadTs,
      text: `:wrench: <@${who.user}> ${slackText(result, 2500)}`,
      metadata: metadata(t.d, diag.symptom, 1, {
        status: applied ? 'fix-applied' : 'fix-failed',
        cause: t.cause,
      }),
    });
    if (applied) await recheck(bot, client, diag, t.cause);
    return { result, what: describeFixAction(action), where: `${diag.channel} · ${diag.cluster ?? ''}` };
  } finally {
    await bot.store.release(key).catch(() => undefined);
  }
}

/** The checks again after a fix: the thread hears whether the cause is gone. */
async function recheck(bot: Bot, client: WebClient, diag: ThreadDiagnosis, cause: string): Promise<void> {
  if (!diag.cluster || !bot.deps.runner) return;
  const run = await startRun(bot, client, bot.deps.runner, diag, diag.cluster);
  const reports = run ? await run : [];
  const after = reports.flatMap((r) => r.causes).find((c) => c.id === cause);
  const gone = after?.status === 'ruled-out';
  await client.chat.postMessage({
    channel: diag.channel,
    thread_ts: diag.threadTs,
    text: gone
      ? `:white_check_mark: After the fix the check passes: ${cause} is ruled out.`
      : `:warning: After the fix ${cause} is ${after?.status ?? 'not checked'}: see the verdict above.`,
    metadata: metadata(diag.id, diag.symptom, 1, {
      status: gone ? 'fix-verified' : 'fix-not-verified',
      cause,
    }),
  });
  bot.log('fix-rechecked', { diagnosis: diag.id, cause, status: after?.status ?? 'unknown' });
}

export function register(app: App, bot: Bot): void {
  onConfirm(app, bot, APPLY_VIEW, 'apply a fix', (who, ticket, client) => apply(bot, who, ticket, client));
}
