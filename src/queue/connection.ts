/**
 * Redis connections. Two kinds, because callers and workers want opposite things when Redis
 * is away:
 * - workers wait: every command is retried until Redis is back (`maxRetriesPerRequest: null`,
 *   which BullMQ also requires of a worker's connection), and jobs resume where they were;
 * - producers (the bot) fail fast: `enableOfflineQueue: false`, so nothing is queued in memory
 *   and sent minutes later after the caller was told it failed. The caller gets a
 *   'queue-unavailable' AksdiagError; the connection keeps reconnecting in the background and
 *   the next call succeeds once Redis is back.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { AksdiagError, describeError } from '../errors.js';

/** Reconnect after 100 ms, 200 ms, ... at most every `capMs`, forever. */
const reconnectEvery =
  (capMs: number) =>
  (times: number): number =>
    Math.min(times * 100, capMs);

/** `host:port` of a Redis URL, without the password it may carry. */
export function redisWhere(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'Redis';
  }
}

export function workerConnection(url: string, extra: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: reconnectEvery(2000),
    connectionName: 'aksdiag-worker',
    ...extra,
  });
  // Reported by BullMQ's own 'error' events; without a listener ioredis would print each retry.
  redis.on('error', () => undefined);
  return redis;
}

export function producerConnection(url: string, extra: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    // Within a caller's wait for the connection (3 s by default) once Redis is back.
    retryStrategy: reconnectEvery(1000),
    connectionName: 'aksdiag-producer',
    ...extra,
  });
  redis.on('error', () => undefined);
  return redis;
}

export function queueUnavailable(url: string, cause?: unknown): AksdiagError {
  const why = cause === undefined ? 'no connection' : describeError(cause);
  return new AksdiagError(
    'queue-unavailable',
    `The check queue (Redis at ${redisWhere(url)}) cannot be reached: ${why}.`,
    'Check that Redis is running and REDIS_URL points at it; aksdiag reconnects on its own, so try again in a moment.',
    { cause },
  );
}

/** Resolves once `redis` is connected, or throws 'queue-unavailable' after `timeoutMs`. */
export async function whenReady(redis: Redis, url: string, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  if (redis.status === 'end') throw queueUnavailable(url, new Error('the connection was closed'));
  let lastError: unknown;
  const onError = (err: unknown): void => {
    lastError = err;
  };
  redis.on('error', onError);
  try {
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        redis.off('ready', onReady);
        resolve(false);
      }, timeoutMs);
      const onReady = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      redis.once('ready', onReady);
    });
    if (!ready) throw queueUnavailable(url, lastError);
  } finally {
    redis.off('error', onError);
  }
}

/** Runs a producer call; a Redis failure becomes 'queue-unavailable'. */
export async function producing<T>(
  redis: Redis,
  url: string,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  await whenReady(redis, url, timeoutMs);
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AksdiagError) throw err;
    if (isConnectionError(err)) throw queueUnavailable(url, err);
    throw err;
  }
}

function isConnectionError(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  return (
    e?.name === 'MaxRetriesPerRequestError' ||
    (typeof e?.code === 'string' &&
      /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND)$/.test(e.code)) ||
    /Stream isn't writeable|Connection is closed|enableOfflineQueue/i.test(message)
  );
}
