/**
 * One Slack thread per alert group, kept in the store under a key made from the group's key:
 * - first firing: the alert's message in its channel, the diagnosis of its text in the thread
 *   (the same `diagnose()` a paste gets), and the checks when it names a cluster (the same
 *   `startRun` `/aksdiag <cluster>` uses: the queue, or the bot's own runner);
 * - every later notification updates that message in place (status, counts, last time);
 * - resolving, or firing again, also posts a reply in the thread (firing again re-runs the checks),
 *   but at most one new message per group per AKSDIAG_ALERTS_REPOST_MINUTES: a flapping alert
 *   changes its message and posts nothing more;
 * - a resolution of a group never seen posts nothing.
 * Notifications of one group are handled one at a time: in order in this process, and under a
 * claim in the store across bot replicas.
 */
import { createHash } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import { diagnose } from '../engine/diagnose.js';
import { describeError } from '../errors.js';
import { type AlertState, alertChangeNote, alertMessage, unrecognisedNote } from '../report/alert-message.js';
import { type ClusterChoice, diagnosisMessage } from '../report/slack-blocks.js';
import type { Bot } from '../slack/context.js';
import { messageArgs } from '../slack/message.js';
import { updateOrPost } from '../slack/post.js';
import { DEFAULT_LANG } from '../i18n/languages.js';
import { languageFor, threadLang } from '../slack/language.js';
import { clusterChoice, send, startRun } from '../slack/threads.js';
import type { AlertThread, ThreadDiagnosis } from '../store/types.js';
import { type AlertGroup, redacted } from './model.js';

export interface AlertThreadDeps {
  bot: Bot;
  client: WebClient;
  /** The workspace the bot is installed in: diagnoses belong to it (buttons check it). */
  team: string;
  repostMs: number;
}

/** A claim on a group's thread is held this long at most (a Slack call that hangs). */
const LOCK_MS = 60_000;
const LOCK_TRIES = 150;
const LOCK_WAIT_MS = 200;

