/**
 * The "Apply fix" confirmation, submitted: apply once, say so in the thread (in its language), and
 * re-check; a refusal is told to the approver in theirs.
 */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { describeFixAction } from '../../engine/fix-action.js';
import { describeError } from '../../errors.js';
import type { Lang } from '../../i18n/languages.js';
import { translator } from '../../i18n/messages.js';
import { localizeCheckReport } from '../../report/check-report.js';
import { metadata } from '../../report/slack-blocks.js';
import { escapeOwn, say } from '../../report/slack-say.js';
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
import { threadLang } from '../language.js';
import { plannedFix, startRun } from '../threads.js';

/** While one confirmation of a fix is being applied and re-checked, another of the same waits its turn. */
const APPLYING_MS = 15 * 60_000;

async function apply(bot: Bot, who: Who, t: FixTicket, client: WebClient, lang: Lang): Promise<Outcome> {
  const what = `apply ${t.cause}`;
  const mine = translator(lang);
  // The modal has closed: a refusal is told privately where the fix was asked for, in the approver's words.
  const refuse = async (why: string, said = escapeOwn(why)): Promise<Outcome> => {
    await tell(client, { ...who, channel: t.channel }, say(mine, 'slack.fix.nothingChanged', { why: said }));
    return { result: `refused: ${why}`, what };
  };
  const refuseWith = (
    why: string,
    id: 'slack.fix.noLongerApprover' | 'slack.fix.busy' | 'slack.fix.expired',
  ) => refuse(why, escapeOwn(mine.t(id)));
  // The allow-list is checked again: the modal could be submitted after someone was removed.
  if (!bot.deps.fixer || !(await mayApply(bot, client, who.user)))
    return refuseWith('not on the approver list', 'slack.fix.noLongerApprover');
  const key = `apply:${t.d}:${t.cause}`;
  if (!(await firstTime(bot, key, APPLYING_MS)))
    return refuseWith('this fix is being applied already', 'slack.fix.busy');
  try {
    const { diag, action } = await plannedFix(bot, t.d, t.cause);
    if (!diag) return refuseWith('the diagnosis has expired', 'slack.fix.expired');
    if ('unavailable' in action) return refuse(action.unavailable);
    let result: string;
    let said: string;
    const thread = translator(threadLang(bot, diag));
    const user = `<@${who.user}>`;
    try {
      const done = await bot.deps.fixer(action);
      result = `applied: ${done}`;
      said = say(thread, 'slack.fix.applied', { user, result: slackText(done, 2500) });
    } catch (err) {
      result = `failed: ${describeError(err)}`;
      said = say(thread, 'slack.fix.failed', { user, error: slackText(describeError(err), 2500) });
    }
    bot.log('fix', { diagnosis: t.d, cause: t.cause, user: who.user, result });
    const applied = result.startsWith('applied');
    if (applied) await bot.store.save({ ...diag, status: 'fix-applied' });
    await client.chat.postMessage({
      channel: diag.channel,
      thread_ts: diag.threadTs,
      text: `:wrench: ${said}`,
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
  const lang = threadLang(bot, diag);
  const tr = translator(lang);
  const after = reports
    .map((r) => localizeCheckReport(r, lang))
    .flatMap((r) => r.causes)
    .find((c) => c.id === cause);
  const gone = after?.status === 'ruled-out';
  const title = slackText(after?.text.title ?? cause, 200);
  const status = escapeOwn(tr.t(`slack.status.${after?.status ?? 'unknown'}`).toLocaleLowerCase(lang));
  await client.chat.postMessage({
    channel: diag.channel,
    thread_ts: diag.threadTs,
    text: gone
      ? `:white_check_mark: ${say(tr, 'slack.fix.passes', { cause: title })}`
      : `:warning: ${say(tr, 'slack.fix.notPassing', { cause: title, status })}`,
    metadata: metadata(diag.id, diag.symptom, 1, {
      status: gone ? 'fix-verified' : 'fix-not-verified',
      cause,
    }),
  });
  bot.log('fix-rechecked', { diagnosis: diag.id, cause, status: after?.status ?? 'unknown' });
}

export function register(app: App, bot: Bot): void {
  onConfirm(app, bot, APPLY_VIEW, 'apply a fix', (who, ticket, client, lang) =>
    apply(bot, who, ticket, client, lang),
  );
}
