/**
 * Run-command requests per second per subscription, shared by all workers through Redis. Each
 * request reserves the next free slot (slots are 1/R apart; the key holds the next free one), so
 * waiting callers are spread out instead of all retrying at the same moment. Redis's clock is the
 * only clock, so workers on machines with skewed clocks still agree.
 *
 * When Azure throttles anyway (other tools share the subscription's limit), `holdOff` moves the
 * next free slot past Retry-After for everyone.
 */
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

/** KEYS[1] next free slot; ARGV interval ms. Returns ms until the reserved slot (0: now). */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(free, now)
local nextFree = slot + tonumber(ARGV[1])
redis.call('SET', KEYS[1], tostring(nextFree), 'PX', math.ceil(nextFree - now) + 60000)
return slot - now`;

/** KEYS[1] next free slot; ARGV hold ms. No slot before now + hold. */
const HOLD_OFF = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local until_ = math.max(free, now + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], tostring(until_), 'PX', math.ceil(until_ - now) + 60000)
return until_ - now`;

export class RunCommandRate {
  private readonly intervalMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    perSecond: number,
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  /** Reserves the subscription's next slot: how many ms from now it is. */
  async reserve(subscription: string): Promise<number> {
    return Number(await this.redis.eval(RESERVE, 1, this.keys.rate(subscription), String(this.intervalMs)));
  }

  /** Nobody starts a run-command in this subscription for `ms`. */
  async holdOff(subscription: string, ms: number): Promise<void> {
    await this.redis.eval(HOLD_OFF, 1, this.keys.rate(subscription), String(Math.ceil(ms)));
  }
}
