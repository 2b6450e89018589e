/**
 * Progress of each diagnosis on one Redis stream that the Slack layer reads: `planned` (m
 * checks), `progress` (n of m done, with the findings that landed since the last event), one
 * `verdict`, or `failed`. At most one progress event per diagnosis per second (Slack's
 * chat.update allows about that); findings that land in between ride on the next event, and a
 * worker flushes them when the second is over so the last ones are not held back.
 *
 * Findings are recorded once per request index (HSETNX): a check run again after a crash does
 * not count twice, and a retried job finds its earlier finding and does not run again.
 */
import type { Redis } from 'ioredis';
import type { Finding } from '../domain/checks.js';
import type { Keys } from './keys.js';
import { script } from './scripts.js';
import {
  findingSchema,
  parsePayload,
  progressEventSchema,
  type ProgressEvent,
  type VerdictSummary,
} from './payloads.js';

/** KEYS findings, pending, gate, stream; ARGV index, finding ('' = flush only), total, diagnosis, gate ms, ttl ms, maxlen. */
const RECORD = `
if ARGV[2] ~= '' then
  if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
    redis.call('RPUSH', KEYS[2], '{"index":' .. ARGV[1] .. ',"finding":' .. ARGV[2] .. '}')
  end
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
end
local done = redis.call('HLEN', KEYS[1])
if redis.call('LLEN', KEYS[2]) == 0 then return {done, 0, 0} end
if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[5]) then
  local items = redis.call('LRANGE', KEYS[2], 0, -1)
  redis.call('DEL', KEYS[2])
  local event = '{"type":"progress","diagnosis":"' .. ARGV[4] .. '","done":' .. done .. ',"total":' .. ARGV[3] .. ',"findings":[' .. table.concat(items, ',') .. ']}'
  redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[7], '*', 'event', event)
  return {done, 1, 0}
end
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return {done, 2, redis.call('PTTL', KEYS[3])}`;

/** KEYS announced, pending, findings, stream; ARGV diagnosis, causes JSON, total, ttl ms, maxlen. */
const VERDICT = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[4]) then return 0 end
local items = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('DEL', KEYS[2])
local done = redis.call('HLEN', KEYS[3])
local event = '{"type":"verdict","diagnosis":"' .. ARGV[1] .. '","done":' .. done .. ',"total":' .. ARGV[3] .. ',"findings":[' .. table.concat(items, ',') .. '],"causes":' .. ARGV[2] .. '}'
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[5], '*', 'event', event)
return 1`;

export interface ProgressOptions {
  /** At most one progress event per diagnosis this often. Default 1000 ms. */
  gateMs?: number;
  /** How long the per-diagnosis records live. */
  ttlMs: number;
  /** Approximate length the stream is trimmed to. Default 10,000 events. */
  maxLen?: number;
}

export class Progress {
  private readonly gateMs: number;
  private readonly maxLen: number;
  private readonly flushes = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly options: ProgressOptions,
  ) {
    this.gateMs = options.gateMs ?? 1000;
    this.maxLen = options.maxLen ?? 10_000;
  }

  /** The finding an earlier attempt recorded for this request, if any. */
  async recorded(diagnosis: string, index: number): Promise<Finding | null> {
    const raw = await this.redis.hget(this.keys.findings(diagnosis), String(index));
    return raw === null ? null : parsePayload(findingSchema, JSON.parse(raw), 'a recorded finding');
  }

  /** Records the finding of request `index` (first write wins) and announces it, throttled. */
  async record(diagnosis: string, index: number, finding: Finding | null, total: number): Promise<void> {
    // The caller has validated it (the child's result is checked before it is recorded).
    const json = finding ? JSON.stringify(finding) : '';
    const [, outcome, gateLeftMs] = (await script(this.redis, 'ProgressRecord', 4, RECORD)(
      this.keys.findings(diagnosis),
      this.keys.pending(diagnosis),
      this.keys.gate(diagnosis),
      this.keys.progress,
      String(index),
      json,
      String(total),
      diagnosis,
      String(this.gateMs),
      String(Math.ceil(this.options.ttlMs)),
      String(this.maxLen),
    )) as [number, number, number];
    if (outcome === 2) this.flushLater(diagnosis, total, gateLeftMs);
  }

  /** Announces the verdict; true the first time only. */
  async verdict(diagnosis: string, summary: VerdictSummary, total: number): Promise<boolean> {
    const timer = this.flushes.get(diagnosis);
    if (timer) clearTimeout(timer);
    this.flushes.delete(diagnosis);
    const sent = await script(this.redis, 'ProgressVerdict', 4, VERDICT)(
      this.keys.announced(diagnosis),
      this.keys.pending(diagnosis),
      this.keys.findings(diagnosis),
      this.keys.progress,
      diagnosis,
      JSON.stringify(summary.causes),
      String(total),
      String(Math.ceil(this.options.ttlMs)),
      String(this.maxLen),
    );
    return sent === 1;
  }

  async announce(event: ProgressEvent): Promise<void> {
    const valid = parsePayload(progressEventSchema, event, 'a progress event');
    await this.redis.xadd(
      this.keys.progress,
      'MAXLEN',
      '~',
      String(this.maxLen),
      '*',
      'event',
      JSON.stringify(valid),
    );
  }

  /** Stops the trailing flushes of this process (on shutdown; the next event carries them). */
  stop(): void {
    for (const t of this.flushes.values()) clearTimeout(t);
    this.flushes.clear();
  }

  private flushLater(diagnosis: string, total: number, gateLeftMs: number): void {
    if (this.flushes.has(diagnosis)) return;
    const timer = setTimeout(
      () => {
        this.flushes.delete(diagnosis);
        this.record(diagnosis, 0, null, total).catch(() => undefined);
      },
      Math.max(1, gateLeftMs) + 5,
    );
    timer.unref();
    this.flushes.set(diagnosis, timer);
  }
}

/**
 * Reads progress events in order. Give it a connection of its own: XREAD BLOCK holds the
 * connection while it waits.
 */
export class ProgressReader {
  private lastId: string | null;

  /** `from`: a stream id to read after, or '$' for events from now on. */
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    from = '$',
  ) {
    this.lastId = from === '$' ? null : from;
  }

  /** Fixes where '$' is, so that nothing added from now on is missed. */
  async start(): Promise<void> {
    if (this.lastId === null) {
      const last = await this.redis.xrevrange(this.keys.progress, '+', '-', 'COUNT', 1);
      this.lastId ??= last[0]?.[0] ?? '0-0';
    }
  }

  /** The next events (waiting up to `blockMs` for one); malformed entries are skipped. */
  async read(blockMs: number, count = 100): Promise<ProgressEvent[]> {
    await this.start();
    const reply = await this.redis.xread(
      'COUNT',
      count,
      'BLOCK',
      blockMs,
      'STREAMS',
      this.keys.progress,
      this.lastId!,
    );
    const entries = reply?.[0]?.[1] ?? [];
    const events: ProgressEvent[] = [];
    for (const [id, fields] of entries) {
      this.lastId = id;
      const i = fields.indexOf('event');
      const parsed = progressEventSchema.safeParse(i >= 0 ? safeJson(fields[i + 1]) : null);
      if (parsed.success) events.push(parsed.data);
    }
    return events;
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return null;
  }
}
