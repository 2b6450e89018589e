/**
 * Slack's Socket Mode on loopback, beside the Web API emulator: `apps.connections.open` (app token
 * only) hands out a one-time `ws://127.0.0.1:<port>/link/?ticket=…` URL, and a WebSocket server
 * plays Slack's side of the link the way @slack/socket-mode (Bolt's receiver) expects it: `hello`
 * on connect, envelopes (`events_api`, `slash_commands`, `interactive`) with an `envelope_id`,
 * acks recorded, `disconnect` messages that make the client reconnect, pings, and Events API
 * envelopes redelivered with `retry_attempt` / `retry_reason` when their ack does not arrive.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SlackEmulator } from './emulator.js';
import { commandBody, eventEnvelope } from './signed.js';

export interface SocketModeOptions {
  /** The app-level token (`xapp-…`) that `apps.connections.open` accepts. */
  appToken?: string;
  appId?: string;
  /** How long Slack waits for an ack before it redelivers an Events API envelope (Slack: 3 s). */
  ackTimeoutMs?: number;
  /** Redeliveries of an unacknowledged Events API envelope after the first delivery (Slack: 3). */
  maxRetries?: number;
  /** How often the server pings each connection, as Slack does. */
  pingIntervalMs?: number;
  /** After a `disconnect` message, how long the client has to close before the server drops it. */
  closeAfterMs?: number;
}

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface Ack {
  envelopeId: string;
  /** What the app answered with (`ack({ text })` for a command), `{}` for a bare ack. */
  payload: Record<string, unknown>;
  connection: number;
  /** Dropped on purpose (`loseNextAcks`): the app acked, Slack never heard it, so it retries. */
  lost: boolean;
}

export interface Delivery {
  envelopeId: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  retryAttempt: number;
  retryReason: string;
  /** The connection it went out on; 0 while it waits for one. */
  connection: number;
  /** Resolves when the app acks this envelope. */
  acked: Promise<Ack>;
}

export interface Connection {
  id: number;
  open: boolean;
  /** Why it closed: `client` (the app closed it) or `server` (dropped after a disconnect). */
  closedBy?: 'client' | 'server';
}

export interface SocketModeServer {
  readonly appToken: string;
  readonly connections: readonly Connection[];
  readonly deliveries: readonly Delivery[];
  readonly acks: readonly Ack[];
  /** An Events API envelope around `event` (a message, an app_mention, …). */
  sendEvent(event: Record<string, unknown>, eventId?: string): Delivery;
  /** A slash command, with the fields Slack sends (`command`, `text`, `user_id`, `channel_id`, …). */
  sendCommand(fields: Record<string, string>): Delivery;
  /** An interactive payload (`block_actions`, `view_submission`, …). */
  sendInteractive(payload: Record<string, unknown>): Delivery;
  /** Delivers `delivery`'s payload again, as Slack's retry `retryAttempt + 1` for `reason`. */
  redeliver(delivery: Delivery, reason?: string): Delivery;
  /** The next `count` acks reach the server but are dropped, so those envelopes time out. */
  loseNextAcks(count: number): void;
  /** Asks every open connection to go (`{type:"disconnect"}`); resolves once they are closed. */
  disconnect(reason?: 'refresh_requested' | 'warning' | 'link_disabled'): Promise<void>;
  /** Resolves once no connection is open (the app closed its link, e.g. on stop). */
  closed(timeoutMs?: number): Promise<void>;
  /** Resolves once `count` connections have been opened in all (each greeted with `hello`). */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  waitForDelivery(pred: (d: Delivery) => boolean, timeoutMs?: number): Promise<Delivery>;
  stop(): Promise<void>;
}

const HOST = 'applink-emulator';

