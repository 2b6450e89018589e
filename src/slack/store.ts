/**
 * What the bot remembers, in Redis (so any number of bot replicas agree): events already handled,
 * each channel's default cluster, each diagnosis and its thread, and the audit stream of fix attempts.
 * Pasted text is kept only redacted, and expires.
 */
import type { Redis } from 'ioredis';
import type { SymptomId } from '../domain/ids.js';

/** A diagnosis the bot replied with, found again from its buttons and its thread. */
export interface ThreadDiagnosis {
  id: string;
  channel: string;
  /** The thread: the pasted message's ts (or its own thread's). */
  threadTs: string;
  /** The bot's reply in that thread, updated in place. */
  replyTs: string;
  /** Everything pasted in the thread so far, redacted. */
  text: string;
  symptom: SymptomId | null;
  /** The cluster the checks ran (or will run) on. */
  cluster: string | null;
  /** The last check report, as JSON, for re-runs, raw output and fixes. */
  report?: string;
}

export interface AuditEntry {
  who: string;
  what: string;
  where: string;
  result: string;
  diagnosis: string;
}

const DAY = 24 * 3600;

export class BotStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'aksdiag',
  ) {}

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** True the first time an event id is seen (Slack redelivers; Bolt runs listeners again). */
  async firstDelivery(eventId: string): Promise<boolean> {
    return (await this.redis.set(this.key('event', eventId), '1', 'EX', DAY, 'NX')) === 'OK';
  }

  async bind(channel: string, cluster: string): Promise<void> {
    await this.redis.set(this.key('binding', channel), cluster);
  }

  async binding(channel: string): Promise<string | null> {
    return this.redis.get(this.key('binding', channel));
  }

  async save(d: ThreadDiagnosis): Promise<void> {
    await this.redis
      .multi()
      .set(this.key('diagnosis', d.id), JSON.stringify(d), 'EX', 7 * DAY)
      .set(this.key('thread', d.channel, d.threadTs), d.id, 'EX', 7 * DAY)
      .exec();
  }

  async get(id: string): Promise<ThreadDiagnosis | null> {
    const raw = await this.redis.get(this.key('diagnosis', id));
    return raw ? (JSON.parse(raw) as ThreadDiagnosis) : null;
  }

  async inThread(channel: string, threadTs: string): Promise<ThreadDiagnosis | null> {
    const id = await this.redis.get(this.key('thread', channel, threadTs));
    return id ? this.get(id) : null;
  }

  async audit(entry: AuditEntry, at: Date): Promise<void> {
    await this.redis.xadd(
      this.key('audit'),
      'MAXLEN',
      '~',
      '100000',
      '*',
      'at',
      at.toISOString(),
      ...Object.entries(entry).flat(),
    );
  }

  async auditLog(count = 100): Promise<(AuditEntry & { at: string })[]> {
    const rows = await this.redis.xrevrange(this.key('audit'), '+', '-', 'COUNT', count);
    return rows.map(([, fields]) => {
      const o: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 2) o[fields[i]!] = fields[i + 1]!;
      return o as unknown as AuditEntry & { at: string };
    });
  }
}
