/**
 * The store in one SQLite file (Node's built-in `node:sqlite`), for a one-team install without a
 * Redis server. WAL mode and a busy timeout let `aksdiag audit` read while the bot writes. Expired
 * rows are ignored when read and swept now and then.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import {
  type AlertThread,
  AUDIT_DEFAULT_LIMIT,
  AUDIT_MAX,
  type AuditQuery,
  type AuditRecord,
  CHANNELS_DEFAULT_LIMIT,
  type ChannelSettings,
  DIAGNOSIS_TTL_MS,
  RECENT_MAX,
  type Store,
  type ThreadDiagnosis,
} from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS once (key TEXT PRIMARY KEY, expires INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS bindings (team TEXT NOT NULL, channel TEXT NOT NULL, cluster TEXT NOT NULL,
  PRIMARY KEY (team, channel));
CREATE TABLE IF NOT EXISTS diagnoses (id TEXT PRIMARY KEY, body TEXT NOT NULL, expires INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS threads (team TEXT NOT NULL, channel TEXT NOT NULL, thread_ts TEXT NOT NULL,
  id TEXT NOT NULL, expires INTEGER NOT NULL, PRIMARY KEY (team, channel, thread_ts));
CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT NOT NULL,
  what TEXT NOT NULL, "where" TEXT NOT NULL, result TEXT NOT NULL, diagnosis TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE TABLE IF NOT EXISTS channel_langs (team TEXT NOT NULL, channel TEXT NOT NULL, lang TEXT NOT NULL,
  PRIMARY KEY (team, channel));
CREATE TABLE IF NOT EXISTS locales (team TEXT NOT NULL, user TEXT NOT NULL, locale TEXT NOT NULL,
  expires INTEGER NOT NULL, PRIMARY KEY (team, user));
CREATE TABLE IF NOT EXISTS recent (team TEXT NOT NULL, user TEXT NOT NULL, id TEXT NOT NULL, at TEXT NOT NULL,
  expires INTEGER NOT NULL, PRIMARY KEY (team, user, id));
CREATE TABLE IF NOT EXISTS alert_threads (key TEXT PRIMARY KEY, body TEXT NOT NULL, expires INTEGER NOT NULL);
`;

const SWEEP_EVERY_MS = 10 * 60_000;

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly where: string;
  private readonly db: DatabaseSync;
  private readonly q: Record<string, StatementSync>;
  private readonly sweeper: NodeJS.Timeout;

  /** Opens (creating it and its directory when missing) the file at `path`. */
  constructor(
    path: string,
    private readonly now: () => number = Date.now,
  ) {
    this.where = path;
    // Pastes (redacted) and the audit log: for this user only.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.db = new DatabaseSync(path);
    chmodSync(path, 0o600);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;');
    this.db.exec(SCHEMA);
    const p = (sql: string) => this.db.prepare(sql);
    this.q = {
      // Inserted, or taken over from an expired claim; otherwise nothing changes.
      claim: p(
        `INSERT INTO once (key, expires) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET expires = excluded.expires WHERE once.expires <= ?`,
      ),
      release: p('DELETE FROM once WHERE key = ?'),
      mint: p('INSERT OR REPLACE INTO tokens (token, value, expires) VALUES (?, ?, ?)'),
      spend: p('DELETE FROM tokens WHERE token = ? RETURNING value, expires'),
      bind: p('INSERT OR REPLACE INTO bindings (team, channel, cluster) VALUES (?, ?, ?)'),
      binding: p('SELECT cluster FROM bindings WHERE team = ? AND channel = ?'),
      save: p('INSERT OR REPLACE INTO diagnoses (id, body, expires) VALUES (?, ?, ?)'),
      thread: p(
        'INSERT OR REPLACE INTO threads (team, channel, thread_ts, id, expires) VALUES (?, ?, ?, ?, ?)',
      ),
      get: p('SELECT body FROM diagnoses WHERE id = ? AND expires > ?'),
      setLang: p('INSERT OR REPLACE INTO channel_langs (team, channel, lang) VALUES (?, ?, ?)'),
      clearLang: p('DELETE FROM channel_langs WHERE team = ? AND channel = ?'),
      lang: p('SELECT lang FROM channel_langs WHERE team = ? AND channel = ?'),
      channels: p(
        `SELECT channel, MAX(cluster) AS cluster, MAX(lang) AS lang FROM (
           SELECT channel, cluster, NULL AS lang FROM bindings WHERE team = ?
           UNION ALL SELECT channel, NULL, lang FROM channel_langs WHERE team = ?)
         GROUP BY channel ORDER BY channel LIMIT ?`,
      ),
      rememberLocale: p('INSERT OR REPLACE INTO locales (team, user, locale, expires) VALUES (?, ?, ?, ?)'),
      locale: p('SELECT locale FROM locales WHERE team = ? AND user = ? AND expires > ?'),
      addRecent: p('INSERT OR REPLACE INTO recent (team, user, id, at, expires) VALUES (?, ?, ?, ?, ?)'),
      trimRecent: p(
        `DELETE FROM recent WHERE team = ? AND user = ? AND id NOT IN
           (SELECT id FROM recent WHERE team = ? AND user = ? ORDER BY at DESC LIMIT ?)`,
      ),
      recent: p(
        `SELECT d.body FROM recent r JOIN diagnoses d ON d.id = r.id
         WHERE r.team = ? AND r.user = ? AND r.expires > ? AND d.expires > ?
         ORDER BY r.at DESC LIMIT ?`,
      ),
      inThread: p('SELECT id FROM threads WHERE team = ? AND channel = ? AND thread_ts = ? AND expires > ?'),
      saveAlert: p('INSERT OR REPLACE INTO alert_threads (key, body, expires) VALUES (?, ?, ?)'),
      alert: p('SELECT body FROM alert_threads WHERE key = ? AND expires > ?'),
      audit: p('INSERT INTO audit (at, who, what, "where", result, diagnosis) VALUES (?, ?, ?, ?, ?, ?)'),
      trimAudit: p('DELETE FROM audit WHERE seq <= (SELECT MAX(seq) FROM audit) - ?'),
      auditLog: p(
        `SELECT at, who, what, "where", result, diagnosis FROM
           (SELECT * FROM audit WHERE at >= ? ORDER BY at DESC, seq DESC LIMIT ?)
         ORDER BY at, seq`,
      ),
    };
    this.sweep();
    this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  private sweep(): void {
    const now = this.now();
    for (const table of ['once', 'tokens', 'diagnoses', 'threads', 'locales', 'recent'])
      this.db.prepare(`DELETE FROM ${table} WHERE expires <= ?`).run(now);
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    return this.q['claim']!.run(key, now + Math.max(1, ttlMs), now).changes === 1;
  }

  async release(key: string): Promise<void> {
    this.q['release']!.run(key);
  }

  async mint(token: string, value: string, ttlMs: number): Promise<void> {
    this.q['mint']!.run(token, value, this.now() + Math.max(1, ttlMs));
  }

  async spend(token: string): Promise<string | null> {
    const row = this.q['spend']!.get(token) as { value: string; expires: number } | undefined;
    return row && row.expires > this.now() ? row.value : null;
  }

  async bind(team: string, channel: string, cluster: string): Promise<void> {
    this.q['bind']!.run(team, channel, cluster);
  }

  async binding(team: string, channel: string): Promise<string | null> {
    const row = this.q['binding']!.get(team, channel) as { cluster: string } | undefined;
    return row?.cluster ?? null;
  }

  async setChannelLanguage(team: string, channel: string, lang: string | null): Promise<void> {
    if (lang === null) this.q['clearLang']!.run(team, channel);
    else this.q['setLang']!.run(team, channel, lang);
  }

  async channelLanguage(team: string, channel: string): Promise<string | null> {
    const row = this.q['lang']!.get(team, channel) as { lang: string } | undefined;
    return row?.lang ?? null;
  }

  async channels(team: string, limit = CHANNELS_DEFAULT_LIMIT): Promise<ChannelSettings[]> {
    return this.q['channels']!.all(team, team, limit).map((r) => ({ ...r }) as unknown as ChannelSettings);
  }

  async rememberLocale(team: string, user: string, locale: string, ttlMs: number): Promise<void> {
    this.q['rememberLocale']!.run(team, user, locale, this.now() + Math.max(1, ttlMs));
  }

  async locale(team: string, user: string): Promise<string | null> {
    const row = this.q['locale']!.get(team, user, this.now()) as { locale: string } | undefined;
    return row?.locale ?? null;
  }

  async recent(team: string, user: string, limit: number): Promise<ThreadDiagnosis[]> {
    const now = this.now();
    const rows = this.q['recent']!.all(team, user, now, now, limit) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as ThreadDiagnosis);
  }

  async save(d: ThreadDiagnosis): Promise<void> {
    const expires = this.now() + DIAGNOSIS_TTL_MS;
    this.db.exec('BEGIN');
    try {
      this.q['save']!.run(d.id, JSON.stringify(d), expires);
      this.q['thread']!.run(d.team, d.channel, d.threadTs, d.id, expires);
      if (d.user && d.at) {
        this.q['addRecent']!.run(d.team, d.user, d.id, d.at, expires);
        this.q['trimRecent']!.run(d.team, d.user, d.team, d.user, RECENT_MAX);
      }
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  async get(id: string): Promise<ThreadDiagnosis | null> {
    const row = this.q['get']!.get(id, this.now()) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as ThreadDiagnosis) : null;
  }

  async inThread(team: string, channel: string, threadTs: string): Promise<ThreadDiagnosis | null> {
    const row = this.q['inThread']!.get(team, channel, threadTs, this.now()) as { id: string } | undefined;
    return row ? this.get(row.id) : null;
  }

  async saveAlertThread(t: AlertThread): Promise<void> {
    this.q['saveAlert']!.run(t.key, JSON.stringify(t), this.now() + DIAGNOSIS_TTL_MS);
  }

  async alertThread(key: string): Promise<AlertThread | null> {
    const row = this.q['alert']!.get(key, this.now()) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as AlertThread) : null;
  }

  async audit(r: AuditRecord): Promise<void> {
    const { lastInsertRowid } = this.q['audit']!.run(r.at, r.who, r.what, r.where, r.result, r.diagnosis);
    if (Number(lastInsertRowid) % 1000 === 0) this.q['trimAudit']!.run(AUDIT_MAX);
  }

  async auditLog(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const since = query.since?.toISOString() ?? '';
    const rows = this.q['auditLog']!.all(since, query.limit ?? AUDIT_DEFAULT_LIMIT);
    return rows.map((r) => ({ ...r }) as unknown as AuditRecord);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    if (this.db.isOpen) this.db.close();
  }
}
