/**
 * The bot under test, end to end: the real Bolt app started by `startBot`, in HTTP mode (requests
 * signed as Slack signs them) or Socket Mode (the emulator's WebSocket link), its Web API calls
 * going to the Slack emulator, checks run against
 * the ARM emulator, state in a real redis-server or the embedded SQLite store. A test waits for
 * the bot's own log events, never for a fixed time.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAzureClients } from '../../src/azure/clients.js';
import { listClusters } from '../../src/azure/find-cluster.js';
import { type Config, loadConfig } from '../../src/config.js';
import { applyFix } from '../../src/run/apply-fix.js';
import { type CheckRunner, inProcessRunner } from '../../src/run/runner.js';
import { type RunningBot, startBot } from '../../src/slack/start.js';
import {
  type AksLab,
  type ArmEmulator,
  aksCluster,
  fakeCredential,
  startArmEmulator,
} from '../emulators/arm/index.js';
import {
  type Delivery,
  type SlackCall,
  type SlackEmulator,
  type SlackEmulatorOptions,
  type SocketModeServer,
  actionBody,
  commandBody,
  eventEnvelope,
  postSigned,
  startSlackEmulator,
  startSocketMode,
} from '../emulators/slack/index.js';
import { tunnelNodes } from './node-answers.js';
import { type WorkerProcess, spawnWorker } from './queue-worker.js';
import { startTestRedis, type TestRedis } from './redis.js';

export const SECRET = 'slack-signing-secret-for-tests';
export const CHANNEL = 'C0AKSDIAG';
export const OTHER_CHANNEL = 'C0ELSEWHERE';
export const TEAM = 'TAKSDIAG';
export const KUBELET_TIMEOUT =
  'Error from server: Get "https://10.224.0.5:10250/containerLogs/shop/web-1/web": dial tcp 10.224.0.5:10250: i/o timeout';

/** A test user for each language, by the locale Slack gives them (users.info), and one whose language aksdiag does not speak. */
export const PEOPLE = {
  en: 'UENGLISH1',
  ja: 'UJAPANESE1',
  fr: 'UFRENCH1',
  nl: 'UDUTCH1',
  ko: 'UKOREAN1',
  de: 'UGERMAN1',
} as const;
export const LOCALES: Record<string, string> = {
  [PEOPLE.en]: 'en-GB',
  [PEOPLE.ja]: 'ja-JP',
  [PEOPLE.fr]: 'fr-FR',
  [PEOPLE.nl]: 'nl-NL',
  [PEOPLE.ko]: 'ko-KR',
  [PEOPLE.de]: 'de-DE',
};

export type StoreKind = 'redis' | 'sqlite';
export const STORES: StoreKind[] = ['redis', 'sqlite'];
/** HTTP mode (signed requests to /slack/events) or Socket Mode (envelopes over the emulator's WebSocket). */
export type Mode = 'http' | 'socket';
export const MODES: Mode[] = ['http', 'socket'];
/** Every store in every mode. */
export const SETUPS: [StoreKind, Mode][] = STORES.flatMap((s) => MODES.map((m): [StoreKind, Mode] => [s, m]));

/** What the bots of one test file share: Redis, the ARM emulator with a cluster, a temp dir. */
export interface BotWorld {
  redis: TestRedis;
  arm: ArmEmulator;
  lab: AksLab;
  dir: string;
  stop(): Promise<void>;
}

