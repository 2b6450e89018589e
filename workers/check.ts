/**
 * The flow child: one CheckRequest. Thin on purpose: validate, load the diagnosis's context, let
 * the scheduler decide when the check may reach Azure, and call the same `runCheck` the CLI uses.
 */
import { DelayedError, type Job, type Processor, UnrecoverableError } from 'bullmq';
import type { AzureClientFactory } from '../src/azure/clients.js';
import type { ContextStore } from '../src/queue/context.js';
import {
  type ChildResult,
  childDataSchema,
  childResultSchema,
  parsePayload,
  PayloadError,
} from '../src/queue/payloads.js';
import type { Progress } from '../src/queue/progress.js';
import type { CheckScheduler } from '../src/queue/scheduler.js';
import { runCheck } from '../src/run/run-check.js';

export interface CheckProcessorDeps {
  azure: AzureClientFactory;
  contexts: ContextStore;
  progress: Progress;
  scheduler: CheckScheduler;
  nodeDeadlineMs: number;
  pollMs: number;
  /** Told when a job is put off, and why (for the log). */
  onLater?: (job: Job, why: string, at: number) => void;
}

export function checkProcessor(deps: CheckProcessorDeps): Processor<unknown, ChildResult> {
  return async (job, token, signal) => {
    try {
      const data = parsePayload(childDataSchema, job.data, `check job ${job.id}`);
      const ctx = await deps.contexts.load(data.diagnosis);
      const base = { inventory: ctx.inventory, kube: ctx.kube, azure: deps.azure, pollMs: deps.pollMs };
      // Started for the first time (not after a stall or a reschedule): nothing recorded yet.
      const fresh = job.attemptsStarted <= 1 && data.sched === undefined;
      const outcome =
        data.request.target.kind === 'node'
          ? await deps.scheduler.step(
              data,
              job.id!,
              (o) => runCheck(data.request, { ...base, ...o }),
              signal,
              fresh,
            )
          : await deps.scheduler.judge(
              data,
              () => runCheck(data.request, { ...base, nodeDeadlineMs: deps.nodeDeadlineMs }),
              fresh,
            );
      if (outcome.kind === 'later') {
        await job.updateData({ ...data, sched: outcome.sched });
        await job.moveToDelayed(outcome.at, token);
        deps.onLater?.(job, outcome.why, outcome.at);
        throw new DelayedError();
      }
      const result = parsePayload(childResultSchema, outcome.result, 'a check result');
      await deps.progress.record(data.diagnosis, data.index, result.finding, data.total);
      return result;
    } catch (err) {
      // Retrying cannot fix a payload that does not validate.
      if (err instanceof PayloadError) throw new UnrecoverableError(err.message);
      throw err;
    }
  };
}
