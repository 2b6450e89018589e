/**
 * Run-command requests per subscription, shared by all workers through Redis: a token bucket of
 * `burst` requests refilled at `perSecond`, as ARM limits writes (a bucket of 200 refilled at 10 a
 * second). Kept as the generic cell rate algorithm: one key per subscription holds the theoretical
 * arrival time (TAT) of the next request; a request may go at TAT - (burst - 1)/R, and each one
 * moves TAT on by 1/R. With a burst of 1 that is an even pace, slots 1/R apart.
 *
 * Each request reserves its slot when it asks, so waiting callers are spread out instead of all
 * retrying at the same moment. Redis's clock is the only clock, so workers on machines with skewed
 * clocks still agree.
 *
 * A reserved slot says when a request should leave; a busy machine sends some late, and late ones
 * bunch with those on time. So each request also passes `admit` as it is about to be sent: the
 * same algorithm on a key of its own, counting requests as they actually leave, with `JITTER_MS`
 * more tolerance than the reservations. On-time requests pass at once; late ones pass unless too
 * many left together, and those wait a few ms. Whatever the lateness, no second then holds more
 * than the rate, the burst and `JITTER_MS` worth of requests.
 *
 * When Azure throttles anyway (other tools share the subscription's limit), `holdOff` keeps
 * everyone in the subscription, slot or not, from starting a run-command before Retry-After.
 */
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { script } from './scripts.js';

/** KEYS[1] TAT; ARGV interval ms, burst tolerance ms. Returns ms until the reserved slot (0: now). */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
local slot = math.max(tat - tonumber(ARGV[2]), now)
local nextTat = tat + tonumber(ARGV[1])
redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.ceil(nextTat - now) + 60000)
return math.ceil(slot - now)`;

/**
 * KEYS[1] TAT, KEYS[2] hold, KEYS[3] sending TAT; ARGV hold ms, burst tolerance ms, sending
 * tolerance ms. No slot, reserved or new, and nothing sent before now + hold, and no burst right
 * after it: the bucket is empty then.
 */
const HOLD_OFF = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local tat = until_ + tonumber(ARGV[2])
local was = tonumber(redis.call('GET', KEYS[1]) or '0')
if was < tat then redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now) + 60000) end
local held = tonumber(redis.call('GET', KEYS[2]) or '0')
if held < until_ then redis.call('SET', KEYS[2], tostring(until_), 'PX', math.ceil(until_ - now) + 1000) end
local sending = until_ + tonumber(ARGV[3])
local sent = tonumber(redis.call('GET', KEYS[3]) or '0')
if sent < sending then redis.call('SET', KEYS[3], tostring(sending), 'PX', math.ceil(sending - now) + 60000) end
return 1`;

/**
 * How much later than its slot a request may leave and still not count as bunched with others.
 * Every ms of it lets R/1000 more requests into some second (50 ms let a 90/s pace reach 95 at the
 * start of a sweep, and what bunches after the POST leaves took the rest of a 100/s limit).
 */
export const JITTER_MS = 20;

/**
 * KEYS[1] the sending TAT; ARGV interval ms, tolerance ms. Admits (0, and moves TAT on) when now
 * conforms; else returns the ms until it would, and changes nothing.
 */
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
local wait = tat - tonumber(ARGV[2]) - now
if wait > 0 then return math.ceil(wait) end
redis.call('SET', KEYS[1], tostring(tat + tonumber(ARGV[1])), 'PX', math.ceil(tat + tonumber(ARGV[1]) - now) + 60000)
return 0`;

/** KEYS[1] hold. Returns ms the subscription is still held off (0: free to go). */
const HELD_FOR = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local held = tonumber(redis.call('GET', KEYS[1]) or '0')
return math.max(0, math.ceil(held - now))`;

export class RunCommandRate {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly sendingToleranceMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    perSecond: number,
    /** Requests that may go at once before the rate applies. */
    burst = 1,
  ) {
    this.intervalMs = 1000 / perSecond;
    this.toleranceMs = (Math.max(1, burst) - 1) * this.intervalMs;
    this.sendingToleranceMs = this.toleranceMs + JITTER_MS;
  }

  /** Reserves the subscription's next slot: how many ms from now it is. */
  async reserve(subscription: string): Promise<number> {
    const reserve = script(this.redis, 'RateReserve', 1, RESERVE);
    return Number(
      await reserve(this.keys.rate(subscription), String(this.intervalMs), String(this.toleranceMs)),
    );
  }

  /** A request about to be sent: 0 when it may go now (counted), else the ms to wait first. */
  async admit(subscription: string): Promise<number> {
    const admit = script(this.redis, 'RateAdmit', 1, ADMIT);
    return Number(
      await admit(this.keys.sending(subscription), String(this.intervalMs), String(this.sendingToleranceMs)),
    );
  }

  /**
   * Nobody starts a run-command in this subscription for `ms`: new reservations land after it,
   * and a job arriving at a slot it reserved earlier asks `heldFor` first.
   */
  async holdOff(subscription: string, ms: number): Promise<void> {
    await script(this.redis, 'RateHoldOff', 3, HOLD_OFF)(
      this.keys.rate(subscription),
      this.keys.hold(subscription),
      this.keys.sending(subscription),
      String(Math.ceil(ms)),
      String(this.toleranceMs),
      String(this.sendingToleranceMs),
    );
  }

  /** How long the subscription is still held off after a throttling answer (0: not). */
  async heldFor(subscription: string): Promise<number> {
    return Number(await script(this.redis, 'RateHeldFor', 1, HELD_FOR)(this.keys.hold(subscription)));
  }
}
