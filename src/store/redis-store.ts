/** The store in Redis: every bot replica shares it. Keys live under the deployment's prefix. */
import type { Redis } from 'ioredis';
import { redisWhere } from '../queue/connection.js';
import {
  type AlertThread,
  AUDIT_DEFAULT_LIMIT,
  AUDIT_MAX,
  CHANNELS_DEFAULT_LIMIT,
  type ChannelSettings,
  DAY_MS,
  type AuditQuery,
  type AuditRecord,
  DIAGNOSIS_TTL_MS,
  RECENT_MAX,
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

  async setChannelLanguage(team: string, channel: string, lang: string | null): Promise<void> {
    const key = this.key('lang', team, channel);
    await (lang === null ? this.redis.del(key) : this.redis.set(key, lang));
  }

  async channelLanguage(team: string, channel: string): Promise<string | null> {
    return this.redis.get(this.key('lang', team, channel));
  }

  /** Found by SCAN (team and channel ids are letters and digits, so they are safe in a pattern). */
  async channels(team: string, limit = CHANNELS_DEFAULT_LIMIT): Promise<ChannelSettings[]> {
    const byChannel = new Map<string, ChannelSettings>();
    for (const kind of ['binding', 'lang'] as const) {
      const prefix = this.key(kind, team, '');
      const keys = await this.scan(`${prefix}*`, limit * 2);
      const values = keys.length ? await this.redis.mget(...keys) : [];
      keys.forEach((k, i) => {
        const channel = k.slice(prefix.length);
        const row = byChannel.get(channel) ?? { channel, cluster: null, lang: null };
        if (kind === 'binding') row.cluster = values[i] ?? null;
        else row.lang = values[i] ?? null;
        byChannel.set(channel, row);
      });
    }
    return [...byChannel.values()].sort((a, b) => a.channel.localeCompare(b.channel)).slice(0, limit);
  }

  private async scan(match: string, max: number): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
      found.push(...keys);
      cursor = next;
    } while (cursor !== '0' && found.length < max);
    return [...new Set(found)].slice(0, max);
  }

  async rememberLocale(team: string, user: string, locale: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.key('locale', team, user), locale, 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  async locale(team: string, user: string): Promise<string | null> {
    return this.redis.get(this.key('locale', team, user));
  }

  async save(d: ThreadDiagnosis): Promise<void> {
    const m = this.redis
      .multi()
      .set(this.key('diagnosis', d.id), JSON.stringify(d), 'PX', DIAGNOSIS_TTL_MS)
      .set(this.key('thread', d.team, d.channel, d.threadTs), d.id, 'PX', DIAGNOSIS_TTL_MS);
    if (d.user && d.at) {
      // The user's index: newest by when it was asked, the oldest beyond RECENT_MAX dropped.
      const recent = this.key('recent', d.team, d.user);
      m.zadd(recent, Date.parse(d.at) || 0, d.id)
        .zremrangebyrank(recent, 0, -(RECENT_MAX + 1))
        .pexpire(recent, DIAGNOSIS_TTL_MS);
    }
    await m.exec();
  }

  async recent(team: string, user: string, limit: number): Promise<ThreadDiagnosis[]> {
    const ids = await this.redis.zrevrange(this.key('recent', team, user), 0, Math.max(0, limit - 1));
    if (!ids.length) return [];
    const raws = await this.redis.mget(...ids.map((id) => this.key('diagnosis', id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as ThreadDiagnosis);
  }

  async get(id: string): Promise<ThreadDiagnosis | null> {
    const raw = await this.redis.get(this.key('diagnosis', id));
    return raw ? (JSON.parse(raw) as ThreadDiagnosis) : null;
  }

  async inThread(team: string, channel: string, threadTs: string): Promise<ThreadDiagnosis | null> {
    const id = await this.redis.get(this.key('thread', team, channel, threadTs));
    return id ? this.get(id) : null;
  }

  async saveAlertThread(t: AlertThread): Promise<void> {
    await this.redis.set(this.key('alert', t.key), JSON.stringify(t), 'PX', DIAGNOSIS_TTL_MS);
  }

  async alertThread(key: string): Promise<AlertThread | null> {
    const raw = await this.redis.get(this.key('alert', key));
    return raw ? (JSON.parse(raw) as AlertThread) : null;
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
