/**
 * Queue depth for /metrics, read from Redis when Prometheus scrapes (not on a timer): jobs per
 * queue and state. The counts are the queue's, shared by every process, so each bot and worker
 * reports the same numbers: aggregate with max(), not sum().
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueSettings } from '../config.js';
import { QUEUES } from '../queue/keys.js';
import type { Metrics } from './metrics.js';

/** The states worth watching; `completed` only grows and is trimmed by BullMQ. */
export const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'failed',
] as const;

export class QueueDepth {
  private readonly queues: Queue[];

  constructor(
    redis: Redis,
    settings: Pick<QueueSettings, 'prefix'>,
    private readonly metrics: Metrics,
  ) {
    this.queues = Object.values(QUEUES).map(
      (name) => new Queue(name, { connection: redis, prefix: settings.prefix }),
    );
    for (const q of this.queues) q.on('error', () => undefined);
  }

  /** Sets the gauge from Redis; without Redis the series go away rather than show stale numbers. */
  async refresh(timeoutMs = 2000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const counts = await Promise.race([
        Promise.all(this.queues.map(async (q) => [q.name, await q.getJobCounts(...QUEUE_STATES)] as const)),
        new Promise<never>((_, fail) => {
          timer = setTimeout(() => fail(new Error('Redis did not answer in time')), timeoutMs);
        }),
      ]);
      for (const [queue, byState] of counts) {
        for (const state of QUEUE_STATES) this.metrics.queueJobs.set({ queue, state }, byState[state] ?? 0);
      }
    } catch {
      this.metrics.queueJobs.reset();
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.queues.map((q) => q.close()));
  }
}