export const threadKey = (g: AlertGroup): string =>
  `alert:${createHash('sha256').update(`${g.source}\n${g.key}`).digest('hex').slice(0, 40)}`;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class AlertThreads {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly deps: AlertThreadDeps) {}

  /** Handles `g` after every notification of its group that came before it; never rejects. */
  enqueue(raw: AlertGroup, channel: string): Promise<void> {
    const key = threadKey(raw);
    // Masked once, before anything of it is posted, stored or logged.
    const g = redacted(raw);
    const run = (this.chains.get(key) ?? Promise.resolve())
      .then(() => this.locked(key, () => this.handle(g, channel, key)))
      .catch((err: unknown) =>
        this.deps.bot.log('alert-failed', {
          source: g.source,
          alert: g.title,
          channel,
          error: describeError(err),
        }),
      );
    this.chains.set(key, run);
    void run.finally(() => {
      if (this.chains.get(key) === run) this.chains.delete(key);
    });
    return run;
  }

  /** Resolves once every notification taken so far is handled. */
  async idle(): Promise<void> {
    while (this.chains.size) await Promise.allSettled([...this.chains.values()]);
  }

  private async locked(key: string, fn: () => Promise<void>): Promise<void> {
    const { store, log } = this.deps.bot;
    const lock = `alert-lock:${key}`;
    let held = false;
    for (let i = 0; i < LOCK_TRIES && !held; i++) {
      held = await store.claim(lock, LOCK_MS);
      if (!held) await new Promise((r) => setTimeout(r, LOCK_WAIT_MS));
    }
    // A replica that died holding it: better a second update than a lost alert.
    if (!held) log('alert-lock-timeout', { key });
    try {
      await fn();
    } finally {
      if (held) await store.release(lock).catch(() => undefined);
    }
  }

  private async handle(g: AlertGroup, channel: string, key: string): Promise<void> {
    const rec = await this.deps.bot.store.alertThread(key);
    if (rec) return this.update(g, rec);
    if (g.status === 'resolved') {
      this.deps.bot.log('alert-resolved-unseen', { source: g.source, alert: g.title, channel });
      return;
    }
    return this.open(g, channel, key);
  }

  private async open(g: AlertGroup, channel: string, key: string): Promise<void> {
    const { bot, client, team } = this.deps;
    const now = bot.now().getTime();
    const id = bot.newId();
    const d = diagnose(g.text);
    // No person wrote an alert: the channel's language (`/aksdiag lang`), else the bot's.
    const { lang } = await languageFor(bot, client, { team, channel });
    const state: AlertState = {
      status: 'firing',
      fired: 1,
      resolved: 0,
      notifications: 1,
      lastAt: iso(now),
      quietUntil: null,
    };
    const head = await client.chat.postMessage({
      channel,
      ...messageArgs(alertMessage(g, state, id, d.symptom, lang)),
    });
    const ts = head.ts ?? '';
    const runner = bot.deps.runner;
    const cluster = g.cluster?.query ?? null;
    let choice: ClusterChoice | null = null;
    if (d.symptom) {
      choice = !runner
        ? { kind: 'unconfigured', missing: 'AKSDIAG_SUBSCRIPTIONS' }
        : g.cluster
          ? { kind: 'known', query: g.cluster.query, label: g.cluster.name }
          : await clusterChoice(bot, d, { team, channel });
    }
    const reply = await send(
      client,
      channel,
      ts,
      d.symptom
        ? diagnosisMessage(d, id, choice!, lang)
        : unrecognisedNote(g, id, !cluster ? 'no-cluster' : runner ? 'running' : 'off', lang),
    );
    const diag: ThreadDiagnosis = {
      id,
      team,
      channel,
      threadTs: ts,
      replyTs: reply.ts ?? ts,
      text: g.text,
      symptom: d.symptom,
      cluster: null,
      suggested: choice?.kind === 'known' ? choice.query : cluster,
      at: iso(now),
      lang,
    };
    await bot.store.save(diag);
    await bot.store.saveAlertThread({
      key,
      diagnosis: id,
      channel,
      ts,
      status: 'firing',
      fired: 1,
      resolved: 0,
      notifications: 1,
      postedAt: now,
      lastAt: now,
    });
    bot.log('alert-thread', {
      source: g.source,
      alert: g.title,
      channel,
      thread: ts,
      diagnosis: id,
      symptom: d.symptom,
      cluster,
    });
    if (cluster && runner) this.check(diag, cluster);
  }

  private async update(g: AlertGroup, rec: AlertThread): Promise<void> {
    const { bot, client, repostMs } = this.deps;
    const now = bot.now().getTime();
    const change = g.status === rec.status ? null : g.status === 'resolved' ? 'resolved' : 'fired-again';
    const mayPost = change !== null && now - rec.postedAt >= repostMs;
    const next: AlertThread = {
      ...rec,
      status: g.status,
      fired: rec.fired + (change === 'fired-again' ? 1 : 0),
      resolved: rec.resolved + (change === 'resolved' ? 1 : 0),
      notifications: rec.notifications + 1,
      postedAt: mayPost ? now : rec.postedAt,
      lastAt: now,
    };
    const changed = next.fired > 1 || next.resolved > 0;
    const quiet = !mayPost && changed && now < next.postedAt + repostMs;
    const state: AlertState = {
      ...next,
      lastAt: iso(now),
      quietUntil: quiet ? iso(next.postedAt + repostMs) : null,
    };
    const diag = await bot.store.get(rec.diagnosis);
    const lang = diag ? threadLang(bot, diag) : (bot.slack.language ?? DEFAULT_LANG);
    const at = { channel: rec.channel, ts: rec.ts, threadTs: rec.ts };
    await updateOrPost(
      client,
      bot.log,
      at,
      alertMessage(g, state, rec.diagnosis, diag?.symptom ?? null, lang),
    );
    const cluster = g.cluster?.query ?? null;
    const recheck = mayPost && change === 'fired-again' && cluster !== null && !!bot.deps.runner && !!diag;
    if (mayPost)
      await send(client, rec.channel, rec.ts, alertChangeNote(g, iso(now), rec.diagnosis, recheck, lang));
    await bot.store.saveAlertThread(next);
    // Saved again so that the thread's diagnosis lives as long as its alert keeps coming.
    if (diag) await bot.store.save(diag);
    bot.log('alert-updated', {
      source: g.source,
      alert: g.title,
      channel: rec.channel,
      thread: rec.ts,
      diagnosis: rec.diagnosis,
      status: g.status,
      change,
      posted: mayPost,
    });
    if (recheck) this.check(diag!, cluster!);
  }

  /** The checks, as `/aksdiag <cluster>` runs them; not awaited: they report in the thread. */
  private check(diag: ThreadDiagnosis, cluster: string): void {
    const { bot, client } = this.deps;
    void startRun(bot, client, bot.deps.runner!, diag, cluster).then((run) => {
      if (run === null) bot.log('alert-check-running', { diagnosis: diag.id, cluster });
    });
  }
}
