/**
 * Run-command requests per second per subscription, shared by all workers through Redis. Each
 * request reserves the next free slot (slots are 1/R apart; the key holds the next free one), so
 * waiting callers are spread out instead of all retrying at the same moment. Redis's clock is the
 * only clock, so workers on machines with skewed clocks still agree.
 *
 * When Azure throttles anyway (other tools share the subscription's limit), `holdOff` keeps
 * everyone in the subscription, slot or not, from starting a run-command before Retry-After.
 */
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { script } from './scripts.js';

/** KEYS[1] next free slot; ARGV interval ms. Returns ms until the reserved slot (0: now). */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(free, now)
local nextFree = slot + tonumber(ARGV[1])
redis.call('SET', KEYS[1], tostring(nextFree), 'PX', math.ceil(nextFree - now) + 60000)
return slot - now`;

/** KEYS[1] next free slot, KEYS[2] hold; ARGV hold ms. No slot, reserved or new, before now + hold. */
const HOLD_OFF = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
if free < until_ then redis.call('SET', KEYS[1], tostring(until_), 'PX', math.ceil(until_ - now) + 60000) end
local held = tonumber(redis.call('GET', KEYS[2]) or '0')
if held < until_ then redis.call('SET', KEYS[2], tostring(until_), 'PX', math.ceil(until_ - now) + 1000) end
return 1`;

/** KEYS[1] hold. Returns ms the subscription is still held off (0: free to go). */
const HELD_FOR = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local held = tonumber(redis.call('GET', KEYS[1]) or '0')
return math.max(0, math.ceil(held - now))`;

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
    const reserve = script(this.redis, 'RateReserve', 1, RESERVE);
    return Number(await reserve(this.keys.rate(subscription), String(this.intervalMs)));
  }

  /**
   * Nobody starts a run-command in this subscription for `ms`: new reservations land after it,
   * and a job arriving at a slot it reserved earlier asks `heldFor` first.
   */
  async holdOff(subscription: string, ms: number): Promise<void> {
    await script(
      this.redis,
      'RateHoldOff',
      2,
      HOLD_OFF,
    )(this.keys.rate(subscription), this.keys.hold(subscription), String(Math.ceil(ms)));
  }

  /** How long the subscription is still held off after a throttling answer (0: not). */
  async heldFor(subscription: string): Promise<number> {
    return Number(await script(this.redis, 'RateHeldFor', 1, HELD_FOR)(this.keys.hold(subscription)));
  }
}
