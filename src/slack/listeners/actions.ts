/**
 * The buttons on the bot's replies: run, pick a cluster, re-run, raw output, fix, not this,
 * resolved, apply. What is told to the presser alone is in their language; what goes to the
 * thread, in the thread's.
 */
import type { App, types } from '@slack/bolt';
import { diagnose } from '../../engine/diagnose.js';
import { redact } from '../../engine/redact.js';
import { translator } from '../../i18n/messages.js';
import {
  ACTIONS,
  MAX_OPTIONS,
  clusterPicker,
  fixMessage,
  metadata,
  rawOutputMessage,
} from '../../report/slack-blocks.js';
import { escapeOwn, say } from '../../report/slack-say.js';
import type { Bot } from '../context.js';
import { fixModal } from '../fix-modal.js';
import { type Outcome, type Press, mayApply, mintTicket, onButton, tell } from '../guard.js';
import { threadLang } from '../language.js';
import { updateOrPost } from '../post.js';
import { fixIn, plannedFix, reportsOf, send, startRun } from '../threads.js';

/** A private answer to the presser, from the catalogue. */
const tellIn = (p: Press, id: Parameters<ReturnType<typeof translator>['t']>[0]) =>
  tell(p.client, p.who, escapeOwn(translator(p.lang).t(id)));

/** Starts the checks on `cluster`, or says they are already running. */
async function run(bot: Bot, p: Press, cluster: string): Promise<Outcome> {
  const what = `run checks on ${cluster}`;
  if (!bot.deps.runner) return { result: 'refused: live checks are off', what };
  const started = await startRun(bot, p.client, bot.deps.runner, p.diag, cluster);
  if (started) return { result: 'started', what };
  await tellIn(p, 'slack.run.already');
  return { result: 'refused: already running', what };
}

/** "Which cluster?": a picker of the clusters aksdiag sees, remembered with the diagnosis. */
async function askForCluster(bot: Bot, p: Press): Promise<string> {
  const list = bot.deps.listClusters;
  const clusters = list ? await list().catch(() => null) : null;
  const offered = clusters?.slice(0, MAX_OPTIONS) ?? null;
  if (offered) await bot.store.save({ ...p.diag, offered });
  await p.client.chat.postEphemeral({
    channel: p.who.channel,
    user: p.who.user,
    text: escapeOwn(translator(p.lang).t('slack.picker.ask')),
    ...(offered
      ? { blocks: clusterPicker(offered, p.diag.id, p.lang) as unknown as types.KnownBlock[] }
      : {}),
  });
  return offered ? 'offered a cluster picker' : 'asked for a cluster';
}

/** "Apply fix" pressed: an approver gets the confirmation modal, in their language, with a one-time token in it. */
async function offerFix(bot: Bot, p: Press): Promise<Outcome> {
  const cause = p.diag.fixes?.[Number(p.actionId.split(':')[1] ?? 0)];
  const what = `apply ${cause ?? 'a fix'}`;
  const tr = translator(p.lang);
  const refuse = async (text: string, result: string): Promise<Outcome> => {
    await tell(p.client, p.who, text);
    return { result: `refused: ${result}`, what };
  };
  if (!cause) return refuse(escapeOwn(tr.t('slack.fix.gone')), 'no such fix');
  if (!bot.deps.fixer || !(await mayApply(bot, p.client, p.who.user)))
    return refuse(escapeOwn(tr.t('slack.fix.notApprover')), 'not on the approver list');
  const { diag, verdict, action } = await plannedFix(bot, p.diag.id, cause);
  if (!diag || !verdict || 'unavailable' in action) {
    const why = 'unavailable' in action ? action.unavailable : 'the diagnosis has expired';
    const said = 'unavailable' in action ? escapeOwn(why) : escapeOwn(tr.t('slack.fix.expired'));
    return refuse(say(tr, 'slack.fix.cannot', { why: said }), why);
  }
  const token = await mintTicket(bot, {
    d: diag.id,
    cause,
    team: p.who.team,
    channel: p.who.channel,
    user: p.who.user,
  });
  await p.client.views.open({
    trigger_id: p.triggerId,
    view: fixModal(token, diag.cluster, action, fixIn(diag.symptom, verdict, p.lang), p.lang),
  });
  return { result: 'confirmation opened', what };
}

