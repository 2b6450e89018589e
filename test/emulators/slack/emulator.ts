/**
 * A Slack Web API emulator on loopback: the real Bolt app's WebClient talks to it through
 * `clientOptions.slackApiUrl`. It records every call and refuses what Slack refuses (a wrong token,
 * an unknown channel, a channel the bot is not in, a scope the app lacks, too many or malformed
 * blocks, text too long, bad metadata, a view Slack would not show), with Slack's error codes, so a
 * test fails where production would. It knows each test user's locale (users.info), keeps the
 * Home tab published to each user, and serves response URLs (what a shortcut answers privately).
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockErrors, viewErrors } from './blocks.js';

export interface SlackCall {
  seq: number;
  method: string;
  /** Form fields, with `blocks`, `metadata` and `view` parsed from their JSON. */
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** Every version the message had, oldest first (chat.update appends). */
  history: { text?: string; blocks?: unknown[] }[];
}

export interface SlackEmulatorOptions {
  botToken?: string;
  /** Channels that exist (DMs: ids starting with D always exist). Default: C0AKSDIAG. */
  channels?: string[];
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** User groups (S…) and their members, for usergroups.users.list. */
  userGroups?: Record<string, string[]>;
  /** Each user's Slack locale (users.info with include_locale); a user not listed is en-US. */
  locales?: Record<string, string>;
  /** Channels that exist but the bot is not a member of: posting there is `not_in_channel`. */
  notMember?: string[];
  /** Scopes the app was installed without: the methods needing them answer `missing_scope`. */
  missingScopes?: string[];
}

/** The scope each method needs, where a test may leave it out. */
const SCOPE_OF: Record<string, string> = {
  'users.info': 'users:read',
  'usergroups.users.list': 'usergroups:read',
};

/** Answers a Web API call from its form fields. */
export type MethodHandler = (args: Record<string, unknown>) => Record<string, unknown>;

