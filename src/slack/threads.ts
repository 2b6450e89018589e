/**
 * What the listeners do with a thread, written once: answer a paste, refine the answer with a
 * follow-up, say where "Run checks" points, run the checks in the thread, and work out the
 * change a confirmed cause's fix makes.
 */
import type { WebClient } from '@slack/web-api';
import type { Diagnosis } from '../domain/diagnosis.js';
import { diagnose } from '../engine/diagnose.js';
import { fixActionFor } from '../engine/fix-action.js';
import { redact } from '../engine/redact.js';
import { type ClusterChoice, type SlackMessage, diagnosisMessage } from '../report/slack-blocks.js';
import type { CheckReport } from '../run/check-cluster.js';
import type { CheckRunner } from '../run/runner.js';
import type { Bot } from './context.js';
import { messageArgs } from './message.js';
import { runInThread } from './run-in-thread.js';
import type { ThreadDiagnosis } from '../store/types.js';

const NOT_RECOGNISED =
  'I did not recognise an AKS networking error in that. Paste the whole error (kubectl output, logs, curl -v), or run `/aksdiag <cluster>` for a health check.';

/** A message to answer. */
export interface Post {
  team: string;
  channel: string;
  ts: string;
  threadTs?: string | undefined;
  text: string;
  /** A DM or a mention: the user spoke to the bot, so silence is not an answer. */
  direct: boolean;
}

export function send(client: WebClient, channel: string, threadTs: string, m: SlackMessage) {
  return client.chat.postMessage({ channel, thread_ts: threadTs, ...messageArgs(m) });
}

export async function clusterChoice(
  bot: Bot,
  d: Diagnosis,
  at: { team: string; channel: string },
): Promise<ClusterChoice> {
  if (!bot.deps.runner) return { kind: 'unconfigured', missing: 'AKSDIAG_SUBSCRIPTIONS' };
  const api = d.entities.apiServers[0];
  if (api) return { kind: 'known', query: api.fqdn, label: api.dnsPrefix };
  const bound = await bot.store.binding(at.team, at.channel).catch(() => null);
  return bound ? { kind: 'known', query: bound, label: bound } : { kind: 'pick' };
}

/** A paste: a threaded diagnosis when a symptom is recognised; a short answer only when spoken to. */
export async function answer(bot: Bot, p: Post, client: WebClient): Promise<void> {
  const d = diagnose(p.text);
  const threadTs = p.threadTs ?? p.ts;
  if (!d.symptom) {
    if (p.direct)
      await client.chat.postMessage({ channel: p.channel, thread_ts: threadTs, text: NOT_RECOGNISED });
    return;
  }
  const id = bot.newId();
  const reply = await send(
    client,
    p.channel,
    threadTs,
    diagnosisMessage(d, id, await clusterChoice(bot, d, p)),
  );
  await bot.store.save({
    id,
    team: p.team,
    channel: p.channel,
    threadTs,
    replyTs: reply.ts ?? '',
    text: redact(p.text).text,
    symptom: d.symptom,
    cluster: null,
  });
  bot.log('diagnosis', { diagnosis: id, thread: threadTs, symptom: d.symptom, confidence: d.confidence });
}

/** A follow-up in a diagnosed thread: the thread's pastes together refine its diagnosis. */
export async function refine(
  bot: Bot,
  existing: ThreadDiagnosis,
  text: string,
  client: WebClient,
): Promise<void> {
  const combined = `${existing.text}\n${redact(text).text}`;
  const d = diagnose(combined);
  if (!d.symptom) return;
  const m = diagnosisMessage(d, existing.id, await clusterChoice(bot, d, existing));
  await client.chat.update({ channel: existing.channel, ts: existing.replyTs, ...messageArgs(m) });
  await bot.store.save({ ...existing, text: combined, symptom: d.symptom });
  bot.log('refined', { diagnosis: existing.id, symptom: d.symptom, confidence: d.confidence });
}

/** Runs the checks in the diagnosis's thread; "Apply fix" is offered when there is a fixer. */
export function runChecks(
  bot: Bot,
  client: WebClient,
  runner: CheckRunner,
  diag: ThreadDiagnosis,
  cluster: string,
): Promise<CheckReport[]> {
  return runInThread(diag, cluster, {
    client,
    runner,
    store: bot.store,
    log: bot.log,
    canApply: Boolean(bot.deps.fixer),
    fixOptions: () => bot.fixOptions(),
  });
}

export const reportsOf = (diag: ThreadDiagnosis | null): CheckReport[] =>
  diag?.report ? (JSON.parse(diag.report) as CheckReport[]) : [];

/** The confirmed cause's verdict from the thread's last check, with the change that fixes it. */
export async function plannedFix(bot: Bot, diagnosisId: string, causeId: string) {
  const diag = await bot.store.get(diagnosisId);
  const verdict = reportsOf(diag)
    .flatMap((r) => r.causes)
    .find((c) => c.id === causeId && c.status === 'confirmed');
  const action = verdict
    ? fixActionFor(verdict.id, verdict.values, bot.fixOptions())
    : { unavailable: 'the cause is no longer confirmed: re-run the checks' };
  return { diag, verdict, action };
}