export function register(app: App, bot: Bot): void {
  onButton(app, bot, ACTIONS.runChecks, 'run checks', async (p) => {
    const cluster = p.diag.suggested ?? (await bot.store.binding(p.who.team, p.who.channel));
    return cluster && bot.deps.runner ? run(bot, p, cluster) : askForCluster(bot, p);
  });

  onButton(app, bot, ACTIONS.pickCluster, 'pick a cluster', async (p) => {
    // The option's value is its place in the list offered to this diagnosis, nothing more.
    const cluster = /^\d{1,3}$/.test(p.selected ?? '') ? p.diag.offered?.[Number(p.selected)] : undefined;
    if (cluster) return run(bot, p, cluster);
    await tellIn(p, 'slack.picker.gone');
    return 'refused: not an offered cluster';
  });

  onButton(app, bot, ACTIONS.rerun, 're-run checks', async (p) =>
    p.diag.cluster ? run(bot, p, p.diag.cluster) : 'refused: no cluster was checked',
  );

  onButton(app, bot, ACTIONS.rawOutput, 'show raw output', async ({ diag, client }) => {
    // Node output can carry anything: redact every line before it leaves.
    const clean = reportsOf(diag).map((r) => ({
      ...r,
      findings: r.findings.map((f) => ({
        ...f,
        evidence: f.evidence === null ? null : redact(f.evidence).text,
        notes: f.notes.map((n) => redact(n).text),
      })),
    }));
    await send(client, diag.channel, diag.threadTs, rawOutputMessage(clean, diag.id, threadLang(bot, diag)));
    return 'posted';
  });

  onButton(app, bot, ACTIONS.showFix, 'show fix commands', async ({ diag, client }) => {
    const m = fixMessage(diagnose(diag.text), diag.id, threadLang(bot, diag));
    await send(client, diag.channel, diag.threadTs, m);
    return 'posted';
  });

  onButton(app, bot, ACTIONS.notThis, 'mark not this', async ({ diag, client, who }) => {
    const tr = translator(threadLang(bot, diag));
    const thanks = say(tr, 'slack.notThis.thanks', { user: `<@${who.user}>` });
    await updateOrPost(
      client,
      bot.log,
      { channel: diag.channel, ts: diag.replyTs, threadTs: diag.threadTs },
      {
        text: `aksdiag: ${escapeOwn(tr.t('slack.notThis.text'))}`,
        blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: thanks }] }],
        metadata: metadata(diag.id, diag.symptom, 0, { status: 'rejected' }),
      },
    );
    await bot.store.save({ ...diag, status: 'rejected' });
    bot.log('not-this', { diagnosis: diag.id, symptom: diag.symptom, user: who.user });
    return 'marked';
  });

  onButton(app, bot, ACTIONS.resolved, 'mark resolved', async ({ diag, client, who }) => {
    const tr = translator(threadLang(bot, diag));
    await client.chat.postMessage({
      channel: diag.channel,
      thread_ts: diag.threadTs,
      text: `:white_check_mark: ${say(tr, 'slack.resolved', { user: `<@${who.user}>` })}`,
      metadata: metadata(diag.id, diag.symptom, 1, { status: 'resolved' }),
    });
    await bot.store.save({ ...diag, status: 'resolved' });
    return 'marked';
  });

  // One button per applicable fix, `aksdiag_apply_fix:<n>`: n is the fix's place in the diagnosis.
  onButton(app, bot, new RegExp(`^${ACTIONS.applyFix}(:\\d{1,2})?$`), 'apply a fix', (p) => offerFix(bot, p));
}
