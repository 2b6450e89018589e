/**
 * One worker process's BullMQ workers: checks (the flow children), verdicts (the parents) and
 * prepare (top-level "diagnose this"), sharing one Redis connection for aksdiag's own records.
 * Redis going away is not fatal: BullMQ and ioredis reconnect, jobs resume, and the outage is
 * logged once rather than per retry.
 */
import type { TokenCredential } from '@azure/identity';
import { FlowProducer, Queue, Worker, type Job } from 'bullmq';
import { type AzureClientFactory, createAzureClients } from '../src/azure/clients.js';
import type { Config } from '../src/config.js';
import { AksdiagError, describeError } from '../src/errors.js';
import { guardRunCommands } from '../src/queue/azure-guard.js';
import { redisWhere, workerConnection } from '../src/queue/connection.js';
import { ContextStore } from '../src/queue/context.js';
import { contextTtlMs } from '../src/queue/flow.js';
import { QUEUES, keys } from '../src/queue/keys.js';
import { childDataSchema } from '../src/queue/payloads.js';
import { Progress } from '../src/queue/progress.js';
import { RunCommandRate } from '../src/queue/rate-limit.js';
import { ReportStore } from '../src/queue/reports.js';
import { ResultCache } from '../src/queue/result-cache.js';
import { CheckScheduler } from '../src/queue/scheduler.js';
import { RedisVmLocks } from '../src/queue/vm-lock.js';
import { checkProcessor } from './check.js';
import { prepareProcessor } from './prepare.js';
import { verdictProcessor } from './verdict.js';

/** Knobs for tests and benchmarks; production runs on the defaults. */
export interface WorkerTuning {
  /** Shown in logs and as BullMQ's `processedBy`. Default `aksdiag-<pid>`. */
  name?: string;
  /** BullMQ job lock; a worker that stops renewing it for this long is presumed dead. Default 30 s. */
  lockDurationMs?: number;
  /** How often stalled jobs (of dead workers) are looked for. Default 30 s. */
  stalledIntervalMs?: number;
  /** How long a run we stopped waiting for may still hold its VM (runNodeScript keeps 60 s). */
  vmBusyGraceMs?: number;
  /** Progress events per diagnosis at most this often. Default 1000 ms. */
  progressGateMs?: number;
}

export interface WorkerDeps {
  credential: TokenCredential;
  /** Default: clients for `config.azure` made with `credential`. */
  azure?: AzureClientFactory;
  log?: (line: string) => void;
}

export interface AksdiagWorker {
  readonly name: string;
  readonly workers: readonly Worker[];
  /** Stops taking jobs, waits for the running ones to finish, and disconnects. */
  close(): Promise<void>;
}

export function startWorker(config: Config, deps: WorkerDeps, tuning: WorkerTuning = {}): AksdiagWorker {
  const q = config.queue;
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const name = tuning.name ?? `aksdiag-${process.pid}`;
  if (!deps.azure && !config.azure) {
    throw new AksdiagError(
      'config-invalid',
      'No Azure subscription is configured, so a worker has nothing to check with.',
      'Set AKSDIAG_SUBSCRIPTIONS (or AZURE_SUBSCRIPTION_ID), and AKSDIAG_ARM_ENDPOINT for a sovereign cloud.',
    );
  }
  const azure = guardRunCommands(
    deps.azure ?? createAzureClients({ credential: deps.credential, ...config.azure! }),
  );
  // Every node check needs Compute: load its SDK now rather than in the first sweep, where the
  // POSTs waiting for it would leave together once it is in, past their paced slots.
  for (const sub of config.azure?.subscriptions ?? []) void azure.compute(sub).catch(() => undefined);
  const redis = workerConnection(q.redisUrl, { connectionName: name });
  const k = keys(q.prefix);
  const progress = new Progress(redis, k, {
    ttlMs: contextTtlMs(q),
    ...(tuning.progressGateMs !== undefined ? { gateMs: tuning.progressGateMs } : {}),
  });
  const contexts = new ContextStore(redis, k);
  const cache = new ResultCache(redis, k, q.resultCacheMs);
  const scheduler = new CheckScheduler({
    cache,
    progress,
    vmLocks: new RedisVmLocks(redis, k),
    rate: new RunCommandRate(redis, k, q.runCommandsPerSecond, q.runCommandBurst),
    nodeDeadlineMs: config.nodeDeadlineMs,
    pollMs: config.runCommandPollMs,
    vmBusyGraceMs: tuning.vmBusyGraceMs ?? 60_000,
  });
  const producer = new FlowProducer({ connection: redis, prefix: q.prefix });
  const verdicts = new Queue(QUEUES.verdicts, { connection: redis, prefix: q.prefix });

  const common = {
    connection: redis,
    prefix: q.prefix,
    name,
    lockDuration: tuning.lockDurationMs ?? 30_000,
    stalledInterval: tuning.stalledIntervalMs ?? 30_000,
    // A job whose worker died twice is still worth a third try before it is failed.
    maxStalledCount: 2,
  };
  const workers = [
    new Worker(
      QUEUES.checks,
      checkProcessor({
        azure,
        contexts,
        progress,
        scheduler,
        nodeDeadlineMs: config.nodeDeadlineMs,
        pollMs: config.runCommandPollMs,
      }),
      { ...common, concurrency: q.concurrency },
    ),
    new Worker(
      QUEUES.verdicts,
      verdictProcessor({ contexts, progress, reports: new ReportStore(redis, k) }),
      {
        ...common,
        concurrency: 4,
      },
    ),
    new Worker(
      QUEUES.prepare,
      prepareProcessor({
        config,
        credential: deps.credential,
        azure,
        flows: { producer, verdicts, contexts, progress, settings: q },
      }),
      { ...common, concurrency: 4 },
    ),
  ];

  // One line when Redis goes away and one when it is back, not one per reconnect attempt.
  let down = false;
  const onError = (err: Error): void => {
    if (down) return;
    down = true;
    log(`${name}: Redis at ${redisWhere(q.redisUrl)} unreachable (${err.message}); reconnecting`);
  };
  redis.on('ready', () => {
    if (down) log(`${name}: Redis is back`);
    down = false;
  });
  const onFailed = (job: Job | undefined, err: Error): void => {
    log(`${name}: job ${job?.queueName}/${job?.id} failed: ${describeError(err)}`);
    // A failed check gives up its result-cache claim so that others need not wait it out; a
    // retry of it claims again (or finds the result another diagnosis got meanwhile).
    const data = childDataSchema.safeParse(job?.data);
    if (job && data.success) void cache.release(data.data.fingerprint, job.id!).catch(() => undefined);
  };
  for (const w of workers) {
    w.on('error', onError);
    w.on('failed', onFailed);
  }
  producer.on('error', onError);
  verdicts.on('error', onError);

  return {
    name,
    workers,
    async close() {
      // Without Redis nothing in hand could be finished (its result cannot be written): do not wait.
      const force = redis.status !== 'ready';
      await Promise.all(workers.map((w) => w.close(force)));
      progress.stop();
      await Promise.allSettled([producer.close(), verdicts.close()]);
      redis.disconnect();
    },
  };
}
