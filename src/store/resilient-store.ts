/**
 * The bot's store as the listeners use it: it keeps answering while the backend is away (Redis
 * restarting, a network blip) and keeps answering once.
 * - Everything this process claims, mints, saves or binds is also kept in memory (bounded,
 *   expiring), so it still knows what it did when the backend cannot say (an outage) or has
 *   forgotten (a restart without persistence).
 * - A claim is granted only when neither the backend nor this memory has seen the key; when the
 *   backend does not answer, memory decides. A token is spent by the backend when it answers,
 *   by memory only when the backend is away (and the spend is written back later).
 * - Writes the backend did not take are kept in order (the newest save of each diagnosis) and
 *   written once it answers again, checked every `retryMs`: nothing written during an outage is
 *   lost, audit entries included.
 */
import { describeError } from '../errors.js';
import type { AuditQuery, AuditRecord, Store, ThreadDiagnosis } from './types.js';

type Log = (event: string, fields: Record<string, unknown>) => void;

export interface ResilientOptions {
  /** How often writes kept during an outage are tried again. Default 1000 ms. */
  retryMs?: number;
  /** Entries kept in memory per kind. Default 20,000. */
  max?: number;
  now?: () => number;
}

/** A Map that forgets its oldest entries past `max`. */
class Bounded<V> extends Map<string, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: string, value: V): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.max) this.delete(this.keys().next().value!);
    return this;
  }
}

export class ResilientStore implements Store {
  readonly kind: Store['kind'];
  readonly where: string;
  private readonly claims: Bounded<number>;
  private readonly tokens: Bounded<{ value: string; expires: number; spent: boolean }>;
  private readonly diagnoses: Bounded<ThreadDiagnosis>;
  private readonly threads: Bounded<string>;
  private readonly bindings: Bounded<string>;
  /** Writes the backend did not take, by what they write, oldest first. */
  private readonly backlog = new Map<string, () => Promise<unknown>>();
  private readonly retryMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private flushing = false;
  private down = false;
  private seq = 0;

  constructor(
    private readonly inner: Store,
    private readonly log: Log,
    options: ResilientOptions = {},
  ) {
    this.kind = inner.kind;
    this.where = inner.where;
    const max = options.max ?? 20_000;
    this.claims = new Bounded(max);
    this.tokens = new Bounded(max);
    this.diagnoses = new Bounded(max);
    this.threads = new Bounded(max);
    this.bindings = new Bounded(max);
    this.retryMs = options.retryMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const seen = (this.claims.get(key) ?? 0) > now;
    if (!seen) this.claims.set(key, now + ttlMs);
    const remote = await this.attempt(`claim:${key}`, () => this.inner.claim(key, ttlMs));
    return !seen && remote !== false;
  }

  async release(key: string): Promise<void> {
    this.claims.delete(key);
    this.backlog.delete(`claim:${key}`);
    await this.attempt(`release:${key}`, () => this.inner.release(key));
  }

  async mint(token: string, value: string, ttlMs: number): Promise<void> {
    this.tokens.set(token, { value, expires: this.now() + ttlMs, spent: false });
    await this.attempt(`mint:${token}`, () => this.inner.mint(token, value, ttlMs));
  }

  async spend(token: string): Promise<string | null> {
    const mine = this.tokens.get(token);
    const usable = mine && !mine.spent && mine.expires > this.now() ? mine : null;
    if (mine) mine.spent = true;
    // Minted during an outage and not written yet: the backend has never heard of it.
    if (usable && this.backlog.delete(`mint:${token}`)) return usable.value;
    try {
      return await this.inner.spend(token);
    } catch (err) {
      this.wentDown(err);
      if (!usable) return null;
      this.keep(`spend:${token}`, () => this.inner.spend(token));
      return usable.value;
    }
  }

  async bind(team: string, channel: string, cluster: string): Promise<void> {
    this.bindings.set(`${team}:${channel}`, cluster);
    await this.attempt(`bind:${team}:${channel}`, () => this.inner.bind(team, channel, cluster));
  }

  async binding(team: string, channel: string): Promise<string | null> {
    const mine = this.bindings.get(`${team}:${channel}`) ?? null;
    if (this.backlog.has(`bind:${team}:${channel}`)) return mine;
    return (await this.read(() => this.inner.binding(team, channel))) ?? mine;
  }

  async save(d: ThreadDiagnosis): Promise<void> {
    this.diagnoses.set(d.id, d);
    this.threads.set(`${d.team}:${d.channel}:${d.threadTs}`, d.id);
    await this.attempt(`save:${d.id}`, () => this.inner.save(d));
  }

  async get(id: string): Promise<ThreadDiagnosis | null> {
    const mine = this.diagnoses.get(id) ?? null;
    // A save still waiting to be written is newer than what the backend has.
    if (this.backlog.has(`save:${id}`)) return mine;
    return (await this.read(() => this.inner.get(id))) ?? mine;
  }

  async inThread(team: string, channel: string, threadTs: string): Promise<ThreadDiagnosis | null> {
    const id = this.threads.get(`${team}:${channel}:${threadTs}`);
    const mine = id ? (this.diagnoses.get(id) ?? null) : null;
    if (id && this.backlog.has(`save:${id}`)) return mine;
    return (await this.read(() => this.inner.inThread(team, channel, threadTs))) ?? mine;
  }

  async audit(record: AuditRecord): Promise<void> {
    await this.attempt(`audit:${++this.seq}`, () => this.inner.audit(record));
  }

  auditLog(query?: AuditQuery): Promise<AuditRecord[]> {
    return this.inner.auditLog(query);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  /** Writes what it still holds when the backend answers, then closes it. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
    await this.inner.close();
  }

  /** Writes kept for later, still not written. */
  get pending(): number {
    return this.backlog.size;
  }

  /** A write: now, or kept for when the backend is back. Resolves with its answer, or undefined. */
  private async attempt<T>(key: string, write: () => Promise<T>): Promise<T | undefined> {
    // Behind writes already waiting: go to the back of the line, keeping their order.
    if (this.backlog.size > 0) {
      this.keep(key, write);
      return undefined;
    }
    try {
      return await write();
    } catch (err) {
      this.wentDown(err);
      this.keep(key, write);
      return undefined;
    }
  }

  private async read<T>(fn: () => Promise<T | null>): Promise<T | null> {
    try {
      return await fn();
    } catch (err) {
      this.wentDown(err);
      return null;
    }
  }

  private keep(key: string, write: () => Promise<unknown>): void {
    this.backlog.delete(key);
    this.backlog.set(key, write);
    this.timer ??= setInterval(() => void this.flush(), this.retryMs);
    this.timer.unref();
  }

  private wentDown(err: unknown): void {
    if (this.down) return;
    this.down = true;
    this.log('store-unavailable', { where: this.where, error: describeError(err) });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    let written = 0;
    try {
      for (const [key, write] of this.backlog) {
        try {
          await write();
        } catch {
          return;
        }
        this.backlog.delete(key);
        written++;
      }
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      if (this.down || written) this.log('store-recovered', { where: this.where, written });
      this.down = false;
    } finally {
      this.flushing = false;
    }
  }
}
