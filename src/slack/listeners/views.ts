/** The "Apply fix" confirmation, submitted: apply once, audit, say so in the thread, and re-check. */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { describeFixAction } from '../../engine/fix-action.js';
import { describeError } from '../../errors.js';
import { metadata } from '../../report/slack-blocks.js';
import type { Bot } from '../context.js';
import { APPLY_VIEW } from '../fix-modal.js';
import { audit, esc, fixerFor } from '../guard.js';
import type { ThreadDiagnosis } from '../../store/types.js';
import { plannedFix, runChecks } from '../threads.js';

export function register(app: App, bot: Bot): void {
  app.view(APPLY_VIEW, async ({ ack, body, view, client }) => {
    await ack();
    const { d, cause, channel } = JSON.parse(view.private_metadata) as {
      d: string;
      cause: string;
      channel: string;
    };
    const user = body.user.id;
    // The allow-list is checked again: the modal could be submitted after someone was removed.
    const fixer = await fixerFor(bot, client, user, { cause, channel, d });
    if (!fixer) return;
    const { diag, action } = await plannedFix(bot, d, cause);
    if (!diag || 'unavailable' in action) return;
    const what = describeFixAction(action);
    let result: string;
    try {
      result = `applied: ${await fixer(action)}`;
    } catch (err) {
      result = `failed: ${describeError(err)}`;
    }
    await audit(bot, { who: user, what, where: diag.cluster ?? '', result, diagnosis: d });
    bot.log('fix', { diagnosis: d, cause, user, result });
    const applied = result.startsWith('applied');
    await client.chat.postMessage({
      channel: diag.channel,
      thread_ts: diag.threadTs,
      text: `:wrench: <@${user}> ${esc(result)}`,
      metadata: metadata(d, diag.symptom, 1, { status: applied ? 'fix-applied' : 'fix-failed', cause }),
    });
    if (applied) await recheck(bot, client, diag, cause);
  });
}

/** The checks again after a fix: the thread hears whether the cause is gone. */
async function recheck(bot: Bot, client: WebClient, diag: ThreadDiagnosis, cause: string): Promise<void> {
  if (!diag.cluster || !bot.deps.runner) return;
  const reports = await runChecks(bot, client, bot.deps.runner, diag, diag.cluster);
  const after = reports.flatMap((r) => r.causes).find((c) => c.id === cause);
  const gone = after?.status === 'ruled-out';
  await client.chat.postMessage({
    channel: diag.channel,
    thread_ts: diag.threadTs,
    text: gone
      ? `:white_check_mark: After the fix the check passes: ${esc(cause)} is ruled out.`
      : `:warning: After the fix ${esc(cause)} is ${after?.status ?? 'not checked'}: see the verdict above.`,
    metadata: metadata(diag.id, diag.symptom, 1, {
      status: gone ? 'fix-verified' : 'fix-not-verified',
      cause,
    }),
  });
  bot.log('fix-rechecked', { diagnosis: diag.id, cause, status: after?.status ?? 'unknown' });
}
