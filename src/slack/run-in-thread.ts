/**
 * Runs the checks for a thread's diagnosis and keeps one threaded message current: a progress bar
 * (at most about once a second: chat.update is rate-limited), then the verdict, in the thread's
 * language. Without a symptom it is a health sweep: every symptom's checks, one after the other,
 * reported together.
 */
import type { WebClient } from '@slack/web-api';
import { NO_ENTITIES } from '../domain/diagnosis.js';
import { diagnose } from '../engine/diagnose.js';
import { type FixOptions, fixActionFor } from '../engine/fix-action.js';
import { describeError } from '../errors.js';
import type { Lang } from '../i18n/languages.js';
import { symptomTitle } from '../i18n/knowledge.js';
import { translator } from '../i18n/messages.js';
import { changeKind } from '../report/fix-change.js';
import {
  type FixButton,
  type SlackMessage,
  metadata,
  progressMessage,
  reportMessage,
  sweepMessage,
} from '../report/slack-blocks.js';
import { say } from '../report/slack-say.js';
import type { CheckReport } from '../run/check-cluster.js';
import type { CheckRunner } from '../run/runner.js';
import { slackText } from '../report/slack-text.js';
import { SYMPTOMS } from '../symptoms/index.js';
import { messageArgs } from './message.js';
import { updateOrPost } from './post.js';
import type { Store, ThreadDiagnosis } from '../store/types.js';

export interface RunInThreadDeps {
  client: WebClient;
  runner: CheckRunner;
  store: Store;
  log: (event: string, fields: Record<string, unknown>) => void;
  /** Least time between two progress updates of the message. */
  minUpdateMs?: number;
  /** Whether "Apply fix" is offered (a fixer is configured). */
  canApply?: boolean;
  /** Which kinds of fix are opted in (AKSDIAG_NODE_FIXES, AKSDIAG_KUBE_FIXES). */
  fixOptions?: () => FixOptions;
  /** The thread's language. */
  lang?: Lang;
}

/** Confirmed causes whose fix aksdiag can apply, for the "Apply fix" buttons, with the change each makes. */
export function applicableFixes(r: CheckReport, options: FixOptions = {}): FixButton[] {
  return r.causes.flatMap((c) => {
    if (c.status !== 'confirmed') return [];
    const action = fixActionFor(c.id, c.values, options);
    return 'unavailable' in action ? [] : [{ cause: c.id, change: changeKind(action) }];
  });
}

/** Runs the checks and leaves the verdict in the thread; resolves with the reports (empty when it failed). */
export async function runInThread(
  diag: ThreadDiagnosis,
  cluster: string,
  deps: RunInThreadDeps,
): Promise<CheckReport[]> {
  const { client } = deps;
  const lang = deps.lang ?? 'en';
  const tr = translator(lang);
  const symptoms = diag.symptom ? SYMPTOMS.filter((s) => s.id === diag.symptom) : SYMPTOMS;
  const entities = diag.text ? diagnose(diag.text).entities : NO_ENTITIES;
  const titleOf = (id: string) => symptomTitle(id, lang) ?? id;
  const title = diag.symptom ? titleOf(diag.symptom) : tr.t('slack.progress.everything');
  const progress = (p: { title: string; done: number; total: number }) =>
    progressMessage({ cluster, ...p }, diag.id, diag.symptom, lang);
  // App Home shows it as running until the verdict says otherwise.
  await deps.store.save({ ...diag, cluster, status: 'running' });
  const first = progress({ title, done: 0, total: 0 });
  const posted = await client.chat.postMessage({
    channel: diag.channel,
    thread_ts: diag.threadTs,
    ...messageArgs(first),
  });
  const ts = posted.ts ?? '';
  const update = (m: SlackMessage) => client.chat.update({ channel: diag.channel, ts, ...messageArgs(m) });
  // The last word on a run (verdict or failure) always lands, as a plain message if need be.
  const finish = (m: SlackMessage) =>
    updateOrPost(client, deps.log, { channel: diag.channel, ts, threadTs: diag.threadTs }, m);

  const minGap = deps.minUpdateMs ?? 1000;
  let lastUpdate = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const reports: CheckReport[] = [];
  try {
    for (const [i, symptom] of symptoms.entries()) {
      const step =
        symptoms.length > 1
          ? tr.t('slack.progress.step', { title: titleOf(symptom.id), n: i + 1, count: symptoms.length })
          : title;
      const report = await deps.runner.run({ cluster, symptom, entities }, (done, total) => {
        const now = Date.now();
        if (now - lastUpdate < minGap && done < total) return;
        lastUpdate = now;
        // One update in flight at a time, in order; a failed progress update is not worth failing the run.
        pending = pending
          .then(() => update(progress({ title: step, done, total })))
          .catch((err: unknown) => deps.log('progress-update-failed', { error: describeError(err) }));
      });
      reports.push(report);
    }
    await pending;
    // The "Apply fix" buttons, in order: a button names its place here, never a cause.
    const fixes =
      reports.length === 1 && deps.canApply ? applicableFixes(reports[0]!, deps.fixOptions?.()) : [];
    const final =
      reports.length === 1
        ? reportMessage(reports[0]!, diag.id, fixes, lang)
        : sweepMessage(reports, diag.id, lang);
    // Saved first: a button pressed the moment the verdict shows finds its report.
    await deps.store.save({
      ...diag,
      cluster,
      report: JSON.stringify(reports),
      fixes: fixes.map((f) => f.cause),
      status: 'checked',
    });
    await finish(final);
    deps.log('checked', { diagnosis: diag.id, cluster, reports: reports.length });
    return reports;
  } catch (err) {
    await pending;
    const values = { cluster: slackText(cluster, 200), why: slackText(describeError(err), 2500) };
    await deps.store.save({ ...diag, cluster, status: 'failed' }).catch(() => undefined);
    await finish({
      text: `aksdiag: ${say(tr, 'slack.run.failedText', values)}`,
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: `:warning: ${say(tr, 'slack.run.failed', values)}` },
        },
      ],
      metadata: metadata(diag.id, diag.symptom, 0, { status: 'failed', cluster }),
    });
    deps.log('check-failed', { diagnosis: diag.id, cluster, error: describeError(err) });
    return [];
  }
}
