/**
 * aksdiag's Lua scripts, sent by SHA (EVALSHA) instead of as text on every call: ioredis loads a
 * script once per connection and again by itself after a Redis restart (NOSCRIPT).
 */
import type { Redis } from 'ioredis';

type Args = (string | number)[];

export function script(
  redis: Redis,
  name: string,
  keys: number,
  lua: string,
): (...args: Args) => Promise<unknown> {
  const command = `aksdiag${name}`;
  const r = redis as unknown as Record<string, (...a: Args) => Promise<unknown>>;
  if (typeof r[command] !== 'function') redis.defineCommand(command, { numberOfKeys: keys, lua });
  return (...args) => r[command]!.apply(redis, args);
}
