/**
 * The Slack bot: Bolt listeners that turn a paste into a threaded diagnosis, run the checks when
 * asked (the same CheckRunner as the CLI or the queue), and keep one message per run updated with
 * progress and then the verdict. Every listener acks first; slow work never holds the ack.
 */
import { randomUUID } from 'node:crypto';
import { App, LogLevel, type BlockAction, type ButtonAction, type types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { parseClusterQuery } from '../azure/find-cluster.js';
import type { Config, SlackSettings } from '../config.js';
import type { Diagnosis } from '../domain/diagnosis.js';
import { diagnose } from '../engine/diagnose.js';
import {
  describeFixAction,
  fixActionFor,
  NODE_SUPPORT_WARNING,
  type FixAction,
  type FixOptions,
} from '../engine/fix-action.js';
import { redact } from '../engine/redact.js';
import type { CheckReport } from '../run/check-cluster.js';
import { describeError } from '../errors.js';
import {
  ACTIONS,
  type ClusterChoice,
  type SlackMessage,
  clusterPicker,
  diagnosisMessage,
  esc,
  rawOutputMessage,
  fixMessage,
  metadata,
} from '../report/slack-blocks.js';
import type { CheckRunner } from '../run/runner.js';
import { runInThread } from './run-in-thread.js';
import { messageArgs } from './message.js';
import type { BotStore, ThreadDiagnosis } from './store.js';

export interface BotDeps {
  config: Config;
  slack: SlackSettings;
  store: BotStore;
  /** Null when no Azure subscription is configured: the bot diagnoses and says what to set. */
  runner: CheckRunner | null;
  /** The clusters aksdiag can see, for the picker; null without Azure settings. */
  listClusters?: (() => Promise<string[]>) | null;
  /** Makes a confirmed fix's change (ARM); null: "Apply fix" is not offered. */
  fixer?: ((action: FixAction) => Promise<string>) | null;
  newId?: () => string;
  log?: (event: string, fields: Record<string, unknown>) => void;
  now?: () => Date;
}

const APPLY_VIEW = 'aksdiag_apply_fix';

export const HELP = [
  '*aksdiag* diagnoses AKS networking errors. Paste an error in a channel I am in (or DM me), or:',
  '• `/aksdiag <cluster>`: check a cluster for every known problem',
  '• `/aksdiag <cluster> <error text>`: check it for the problem that error shows',
  '• `/aksdiag bind <cluster>`: make it this channel\'s default cluster for the "Run checks" button',
  '• `/aksdiag help`: this text',
  'A cluster is `<name>`, `<resourceGroup>/<name>` or `<subscription>/<resourceGroup>/<name>`.',
].join('\n');

const NOT_RECOGNISED =
  'I did not recognise an AKS networking error in that. Paste the whole error (kubectl output, logs, curl -v), or run `/aksdiag <cluster>` for a health check.';

interface Post {
  channel: string;
  ts: string;
  threadTs?: string | undefined;
  text: string;
  /** A DM or a mention: the user spoke to the bot, so silence is not an answer. */
  direct: boolean;
}

export function createBot(deps: BotDeps): App {
  const { slack, store } = deps;
  const newId = deps.newId ?? randomUUID;
  const log = deps.log ?? (() => undefined);
  const app = new App({
    token: slack.botToken,
    ...(slack.appToken
      ? { socketMode: true, appToken: slack.appToken }
      : { signingSecret: slack.signingSecret ?? '' }),
    ...(slack.apiUrl ? { clientOptions: { slackApiUrl: slack.apiUrl } } : {}),
    logLevel: LogLevel.ERROR,
    // startBot awaits init(): the token is verified (auth.test) before the bot says it is up.
    deferInitialization: true,
  });

  // Slack redelivers an event it thinks was missed, and Bolt runs the listeners again: answer once.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string') {
      const first = await store.firstDelivery(eventId).catch((err: unknown) => {
        // Redis away: better a rare double answer than none at 3 a.m.
        log('dedupe-unavailable', { error: describeError(err) });
        return true;
      });
      if (!first) return;
    }
    await next();
  });

  const clusterChoice = async (d: Diagnosis, channel: string): Promise<ClusterChoice> => {
    if (!deps.runner) return { kind: 'unconfigured', missing: 'AKSDIAG_SUBSCRIPTIONS' };
    const api = d.entities.apiServers[0];
    if (api) return { kind: 'known', query: api.fqdn, label: api.dnsPrefix };
    const bound = await store.binding(channel).catch(() => null);
    return bound ? { kind: 'known', query: bound, label: bound } : { kind: 'pick' };
  };

  const fixOptions = (): FixOptions => ({
    nodeFixes: slack.nodeFixes,
    kubeFixes: slack.kubeFixes && { now: (deps.now ?? (() => new Date()))() },
  });

  /** What running checks in a thread needs; "Apply fix" is offered when there is a fixer. */
  const threadDeps = (client: WebClient, runner: CheckRunner) => ({
    client,
    runner,
    store,
    log,
    canApply: Boolean(deps.fixer),
    fixOptions,
  });

  const send = (client: WebClient, channel: string, threadTs: string, m: SlackMessage) =>
    client.chat.postMessage({
      channel,
      thread_ts: threadTs,
      ...messageArgs(m),
    });

  async function answer(p: Post, client: WebClient): Promise<void> {
    const d = diagnose(p.text);
    const threadTs = p.threadTs ?? p.ts;
    if (!d.symptom) {
      if (p.direct)
        await client.chat.postMessage({ channel: p.channel, thread_ts: threadTs, text: NOT_RECOGNISED });
      return;
    }
    const id = newId();
    const reply = await send(
      client,
      p.channel,
      threadTs,
      diagnosisMessage(d, id, await clusterChoice(d, p.channel)),
    );
    await store.save({
      id,
      channel: p.channel,
      threadTs,
      replyTs: reply.ts ?? '',
      text: redact(p.text).text,
      symptom: d.symptom,
      cluster: null,
    });
    log('diagnosis', { diagnosis: id, thread: threadTs, symptom: d.symptom, confidence: d.confidence });
  }

  /** A follow-up in a diagnosed thread: the thread's pastes together refine its diagnosis. */
  async function refine(existing: ThreadDiagnosis, text: string, client: WebClient): Promise<void> {
    const combined = `${existing.text}\n${redact(text).text}`;
    const d = diagnose(combined);
    if (!d.symptom) return;
    const m = diagnosisMessage(d, existing.id, await clusterChoice(d, existing.channel));
    await client.chat.update({
      channel: existing.channel,
      ts: existing.replyTs,
      ...messageArgs(m),
    });
    await store.save({ ...existing, text: combined, symptom: d.symptom });
    log('refined', { diagnosis: existing.id, symptom: d.symptom, confidence: d.confidence });
  }

  app.message(async ({ message, client, context }) => {
    const m = message as {
      subtype?: string;
      bot_id?: string;
      text?: string;
      channel: string;
      ts: string;
      thread_ts?: string;
      channel_type?: string;
    };
    // Edits, joins and every bot's messages (ours included) are not pastes.
    if (m.subtype || m.bot_id || !m.text) return;
    // A mention arrives twice (message and app_mention): the app_mention listener answers it.
    if (context.botUserId && m.text.includes(`<@${context.botUserId}>`)) return;
    if (m.thread_ts) {
      const existing = await store.inThread(m.channel, m.thread_ts);
      if (existing) return refine(existing, m.text, client);
    }
    await answer(
      { channel: m.channel, ts: m.ts, threadTs: m.thread_ts, text: m.text, direct: m.channel_type === 'im' },
      client,
    );
  });

  app.event('app_mention', async ({ event, client }) => {
    const text = (event.text ?? '').replace(/<@[A-Z0-9]+>/g, ' ').trim();
    if (event.thread_ts) {
      const existing = await store.inThread(event.channel, event.thread_ts);
      if (existing) return refine(existing, text, client);
    }
    await answer(
      { channel: event.channel, ts: event.ts, threadTs: event.thread_ts, text, direct: true },
      client,
    );
  });

  app.command('/aksdiag', async ({ command, ack, client }) => {
    await ack();
    const ephemeral = (text: string) =>
      client.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, text });
    const [first = '', ...rest] = command.text.trim().split(/\s+/);
    if (first === '' || first === 'help') return void (await ephemeral(HELP));
    if (first === 'bind') {
      const cluster = rest[0] ?? '';
      try {
        parseClusterQuery(cluster);
      } catch (err) {
        return void (await ephemeral(`Not a cluster: ${describeError(err)}`));
      }
      await store.bind(command.channel_id, cluster);
      return void (await ephemeral(`This channel's default cluster is now \`${esc(cluster)}\`.`));
    }
    try {
      parseClusterQuery(first);
    } catch (err) {
      return void (await ephemeral(`${describeError(err)}\n\n${HELP}`));
    }
    if (!deps.runner)
      return void (await ephemeral(
        'Live checks are off: set AKSDIAG_SUBSCRIPTIONS to let aksdiag check clusters.',
      ));
    const text = rest.join(' ');
    const d = text ? diagnose(text) : null;
    const id = newId();
    const what = d?.symptom ? d.title : 'every known problem';
    const head = await client.chat.postMessage({
      channel: command.channel_id,
      text: `<@${command.user_id}> asked to check \`${esc(first)}\` for ${esc(what ?? '')}.`,
      metadata: metadata(id, d?.symptom ?? null, d?.confidence ?? 0, { cluster: first }),
    });
    const diag: ThreadDiagnosis = {
      id,
      channel: command.channel_id,
      threadTs: head.ts ?? '',
      replyTs: head.ts ?? '',
      text: text ? redact(text).text : '',
      symptom: d?.symptom ?? null,
      cluster: first,
    };
    await store.save(diag);
    await runInThread(diag, first, threadDeps(client, deps.runner));
  });

  const value = (body: BlockAction) => (body.actions[0] as ButtonAction | undefined)?.value ?? '';
  const expired = (client: WebClient, body: BlockAction) =>
    client.chat.postEphemeral({
      channel: body.channel?.id ?? '',
      user: body.user.id,
      text: 'That diagnosis has expired; paste the error again.',
    });

  app.action<BlockAction>(ACTIONS.runChecks, async ({ ack, body, client }) => {
    await ack();
    const { d, c } = JSON.parse(value(body)) as { d: string; c?: string };
    const diag = await store.get(d);
    if (!diag) return void (await expired(client, body));
    const cluster = c ?? (await store.binding(diag.channel));
    if (!cluster || !deps.runner) {
      const clusters = deps.listClusters ? await deps.listClusters().catch(() => null) : null;
      return void (await client.chat.postEphemeral({
        channel: diag.channel,
        user: body.user.id,
        text: 'Which cluster? Pick one, or run `/aksdiag bind <cluster>` in this channel.',
        ...(clusters && deps.runner
          ? { blocks: clusterPicker(clusters, diag.id) as unknown as types.KnownBlock[] }
          : {}),
      }));
    }
    await runInThread({ ...diag, cluster }, cluster, threadDeps(client, deps.runner));
  });

  app.action<BlockAction>(ACTIONS.pickCluster, async ({ ack, body, client }) => {
    await ack();
    const picked = body.actions[0] as { block_id?: string; selected_option?: { value?: string } } | undefined;
    const diag = await store.get((picked?.block_id ?? '').replace(/^pick:/, ''));
    const cluster = picked?.selected_option?.value;
    if (!diag) return void (await expired(client, body));
    if (!cluster || !deps.runner) return;
    await runInThread({ ...diag, cluster }, cluster, threadDeps(client, deps.runner));
  });

  app.action<BlockAction>(ACTIONS.rawOutput, async ({ ack, body, client }) => {
    await ack();
    const diag = await store.get(value(body));
    if (!diag) return void (await expired(client, body));
    const reports = diag.report ? (JSON.parse(diag.report) as CheckReport[]) : [];
    // Node output can carry anything: redact every line before it leaves.
    const clean = reports.map((r) => ({
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
    const diag = await store.get(value(body));
    if (!diag) return void (await expired(client, body));
    if (!diag.cluster || !deps.runner) return;
    await runInThread(diag, diag.cluster, threadDeps(client, deps.runner));
  });

  app.action<BlockAction>(ACTIONS.showFix, async ({ ack, body, client }) => {
    await ack();
    const diag = await store.get(value(body));
    if (!diag) return void (await expired(client, body));
    await send(client, diag.channel, diag.threadTs, fixMessage(diagnose(diag.text), diag.id));
  });

  app.action<BlockAction>(ACTIONS.notThis, async ({ ack, body, client }) => {
    await ack();
    const diag = await store.get(value(body));
    if (!diag) return void (await expired(client, body));
    log('not-this', { diagnosis: diag.id, symptom: diag.symptom, user: body.user.id });
    await client.chat.update({
      channel: diag.channel,
      ts: diag.replyTs,
      text: 'aksdiag: marked as not this',
      blocks: [
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: `<@${body.user.id}> marked this diagnosis as not the problem. Thanks: it helps tune the matcher.`,
            },
          ],
        },
      ],
      metadata: metadata(diag.id, diag.symptom, 0, { status: 'rejected' }),
    });
  });

  app.action<BlockAction>(ACTIONS.resolved, async ({ ack, body, client }) => {
    await ack();
    const diag = await store.get(value(body));
    if (!diag) return void (await expired(client, body));
    await client.chat.postMessage({
      channel: diag.channel,
      thread_ts: diag.threadTs,
      text: `:white_check_mark: <@${body.user.id}> marked this resolved.`,
      metadata: metadata(diag.id, diag.symptom, 1, { status: 'resolved' }),
    });
  });

  /** On the allow-list by user id, or a member of an allowed user group. */
  async function mayApply(client: WebClient, user: string): Promise<boolean> {
    if (slack.fixApprovers.includes(user)) return true;
    for (const group of slack.fixApprovers.filter((a) => a.startsWith('S'))) {
      const members = await client.usergroups.users
        .list({ usergroup: group })
        .then((r) => r.users ?? [])
        .catch(() => [] as string[]);
      if (members.includes(user)) return true;
    }
    return false;
  }

  /** The confirmed cause's verdict from the thread's last check, with the change that fixes it. */
  async function plannedFix(diagnosisId: string, causeId: string) {
    const diag = await store.get(diagnosisId);
    const reports = diag?.report ? (JSON.parse(diag.report) as CheckReport[]) : [];
    const verdict = reports
      .flatMap((r) => r.causes)
      .find((c) => c.id === causeId && c.status === 'confirmed');
    const action = verdict
      ? fixActionFor(verdict.id, verdict.values, fixOptions())
      : { unavailable: 'the cause is no longer confirmed: re-run the checks' };
    return { diag, verdict, action };
  }

  const audit = (entry: Parameters<BotStore['audit']>[0]) =>
    store
      .audit(entry, (deps.now ?? (() => new Date()))())
      .catch((err: unknown) => log('audit-failed', { error: describeError(err) }));

  /** The fixer, when one is configured and `user` is an approver now; null, audited, otherwise. */
  async function fixerFor(
    client: WebClient,
    user: string,
    at: { cause: string; channel: string; d: string },
  ): Promise<NonNullable<BotDeps['fixer']> | null> {
    if (deps.fixer && (await mayApply(client, user))) return deps.fixer;
    await audit({
      who: user,
      what: `apply ${at.cause}`,
      where: at.channel,
      result: 'refused: not on the approver list',
      diagnosis: at.d,
    });
    return null;
  }

  app.action<BlockAction>(ACTIONS.applyFix, async ({ ack, body, client }) => {
    await ack();
    const { d, cause } = JSON.parse(value(body)) as { d: string; cause: string };
    const user = body.user.id;
    const channel = body.channel?.id ?? '';
    if (!(await fixerFor(client, user, { cause, channel, d }))) {
      return void (await client.chat.postEphemeral({
        channel,
        user,
        text: 'Only the people and groups on AKSDIAG_FIX_APPROVERS may apply fixes. The commands are in the verdict, to run by hand.',
      }));
    }
    const { diag, verdict, action } = await plannedFix(d, cause);
    if (!diag || !verdict || 'unavailable' in action) {
      return void (await client.chat.postEphemeral({
        channel,
        user,
        text: `Cannot apply this fix: ${'unavailable' in action ? action.unavailable : 'the diagnosis has expired'}.`,
      }));
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: APPLY_VIEW,
        private_metadata: JSON.stringify({ d, cause, channel }),
        title: { type: 'plain_text', text: 'Apply fix' },
        submit: { type: 'plain_text', text: 'Apply' },
        close: { type: 'plain_text', text: 'Cancel' },
        blocks: [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: `*This will change ${esc(diag.cluster ?? 'the cluster')}:*\n${esc(describeFixAction(action))}`,
            },
          },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: `*The same by hand*\n\`\`\`${verdict.fix.slice(0, 2800)}\`\`\`` },
          },
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: `${action.kind === 'node-script' ? `:warning: ${NODE_SUPPORT_WARNING} ` : ''}The checks run again afterwards and the thread says whether the cause is gone. Every attempt is audited.`,
              },
            ],
          },
        ],
      },
    });
  });

  app.view(APPLY_VIEW, async ({ ack, body, view, client }) => {
    await ack();
    const { d, cause, channel } = JSON.parse(view.private_metadata) as {
      d: string;
      cause: string;
      channel: string;
    };
    const user = body.user.id;
    // The allow-list is checked again: the modal could be submitted after someone was removed.
    const fixer = await fixerFor(client, user, { cause, channel, d });
    if (!fixer) return;
    const { diag, action } = await plannedFix(d, cause);
    if (!diag || 'unavailable' in action) return;
    const what = describeFixAction(action);
    let result: string;
    try {
      result = `applied: ${await fixer(action)}`;
    } catch (err) {
      result = `failed: ${describeError(err)}`;
    }
    await audit({ who: user, what, where: diag.cluster ?? '', result, diagnosis: d });
    log('fix', { diagnosis: d, cause, user, result });
    await client.chat.postMessage({
      channel: diag.channel,
      thread_ts: diag.threadTs,
      text: `:wrench: <@${user}> ${esc(result)}`,
      metadata: metadata(d, diag.symptom, 1, {
        status: result.startsWith('applied') ? 'fix-applied' : 'fix-failed',
        cause,
      }),
    });
    if (!result.startsWith('applied') || !diag.cluster || !deps.runner) return;
    const reports = await runInThread(diag, diag.cluster, threadDeps(client, deps.runner));
    const after = reports.flatMap((r) => r.causes).find((c) => c.id === cause);
    const gone = after?.status === 'ruled-out';
    await client.chat.postMessage({
      channel: diag.channel,
      thread_ts: diag.threadTs,
      text: gone
        ? `:white_check_mark: After the fix the check passes: ${esc(cause)} is ruled out.`
        : `:warning: After the fix ${esc(cause)} is ${after?.status ?? 'not checked'}: see the verdict above.`,
      metadata: metadata(d, diag.symptom, 1, { status: gone ? 'fix-verified' : 'fix-not-verified', cause }),
    });
    log('fix-rechecked', { diagnosis: d, cause, status: after?.status ?? 'unknown' });
  });

  return app;
}