export async function startSocketMode(
  web: SlackEmulator,
  options: SocketModeOptions = {},
): Promise<SocketModeServer> {
  const appToken = options.appToken ?? 'xapp-1-AAKSDIAG-1-aksdiagtest';
  const appId = options.appId ?? 'AAKSDIAG';
  const ackTimeoutMs = options.ackTimeoutMs ?? 3000;
  const maxRetries = options.maxRetries ?? 3;
  const pingIntervalMs = options.pingIntervalMs ?? 5000;
  const closeAfterMs = options.closeAfterMs ?? 10_000;

  const tickets = new Set<string>();
  const connections: Connection[] = [];
  const sockets = new Map<number, WebSocket>();
  const deliveries: Delivery[] = [];
  const acks: Ack[] = [];
  const ackWaiters = new Map<string, (ack: Ack) => void>();
  const ackTimers = new Map<string, NodeJS.Timeout>();
  const timers = new Set<NodeJS.Timeout>();
  const queued: Delivery[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let acksToLose = 0;

  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  web.serve('apps.connections.open', appToken, () => {
    const ticket = randomUUID();
    tickets.add(ticket);
    return { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${appId}` };
  });

  // A ticket opens one connection, once; anything else is refused before the upgrade.
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket): void {
    const conn: Connection = { id: connections.length + 1, open: true };
    connections.push(conn);
    sockets.set(conn.id, ws);
    const ping = setInterval(() => ws.ping(), pingIntervalMs);
    ws.on('message', (data) => onMessage(conn, String(data)));
    ws.on('close', () => {
      clearInterval(ping);
      conn.open = false;
      conn.closedBy ??= 'client';
      sockets.delete(conn.id);
      events.emit('closed', conn);
    });
    const open = connections.filter((c) => c.open).length;
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: open,
        debug_info: { host: HOST, build_number: 1, approximate_connection_time: 3600 },
        connection_info: { app_id: appId },
      }),
    );
    events.emit('connected', conn);
    for (const d of queued.splice(0)) send(d);
  }

  function onMessage(conn: Connection, text: string): void {
    let msg: { envelope_id?: unknown; payload?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    if (typeof msg.envelope_id !== 'string') return;
    const lost = acksToLose > 0;
    if (lost) acksToLose--;
    const ack: Ack = {
      envelopeId: msg.envelope_id,
      payload: (msg.payload ?? {}) as Record<string, unknown>,
      connection: conn.id,
      lost,
    };
    acks.push(ack);
    if (!lost) {
      clearTimeout(ackTimers.get(ack.envelopeId));
      ackTimers.delete(ack.envelopeId);
    }
    ackWaiters.get(ack.envelopeId)?.(ack);
    ackWaiters.delete(ack.envelopeId);
  }

  /** The newest open connection gets the envelope (Slack picks one of the app's connections). */
  function send(d: Delivery): void {
    const conn = [...connections].reverse().find((c) => c.open);
    const ws = conn && sockets.get(conn.id);
    if (!conn || !ws) {
      queued.push(d);
      return;
    }
    d.connection = conn.id;
    ws.send(
      JSON.stringify({
        envelope_id: d.envelopeId,
        type: d.type,
        payload: d.payload,
        accepts_response_payload: d.type !== 'events_api',
        ...(d.type === 'events_api' ? { retry_attempt: d.retryAttempt, retry_reason: d.retryReason } : {}),
      }),
    );
    if (d.type !== 'events_api') return;
    // Slack retries an Events API envelope whose ack did not arrive in time; commands and actions it does not.
    const timer = setTimeout(() => {
      ackTimers.delete(d.envelopeId);
      if (d.retryAttempt < maxRetries) redeliver(d, 'timeout');
    }, ackTimeoutMs);
    ackTimers.set(d.envelopeId, timer);
  }

  function deliver(type: EnvelopeType, payload: Record<string, unknown>, attempt = 0, reason = ''): Delivery {
    const envelopeId = randomUUID();
    const acked = new Promise<Ack>((resolve) => ackWaiters.set(envelopeId, resolve));
    const d: Delivery = {
      envelopeId,
      type,
      payload,
      retryAttempt: attempt,
      retryReason: reason,
      connection: 0,
      acked,
    };
    deliveries.push(d);
    send(d);
    events.emit('delivery', d);
    return d;
  }

  function redeliver(d: Delivery, reason = 'timeout'): Delivery {
    return deliver(d.type, d.payload, d.retryAttempt + 1, reason);
  }

  function waitFor<T>(event: string, pred: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        events.off(event, on);
        reject(new Error(`Socket Mode emulator: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = (v: T) => {
        if (!pred(v)) return;
        clearTimeout(timer);
        events.off(event, on);
        resolve(v);
      };
      events.on(event, on);
    });
  }

  return {
    appToken,
    connections,
    deliveries,
    acks,
    sendEvent: (event, eventId) =>
      deliver('events_api', JSON.parse(eventEnvelope(event, eventId)) as Record<string, unknown>),
    sendCommand: (fields) =>
      deliver('slash_commands', Object.fromEntries(new URLSearchParams(commandBody(fields)))),
    sendInteractive: (payload) => deliver('interactive', payload),
    redeliver,
    loseNextAcks(count) {
      acksToLose += count;
    },
    async disconnect(reason = 'refresh_requested') {
      const open = connections.filter((c) => c.open);
      const closed = open.map((c) =>
        waitFor<Connection>('closed', (x) => x === c, closeAfterMs + 5000, 'close'),
      );
      for (const c of open) {
        sockets.get(c.id)?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: HOST } }));
        // Slack drops a connection that lingers after being asked to go.
        const drop = setTimeout(() => {
          if (!c.open) return;
          c.closedBy = 'server';
          sockets.get(c.id)?.terminate();
        }, closeAfterMs);
        timers.add(drop);
      }
      await Promise.all(closed);
    },
    async closed(timeoutMs = 10_000) {
      const isClosed = () => connections.every((c) => !c.open);
      if (isClosed()) return;
      await waitFor<Connection>('closed', isClosed, timeoutMs, 'close of every connection');
    },
    async waitForConnections(count, timeoutMs = 15_000) {
      if (connections.length >= count) return;
      await waitFor<Connection>(
        'connected',
        () => connections.length >= count,
        timeoutMs,
        `connection #${count}`,
      );
    },
    async waitForDelivery(pred, timeoutMs = 10_000) {
      return deliveries.find(pred) ?? waitFor<Delivery>('delivery', pred, timeoutMs, 'matching delivery');
    },
    async stop() {
      for (const t of [...ackTimers.values(), ...timers]) clearTimeout(t);
      for (const ws of sockets.values()) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
