/**
 * What the bot remembers, behind one interface with two implementations: Redis (any number of bot
 * replicas agree) and an embedded SQLite file (one process, no server). Pasted text is kept only
 * redacted, and expires. Keys and ids handed to the store are opaque strings chosen by the bot.
 */
import type { SymptomId } from '../domain/ids.js';

/** A diagnosis the bot replied with, found again from its buttons and its thread. */
export interface ThreadDiagnosis {
  id: string;
  /** The workspace and channel it belongs to: buttons pressed anywhere else are refused. */
  team: string;
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
  /** Where the reply's "Run checks" button points (from the paste or the channel's binding). */
  suggested?: string | null;
  /** The clusters offered in the picker, in option order (an option's value is its index). */
  offered?: string[];
  /** The causes with an "Apply fix" button on the verdict, in button order. */
  fixes?: string[];
  /** The last check report, as JSON, for re-runs, raw output and fixes. */
  report?: string;
  /** Who pasted or asked (a Slack user id): their App Home lists it. */
  user?: string;
  /** When it was asked (ISO 8601, the bot's clock): orders a user's recent diagnoses. */
  at?: string;
  /** The language the thread answers in: the one of whoever pasted or asked. */
  lang?: string;
  /** Where it stands, for App Home. */
  status?: DiagnosisStatus;
}

export type DiagnosisStatus =
  'diagnosed' | 'running' | 'checked' | 'failed' | 'resolved' | 'rejected' | 'fix-applied';

/** What a channel has set: its default cluster (`/aksdiag bind`) and its language (`/aksdiag lang`). */
export interface ChannelSettings {
  channel: string;
  cluster: string | null;
  lang: string | null;
}

/** One attempt to act (run, apply, or anything refused): who, what, where, and how it ended. */
export interface AuditEntry {
  /** The Slack user id. */
  who: string;
  what: string;
  /** The channel (and, for a change, the cluster) it was asked in or made on. */
  where: string;
  /** `applied: …`, `failed: …`, `refused: …`, `started`, … */
  result: string;
  /** The diagnosis id it concerned, or '' when there was none. */
  diagnosis: string;
}

export interface AuditRecord extends AuditEntry {
  /** ISO 8601, from the bot's clock when it happened (not when it was written). */
  at: string;
}

export interface AuditQuery {
  /** Entries at or after this time only. */
  since?: Date;
  /** The newest this many (default 1000). */
  limit?: number;
}

/**
 * An alert group's thread (src/alerts/): the alert's own message, updated in place as the group
 * fires, resolves and fires again, and when a new message was last posted for it (the rate limit).
 */
export interface AlertThread {
  /** Opaque, chosen by the bot from the group's key. */
  key: string;
  /** The diagnosis kept for the thread (its buttons, follow-ups, re-runs). */
  diagnosis: string;
  channel: string;
  /** The alert's message: the thread's parent. */
  ts: string;
  status: 'firing' | 'resolved';
  /** Times it started firing (1 at first) and resolved. */
  fired: number;
  resolved: number;
  /** Notifications received for it. */
  notifications: number;
  /** When a new message (the thread, or a reply in it) was last posted; ms since the epoch. */
  postedAt: number;
  /** When the last notification came; ms since the epoch. */
  lastAt: number;
}

export interface Store {
  readonly kind: 'redis' | 'sqlite';
  /** Where the state lives, for logs and errors (never a password). */
  readonly where: string;

  /** True for the first claim of `key` within `ttlMs` (event ids, replays, double clicks, runs). */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Ends a claim early (a run that finished). */
  release(key: string): Promise<void>;

  /** Keeps `value` under a one-time `token` for `ttlMs`. */
  mint(token: string, value: string, ttlMs: number): Promise<void>;
  /** The token's value, once: the same token never spends twice, even when two spend at once. */
  spend(token: string): Promise<string | null>;

  bind(team: string, channel: string, cluster: string): Promise<void>;
  binding(team: string, channel: string): Promise<string | null>;
  /** A channel's language code, or null to clear it. */
  setChannelLanguage(team: string, channel: string, lang: string | null): Promise<void>;
  channelLanguage(team: string, channel: string): Promise<string | null>;
  /** The team's channels with a bound cluster or a language, by channel id, at most `limit`. */
  channels(team: string, limit?: number): Promise<ChannelSettings[]>;

  /** What Slack said a user's locale is (`''`: it said none), kept for `ttlMs`. */
  rememberLocale(team: string, user: string, locale: string, ttlMs: number): Promise<void>;
  /** The remembered locale, `''` when Slack gave none, null when not asked within its time. */
  locale(team: string, user: string): Promise<string | null>;

  save(d: ThreadDiagnosis): Promise<void>;
  get(id: string): Promise<ThreadDiagnosis | null>;
  inThread(team: string, channel: string, threadTs: string): Promise<ThreadDiagnosis | null>;
  /** A user's diagnoses (those saved with `user` and `at`), newest first, at most `limit`. */
  recent(team: string, user: string, limit: number): Promise<ThreadDiagnosis[]>;

  /** Remembered for DIAGNOSIS_TTL_MS after the last save. */
  saveAlertThread(t: AlertThread): Promise<void>;
  alertThread(key: string): Promise<AlertThread | null>;

  audit(record: AuditRecord): Promise<void>;
  /** Oldest first. */
  auditLog(query?: AuditQuery): Promise<AuditRecord[]>;

  /** Resolves when the store answers; rejects saying why not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const DAY_MS = 24 * 3600_000;
/** How long a diagnosis and its thread are remembered. */
export const DIAGNOSIS_TTL_MS = 7 * DAY_MS;
/** Audit entries kept (the oldest go first). */
export const AUDIT_MAX = 100_000;
export const AUDIT_DEFAULT_LIMIT = 1000;
/** A user's recent diagnoses kept in the index (the oldest go first). */
export const RECENT_MAX = 50;
/** Channels listed at most. */
export const CHANNELS_DEFAULT_LIMIT = 100;
