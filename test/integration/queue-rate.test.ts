/**
 * The run-command pace every worker shares, on a real redis-server: a token bucket of `burst`
 * refilled at the rate (ARM's write limit is one), reserved ahead by jobs and admitted again as
 * each POST leaves, so that late ones do not bunch with those on time. Waits are read from the
 * answers (ms until a slot), never from the clock of the test.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { keys } from '../../src/queue/keys.js';
import { JITTER_MS, RunCommandRate } from '../../src/queue/rate-limit.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

let server: TestRedis | undefined;
let redis: Redis | undefined;
afterEach(async () => {
  redis?.disconnect();
  await server?.cleanup();
  redis = server = undefined;
});

async function rate(perSecond: number, burst: number): Promise<RunCommandRate> {
  server = await startTestRedis();
  redis = new Redis(server.url);
  return new RunCommandRate(redis, keys('t'), perSecond, burst);
}

describe('RunCommandRate', () => {
  it('lets a burst go at once, then one request per interval', async () => {
    const r = await rate(10, 3);
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await r.reserve('sub'));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    // 100 ms apart after the burst, less what the calls themselves took.
    expect(waits[3]).toBeGreaterThan(50);
    expect(waits[3]).toBeLessThanOrEqual(100);
    expect(waits[4]! - waits[3]!).toBeGreaterThan(50);
  });

  it('paces evenly with a burst of 1, and keeps subscriptions apart', async () => {
    const r = await rate(10, 1);
    const [a, b] = [await r.reserve('sub-a'), await r.reserve('SUB-A')];
    expect(a).toBe(0);
    expect(b).toBeGreaterThan(50);
    expect(await r.reserve('sub-b')).toBe(0);
  });

  it('admits a request as it leaves unless too many left just before it', async () => {
    const r = await rate(10, 1);
    expect(await r.admit('sub')).toBe(0);
    // The next one 100 ms later; a little late is tolerated, not this early.
    const wait = await r.admit('sub');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(100 - JITTER_MS);
  });

  it('keeps every reservation and every POST back while Azure asked the subscription to wait', async () => {
    const r = await rate(10, 5);
    await r.holdOff('sub', 1000);
    expect(await r.heldFor('sub')).toBeGreaterThan(900);
    expect(await r.reserve('sub')).toBeGreaterThan(900);
    expect(await r.admit('sub')).toBeGreaterThan(900);
  });
});