export interface SlackEmulator {
  /** Base URL for `slackApiUrl` (with the trailing slash the WebClient needs). */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly calls: readonly SlackCall[];
  /** Messages posted by the app, by `channel/ts`. */
  readonly messages: ReadonlyMap<string, SlackMessage>;
  /** The Home tab last published to each user. */
  readonly homes: ReadonlyMap<string, { type: string; blocks: unknown[] }>;
  /** A new response URL (as a shortcut or command payload carries); what is posted to it is a call `response_url`. */
  responseUrl(): string;
  /** Answers the next `count` calls of `method` with 429 and Retry-After. */
  rateLimitNext(method: string, count: number, retryAfterSeconds?: number): void;
  /**
   * Serves one more method, authorised by `token` instead of the bot token: an app-level method
   * such as `apps.connections.open` (Socket Mode), which Slack answers only for the xapp- token.
   */
  serve(method: string, token: string, handler: MethodHandler): void;
  waitForCall(pred: (c: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  stop(): Promise<void>;
}

const MAX_TEXT = 40_000;

export async function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  const botToken = options.botToken ?? 'xoxb-aksdiag-test';
  const botUserId = options.botUserId ?? 'UAKSDIAGBOT';
  const botId = options.botId ?? 'BAKSDIAG';
  const teamId = options.teamId ?? 'TAKSDIAG';
  const channels = new Set([...(options.channels ?? ['C0AKSDIAG']), ...(options.notMember ?? [])]);
  const outside = new Set(options.notMember ?? []);
  const missing = new Set(options.missingScopes ?? []);
  const homes = new Map<string, { type: string; blocks: unknown[] }>();
  let responses = 0;
  const calls: SlackCall[] = [];
  const messages = new Map<string, SlackMessage>();
  const limits: { method: string; remaining: number; retryAfter: number }[] = [];
  const served = new Map<string, { token: string; handler: MethodHandler }>();
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let clock = 1_700_000_000;
  const nextTs = () => `${clock++}.${String(calls.length).padStart(6, '0')}`;

  const channelOk = (c: unknown) => typeof c === 'string' && (channels.has(c) || /^D[A-Z0-9]+$/.test(c));

  function metadataError(m: unknown): string | null {
    if (m === undefined) return null;
    const md = m as { event_type?: unknown; event_payload?: unknown };
    if (typeof md !== 'object' || md === null) return 'invalid_metadata_format';
    if (typeof md.event_type !== 'string' || !/^[a-z0-9_]{1,255}$/.test(md.event_type))
      return 'invalid_metadata_format';
    if (typeof md.event_payload !== 'object' || md.event_payload === null) return 'invalid_metadata_format';
    return null;
  }

  function messageError(args: Record<string, unknown>): string | null {
    if (!channelOk(args['channel'])) return 'channel_not_found';
    if (outside.has(args['channel'] as string)) return 'not_in_channel';
    const text = args['text'];
    if (text === undefined && args['blocks'] === undefined) return 'no_text';
    if (typeof text === 'string' && text.length > MAX_TEXT) return 'msg_too_long';
    if (args['blocks'] !== undefined) {
      const errs = blockErrors(args['blocks'], 'message');
      if (errs.length) return 'invalid_blocks';
    }
    return metadataError(args['metadata']);
  }

  type Handler = (args: Record<string, unknown>) => Record<string, unknown>;
  const fail = (error: string) => ({ ok: false, error });
  const handlers: Record<string, Handler> = {
    'auth.test': () => ({
      ok: true,
      user_id: botUserId,
      bot_id: botId,
      team_id: teamId,
      user: 'aksdiag',
      team: 'lab',
    }),
    'chat.postMessage': (a) => {
      const err = messageError(a);
      if (err) return fail(err);
      const channel = a['channel'] as string;
      const thread = a['thread_ts'] as string | undefined;
      const msg: SlackMessage = {
        channel,
        ts: nextTs(),
        ...(thread ? { thread_ts: thread } : {}),
        ...(typeof a['text'] === 'string' ? { text: a['text'] } : {}),
        ...(a['blocks'] ? { blocks: a['blocks'] as unknown[] } : {}),
        ...(a['metadata'] ? { metadata: a['metadata'] as SlackMessage['metadata'] } : {}),
        history: [],
      };
      msg.history.push({
        ...(msg.text ? { text: msg.text } : {}),
        ...(msg.blocks ? { blocks: msg.blocks } : {}),
      });
      messages.set(`${channel}/${msg.ts}`, msg);
      return { ok: true, channel, ts: msg.ts, message: { text: msg.text, ts: msg.ts } };
    },
    'chat.update': (a) => {
      const err = messageError(a);
      if (err) return fail(err);
      const msg = messages.get(`${a['channel'] as string}/${a['ts'] as string}`);
      if (!msg) return fail('message_not_found');
      if (typeof a['text'] === 'string') msg.text = a['text'];
      if (a['blocks']) msg.blocks = a['blocks'] as unknown[];
      if (a['metadata']) msg.metadata = a['metadata'] as SlackMessage['metadata'];
      msg.history.push({
        ...(msg.text ? { text: msg.text } : {}),
        ...(msg.blocks ? { blocks: msg.blocks } : {}),
      });
      return { ok: true, channel: msg.channel, ts: msg.ts };
    },
    'chat.postEphemeral': (a) => {
      const err = messageError(a);
      if (err) return fail(err);
      if (typeof a['user'] !== 'string') return fail('user_not_in_channel');
      return { ok: true, message_ts: nextTs() };
    },
    'usergroups.users.list': (a) => {
      const members = options.userGroups?.[a['usergroup'] as string];
      return members ? { ok: true, users: members } : fail('no_such_subteam');
    },
    'views.open': (a) => {
      if (typeof a['trigger_id'] !== 'string') return fail('invalid_arguments');
      if (viewErrors(a['view'], 'modal').length) return fail('invalid_arguments');
      return { ok: true, view: { id: `V${calls.length}` } };
    },
    'views.publish': (a) => {
      if (typeof a['user_id'] !== 'string' || !/^[UW][A-Z0-9]+$/.test(a['user_id']))
        return fail('invalid_arguments');
      if (viewErrors(a['view'], 'home').length) return fail('invalid_arguments');
      homes.set(a['user_id'], a['view'] as { type: string; blocks: unknown[] });
      return { ok: true, view: { id: `V${calls.length}`, type: 'home' } };
    },
    'users.info': (a) => {
      const user = a['user'];
      if (typeof user !== 'string' || !/^[UW][A-Z0-9]+$/.test(user)) return fail('user_not_found');
      const locale = options.locales?.[user] ?? 'en-US';
      return {
        ok: true,
        user: {
          id: user,
          team_id: teamId,
          name: user.toLowerCase(),
          ...(a['include_locale'] === 'true' ? { locale } : {}),
        },
      };
    },
  };

  function parse(body: string): Record<string, unknown> {
    const args: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(body)) {
      if (k === 'blocks' || k === 'metadata' || k === 'view' || k === 'attachments') {
        try {
          args[k] = JSON.parse(v);
        } catch {
          args[k] = { unparsable: v };
        }
      } else args[k] = v;
    }
    return args;
  }

