/**
 * The bot in Socket Mode, the mode most teams run: the real Bolt app started by `startBot` with
 * SLACK_APP_TOKEN opens its link through the Slack emulator (`apps.connections.open`, then a
 * WebSocket on loopback), receives envelopes and acks them over it, and answers through the Web
 * API emulator. State lives in a real redis-server; checks run against the ARM emulator.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { type Config, loadConfig } from '../../src/config.js';
import { inProcessRunner } from '../../src/run/runner.js';
import { type RunningBot, startBot } from '../../src/slack/start.js';
import {
  type AksLab,
  type ArmEmulator,
  aksCluster,
  fakeCredential,
  startArmEmulator,
} from '../emulators/arm/index.js';
import {
  type SlackCall,
  type SlackEmulator,
  type SocketModeServer,
  startSlackEmulator,
  startSocketMode,
} from '../emulators/slack/index.js';
import { tunnelNodes } from '../support/node-answers.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

const CHANNEL = 'C0AKSDIAG';
const KUBELET_TIMEOUT =
  'Error from server: Get "https://10.224.0.5:10250/containerLogs/shop/web-1/web": dial tcp 10.224.0.5:10250: i/o timeout';

let redis: TestRedis;
let arm: ArmEmulator;
let lab: AksLab;
let dir: string;
let slack: SlackEmulator;
let socket: SocketModeServer;
let bot: RunningBot | undefined;
let config: Config;
/** Every event the bot logged, in order; a test waits for the bot to be done, never for a time. */
let logged: { event: string; fields: Record<string, unknown> }[] = [];
const logs = new EventEmitter();
function loggedEvent(event: string, pred: (f: Record<string, unknown>) => boolean = () => true) {
  const seen = logged.find((l) => l.event === event && pred(l.fields));
  if (seen) return Promise.resolve(seen.fields);
  return new Promise<Record<string, unknown>>((resolve) => {
    const on = (l: (typeof logged)[number]) => {
      if (l.event !== event || !pred(l.fields)) return;
      logs.off('log', on);
      resolve(l.fields);
    };
    logs.on('log', on);
  });
}

/** Stops the bot and waits until its link is closed, so nothing is left talking to the emulator. */
async function stopAll(): Promise<void> {
  await bot?.stop();
  await socket?.closed();
  await socket?.stop();
  await slack?.stop();
}

beforeAll(async () => {
  redis = await startTestRedis();
  lab = aksCluster();
  arm = await startArmEmulator(lab.state, { runCommandExecutor: tunnelNodes({ ufwBlocksOn: '1' }) });
  dir = mkdtempSync(join(tmpdir(), 'aksdiag-socket-'));
  writeFileSync(join(dir, 'ca.pem'), arm.caPem);
});

beforeEach(async () => {
  await stopAll();
  slack = await startSlackEmulator({ channels: [CHANNEL] });
  // A short ack timeout, so a lost ack is retried within the test (Slack waits 3 s).
  socket = await startSocketMode(slack, { ackTimeoutMs: 500 });
  config = loadConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: socket.appToken,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: redis.url,
    AKSDIAG_QUEUE_PREFIX: `s${Date.now()}`,
    AKSDIAG_SUBSCRIPTIONS: lab.subscriptionId,
    AKSDIAG_ARM_ENDPOINT: arm.endpoint,
    AKSDIAG_ARM_CA_FILE: join(dir, 'ca.pem'),
    AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.02',
    AKSDIAG_BOT_CHECKS: 'in-process',
  });
  logged = [];
  bot = await startBot(config, inProcessRunner(config, fakeCredential), {
    log: (event, fields) => {
      logged.push({ event, fields });
      logs.emit('log', { event, fields });
    },
  });
});

