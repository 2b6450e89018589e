/**
 * A cluster check through the queue, with the shape the bot's in-process runner has: the same
 * input, progress n of m with each finding, and the same CheckReport at the end. The bot can
 * swap one for the other.
 */
import type { QueueSettings } from '../config.js';
import { AksdiagError, type ErrorCode } from '../errors.js';
import type { CheckRunner } from '../run/runner.js';
import type { DiagnosisQueue } from './client.js';
import { newDiagnosisId } from './keys.js';
import type { ProgressEvent } from './payloads.js';

export function queueRunner(queue: DiagnosisQueue, settings: QueueSettings): CheckRunner {
  return {
    async run(input, onProgress) {
      const diagnosis = newDiagnosisId();
      let done = 0;
      let settle!: { ok: () => void; fail: (err: Error) => void };
      const ended = new Promise<void>((ok, fail) => (settle = { ok, fail }));
      // A 'failed' event can come while the request is still being sent: not an unhandled rejection.
      ended.catch(() => undefined);
      const onEvent = (e: ProgressEvent): void => {
        if (e.type === 'progress' || e.type === 'verdict') {
          for (const f of e.findings) onProgress(++done, e.total, f.finding);
        }
        if (e.type === 'verdict') settle.ok();
        if (e.type === 'failed') settle.fail(failure(e.code, e.message));
      };
      const unwatch = await queue.watch(diagnosis, onEvent);
      // Past the checks' own deadline something is wrong with the workers, not the cluster.
      const limitMs = settings.checkDeadlineMs + 5 * 60_000;
      let timer: NodeJS.Timeout | undefined;
      try {
        await queue.request({
          diagnosis,
          cluster: input.cluster,
          symptom: input.symptom.id,
          entities: input.entities,
          ...(input.clientIp ? { clientIp: input.clientIp } : {}),
        });
        await Promise.race([
          ended,
          new Promise<never>((_, fail) => {
            timer = setTimeout(
              () =>
                fail(
                  new Error(
                    `no verdict for diagnosis ${diagnosis} after ${limitMs / 1000} s: are the workers running?`,
                  ),
                ),
              limitMs,
            );
          }),
        ]);
        const report = await queue.report(diagnosis);
        if (!report) throw new Error(`diagnosis ${diagnosis} ended without a report`);
        return report;
      } finally {
        clearTimeout(timer);
        unwatch();
      }
    },
  };
}

/** The worker's error, as the bot renders errors: coded when it was one of ours. */
function failure(code: string, message: string): Error {
  return code === 'internal' ? new Error(message) : new AksdiagError(code as ErrorCode, message, '');
}
