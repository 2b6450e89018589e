/**
 * What the listeners do with a thread, written once: answer a paste, refine the answer with a
 * follow-up, work out where "Run checks" points, run the checks in the thread (one run at a time
 * per diagnosis), and the change a confirmed cause's fix makes. A thread speaks the language of
 * whoever pasted or asked.
 */
import type { WebClient } from '@slack/web-api';
import type { Diagnosis } from '../domain/diagnosis.js';
import { diagnose } from '../engine/diagnose.js';
import { fixActionFor } from '../engine/fix-action.js';
import { localizedVerdictFix } from '../engine/localize.js';
import { redact } from '../engine/redact.js';
import type { Lang } from '../i18n/languages.js';
import { translator } from '../i18n/messages.js';
import { escapeOwn } from '../report/slack-say.js';
import { SYMPTOMS } from '../symptoms/index.js';
import { type ClusterChoice, type SlackMessage, diagnosisMessage } from '../report/slack-blocks.js';
import type { CauseVerdict } from '../engine/verdict.js';
import type { CheckReport } from '../run/check-cluster.js';
import { describeError } from '../errors.js';
import type { CheckRunner } from '../run/runner.js';
import { DAY_MS, type ThreadDiagnosis } from '../store/types.js';
import type { Bot } from './context.js';
import { firstTime } from './guard.js';
import { languageFor, threadLang } from './language.js';
import { messageArgs } from './message.js';
import { textPart } from './payloads.js';
import { updateOrPost } from './post.js';
import { runInThread } from './run-in-thread.js';

/** A message to answer. */
export interface Post {
  team: string;
  channel: string;
  ts: string;
  threadTs?: string | undefined;
  text: string;
  /** A DM or a mention: the user spoke to the bot, so silence is not an answer. */
  direct: boolean;
  /** Who wrote it: the thread answers in their language. */
  user?: string | undefined;
}

/** What became of a paste. */
export type Answered =
  | { kind: 'diagnosed'; id: string }
  | { kind: 'not-recognised' }
  | { kind: 'already-answered' }
  | { kind: 'silent' };

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

const suggestedBy = (c: ClusterChoice): string | null => (c.kind === 'known' ? c.query : null);

/** The paste's text part, read once: binary after the error is dropped, and said so in the log. */
function readable(bot: Bot, text: string): string {
  const part = textPart(text);
  if (part.droppedLines) bot.log('binary-dropped', { lines: part.droppedLines });
  return part.text;
}

/** "Not recognised", in `lang`: said only to someone who spoke to the bot. */
export const notRecognised = (lang: Lang) => escapeOwn(translator(lang).t('slack.reply.notRecognised'));

/** The key that makes a message answered once, whichever delivery (or event id, or shortcut) brought it. */
export const answerKey = (p: Pick<Post, 'team' | 'channel' | 'ts'>) =>
  `answer:${p.team}:${p.channel}:${p.ts}`;

/**
 * A paste: a threaded diagnosis when a symptom is recognised; "not recognised" only when spoken
 * to (`quietly`: that is left to the caller). In the language of whoever wrote it, unless `lang`.
 */
export async function answer(
  bot: Bot,
  p: Post,
  client: WebClient,
  options: { lang?: Lang; quietly?: boolean } = {},
): Promise<Answered> {
  const text = readable(bot, p.text);
  const d = diagnose(text);
  const threadTs = p.threadTs ?? p.ts;
  if (!d.symptom && !p.direct) return { kind: 'silent' };
  if (!(await firstTime(bot, answerKey(p), DAY_MS))) return { kind: 'already-answered' };
  const lang = options.lang ?? (await languageFor(bot, client, p)).lang;
  if (!d.symptom) {
    if (!options.quietly)
      await client.chat.postMessage({ channel: p.channel, thread_ts: threadTs, text: notRecognised(lang) });
    return { kind: 'not-recognised' };
  }
  const id = bot.newId();
  const choice = await clusterChoice(bot, d, p);
  const reply = await send(client, p.channel, threadTs, diagnosisMessage(d, id, choice, lang));
  await bot.store.save({
    id,
    team: p.team,
    channel: p.channel,
    threadTs,
    replyTs: reply.ts ?? '',
    text: redact(text).text,
    symptom: d.symptom,
    cluster: null,
    suggested: suggestedBy(choice),
    ...(p.user ? { user: p.user } : {}),
    at: bot.now().toISOString(),
    lang,
    status: 'diagnosed',
  });
  bot.log('diagnosis', {
    diagnosis: id,
    thread: threadTs,
    symptom: d.symptom,
    confidence: d.confidence,
    lang,
  });
  return { kind: 'diagnosed', id };
}

/** A follow-up in a diagnosed thread: the thread's pastes together refine its diagnosis. */
export async function refine(
  bot: Bot,
  existing: ThreadDiagnosis,
  p: Post,
  client: WebClient,
): Promise<Answered> {
  const combined = `${existing.text}\n${redact(readable(bot, p.text)).text}`;
  const d = diagnose(combined);
  if (!d.symptom) return { kind: 'not-recognised' };
  if (!(await firstTime(bot, answerKey(p), DAY_MS))) return { kind: 'already-answered' };
  const choice = await clusterChoice(bot, d, existing);
  const m = diagnosisMessage(d, existing.id, choice, threadLang(bot, existing));
  const at = { channel: existing.channel, ts: existing.replyTs, threadTs: existing.threadTs };
  await updateOrPost(client, bot.log, at, m);
  await bot.store.save({ ...existing, text: combined, symptom: d.symptom, suggested: suggestedBy(choice) });
  bot.log('refined', { diagnosis: existing.id, symptom: d.symptom, confidence: d.confidence });
  return { kind: 'diagnosed', id: existing.id };
}

/**
 * Starts the checks in the diagnosis's thread and resolves once they are under way, with the run
 * (its reports, empty when it failed; it never rejects); or with null, starting nothing, while a
 * run of this diagnosis is still going (a double click, a second person pressing Re-run).
 * "Apply fix" is offered when there is a fixer.
 */
export async function startRun(
  bot: Bot,
  client: WebClient,
  runner: CheckRunner,
  diag: ThreadDiagnosis,
  cluster: string,
): Promise<Promise<CheckReport[]> | null> {
  const key = `run:${diag.id}`;
  const limit = bot.deps.config.queue.checkDeadlineMs + 5 * 60_000;
  if (!(await firstTime(bot, key, limit))) return null;
  return runInThread({ ...diag, cluster }, cluster, {
    client,
    runner,
    store: bot.store,
    log: bot.log,
    canApply: Boolean(bot.deps.fixer),
    fixOptions: () => bot.fixOptions(),
    lang: threadLang(bot, diag),
  })
    .catch((err: unknown) => {
      bot.log('check-failed', { diagnosis: diag.id, cluster, error: describeError(err) });
      return [] as CheckReport[];
    })
    .finally(() => bot.store.release(key).catch(() => undefined));
}

export const reportsOf = (diag: ThreadDiagnosis | null): CheckReport[] =>
  diag?.report ? (JSON.parse(diag.report) as CheckReport[]) : [];

/** A confirmed cause's fix, filled from its findings, in `lang`. */
export function fixIn(symptom: string | null, verdict: CauseVerdict, lang: Lang): string {
  const s = SYMPTOMS.find((x) => x.id === symptom);
  return s ? localizedVerdictFix(s, verdict, lang) : verdict.fix;
}

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