  /** A post to a response URL: JSON, recorded as a call `response_url`, checked like a message. */
  function respond(body: string, res: ServerResponse): void {
    let args: Record<string, unknown>;
    try {
      args = JSON.parse(body) as Record<string, unknown>;
    } catch {
      args = { unparsable: body };
    }
    const error =
      typeof args['text'] !== 'string' && args['blocks'] === undefined
        ? 'no_text'
        : args['blocks'] !== undefined && blockErrors(args['blocks'], 'message').length
          ? 'invalid_blocks'
          : undefined;
    const call: SlackCall = {
      seq: calls.length,
      method: 'response_url',
      args,
      ok: !error,
      ...(error ? { error } : {}),
    };
    calls.push(call);
    res.writeHead(error ? 400 : 200, { 'content-type': 'text/plain' });
    res.end(error ?? 'ok');
    events.emit('call', call);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if ((req.url ?? '').startsWith('/response/')) return respond(body, res);
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const args = parse(body);
      const send = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
        const call: SlackCall = {
          seq: calls.length,
          method,
          args,
          ok: body['ok'] === true,
          ...(typeof body['error'] === 'string' ? { error: body['error'] } : {}),
        };
        calls.push(call);
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
        events.emit('call', call);
      };
      const auth = req.headers.authorization ?? '';
      const token = auth.startsWith('Bearer ')
        ? auth.slice(7)
        : ((args['token'] as string | undefined) ?? '');
      const extra = served.get(method);
      if (token !== (extra?.token ?? botToken)) return send(200, fail(token ? 'invalid_auth' : 'not_authed'));
      const limit = limits.find((l) => l.method === method && l.remaining > 0);
      if (limit) {
        limit.remaining--;
        return send(429, fail('ratelimited'), { 'retry-after': String(limit.retryAfter) });
      }
      const handler = extra?.handler ?? handlers[method];
      if (!handler) return send(200, fail('unknown_method'));
      const scope = SCOPE_OF[method];
      if (scope && missing.has(scope)) return send(200, { ok: false, error: 'missing_scope', needed: scope });
      send(200, handler(args));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    botToken,
    botUserId,
    botId,
    calls,
    messages,
    homes,
    responseUrl: () => `http://127.0.0.1:${port}/response/${++responses}`,
    rateLimitNext(method, count, retryAfterSeconds = 1) {
      limits.push({ method, remaining: count, retryAfter: retryAfterSeconds });
    },
    serve(method, token, handler) {
      served.set(method, { token, handler });
    },
    waitForCall(pred, timeoutMs = 10_000) {
      const seen = calls.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('call', on);
          reject(
            new Error(
              `no matching Slack call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`,
            ),
          );
        }, timeoutMs);
        const on = (c: SlackCall) => {
          if (!pred(c)) return;
          clearTimeout(timer);
          events.off('call', on);
          resolve(c);
        };
        events.on('call', on);
      });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
