/**
 * Opens the store the settings name, or fails at once saying what to start or fix: the bot does
 * not start without the place it keeps its threads, dedupe keys and audit log.
 */
import type { StoreSettings } from '../config.js';
import { AksdiagError, describeError } from '../errors.js';
import { producerConnection, redisWhere, whenReady } from '../queue/connection.js';
import { RedisStore } from './redis-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

export async function openStore(settings: StoreSettings, timeoutMs: number): Promise<Store> {
  if (settings.kind === 'sqlite') {
    try {
      return new SqliteStore(settings.path);
    } catch (cause) {
      throw new AksdiagError(
        'store-unavailable',
        `Cannot open the embedded store ${settings.path}: ${describeError(cause)}.`,
        'Point AKSDIAG_DATA_DIR at a directory this user can write, or set REDIS_URL to keep the state in Redis.',
        { cause },
      );
    }
  }
  const redis = producerConnection(settings.url, { connectionName: 'aksdiag-bot-store' });
  try {
    await whenReady(redis, settings.url, timeoutMs);
  } catch (cause) {
    redis.disconnect();
    const where = redisWhere(settings.url);
    throw new AksdiagError(
      'store-unavailable',
      `Redis at ${where} (REDIS_URL) did not answer within ${Math.round(timeoutMs / 1000)} s: ${describeError(cause instanceof AksdiagError ? cause.cause : cause)}.`,
      `Start Redis there (redis-server, or docker compose up redis) or correct REDIS_URL; or unset REDIS_URL to run one bot with its embedded store.`,
      { cause },
    );
  }
  return new RedisStore(redis, settings.url, settings.prefix);
}

export type { Store } from './types.js';
