/**
 * Metrics and log lines from a worker process's BullMQ workers, read from their events: nothing
 * in the processors knows about it. A finished check job carries its finding (check id, status,
 * verdict) as its return value; a failed attempt says whether BullMQ will try again.
 */
import type { Job, Worker } from 'bullmq';
import { childResultSchema } from '../queue/payloads.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/** The diagnosis a job belongs to: its payload says so; verdict and prepare jobs are named after it. */
export function diagnosisOf(job: Job | undefined): string | undefined {
  const d = (job?.data as { diagnosis?: unknown } | undefined)?.diagnosis;
  if (typeof d === 'string') return d;
  return job?.id;
}

function seconds(job: Job): number {
  const end = job.finishedOn ?? Date.now();
  const start = job.processedOn ?? job.timestamp;
  return Math.max(0, (end - start) / 1000);
}

/** Starts watching; returns the function that stops it. */
export function watchWorkers(workers: readonly Worker[], metrics: Metrics, log: Logger): () => void {
  const offs: Array<() => void> = [];
  for (const w of workers) {
    const queue = w.name;
    const onCompleted = (job: Job, value: unknown): void => {
      const diagnosis_id = diagnosisOf(job);
      const result = childResultSchema.safeParse(value);
      if (!result.success) {
        log.debug({ diagnosis_id, queue, job: job.id }, 'job done');
        return;
      }
      const { check, status, verdict } = result.data.finding;
      const took = seconds(job);
      metrics.checks.inc({ check, status, verdict });
      metrics.checkSeconds.observe({ check, status }, took);
      log.info(
        {
          diagnosis_id,
          queue,
          job: job.id,
          check,
          status,
          verdict,
          source: result.data.source,
          seconds: took,
        },
        'check finished',
      );
    };
    const onFailed = (job: Job | undefined, err: Error): void => {
      const attempts = job?.opts.attempts ?? 1;
      const again = job !== undefined && err.name !== 'UnrecoverableError' && job.attemptsMade < attempts;
      (again ? metrics.jobRetries : metrics.jobFailures).inc({ queue });
      log.warn(
        { diagnosis_id: diagnosisOf(job), queue, job: job?.id, attempt: job?.attemptsMade, attempts, err },
        again ? 'job attempt failed; it will be retried' : 'job failed',
      );
    };
    w.on('completed', onCompleted);
    w.on('failed', onFailed);
    offs.push(() => {
      w.off('completed', onCompleted);
      w.off('failed', onFailed);
    });
  }
  return () => offs.forEach((off) => off());
}
