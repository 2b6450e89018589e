/** The buttons on the bot's replies: run, pick a cluster, re-run, raw output, fix, not this, resolved, apply. */
import type { App, BlockAction, ButtonAction, types } from '@slack/bolt';
import { diagnose } from '../../engine/diagnose.js';
import { redact } from '../../engine/redact.js';
import { ACTIONS, clusterPicker, fixMessage, metadata, rawOutputMessage } from '../../report/slack-blocks.js';
import type { Bot } from '../context.js';
import { fixModal } from '../fix-modal.js';
import { diagnosisFor, fixerFor, type Presser } from '../guard.js';
import { plannedFix, reportsOf, runChecks, send } from '../threads.js';

const valueOf = (body: BlockAction) => (body.actions[0] as ButtonAction | undefined)?.value ?? '';
const presser = (body: BlockAction): Presser => ({ user: body.user.id, channel: body.channel?.id ?? '' });

export function register(app: App, bot: Bot): void {
  app.action<BlockAction>(ACTIONS.runChecks, async ({ ack, body, client }) => {
    await ack();
    const { d, c } = JSON.parse(valueOf(body)) as { d: string; c?: string };
    const diag = await diagnosisFor(bot, client, d, presser(body));
    if (!diag) return;
    const cluster = c ?? (await bot.store.binding(diag.team, diag.channel));
    const runner = bot.deps.runner;
    if (cluster && runner) return void (await runChecks(bot, client, runner, { ...diag, cluster }, cluster));
    const list = bot.deps.listClusters;
    const clusters = list ? await list().catch(() => null) : null;
    await client.chat.postEphemeral({
      channel: diag.channel,
      user: body.user.id,
      text: 'Which cluster? Pick one, or run `/aksdiag bind <cluster>` in this channel.',
      ...(clusters && runner
        ? { blocks: clusterPicker(clusters, diag.id) as unknown as types.KnownBlock[] }
        : {}),
    });
  });

  app.action<BlockAction>(ACTIONS.pickCluster, async ({ ack, body, client }) => {
    await ack();
    const picked = body.actions[0] as { block_id?: string; selected_option?: { value?: string } } | undefined;
    const diag = await diagnosisFor(
      bot,
      client,
      (picked?.block_id ?? '').replace(/^pick:/, ''),
      presser(body),
    );
    const cluster = picked?.selected_option?.value;
    if (!diag || !cluster || !bot.deps.runner) return;
    await runChecks(bot, client, bot.deps.runner, { ...diag, cluster }, cluster);
  });

  app.action<BlockAction>(ACTIONS.rawOutput, async ({ ack, body, client }) => {
    await ack();
    const diag = await diagnosisFor(bot, client, valueOf(body), presser(body));
    if (!diag) return;
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
  });

  app.action<BlockAction>(ACTIONS.rerun, async ({ ack, body, client }) => {
    await ack();
    const diag = await diagnosisFor(bot, client, valueOf(body), presser(body));
    if (!diag?.cluster || !bot.deps.runner) return;
    await runChecks(bot, client, bot.deps.runner, diag, diag.cluster);
  });

  app.action<BlockAction>(ACTIONS.showFix, async ({ ack, body, client }) => {
    await ack();
    const diag = await diagnosisFor(bot, client, valueOf(body), presser(body));
    if (!diag) return;
    await send(client, diag.channel, diag.threadTs, fixMessage(diagnose(diag.text), diag.id));
  });

  app.action<BlockAction>(ACTIONS.notThis, async ({ ack, body, client }) => {
    await ack();
    const diag = await diagnosisFor(bot, client, valueOf(body), presser(body));
    if (!diag) return;
    bot.log('not-this', { diagnosis: diag.id, symptom: diag.symptom, user: body.user.id });
    const thanks = `<@${body.user.id}> marked this diagnosis as not the problem. Thanks: it helps tune the matcher.`;
    await client.chat.update({
      channel: diag.channel,
      ts: diag.replyTs,
      text: 'aksdiag: marked as not this',
      blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: thanks }] }],
      metadata: metadata(diag.id, diag.symptom, 0, { status: 'rejected' }),
    });
  });

  app.action<BlockAction>(ACTIONS.resolved, async ({ ack, body, client }) => {
    await ack();
    const diag = await diagnosisFor(bot, client, valueOf(body), presser(body));
    if (!diag) return;
    await client.chat.postMessage({
      channel: diag.channel,
      thread_ts: diag.threadTs,
      text: `:white_check_mark: <@${body.user.id}> marked this resolved.`,
      metadata: metadata(diag.id, diag.symptom, 1, { status: 'resolved' }),
    });
  });

  app.action<BlockAction>(ACTIONS.applyFix, async ({ ack, body, client }) => {
    await ack();
    const { d, cause } = JSON.parse(valueOf(body)) as { d: string; cause: string };
    const { user, channel } = presser(body);
    const refuse = (text: string) => client.chat.postEphemeral({ channel, user, text });
    if (!(await fixerFor(bot, client, user, { cause, channel, d })))
      return void (await refuse(
        'Only the people and groups on AKSDIAG_FIX_APPROVERS may apply fixes. The commands are in the verdict, to run by hand.',
      ));
    const { diag, verdict, action } = await plannedFix(bot, d, cause);
    if (!diag || !verdict || 'unavailable' in action)
      return void (await refuse(
        `Cannot apply this fix: ${'unavailable' in action ? action.unavailable : 'the diagnosis has expired'}.`,
      ));
    const privateMetadata = JSON.stringify({ d, cause, channel });
    await client.views.open({
      trigger_id: body.trigger_id,
      view: fixModal(privateMetadata, diag.cluster, action, verdict),
    });
  });
}