afterAll(async () => {
  await stopAll();
  await arm.stop();
  await redis.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

let ts = 1_810_000_000;
const message = (text: string) => ({
  type: 'message',
  channel: CHANNEL,
  channel_type: 'channel',
  user: 'UONCALL1',
  text,
  ts: `${ts++}.000100`,
  event_ts: `${ts}.000100`,
});
const replyIn = (threadTs: string) => (c: SlackCall) =>
  c.method === 'chat.postMessage' && c.args['thread_ts'] === threadTs;
const repliesIn = (threadTs: string) => slack.calls.filter(replyIn(threadTs));

/** Resolves when the bot has answered and stored the paste of thread `threadTs`. */
const answered = (threadTs: string) => loggedEvent('diagnosis', (f) => f['thread'] === threadTs);

/**
 * Sends a marker paste and waits until the bot is done with it. Envelopes are handled in the order
 * they arrive, each first asking Redis whether its event is new, so what came before is done too.
 */
async function settle(): Promise<void> {
  const m = message('Error: dial tcp 10.224.0.9:10250: i/o timeout');
  socket.sendEvent(m);
  await answered(m.ts);
}

describe('Socket Mode', () => {
  it('connects with the app token and answers a pasted error once, in its thread', async () => {
    expect(slack.calls.find((c) => c.method === 'apps.connections.open')?.ok).toBe(true);
    expect(socket.connections).toEqual([{ id: 1, open: true }]);
    const m = message(KUBELET_TIMEOUT);
    const delivery = socket.sendEvent(m);
    // Bolt acks an event as soon as it arrives, before any work.
    expect(await delivery.acked).toMatchObject({ payload: {}, lost: false });
    const reply = await slack.waitForCall(replyIn(m.ts));
    expect(reply.ok).toBe(true);
    expect(reply.args['metadata']).toMatchObject({ event_payload: { symptom: 'tunnel-10250' } });
    await settle();
    expect(repliesIn(m.ts)).toHaveLength(1);
  });

  it('an envelope Slack delivers again (a retry) is acked and not answered twice', async () => {
    const m = message(KUBELET_TIMEOUT);
    const first = socket.sendEvent(m);
    await slack.waitForCall(replyIn(m.ts));
    const retry = socket.redeliver(first, 'timeout');
    expect(await retry.acked).toMatchObject({ lost: false });
    await settle();
    expect(repliesIn(m.ts)).toHaveLength(1);
  });

  it('an ack lost on the way makes the link redeliver the event by itself; still one reply', async () => {
    socket.loseNextAcks(1);
    const m = message(KUBELET_TIMEOUT);
    const first = socket.sendEvent(m);
    expect(await first.acked).toMatchObject({ lost: true });
    const retry = await socket.waitForDelivery(
      (d) => d.retryAttempt === 1 && d.payload['event_id'] === first.payload['event_id'],
    );
    expect(retry.retryReason).toBe('timeout');
    expect(await retry.acked).toMatchObject({ lost: false });
    await settle();
    expect(repliesIn(m.ts)).toHaveLength(1);
  });

  it('after a disconnect (refresh_requested) the bot reconnects and answers what came meanwhile', async () => {
    await socket.disconnect('refresh_requested');
    // The bot closed the old link itself, as asked.
    expect(socket.connections[0]).toMatchObject({ open: false, closedBy: 'client' });
    // Pasted while the link is down: Slack holds it for the next connection.
    const meanwhile = message(KUBELET_TIMEOUT);
    const held = socket.sendEvent(meanwhile);
    await socket.waitForConnections(2, 20_000);
    expect(socket.connections[1]).toMatchObject({ open: true });
    expect(await held.acked).toMatchObject({ connection: 2 });
    await slack.waitForCall(replyIn(meanwhile.ts));
    const after = message(KUBELET_TIMEOUT);
    socket.sendEvent(after);
    await slack.waitForCall(replyIn(after.ts));
    await settle();
    expect([repliesIn(meanwhile.ts).length, repliesIn(after.ts).length]).toEqual([1, 1]);
    // Each link was opened with its own one-time URL.
    expect(slack.calls.filter((c) => c.method === 'apps.connections.open')).toHaveLength(2);
  }, 30_000);

  it('/aksdiag help: the command envelope is acked and the help goes to the user who asked', async () => {
    const cmd = socket.sendCommand({
      command: '/aksdiag',
      text: 'help',
      user_id: 'UONCALL1',
      channel_id: CHANNEL,
    });
    expect(await cmd.acked).toMatchObject({ envelopeId: cmd.envelopeId, lost: false });
    const help = await slack.waitForCall((c) => c.method === 'chat.postEphemeral');
    expect(help.args).toMatchObject({ channel: CHANNEL, user: 'UONCALL1' });
    // mrkdwn writes a literal < as &lt; (Slack would read <cluster> as markup).
    expect(String(help.args['text'])).toContain('/aksdiag &lt;cluster&gt;');
  });

  it('/aksdiag aks-lab <error>: acked at once, then the checks run and the verdict names the cause', async () => {
    const cmd = socket.sendCommand({
      command: '/aksdiag',
      text: `aks-lab ${KUBELET_TIMEOUT}`,
      user_id: 'UONCALL1',
      channel_id: CHANNEL,
    });
    await cmd.acked;
    const head = await slack.waitForCall((c) => c.method === 'chat.postMessage' && !c.args['thread_ts']);
    expect(String(head.args['text'])).toContain('aks-lab');
    const done = await slack.waitForCall(
      (c) => c.method === 'chat.update' && String(c.args['text']).includes('ufw'),
      30_000,
    );
    await loggedEvent('checked');
    const final = slack.messages.get(`${CHANNEL}/${String(done.args['ts'])}`);
    expect(final?.metadata).toMatchObject({
      event_payload: { status: 'done', confirmed: 'ufw-blocks-10250' },
    });
    expect(slack.calls.every((c) => c.ok)).toBe(true);
  }, 40_000);

  it('a button pressed on the reply arrives as an interactive envelope, is acked and answered', async () => {
    const m = message(KUBELET_TIMEOUT);
    socket.sendEvent(m);
    const reply = await slack.waitForCall(replyIn(m.ts));
    const blocks = (reply.args['blocks'] ?? []) as { elements?: { action_id: string; value: string }[] }[];
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'aksdiag_show_fix');
    expect(button).toBeDefined();
    const press = socket.sendInteractive({
      type: 'block_actions',
      user: { id: 'UONCALL1', username: 'oncall' },
      team: { id: 'TAKSDIAG', domain: 'lab' },
      channel: { id: CHANNEL, name: 'aks-oncall' },
      container: { type: 'message', message_ts: reply.args['ts'], channel_id: CHANNEL },
      trigger_id: 'trig-socket-1',
      api_app_id: 'AAKSDIAG',
      token: 'unused',
      actions: [
        { type: 'button', action_id: button!.action_id, block_id: 'b', value: button!.value, action_ts: '1' },
      ],
    });
    expect(await press.acked).toMatchObject({ lost: false });
    const fix = await slack.waitForCall((c) => replyIn(m.ts)(c) && c.seq > reply.seq);
    expect(JSON.stringify(fix.args['blocks'])).toContain('ufw');
  });
});

describe('secrets pasted over Socket Mode', () => {
  const SECRETS = {
    env: 'Ab3;q@Zx~9.kLmN_pQ7rS',
    conn: 'Pw9;d@b:Xy-12',
    basic: btoa('admin:Hunter;2@Basic'),
    login: 'Lg7~Qa;3@cZ',
  };

  it('reach no Slack call, no Redis value and no log line', async () => {
    const paste = [
      KUBELET_TIMEOUT,
      `AZURE_CLIENT_SECRET=${SECRETS.env}`,
      `Server=tcp:db.example,1433;User ID=app;Password=${SECRETS.conn};Encrypt=True;`,
      `> Authorization: Basic ${SECRETS.basic}`,
      `az login --service-principal -u 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 -p ${SECRETS.login} --tenant t1`,
    ].join('\n');
    const m = message(paste);
    socket.sendEvent(m);
    const reply = await slack.waitForCall(replyIn(m.ts));
    expect(JSON.stringify(reply.args['blocks'])).toContain('redacted');
    // A follow-up in the thread is stored with the thread's paste: it must be redacted too.
    socket.sendEvent({ ...message(`also this: --password=${SECRETS.login}`), thread_ts: m.ts });
    await loggedEvent('refined');
    const client = new Redis(redis.url);
    try {
      const stored: string[] = [];
      for (const key of await client.keys(`${config.queue.prefix}*`)) stored.push(await dump(client, key));
      const everywhere = {
        slack: JSON.stringify(slack.calls),
        redis: stored.join('\n'),
        logs: JSON.stringify(logged),
      };
      expect(stored.length).toBeGreaterThan(0);
      for (const [where, text] of Object.entries(everywhere))
        for (const secret of Object.values(SECRETS))
          expect({ where, found: text.includes(secret) }).toEqual({ where, found: false });
    } finally {
      client.disconnect();
    }
  });
});

/** A key's value whatever its type, as text. */
async function dump(client: Redis, key: string): Promise<string> {
  switch (await client.type(key)) {
    case 'string':
      return (await client.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await client.hgetall(key));
    case 'list':
      return JSON.stringify(await client.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await client.smembers(key));
    case 'zset':
      return JSON.stringify(await client.zrange(key, '0', '-1'));
    case 'stream':
      return JSON.stringify(await client.xrange(key, '-', '+'));
    default:
      return '';
  }
}
