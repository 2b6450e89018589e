/**
 * The rules every listener goes through, in one place:
 * - idempotency: an event, a command or an interaction is handled once however often it is
 *   delivered or replayed (its event id or trigger id), a button pressed twice in a row counts once;
 * - binding: a button names an opaque diagnosis id, looked up in the store, and acts only in the
 *   team and channel that diagnosis belongs to;
 * - authorisation: who may apply a fix (AKSDIAG_FIX_APPROVERS, users or user groups);
 * - audit: every attempt to act, allowed or refused, with who, what, where and the result, to the
 *   store and to the structured log;
 * - payload shape: what does not parse is ignored and logged once, never thrown;
 * - escaping: text from outside goes through `slackText` (report/slack-text.ts);
 * - language: each person is answered in theirs (language.ts), a thread in the one it was asked in.
 */
import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, App, Middleware, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { z } from 'zod';
import { redact } from '../engine/redact.js';
import { describeError } from '../errors.js';
import type { Lang } from '../i18n/languages.js';
import { translator } from '../i18n/messages.js';
import { escapeOwn } from '../report/slack-say.js';
import { TEXT_LIMITS, slackText } from '../report/slack-text.js';
import { type AuditEntry, DAY_MS, type ThreadDiagnosis } from '../store/types.js';
import type { Bot } from './context.js';
import { noticeModal } from './fix-modal.js';
import { type Chosen, languageFor } from './language.js';
import {
  blockActionSchema,
  commandSchema,
  eventEnvelopeSchema,
  homeOpenedSchema,
  messageShortcutSchema,
  viewSubmissionSchema,
} from './payloads.js';

export { slackText };

/** A name typed in Slack, for a message: escaped and cut. */
export const shown = (s: string) => slackText(s, TEXT_LIMITS.name);

/** Where an interaction came from and who made it. */
export interface Who {
  team: string;
  user: string;
  channel: string;
}

/** A signed request replayed within Slack's five-minute window (and some) is seen again. */
const REPLAY_MS = 15 * 60_000;
/** The same person pressing the same button of the same diagnosis again within this is a double click. */
const DOUBLE_CLICK_MS = 5_000;

/** True the first time `key` is seen; when the store cannot answer, the resilient store decides. */
export const firstTime = (bot: Bot, key: string, ttlMs: number): Promise<boolean> =>
  bot.store.claim(key, ttlMs);

export function audit(
  bot: Bot,
  who: Who,
  what: string,
  result: string,
  diagnosis = '',
  where = who.channel,
): Promise<void> {
  const entry: AuditEntry = {
    who: who.user,
    what: auditText(what),
    where,
    result: auditText(result),
    diagnosis,
  };
  const at = bot.now().toISOString();
  // The store first: once the log line is out, the entry is stored (or kept for the store).
  return bot.store
    .audit({ ...entry, at })
    .catch((err: unknown) => bot.log('audit-failed', { error: describeError(err) }))
    .then(() => bot.log('audit', { ...entry, at, team: who.team }));
}

/** Audit text is read in a terminal: kept short, without control characters. */
// eslint-disable-next-line no-control-regex -- control characters are what is dropped
const auditText = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 500);

/** A payload that did not have the shape a listener needs: one log line, nothing else. */
export function malformed(bot: Bot, kind: string, error: z.ZodError | string): void {
  const problem =
    typeof error === 'string'
      ? error
      : (error.issues[0]?.path.join('.') ?? '') + ': ' + (error.issues[0]?.message ?? '');
  bot.log('malformed-payload', { kind, problem: problem.slice(0, 200) });
}

/** Slack redelivers an event it thinks was missed, and Bolt runs the listeners again: answer once. */
export function answerOnce(bot: Bot): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const envelope = eventEnvelopeSchema.safeParse(body);
    if (envelope.success && !(await firstTime(bot, `event:${envelope.data.event_id}`, DAY_MS))) {
      bot.log('event-repeated', { event: envelope.data.event_id });
      return;
    }
    await next();
  };
}

/** What an attempt came to, for the audit: the result, and what exactly was done where, when known. */
export type Outcome = { result: string; what?: string; where?: string; diagnosis?: string };
const outcomeOf = (o: string | Outcome): Outcome => (typeof o === 'string' ? { result: o } : o);

