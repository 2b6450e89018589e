/**
 * Runs the checks for a thread's diagnosis and keeps one threaded message current: a progress bar
 * (at most about once a second: chat.update is rate-limited), then the verdict. Without a symptom
 * it is a health sweep: every symptom's checks, one after the other, reported together.
 */
import type { WebClient } from '@slack/web-api';
import { NO_ENTITIES } from '../domain/diagnosis.js';
import { diagnose } from '../engine/diagnose.js';
import { type FixOptions, fixActionFor } from '../engine/fix-action.js';
import { describeError } from '../errors.js';
import {
  type SlackMessage,
  metadata,
  progressMessage,
  reportMessage,
  sweepMessage,
} from '../report/slack-blocks.js';
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
}

export function titlesOf(symptom: string | null): Record<string, string> {
  const s = SYMPTOMS.find((x) => x.id === symptom);
  return Object.fromEntries((s?.causes ?? []).map((c) => [c.id, c.title]));
}

/** Confirmed causes whose fix aksdiag can apply, for the "Apply fix" buttons. */
export function applicableFixes(r: CheckReport, options: FixOptions = {}): string[] {
  return r.causes
    .filter((c) => c.status === 'confirmed' && !('unavailable' in fixActionFor(c.id, c.values, options)))
    .map((c) => c.id);
}

/** Runs the checks and leaves the verdict in the thread; resolves with the reports (empty when it failed). */
export async function runInThread(
  diag: ThreadDiagnosis,
  cluster: string,
  deps: RunInThreadDeps,
): Promise<CheckReport[]> {
  const { client } = deps;
  const symptoms = diag.symptom ? SYMPTOMS.filter((s) => s.id === diag.symptom) : SYMPTOMS;
  const entities = diag.text ? diagnose(diag.text).entities : NO_ENTITIES;
  const title = diag.symptom ? (symptoms[0]?.title ?? diag.symptom) : 'every known problem';
  const first = progressMessage({ cluster, title, done: 0, total: 0 }, diag.id, diag.symptom);
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
      const step = symptoms.length > 1 ? `${symptom.title} (${i + 1} of ${symptoms.length})` : title;
      const report = await deps.runner.run({ cluster, symptom, entities }, (done, total) => {
        const now = Date.now();
        if (now - lastUpdate < minGap && done < total) return;
        lastUpdate = now;
        // One update in flight at a time, in order; a failed progress update is not worth failing the run.
        pending = pending
          .then(() => update(progressMessage({ cluster, title: step, done, total }, diag.id, diag.symptom)))
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
        ? reportMessage(reports[0]!, titlesOf(diag.symptom), diag.id, fixes)
        : sweepMessage(reports, (s) => titlesOf(s), diag.id);
    // Saved first: a button pressed the moment the verdict shows finds its report.
    await deps.store.save({ ...diag, cluster, report: JSON.stringify(reports), fixes });
    await finish(final);
    deps.log('checked', { diagnosis: diag.id, cluster, reports: reports.length });
    return reports;
  } catch (err) {
    await pending;
    const why = slackText(describeError(err), 2500);
    await finish({
      text: `aksdiag: could not check ${slackText(cluster, 200)}: ${why}`,
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: `:warning: Could not check *${slackText(cluster, 200)}*: ${why}` },
        },
      ],
      metadata: metadata(diag.id, diag.symptom, 0, { status: 'failed', cluster }),
    });
    deps.log('check-failed', { diagnosis: diag.id, cluster, error: describeError(err) });
    return [];
  }
}
