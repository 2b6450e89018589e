/**
 * Logs, metrics and the health server of one `aksdiag bot` or `aksdiag worker` process, started
 * once at the entry point from the settings and stopped on the way out. The bot and the workers
 * know nothing of it: it watches them from outside (Bolt middleware and error handler, BullMQ
 * worker events, Node's HTTP client diagnostics channels, the bot's log hook).
 */
import type { App } from '@slack/bolt';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { botLog, watchBot } from './bot-events.js';
import { type Readiness, startHealthServer } from './health-server.js';
import { watchHttp } from './http-watch.js';
import { createLogger, lineDestination, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { watchWorkers } from './worker-events.js';

export { HEALTH_PATHS, type Readiness } from './health-server.js';
export { Metrics } from './metrics.js';
export { createLogger, type Logger } from './logger.js';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** For `startBot(..., { log })`: structured lines, diagnoses counted. */
  botLog(event: string, fields: Record<string, unknown>): void;
  /** For `runWorkerProcess(..., { log })`: the worker's plain lines, as structured lines. */
  logLine(line: string): void;
  watchBot(app: App): void;
  watchWorkers(workers: readonly Worker[]): void;
  /**
   * Starts the health server; resolves to its port. /readyz asks `ready` when given (the bot's
   * embedded store: no Redis, no queue), else Redis on a connection of its own, which also feeds
   * the queue-depth metrics.
   */
  serve(ready?: () => Promise<Readiness>): Promise<number>;
  stop(): Promise<void>;
}

export interface ObservabilityOptions {
  role: 'bot' | 'worker';
  /** Where log lines go (the CLI's stderr); default stdout. */
  write?: (text: string) => void;
}

const PING_TIMEOUT_MS = 1000;

/** What answers /readyz: Redis, asked on a connection that fails at once when it is down. */
function redisReadiness(redis: Redis): () => Promise<Readiness> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const pong = await Promise.race([
        redis.ping(),
        new Promise<never>((_, fail) => {
          timer = setTimeout(() => fail(new Error(`no answer in ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
        }),
      ]);
      return { ok: pong === 'PONG', checks: { redis: pong === 'PONG' ? 'ok' : String(pong) } };
    } catch (err) {
      return { ok: false, checks: { redis: err instanceof Error ? err.message : String(err) } };
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Logger and metrics at once (no I/O); the health server with `serve()`, once the process is
 * past its own start-up checks, so that a configuration error is the only thing it prints.
 */
export function createObservability(config: Config, options: ObservabilityOptions): Observability {
  const o = config.observability;
  const logger = createLogger({
    role: options.role,
    level: o.logLevel,
    ...(options.write ? { destination: lineDestination(options.write) } : {}),
  });
  const metrics = new Metrics();
  const stops: Array<() => void | Promise<void>> = [
    watchHttp(metrics, {
      armEndpoint: config.azure?.endpoint,
      slackApiUrl: config.slack?.apiUrl ?? undefined,
    }),
  ];
  return {
    logger,
    metrics,
    botLog: botLog(logger, metrics),
    logLine: (line) => (/fail|unreachable|error/i.test(line) ? logger.warn(line) : logger.info(line)),
    watchBot: (app) => watchBot(app, metrics, logger),
    watchWorkers: (workers) => void stops.push(watchWorkers(workers, metrics, logger)),
    async serve(ready) {
      if (ready) {
        const health = await startHealthServer({ port: o.healthPort, metrics, ready });
        stops.unshift(() => health.close());
        logger.info(
          { event: 'health-server', port: health.port, dashboard: false },
          `health server listening on :${health.port} (/healthz /readyz /metrics)`,
        );
        return health.port;
      }
      // Loaded here: a bot on the embedded store has no Redis and no queue (BullMQ, ioredis).
      const { producerConnection } = await import('../queue/connection.js');
      const { QueueDepth } = await import('./queue-depth.js');
      // Its own connection, failing fast: a probe must hear "not ready" at once, not wait in a queue.
      const redis = producerConnection(config.queue.redisUrl, {
        connectionName: `aksdiag-${options.role}-health`,
      });
      const depth = new QueueDepth(redis, config.queue, metrics);
      const dashboard = o.queueDashboard
        ? (await import('./dashboard.js')).queueDashboard(redis, config.queue)
        : null;
      stops.push(async () => {
        await Promise.allSettled([depth.close(), dashboard?.close()]);
        redis.disconnect();
      });
      const health = await startHealthServer({
        port: o.healthPort,
        metrics,
        ready: redisReadiness(redis),
        beforeScrape: () => depth.refresh(),
        ...(dashboard ? { mount: (app) => dashboard.mount(app) } : {}),
      });
      // Closed first on the way out: probes fail before Redis goes.
      stops.unshift(() => health.close());
      logger.info(
        { event: 'health-server', port: health.port, dashboard: Boolean(dashboard) },
        `health server listening on :${health.port} (/healthz /readyz /metrics${dashboard ? ' /queues' : ''})`,
      );
      return health.port;
    },
    async stop() {
      for (const stop of stops.splice(0)) await stop();
      logger.flush();
    },
  };
}