/** `/aksdiag`: parsed, handled once per trigger id, and audited when the handler says what happened. */
export function onCommand(
  app: App,
  bot: Bot,
  handler: (who: Who, text: string, client: WebClient, chosen: Chosen) => Promise<Outcome | null>,
): void {
  app.command('/aksdiag', async ({ ack, body, client }) => {
    await ack();
    const c = commandSchema.safeParse(body);
    if (!c.success) return malformed(bot, 'slash command', c.error);
    const who: Who = { team: c.data.team_id, user: c.data.user_id, channel: c.data.channel_id };
    // What was typed may hold a pasted secret: the audit keeps it redacted.
    const typed = `/aksdiag ${redact(c.data.text).text}`;
    if (!(await firstTime(bot, `command:${who.team}:${c.data.trigger_id}`, REPLAY_MS))) {
      return void (await audit(bot, who, typed, 'refused: replayed request'));
    }
    const o = await handler(who, c.data.text, client, await languageFor(bot, client, who));
    if (o) await audit(bot, who, o.what ?? typed, o.result, o.diagnosis, o.where);
  });
}

/** A pressed button (or picked option) of a diagnosis, in its own channel, by `who`. */
export interface Press {
  who: Who;
  diag: ThreadDiagnosis;
  client: WebClient;
  actionId: string;
  /** The picked option's value, for a select. */
  selected?: string;
  triggerId: string;
  /** The presser's language, for what is told to them alone (a thread keeps its own). */
  lang: Lang;
}

/**
 * A button on a diagnosis: once per interaction (a replayed request is refused), once per double
 * click, only on a diagnosis of the same team and channel, and every outcome audited. The action's
 * value (or, for the picker, its block id after `pick:`) is the diagnosis id and nothing else.
 */
export function onButton(
  app: App,
  bot: Bot,
  actionId: string | RegExp,
  what: string,
  handler: (p: Press) => Promise<string | Outcome>,
): void {
  app.action(actionId, async ({ ack, body, client }) => {
    await ack();
    const b = blockActionSchema.safeParse(body);
    if (!b.success) return malformed(bot, `button ${String(actionId)}`, b.error);
    const action = b.data.actions[0]!;
    const who: Who = { team: b.data.team.id, user: b.data.user.id, channel: b.data.channel.id };
    if (!(await firstTime(bot, `interaction:${who.team}:${b.data.trigger_id}`, REPLAY_MS)))
      return void (await audit(bot, who, what, 'refused: replayed request'));
    const id = action.value ?? (action.block_id ?? '').replace(/^pick:/, '');
    const { lang } = await languageFor(bot, client, who);
    const diag = await diagnosisAt(bot, client, id, who, what, lang);
    if (!diag) return;
    if (!(await firstTime(bot, `press:${diag.id}:${action.action_id}:${who.user}`, DOUBLE_CLICK_MS)))
      return void (await audit(bot, who, what, 'ignored: pressed twice', diag.id));
    const press: Press = {
      who,
      diag,
      client,
      actionId: action.action_id,
      triggerId: b.data.trigger_id,
      lang,
      ...(action.selected_option ? { selected: action.selected_option.value } : {}),
    };
    const o = outcomeOf(await handler(press));
    await audit(bot, who, o.what ?? what, o.result, diag.id, o.where);
  });
}

/** What an "Apply fix" confirmation stands for, kept in the store under a one-time token. */
export interface FixTicket {
  d: string;
  cause: string;
  team: string;
  channel: string;
  /** The approver who opened it: only they may submit it. */
  user: string;
}

/** Slack keeps a modal open for a while; a confirmation older than this is refused. */
const TICKET_MS = 30 * 60_000;

/** A one-time token for a confirmation modal: its `private_metadata`, and nothing else is. */
export async function mintTicket(bot: Bot, ticket: FixTicket): Promise<string> {
  const token = randomUUID();
  await bot.store.mint(`fix:${token}`, JSON.stringify(ticket), TICKET_MS);
  return token;
}

/**
 * A submitted confirmation: its token is spent at once (so a replay, a double submit or a second
 * replica finds nothing), it must be submitted by whoever opened it in the same team, and the
 * outcome is audited. A refusal is answered in the modal itself.
 */
export function onConfirm(
  app: App,
  bot: Bot,
  callbackId: string,
  what: string,
  handler: (who: Who, ticket: FixTicket, client: WebClient, lang: Lang) => Promise<Outcome>,
): void {
  app.view(callbackId, async ({ ack, body, client }) => {
    const v = viewSubmissionSchema.safeParse(body);
    if (!v.success) {
      await ack();
      return malformed(bot, 'view submission', v.error);
    }
    const raw = await bot.store.spend(`fix:${v.data.view.private_metadata.slice(0, 100)}`);
    const ticket = raw ? (JSON.parse(raw) as FixTicket) : null;
    const who: Who = { team: v.data.team.id, user: v.data.user.id, channel: ticket?.channel ?? '' };
    const refusal = !ticket
      ? 'refused: confirmation already used or expired'
      : ticket.user !== who.user || ticket.team !== who.team
        ? `refused: confirmation opened by ${ticket.user}`
        : null;
    const { lang } = await languageFor(bot, client, { team: who.team, user: who.user });
    if (refusal || !ticket) {
      const text = escapeOwn(translator(lang).t('slack.fix.stale'));
      await ack({ response_action: 'update', view: noticeModal(text, lang) });
      return void (await audit(bot, who, what, refusal ?? 'refused', ticket?.d ?? ''));
    }
    await ack();
    const o = await handler(who, ticket, client, lang);
    await audit(bot, who, o.what ?? what, o.result, ticket.d, o.where);
  });
}

