/**
 * Identical checks asked for by several diagnoses within a window run once. BullMQ's own
 * deduplication would drop the second flow's child (and that flow would never finish), so
 * children share results here instead, keyed by the check's fingerprint:
 * - `claim`: the first child to ask runs it; the others are rescheduled until its result lands;
 * - `result`: the finding, kept for the window, then asked for afresh.
 * A claim names a job, not an attempt: a job retried after its worker died takes its claim back.
 */
import type { Redis } from 'ioredis';
import type { Finding } from '../domain/checks.js';
import type { Keys } from './keys.js';
import { script } from './scripts.js';
import { findingSchema, parsePayload } from './payloads.js';

/**
 * KEYS result, claim; ARGV owner, ttl ms. One step, so a result that lands between a miss and a
 * claim is not missed: {'hit', finding} | {'mine'} | {'taken', owner}.
 */
const CLAIM = `
local result = redis.call('GET', KEYS[1])
if result then return {'hit', result} end
local owner = redis.call('GET', KEYS[2])
if owner == false then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
  return {'mine'}
end
if owner == ARGV[1] then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return {'mine'}
end
return {'taken', owner}`;

/** KEYS result, claim; ARGV finding, window ms, owner. */
const PUT = `
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
return 1`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class ResultCache {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly windowMs: number,
  ) {}

  get enabled(): boolean {
    return this.windowMs > 0;
  }

  /**
   * The cached finding, or the right to run the check (`mine`), or `taken` while another job
   * runs it. `owner` is the asking job's id.
   */
  async claim(
    fp: string,
    owner: string,
    ttlMs: number,
  ): Promise<{ kind: 'hit'; finding: Finding } | { kind: 'mine' } | { kind: 'taken' }> {
    const [kind, value] = (await script(this.redis, 'CacheClaim', 2, CLAIM)(
      this.keys.result(fp),
      this.keys.claim(fp),
      owner,
      String(Math.max(1, Math.ceil(ttlMs))),
    )) as [string, string | undefined];
    if (kind === 'hit') {
      return { kind, finding: parsePayload(findingSchema, JSON.parse(value ?? 'null'), 'a cached finding') };
    }
    return kind === 'mine' ? { kind } : { kind: 'taken' };
  }

  async put(fp: string, finding: Finding, owner: string): Promise<void> {
    const valid = parsePayload(findingSchema, finding, 'a finding');
    await script(this.redis, 'CachePut', 2, PUT)(
      this.keys.result(fp),
      this.keys.claim(fp),
      JSON.stringify(valid),
      String(Math.ceil(this.windowMs)),
      owner,
    );
  }

  /** Gives up a claim without a result (the check did not run), so a waiting job can run it. */
  async release(fp: string, owner: string): Promise<void> {
    await script(this.redis, 'CacheRelease', 1, RELEASE)(this.keys.claim(fp), owner);
  }
}
