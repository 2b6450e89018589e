/** The store in Redis: every bot replica shares it. Keys live under the deployment's prefix. */
import type { Redis } from 'ioredis';
import { redisWhere } from '../queue/connection.js';
import {
  AUDIT_DEFAULT_LIMIT,
  AUDIT_MAX,
  DAY_MS,
  type AuditQuery,
  type AuditRecord,
  DIAGNOSIS_TTL_MS,
  type Store,
  type ThreadDiagnosis,
} from './types.js';

/** How many more entries than asked for are read, to place late-written ones by their time. */
const LATE_MARGIN = 1000;
const FIELDS = ['at', 'who', 'what', 'where', 'result', 'diagnosis'] as const;

export class RedisStore implements Store {
  readonly kind = 'redis';
  readonly where: string;

  constructor(
    private readonly redis: Redis,
    url: string,
    private readonly prefix = 'aksdiag',
  ) {
    this.where = `Redis at ${redisWhere(url)}`;
  }

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const ms = Math.max(1, Math.ceil(ttlMs));
    return (await this.redis.set(this.key('once', key), '1', 'PX', ms, 'NX')) === 'OK';
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.key('once', key));
  }

  async mint(token: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.key('token', token), value, 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  /** GETDEL: one round trip, so two submissions of one token cannot both read it. */
  async spend(token: string): Promise<string | null> {
    return this.redis.getdel(this.key('token', token));
  }

  async bind(team: string, channel: string, cluster: string): Promise<void> {
    await this.redis.set(this.key('binding', team, channel), cluster);
  }

  async binding(team: string, channel: string): Promise<string | null> {
    return this.redis.get(this.key('binding', team, channel));
  }

  async save(d: ThreadDiagnosis): Promise<void> {
    await this.redis
      .multi()
      .set(this.key('diagnosis', d.id), JSON.stringify(d), 'PX', DIAGNOSIS_TTL_MS)
      .set(this.key('thread', d.team, d.channel, d.threadTs), d.id, 'PX', DIAGNOSIS_TTL_MS)
      .exec();
  }

  async get(id: string): Promise<ThreadDiagnosis | null> {
    const raw = await this.redis.get(this.key('diagnosis', id));
    return raw ? (JSON.parse(raw) as ThreadDiagnosis) : null;
  }

  async inThread(team: string, channel: string, threadTs: string): Promise<ThreadDiagnosis | null> {
    const id = await this.redis.get(this.key('thread', team, channel, threadTs));
    return id ? this.get(id) : null;
  }

  async audit(r: AuditRecord): Promise<void> {
    const fields = FIELDS.flatMap((f) => [f, r[f]]);
    await this.redis.xadd(this.key('audit'), 'MAXLEN', '~', String(AUDIT_MAX), '*', ...fields);
  }

  async auditLog(query: AuditQuery = {}): Promise<AuditRecord[]> {
    // A stream id is when Redis wrote the entry: after its `at`, unless the bot's clock runs ahead
    // of Redis's. A day of slack covers any skew; the `at` filter below is the exact one.
    const from = query.since ? String(Math.max(0, query.since.getTime() - DAY_MS)) : '-';
    const since = query.since?.toISOString();
    const limit = query.limit ?? AUDIT_DEFAULT_LIMIT;
    // Stream order is write order; entries written late (after an outage) are within the margin.
    const rows = await this.redis.xrevrange(this.key('audit'), '+', from, 'COUNT', limit + LATE_MARGIN);
    return (
      rows
        .map(([, fields]) => {
          const o: Record<string, string> = {};
          for (let i = 0; i + 1 < fields.length; i += 2) o[fields[i]!] = fields[i + 1]!;
          return Object.fromEntries(FIELDS.map((f) => [f, o[f] ?? ''])) as unknown as AuditRecord;
        })
        .filter((r) => !since || r.at >= since)
        // Entries written after an outage carry their own earlier time: order by it.
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
        .slice(-limit)
    );
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