export async function startBotWorld(): Promise<BotWorld> {
  const redis = await startTestRedis();
  const lab = aksCluster();
  // Node 1 has ufw blocking 10250; everything else is healthy (captured real output).
  const arm = await startArmEmulator(lab.state, { runCommandExecutor: tunnelNodes({ ufwBlocksOn: '1' }) });
  const dir = mkdtempSync(join(tmpdir(), 'aksdiag-bot-'));
  writeFileSync(join(dir, 'ca.pem'), arm.caPem);
  return {
    redis,
    arm,
    lab,
    dir,
    async stop() {
      await arm.stop();
      await redis.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BotOptions {
  store: StoreKind;
  /** Default 'http'. */
  mode?: Mode;
  /** Extra settings (they win). */
  env?: Record<string, string>;
  /** Default: in-process checks; null: no Azure (diagnosis only). */
  runner?: (config: Config) => CheckRunner | null;
  /** More of the Slack emulator's settings (channels the bot is not in, scopes left out). */
  slack?: Partial<SlackEmulatorOptions>;
}

export interface LogEntry {
  event: string;
  fields: Record<string, unknown>;
}

export interface BotUnderTest {
  slack: SlackEmulator;
  /** The Socket Mode side of Slack, in Socket Mode. */
  socket: SocketModeServer | null;
  bot: RunningBot;
  config: Config;
  url: string;
  logs: LogEntry[];
  /** Resolves with the fields of the first log `event` (from now on) that `pred` accepts. */
  logged(event: string, pred?: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** The same, counting what was logged already: for an event a step may have logged before the wait began. */
  seen(event: string, pred?: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  sendEvent(
    event: Record<string, unknown>,
    options?: { eventId?: string; retryNum?: number },
  ): Promise<{ status: number; text: string }>;
  command(
    text: string,
    options?: { user?: string; channel?: string; team?: string; triggerId?: string },
  ): Promise<{ status: number; text: string }>;
  /**
   * `/aksdiag <text>` to its end: resolves with its audit entry once written, and, when it started
   * checks, once they ended (verdict or failure). Not for `help`, which is not audited.
   */
  run(text: string): Promise<Record<string, unknown>>;
  /** Posts an interactivity payload (block_actions, view_submission) exactly as given. */
  interact(payload: Record<string, unknown>): Promise<{ status: number; text: string }>;
  /** Presses a button of a message the bot posted, as `user`; resolves with the button pressed. */
  press(
    reply: SlackCall,
    actionId: string,
    user: string,
    options?: { channel?: string; team?: string },
  ): Promise<{ action_id: string; value: string; text: { text: string } }>;
  /**
   * The message shortcut "Diagnose with aksdiag" on `message` (an event as `message()` makes it),
   * as `user`; its private answers go to a response URL of the emulator.
   */
  shortcut(
    message: Record<string, unknown>,
    user: string,
    options?: { callbackId?: string; triggerId?: string },
  ): Promise<{ status: number; text: string }>;
  /** `user` opens App Home's Home tab; resolves with the view published to them. */
  openHome(user: string): Promise<{ type: string; blocks: unknown[] }>;
  /** Submits a modal the bot opened (from its views.open call), as `user`. */
  submit(
    opened: SlackCall,
    user: string,
    options?: { team?: string },
  ): Promise<{ status: number; text: string }>;
  posts(): SlackCall[];
  /** Sends a marker paste and waits until it is answered: what was sent before has been handled. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

let bots = 0;
let ts = 1_800_000_000;

/** A channel message as the Events API delivers it. */
export const message = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channel: CHANNEL,
  channel_type: 'channel',
  user: 'UONCALL1',
  text,
  ts: `${ts++}.000100`,
  event_ts: `${ts}.000100`,
  ...extra,
});

export async function startBotUnderTest(world: BotWorld, options: BotOptions): Promise<BotUnderTest> {
  const n = ++bots;
  const slack = await startSlackEmulator({
    channels: [CHANNEL, OTHER_CHANNEL],
    // The people of every language aksdiag speaks may apply fixes (through the group), so each sees the modal.
    userGroups: {
      S0PLATFORM: ['UGROUPMEMBER', PEOPLE.en, PEOPLE.ja, PEOPLE.fr, PEOPLE.nl, PEOPLE.ko],
    },
    locales: LOCALES,
    ...options.slack,
  });
  const socket = options.mode === 'socket' ? await startSocketMode(slack, { ackTimeoutMs: 2000 }) : null;
  const storeEnv: Record<string, string> =
    options.store === 'redis'
      ? { REDIS_URL: world.redis.url, AKSDIAG_QUEUE_PREFIX: `b${process.pid}-${n}` }
      : { AKSDIAG_DATA_DIR: join(world.dir, `data-${n}`) };
  const config = loadConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    AKSDIAG_SUBSCRIPTIONS: world.lab.subscriptionId,
    AKSDIAG_ARM_ENDPOINT: world.arm.endpoint,
    AKSDIAG_ARM_CA_FILE: join(world.dir, 'ca.pem'),
    AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.02',
    AKSDIAG_RUN_COMMANDS_PER_SECOND: '100',
    AKSDIAG_FIX_APPROVERS: 'UAPPROVER1,S0PLATFORM',
    AKSDIAG_BOT_CHECKS: 'in-process',
    AKSDIAG_STARTUP_TIMEOUT_SECONDS: '10',
    ...(socket ? { SLACK_APP_TOKEN: socket.appToken } : {}),
    ...storeEnv,
    ...options.env,
  });
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const logs: LogEntry[] = [];
  const azure = createAzureClients({ credential: fakeCredential, ...config.azure! });
  const runner = options.runner ? options.runner(config) : inProcessRunner(config, fakeCredential);
  const bot = await startBot(config, runner, {
    log: (event, fields) => {
      logs.push({ event, fields });
      emitter.emit(event, fields);
    },
    fixer: (action) => applyFix(action, { azure, credential: fakeCredential, config }),
    listClusters: () => listClusters(azure, [world.lab.subscriptionId]),
  });
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  /** In Socket Mode a delivery is answered by its ack: the text is what the app acked with. */
  const acked = async (d: Delivery) => ({ status: 200, text: JSON.stringify((await d.acked).payload) });
  const form = (body: string) =>
    socket
      ? acked(socket.sendCommand(Object.fromEntries(new URLSearchParams(body))))
      : postSigned({ url, secret: SECRET }, body, 'application/x-www-form-urlencoded');
  const firstDelivery = new Map<string, Delivery>();
  const logged = (event: string, pred: (f: Record<string, unknown>) => boolean = () => true) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const on = (f: Record<string, unknown>) => {
        if (!pred(f)) return;
        emitter.off(event, on);
        resolve(f);
      };
      emitter.on(event, on);
    });
  const sendEvent: BotUnderTest['sendEvent'] = (event, o = {}) => {
    if (!socket)
      return postSigned(
        { url, secret: SECRET, ...(o.retryNum ? { retryNum: o.retryNum } : {}) },
        eventEnvelope(event, o.eventId),
        'application/json',
      );
    // A retry is Slack sending the same envelope again (retry_attempt > 0).
    const first = o.eventId ? firstDelivery.get(o.eventId) : undefined;
    const d =
      first && o.retryNum ? socket.redeliver(first, 'http_timeout') : socket.sendEvent(event, o.eventId);
    if (o.eventId && !first) firstDelivery.set(o.eventId, d);
    return acked(d);
  };
  const interact = (payload: Record<string, unknown>) =>
    socket ? acked(socket.sendInteractive(payload)) : form(actionBody(payload));
  let triggers = 0;
  const harness: BotUnderTest = {
    slack,
    socket,
    bot,
    config,
    url,
    logs,
    logged,
    seen: (event, pred = () => true) => {
      const past = logs.find((l) => l.event === event && pred(l.fields));
      return past ? Promise.resolve(past.fields) : logged(event, pred);
    },
    sendEvent,
    command: (text, o = {}) =>
      form(
        commandBody({
          command: '/aksdiag',
          text,
          user_id: o.user ?? 'UONCALL1',
          channel_id: o.channel ?? CHANNEL,
          team_id: o.team ?? TEAM,
          ...(o.triggerId ? { trigger_id: o.triggerId } : {}),
        }),
      ),
    interact,
    async run(text) {
      const audited = logged('audit');
      await harness.command(text);
      const entry = await audited;
      if (entry['result'] !== 'started') return entry;
      const mine = (f: Record<string, unknown>) => f['diagnosis'] === entry['diagnosis'];
      await Promise.race([harness.seen('checked', mine), harness.seen('check-failed', mine)]);
      return entry;
    },
    async press(reply, actionId, user, o = {}) {
      const channel = o.channel ?? CHANNEL;
      const blocks = (reply.args['blocks'] ?? []) as {
        elements?: { action_id: string; value: string; text: { text: string } }[];
      }[];
      const button = blocks
        .flatMap((b) => b.elements ?? [])
        .find((e) => typeof e.action_id === 'string' && e.action_id.startsWith(actionId));
      if (!button) throw new Error(`no ${actionId} button in ${JSON.stringify(blocks).slice(0, 300)}`);
      await interact({
        type: 'block_actions',
        user: { id: user, username: user.toLowerCase(), team_id: o.team ?? TEAM },
        team: { id: o.team ?? TEAM, domain: 'lab' },
        channel: { id: channel, name: 'aks-oncall' },
        container: { type: 'message', message_ts: reply.args['ts'], channel_id: channel },
        trigger_id: `trig-${n}-${++triggers}`,
        response_url: 'http://127.0.0.1:1/unused',
        api_app_id: 'AAKSDIAG',
        token: 'unused',
        actions: [
          {
            type: 'button',
            action_id: button.action_id,
            block_id: 'b',
            value: button.value,
            text: button.text,
            action_ts: `${Date.now() / 1000}`,
          },
        ],
      });
      return button;
    },
    shortcut(m, user, o = {}) {
      const channel = (m['channel'] as string | undefined) ?? CHANNEL;
      return interact({
        type: 'message_action',
        callback_id: o.callbackId ?? 'aksdiag_diagnose_message',
        trigger_id: o.triggerId ?? `trig-${n}-${++triggers}`,
        team: { id: TEAM, domain: 'lab' },
        user: { id: user, username: user.toLowerCase(), team_id: TEAM },
        channel: { id: channel, name: 'aks-oncall' },
        message: {
          type: 'message',
          user: m['user'],
          ts: m['ts'],
          text: m['text'],
          ...(m['thread_ts'] ? { thread_ts: m['thread_ts'] } : {}),
        },
        message_ts: m['ts'],
        response_url: slack.responseUrl(),
        api_app_id: 'AAKSDIAG',
        token: 'unused',
      });
    },
    async openHome(user) {
      const from = slack.calls.length;
      const published = slack.waitForCall(
        (c) => c.method === 'views.publish' && c.args['user_id'] === user && c.seq >= from,
      );
      await sendEvent({
        type: 'app_home_opened',
        user,
        channel: `D${user.slice(1)}`,
        tab: 'home',
        event_ts: `${ts++}.000100`,
      });
      const call = await published;
      if (!call.ok) throw new Error(`views.publish refused: ${call.error ?? ''}`);
      return call.args['view'] as { type: string; blocks: unknown[] };
    },
    submit(opened, user, o = {}) {
      const view = opened.args['view'] as { callback_id: string; private_metadata: string };
      const viewId = (opened as { viewId?: string }).viewId ?? `V${opened.seq}`;
      return interact({
        type: 'view_submission',
        team: { id: o.team ?? TEAM, domain: 'lab' },
        user: { id: user, username: user.toLowerCase(), team_id: o.team ?? TEAM },
        api_app_id: 'AAKSDIAG',
        token: 'unused',
        trigger_id: `trig-submit-${n}-${++triggers}`,
        view: {
          id: viewId,
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: { values: {} },
          hash: `h${opened.seq}`,
        },
      });
    },
    posts: () => slack.calls.filter((c) => c.method === 'chat.postMessage'),
    async settle() {
      const m = message('Error: dial tcp 10.224.0.9:10250: i/o timeout');
      const done = logged('diagnosis', (f) => f['thread'] === m.ts);
      await sendEvent(m);
      await done;
    },
    async stop() {
      await bot.stop();
      await socket?.stop();
      await slack.stop();
    },
  };
  return harness;
}

/** A real worker process on the world's Redis and ARM emulator, taking the queue of `bot` (a Redis-store bot). */
export function spawnWorldWorker(world: BotWorld, bot: BotUnderTest): WorkerProcess {
  return spawnWorker({
    REDIS_URL: world.redis.url,
    AKSDIAG_QUEUE_PREFIX: bot.config.queue.prefix,
    AKSDIAG_SUBSCRIPTIONS: world.lab.subscriptionId,
    AKSDIAG_ARM_ENDPOINT: world.arm.endpoint,
    AKSDIAG_ARM_CA_FILE: join(world.dir, 'ca.pem'),
    AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.02',
  });
}
