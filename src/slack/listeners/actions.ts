/** The buttons on the bot's replies: run, pick a cluster, re-run, raw output, fix, not this, resolved, apply. */
import type { App, types } from '@slack/bolt';
import { diagnose } from '../../engine/diagnose.js';
import { redact } from '../../engine/redact.js';
import {
  ACTIONS,
  MAX_OPTIONS,
  clusterPicker,
  fixMessage,
  metadata,
  rawOutputMessage,
} from '../../report/slack-blocks.js';
import type { Bot } from '../context.js';
import { fixModal } from '../fix-modal.js';
import { type Outcome, type Press, mayApply, mintTicket, onButton, tell } from '../guard.js';
import { updateOrPost } from '../post.js';
import { plannedFix, reportsOf, send, startRun } from '../threads.js';

/** Starts the checks on `cluster`, or says they are already running. */
async function run(bot: Bot, p: Press, cluster: string): Promise<Outcome> {
  const what = `run checks on ${cluster}`;
  if (!bot.deps.runner) return { result: 'refused: live checks are off', what };
  const started = await startRun(bot, p.client, bot.deps.runner, p.diag, cluster);
  if (started) return { result: 'started', what };
  await tell(
    p.client,
    p.who,
    'The checks of this diagnosis are already running; the thread will show the verdict.',
  );
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
    text: 'Which cluster? Pick one, or run `/aksdiag bind &lt;cluster&gt;` in this channel.',
    ...(offered ? { blocks: clusterPicker(offered, p.diag.id) as unknown as types.KnownBlock[] } : {}),
  });
  return offered ? 'offered a cluster picker' : 'asked for a cluster';
}

/** "Apply fix" pressed: an approver gets the confirmation modal, with a one-time token in it. */
async function offerFix(bot: Bot, p: Press): Promise<Outcome> {
  const cause = p.diag.fixes?.[Number(p.actionId.split(':')[1] ?? 0)];
  const what = `apply ${cause ?? 'a fix'}`;
  const refuse = async (text: string, result: string): Promise<Outcome> => {
    await tell(p.client, p.who, text);
    return { result: `refused: ${result}`, what };
  };
  if (!cause) return refuse('That fix is no longer offered: re-run the checks.', 'no such fix');
  if (!bot.deps.fixer || !(await mayApply(bot, p.client, p.who.user)))
    return refuse(
      'Only the people and groups on AKSDIAG_FIX_APPROVERS may apply fixes. The commands are in the verdict, to run by hand.',
      'not on the approver list',
    );
  const { diag, verdict, action } = await plannedFix(bot, p.diag.id, cause);
  if (!diag || !verdict || 'unavailable' in action) {
    const why = 'unavailable' in action ? action.unavailable : 'the diagnosis has expired';
    return refuse(`Cannot apply this fix: ${why}.`, why);
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
    view: fixModal(token, diag.cluster, action, verdict),
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
    await tell(p.client, p.who, 'That choice is no longer on offer: press "Run checks" again.');
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
    await send(client, diag.channel, diag.threadTs, rawOutputMessage(clean, diag.id));
    return 'posted';
  });

  onButton(app, bot, ACTIONS.showFix, 'show fix commands', async ({ diag, client }) => {
    await send(client, diag.channel, diag.threadTs, fixMessage(diagnose(diag.text), diag.id));
    return 'posted';
  });

  onButton(app, bot, ACTIONS.notThis, 'mark not this', async ({ diag, client, who }) => {
    const thanks = `<@${who.user}> marked this diagnosis as not the problem. Thanks: it helps tune the matcher.`;
    await updateOrPost(
      client,
      bot.log,
      { channel: diag.channel, ts: diag.replyTs, threadTs: diag.threadTs },
      {
        text: 'aksdiag: marked as not this',
        blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: thanks }] }],
        metadata: metadata(diag.id, diag.symptom, 0, { status: 'rejected' }),
      },
    );
    bot.log('not-this', { diagnosis: diag.id, symptom: diag.symptom, user: who.user });
    return 'marked';
  });

  onButton(app, bot, ACTIONS.resolved, 'mark resolved', async ({ diag, client, who }) => {
    await client.chat.postMessage({
      channel: diag.channel,
      thread_ts: diag.threadTs,
      text: `:white_check_mark: <@${who.user}> marked this resolved.`,
      metadata: metadata(diag.id, diag.symptom, 1, { status: 'resolved' }),
    });
    return 'marked';
  });

  // One button per applicable fix, `aksdiag_apply_fix:<n>`: n is the fix's place in the diagnosis.
  onButton(app, bot, new RegExp(`^${ACTIONS.applyFix}(:\\d{1,2})?$`), 'apply a fix', (p) => offerFix(bot, p));
}