/**
 * The diagnosis `id` names, when it exists and belongs to `who`'s team and channel; otherwise
 * null, after telling the presser privately and auditing the refusal.
 */
async function diagnosisAt(
  bot: Bot,
  client: WebClient,
  id: string,
  who: Who,
  what: string,
  lang: Lang,
): Promise<ThreadDiagnosis | null> {
  const diag = id ? await bot.store.get(id) : null;
  const foreign = diag !== null && (diag.team !== who.team || diag.channel !== who.channel);
  if (diag && !foreign) return diag;
  const { t } = translator(lang);
  await tell(client, who, escapeOwn(t(foreign ? 'slack.button.foreign' : 'slack.button.expired')));
  await audit(
    bot,
    who,
    what,
    foreign ? `refused: diagnosis of ${diag!.channel}` : 'refused: no such diagnosis',
    id.slice(0, 100),
  );
  return null;
}

/** A private answer to `who` where they are. */
export function tell(client: WebClient, who: Who, text: string) {
  return client.chat.postEphemeral({ channel: who.channel, user: who.user, text });
}

/** On the allow-list by user id, or a member of an allowed user group (asked of Slack now). */
export async function mayApply(bot: Bot, client: WebClient, user: string): Promise<boolean> {
  const approvers = bot.slack.fixApprovers;
  if (approvers.includes(user)) return true;
  for (const group of approvers.filter((a) => a.startsWith('S'))) {
    const members = await client.usergroups.users
      .list({ usergroup: group })
      .then((r) => r.users ?? [])
      .catch(() => [] as string[]);
    if (members.includes(user)) return true;
  }
  return false;
}

/** A message shortcut used on a message, by `who`, where that message is. */
export interface ShortcutUse {
  who: Who;
  message: { ts: string; threadTs?: string | undefined; text: string };
  client: WebClient;
  /** The user's language. */
  lang: Lang;
  /** A private answer to the user that works even where the bot is not a member (the response URL). */
  reply(text: string): Promise<void>;
}

/**
 * A message shortcut: once per interaction (a replayed request is refused), in the message's team
 * and channel as Slack signed them, every outcome audited.
 */
export function onShortcut(
  app: App,
  bot: Bot,
  callbackId: string,
  what: string,
  handler: (u: ShortcutUse) => Promise<string | Outcome>,
): void {
  app.shortcut(
    { callback_id: callbackId, type: 'message_action' },
    async ({ ack, body, client, respond }) => {
      await ack();
      const s = messageShortcutSchema.safeParse(body);
      if (!s.success) return malformed(bot, `shortcut ${callbackId}`, s.error);
      const who: Who = { team: s.data.team.id, user: s.data.user.id, channel: s.data.channel.id };
      if (!(await firstTime(bot, `interaction:${who.team}:${s.data.trigger_id}`, REPLAY_MS)))
        return void (await audit(bot, who, what, 'refused: replayed request'));
      const { lang } = await languageFor(bot, client, who);
      const m = s.data.message;
      const o = outcomeOf(
        await handler({
          who,
          message: { ts: m.ts, threadTs: m.thread_ts, text: m.text ?? '' },
          client,
          lang,
          reply: (text) => privately(bot, client, who, text, respond),
        }),
      );
      await audit(bot, who, o.what ?? what, o.result, o.diagnosis, o.where);
    },
  );
}

/** Through the response URL when there is one (no membership needed), else as an ephemeral message. */
async function privately(
  bot: Bot,
  client: WebClient,
  who: Who,
  text: string,
  respond?: RespondFn,
): Promise<void> {
  try {
    if (respond) await respond({ response_type: 'ephemeral', replace_original: false, text });
    else await tell(client, who, text);
  } catch (err) {
    bot.log('reply-failed', { user: who.user, error: describeError(err) });
  }
}

/** App Home's Home tab opened (each time the user comes to it): who opened it, in their language. */
export function onHomeOpened(
  app: App,
  bot: Bot,
  handler: (at: { team: string; user: string }, client: WebClient, chosen: Chosen) => Promise<void>,
): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    const e = homeOpenedSchema.safeParse(event);
    if (!e.success) return malformed(bot, 'app_home_opened event', e.error);
    if (e.data.tab !== 'home') return;
    const at = { team: body.team_id, user: e.data.user };
    await handler(at, client, await languageFor(bot, client, at));
  });
}
