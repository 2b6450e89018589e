/**
 * A worker as a process: start, run until SIGTERM or SIGINT, then drain (finish the checks in
 * hand, take no new ones) and exit 0. A second signal while draining stops at once; the jobs in
 * hand are then taken over by another worker when their locks run out.
 */
import type { Config } from '../src/config.js';
import { redisWhere } from '../src/queue/connection.js';
import { type AksdiagWorker, type WorkerDeps, type WorkerTuning, startWorker } from './worker.js';

export async function runWorkerProcess(
  config: Config,
  /** `onStarted`: once the workers exist (the CLI starts metrics and the health server there). */
  deps: WorkerDeps & { onStarted?: (worker: AksdiagWorker) => Promise<unknown> },
  tuning: WorkerTuning = {},
): Promise<number> {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const worker = startWorker(config, { ...deps, log }, tuning);
  log(
    `${worker.name}: started (checks concurrency ${config.queue.concurrency}, Redis ${redisWhere(config.queue.redisUrl)}, prefix ${config.queue.prefix})`,
  );
  await deps.onStarted?.(worker).catch(async (err: unknown) => {
    await worker.close();
    throw err;
  });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  log(`${worker.name}: ${signal}: draining (finishing the checks in hand)`);
  const again = (): void => {
    log(`${worker.name}: second signal: stopping now; unfinished jobs go to other workers`);
    process.exit(1);
  };
  process.once('SIGTERM', again);
  process.once('SIGINT', again);
  await worker.close();
  log(`${worker.name}: drained, exiting`);
  return 0;
}
