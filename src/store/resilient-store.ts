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
import type {
  AlertThread,
  AuditQuery,
  AuditRecord,
  ChannelSettings,
  Store,
  ThreadDiagnosis,
} from './types.js';

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
  private readonly alerts: Bounded<AlertThread>;
  private readonly langs: Bounded<string | null>;
  private readonly locales: Bounded<{ locale: string; expires: number }>;
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
    this.alerts = new Bounded(max);
    this.langs = new Bounded(max);
    this.locales = new Bounded(max);
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

  async setChannelLanguage(team: string, channel: string, lang: string | null): Promise<void> {
    this.langs.set(`${team}:${channel}`, lang);
    await this.attempt(`lang:${team}:${channel}`, () => this.inner.setChannelLanguage(team, channel, lang));
  }

  async channelLanguage(team: string, channel: string): Promise<string | null> {
    const key = `${team}:${channel}`;
    if (this.backlog.has(`lang:${key}`)) return this.langs.get(key) ?? null;
    const remote = await this.read(() => this.inner.channelLanguage(team, channel), undefined);
    return remote === undefined ? (this.langs.get(key) ?? null) : remote;
  }

  async channels(team: string, limit?: number): Promise<ChannelSettings[]> {
    const remote = await this.read(() => this.inner.channels(team, limit), undefined);
    if (remote !== undefined && this.backlog.size === 0) return remote;
    // What this process knows, over what the backend said (if it said anything).
    const rows = new Map((remote ?? []).map((r) => [r.channel, { ...r }]));
    const mine = (m: Map<string, string | null>, field: 'cluster' | 'lang') => {
      for (const [key, value] of m) {
        const [t, channel] = key.split(':');
        if (t !== team || !channel) continue;
        const row = rows.get(channel) ?? { channel, cluster: null, lang: null };
        row[field] = value;
        rows.set(channel, row);
      }
    };
    mine(this.bindings, 'cluster');
    mine(this.langs, 'lang');
    return [...rows.values()]
      .filter((r) => r.cluster !== null || r.lang !== null)
      .sort((a, b) => a.channel.localeCompare(b.channel))
      .slice(0, limit);
  }

  async rememberLocale(team: string, user: string, locale: string, ttlMs: number): Promise<void> {
    this.locales.set(`${team}:${user}`, { locale, expires: this.now() + ttlMs });
    await this.attempt(`locale:${team}:${user}`, () => this.inner.rememberLocale(team, user, locale, ttlMs));
  }

  async locale(team: string, user: string): Promise<string | null> {
    const mine = this.locales.get(`${team}:${user}`);
    const known = mine && mine.expires > this.now() ? mine.locale : null;
    return (await this.read(() => this.inner.locale(team, user))) ?? known;
  }

  async recent(team: string, user: string, limit: number): Promise<ThreadDiagnosis[]> {
    const remote = await this.read(() => this.inner.recent(team, user, limit), undefined);
    if (remote !== undefined && this.backlog.size === 0) return remote;
    const byId = new Map((remote ?? []).map((d) => [d.id, d]));
    for (const d of this.diagnoses.values())
      if (d.team === team && d.user === user && d.at) byId.set(d.id, d);
    return [...byId.values()].sort((a, b) => ((a.at ?? '') < (b.at ?? '') ? 1 : -1)).slice(0, limit);
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

  async saveAlertThread(t: AlertThread): Promise<void> {
    this.alerts.set(t.key, t);
    await this.attempt(`alert:${t.key}`, () => this.inner.saveAlertThread(t));
  }

  async alertThread(key: string): Promise<AlertThread | null> {
    const mine = this.alerts.get(key) ?? null;
    if (this.backlog.has(`alert:${key}`)) return mine;
    return (await this.read(() => this.inner.alertThread(key))) ?? mine;
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

  /** The backend's answer, or `failed` (null unless given) when it did not answer. */
  private async read<T, F = null>(fn: () => Promise<T>, ...failed: [F] | []): Promise<T | F> {
    try {
      return await fn();
    } catch (err) {
      this.wentDown(err);
      return (failed.length ? failed[0] : null) as F;
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
