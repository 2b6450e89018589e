/**
 * A Slack Web API emulator on loopback: the real Bolt app's WebClient talks to it through
 * `clientOptions.slackApiUrl`. It records every call and refuses what Slack refuses (a wrong token,
 * an unknown channel, too many or malformed blocks, text too long, bad metadata), with Slack's
 * error codes, so a test fails where production would.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockErrors } from './blocks.js';

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
}

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
  const channels = new Set(options.channels ?? ['C0AKSDIAG']);
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
      const errs = blockErrors((a['view'] as { blocks?: unknown })?.blocks ?? [], 'modal');
      const title = (a['view'] as { title?: { text?: string } })?.title?.text ?? '';
      if (errs.length || title.length === 0 || title.length > 24) return fail('invalid_arguments');
      return { ok: true, view: { id: `V${calls.length}` } };
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

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const args = parse(Buffer.concat(chunks).toString('utf8'));
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
