/**
 * The Slack bot end to end without Slack: the real Bolt app in HTTP mode receives requests signed
 * as Slack signs them; its Web API calls go to the Slack emulator, which refuses what Slack would;
 * state lives in a real redis-server; checks run against the ARM and Kubernetes emulators.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

import { applyFix } from '../../src/run/apply-fix.js';
import { createAzureClients } from '../../src/azure/clients.js';
import { listClusters } from '../../src/azure/find-cluster.js';
import { type Config, loadConfig } from '../../src/config.js';
import { DiagnosisQueue } from '../../src/queue/client.js';
import { queueRunner } from '../../src/queue/runner.js';
import { inProcessRunner } from '../../src/run/runner.js';
import { startBot, type RunningBot } from '../../src/slack/start.js';
import {
  type AksLab,
  type ArmEmulator,
  aksCluster,
  fakeCredential,
  startArmEmulator,
  securityRule,
} from '../emulators/arm/index.js';
import {
  type SlackCall,
  type SlackEmulator,
  actionBody,
  commandBody,
  eventEnvelope,
  postSigned,
  startSlackEmulator,
} from '../emulators/slack/index.js';
import { loadFixture } from '../support/fixtures.js';
import { tunnelNodes } from '../support/node-answers.js';
import { spawnWorker } from '../support/queue-worker.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

const SECRET = 'slack-signing-secret-for-tests';
const CHANNEL = 'C0AKSDIAG';
const KUBELET_TIMEOUT =
  'Error from server: Get "https://10.224.0.5:10250/containerLogs/shop/web-1/web": dial tcp 10.224.0.5:10250: i/o timeout';

let redis: TestRedis;
let slack: SlackEmulator;
let arm: ArmEmulator;
let lab: AksLab;
let bot: RunningBot;
let dir: string;
let url: string;
let config: Config;
/** The bot's log events: a test waits for the bot to be done, not for a fixed time. */
const events = new EventEmitter();
const logged = (event: string, pred: (f: Record<string, unknown>) => boolean = () => true) =>
  new Promise<Record<string, unknown>>((resolve) => {
    const on = (f: Record<string, unknown>) => {
      if (!pred(f)) return;
      events.off(event, on);
      resolve(f);
    };
    events.on(event, on);
  });

beforeAll(async () => {
  redis = await startTestRedis();
  lab = aksCluster();
  // Node 1 has ufw blocking 10250; everything else is healthy (captured real output).
  arm = await startArmEmulator(lab.state, {
    runCommandExecutor: tunnelNodes({ ufwBlocksOn: '1' }),
  });
  dir = mkdtempSync(join(tmpdir(), 'aksdiag-bot-'));
  writeFileSync(join(dir, 'ca.pem'), arm.caPem);
});

beforeEach(async () => {
  await bot?.stop();
  await slack?.stop();
  slack = await startSlackEmulator({ channels: [CHANNEL], userGroups: { S0PLATFORM: ['UGROUPMEMBER'] } });
  config = loadConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    REDIS_URL: redis.url,
    AKSDIAG_QUEUE_PREFIX: `t${Date.now()}`,
    AKSDIAG_SUBSCRIPTIONS: lab.subscriptionId,
    AKSDIAG_ARM_ENDPOINT: arm.endpoint,
    AKSDIAG_ARM_CA_FILE: join(dir, 'ca.pem'),
    AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.02',
    AKSDIAG_FIX_APPROVERS: 'UAPPROVER1,S0PLATFORM',
    AKSDIAG_BOT_CHECKS: 'in-process',
  });
  events.removeAllListeners();
  const azure = createAzureClients({ credential: fakeCredential, ...config.azure! });
  bot = await startBot(config, inProcessRunner(config, fakeCredential), {
    log: (event, fields) => events.emit(event, fields),
    fixer: (action) => applyFix(action, { azure, credential: fakeCredential, config }),
    listClusters: () => listClusters(azure, [lab.subscriptionId]),
  });
  url = `http://127.0.0.1:${bot.port}/slack/events`;
});

afterAll(async () => {
  await bot?.stop();
  await slack?.stop();
  await arm.stop();
  await redis.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

let ts = 1_800_000_000;
const message = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channel: CHANNEL,
  channel_type: 'channel',
  user: 'UONCALL1',
  text,
  ts: `${ts++}.000100`,
  event_ts: `${ts}.000100`,
  ...extra,
});
const sendEvent = (event: Record<string, unknown>, eventId?: string, retryNum?: number) =>
  postSigned(
    { url, secret: SECRET, ...(retryNum ? { retryNum } : {}) },
    eventEnvelope(event, eventId),
    'application/json',
  );
const posts = () => slack.calls.filter((c) => c.method === 'chat.postMessage');

/**
 * Sends a marker paste and waits until the bot has fully handled it. Events are handled in the order
 * they arrive, each after a Redis round trip, so what was sent before has been handled too.
 */
async function settle(): Promise<void> {
  const m = message('Error: dial tcp 10.224.0.9:10250: i/o timeout');
  const done = logged('diagnosis', (f) => f['thread'] === m.ts);
  await sendEvent(m);
  await done;
}

describe('pastes in a channel', () => {
  it('a recognised paste gets exactly one threaded reply whose metadata names the symptom', async () => {
    const m = message(KUBELET_TIMEOUT);
    expect((await sendEvent(m)).status).toBe(200);
    const reply = await slack.waitForCall((c) => c.method === 'chat.postMessage');
    expect(reply.ok).toBe(true);
    expect(reply.args['thread_ts']).toBe(m.ts);
    expect(reply.args['metadata']).toMatchObject({
      event_type: 'aksdiag_diagnosis',
      event_payload: { symptom: 'tunnel-10250', diagnosis_id: expect.any(String) },
    });
    const buttons = JSON.stringify(reply.args['blocks']);
    expect(buttons).toContain('Show fix commands');
    expect(buttons).toContain('Not this');
    await settle();
    expect(posts().filter((c) => c.args['thread_ts'] === m.ts)).toHaveLength(1);
  });

  it('the same event delivered three times (Slack retries) is answered once', async () => {
    const m = message(KUBELET_TIMEOUT);
    await sendEvent(m, 'EvSAME1');
    await sendEvent(m, 'EvSAME1', 1);
    await sendEvent(m, 'EvSAME1', 2);
    await settle();
    expect(posts().filter((c) => c.args['thread_ts'] === m.ts)).toHaveLength(1);
  });

  it('unsigned, forged or stale requests are refused and nothing is posted', async () => {
    const body = eventEnvelope(message(KUBELET_TIMEOUT));
    const forged = await postSigned(
      { url, secret: SECRET, forgeWith: 'not-the-secret' },
      body,
      'application/json',
    );
    const stale = await postSigned(
      { url, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 600 },
      body,
      'application/json',
    );
    const unsigned = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    await settle();
    expect(posts()).toHaveLength(1); // settle's own reply only
  });

  it('silence for an unrecognised channel message and for bots; a short answer in a DM', async () => {
    await sendEvent(message('lunch at noon?'));
    await sendEvent(message(KUBELET_TIMEOUT, { bot_id: 'BOTHER', subtype: 'bot_message' }));
    const dm = message('lunch at noon?', { channel: 'D0ONCALL', channel_type: 'im' });
    await sendEvent(dm);
    const answer = await slack.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args['channel'] === 'D0ONCALL',
    );
    expect(String(answer.args['text'])).toContain('/aksdiag');
    await settle();
    expect(posts().map((c) => c.args['channel'])).toEqual(['D0ONCALL', CHANNEL]);
  });

  it('a 40 KB paste still gets a reply within Block Kit limits', async () => {
    const big = `${KUBELET_TIMEOUT}\n${Array.from({ length: 800 }, (_, i) => `I1123 10:0${i % 10}:00 kubelet.go:${i}] Error syncing pod aks-nodepool1-12345678-vmss00000${i % 3}: dial tcp 10.224.0.${i % 250}:10250: i/o timeout`).join('\n')}`;
    expect(big.length).toBeGreaterThan(40_000);
    const saved = logged('diagnosis');
    await sendEvent(message(big));
    await saved;
    const reply = await slack.waitForCall((c) => c.method === 'chat.postMessage');
    expect(reply.ok).toBe(true);
    expect((reply.args['blocks'] as unknown[]).length).toBeLessThanOrEqual(50);
  });

  it('a bearer token in a paste appears in no Slack call', async () => {
    const token =
      'eyJhbGciOiJSUzI1NiIsImtpZCI6IkFLU0RJQUcifQ.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ';
    const saved = logged('diagnosis');
    await sendEvent(
      message(
        `curl -H "Authorization: Bearer ${token}" https://aks-lab-1a2b3c4d.hcp.eastus.azmk8s.io:443/api\n${KUBELET_TIMEOUT}`,
      ),
    );
    await saved;
    const reply = await slack.waitForCall((c) => c.method === 'chat.postMessage');
    expect(reply.ok).toBe(true);
    expect(JSON.stringify(slack.calls)).not.toContain(token.slice(20));
    expect(JSON.stringify(reply.args['blocks'])).toContain('redacted');
  });
});

describe('checks from Slack', () => {
  const finalOf = (tsOf: string) => slack.messages.get(`${CHANNEL}/${tsOf}`)!;

  it('/aksdiag aks-lab <error>: progress in the thread, then the verdict with the fix', async () => {
    const checked = logged('checked');
    const res = await postSigned(
      { url, secret: SECRET },
      commandBody({
        command: '/aksdiag',
        text: `aks-lab ${KUBELET_TIMEOUT}`,
        user_id: 'UONCALL1',
        channel_id: CHANNEL,
      }),
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(200);
    const head = await slack.waitForCall((c) => c.method === 'chat.postMessage' && !c.args['thread_ts']);
    expect(String(head.args['text'])).toContain('aks-lab');
    const done = await slack.waitForCall(
      (c: SlackCall) => c.method === 'chat.update' && String(c.args['text']).includes('ufw'),
      30_000,
    );
    await checked;
    const msg = finalOf(String(done.args['ts']));
    // First the empty bar, then the verdict; every version was accepted by the emulator.
    expect(JSON.stringify(msg.history[0])).toContain('0 of 0');
    const final = JSON.stringify(msg.blocks);
    expect(final).toContain('Confirmed');
    expect(final).toContain('ufw');
    expect(msg.metadata).toMatchObject({
      event_payload: { status: 'done', cluster: 'aks-lab', confirmed: 'ufw-blocks-10250' },
    });
    expect(slack.calls.every((c) => c.ok)).toBe(true);
  });

  it('"Run checks" on a diagnosis in a bound channel runs them in its thread', async () => {
    await postSigned(
      { url, secret: SECRET },
      commandBody({ command: '/aksdiag', text: 'bind aks-lab', user_id: 'UONCALL1', channel_id: CHANNEL }),
      'application/x-www-form-urlencoded',
    );
    await slack.waitForCall(
      (c) => c.method === 'chat.postEphemeral' && String(c.args['text']).includes('aks-lab'),
    );
    const m = message(KUBELET_TIMEOUT);
    await sendEvent(m);
    const reply = await slack.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args['thread_ts'] === m.ts,
    );
    const checked = logged('checked');
    const run = await press(reply, 'aksdiag_run_checks', 'UONCALL1');
    expect(run.text.text).toBe('Run checks on aks-lab');
    const done = await slack.waitForCall(
      (c: SlackCall) => c.method === 'chat.update' && String(c.args['text']).includes('ufw'),
      30_000,
    );
    await checked;
    const progress = posts().find(
      (c) => c.args['thread_ts'] === m.ts && String(c.args['text']).includes('checking'),
    );
    expect(progress).toBeDefined();
    expect(done.args['ts']).toBeDefined();
  });

  it('/aksdiag help and a bad cluster name answer privately', async () => {
    await postSigned(
      { url, secret: SECRET },
      commandBody({ command: '/aksdiag', text: 'help', user_id: 'UONCALL1', channel_id: CHANNEL }),
      'application/x-www-form-urlencoded',
    );
    const help = await slack.waitForCall((c) => c.method === 'chat.postEphemeral');
    expect(String(help.args['text'])).toContain('/aksdiag bind <cluster>');
    expect(posts()).toHaveLength(0);
  });
});

describe('aksdiag bot', () => {
  it('without a bot token: one line saying what to set, exit 2', async () => {
    let err = '';
    const code = await main(['bot'], {
      stdin: Readable.from([]),
      stdinIsTTY: true,
      stdout: () => undefined,
      stderr: (t) => (err += t),
      env: { REDIS_URL: redis.url },
    });
    expect(code).toBe(2);
    expect(err).toMatch(/^aksdiag: SLACK_BOT_TOKEN is not set.*slack-app-manifest\.yaml/);
  });

  it('a token Slack refuses: a clear error at start, before any event is taken', async () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-revoked',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      REDIS_URL: redis.url,
    });
    await expect(startBot(config, null)).rejects.toThrow(/Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
  });
});

/** Presses a button of a message the bot posted, as `user`. */
async function press(reply: SlackCall, actionId: string, user: string, channel = CHANNEL) {
  const blocks = (reply.args['blocks'] ?? []) as {
    elements?: { action_id: string; value: string; text: { text: string } }[];
  }[];
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button in ${JSON.stringify(blocks).slice(0, 300)}`);
  await postSigned(
    { url, secret: SECRET },
    actionBody({
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase() },
      team: { id: 'TAKSDIAG', domain: 'lab' },
      channel: { id: channel, name: 'aks-oncall' },
      container: { type: 'message', message_ts: reply.args['ts'], channel_id: channel },
      trigger_id: `trig-${user}-${Date.now()}`,
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
          action_ts: '1',
        },
      ],
    }),
    'application/x-www-form-urlencoded',
  );
  return button;
}

describe('Apply fix', () => {
  it('an approver confirms in a modal, the NSG rule is added, the re-check passes; others are refused and audited', async () => {
    lab.nsg.properties.securityRules.push(securityRule('deny-kubelet', 'Inbound', 'Deny', 300, '10250'));
    const checked = logged('checked');
    await postSigned(
      { url, secret: SECRET },
      commandBody({
        command: '/aksdiag',
        text: `aks-lab ${KUBELET_TIMEOUT}`,
        user_id: 'UONCALL1',
        channel_id: CHANNEL,
      }),
      'application/x-www-form-urlencoded',
    );
    await checked;
    const verdict = [...slack.calls]
      .reverse()
      .find((c) => c.method === 'chat.update' && JSON.stringify(c.args['blocks']).includes('Apply fix'))!;
    expect(JSON.stringify(verdict.args['blocks'])).toContain('Apply fix: An NSG');

    // Someone not on the list: refused in private, and the attempt is audited.
    await press(verdict, 'aksdiag_apply_fix', 'USTRANGER');
    const refusal = await slack.waitForCall(
      (c) => c.method === 'chat.postEphemeral' && c.args['user'] === 'USTRANGER',
    );
    expect(String(refusal.args['text'])).toContain('AKSDIAG_FIX_APPROVERS');
    expect(slack.calls.some((c) => c.method === 'views.open')).toBe(false);

    // A member of an allowed user group: the modal names the exact change.
    const button = await press(verdict, 'aksdiag_apply_fix', 'UGROUPMEMBER');
    const modal = await slack.waitForCall((c) => c.method === 'views.open');
    expect(modal.ok).toBe(true);
    const view = modal.args['view'] as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(JSON.stringify(view.blocks)).toContain(`Add rule allow-kubelet-10250 to NSG ${lab.nsgName}`);
    expect(button.value).toContain('nsg-blocks-10250');

    const fixed = logged('fix-rechecked');
    await postSigned(
      { url, secret: SECRET },
      actionBody({
        type: 'view_submission',
        team: { id: 'TAKSDIAG', domain: 'lab' },
        user: { id: 'UGROUPMEMBER', username: 'member' },
        api_app_id: 'AAKSDIAG',
        token: 'unused',
        trigger_id: 'trig-submit',
        view: {
          id: 'V1',
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: { values: {} },
          hash: 'h',
        },
      }),
      'application/x-www-form-urlencoded',
    );
    expect(await fixed).toMatchObject({ cause: 'nsg-blocks-10250', status: 'ruled-out' });
    expect(lab.nsg.properties.securityRules.map((r) => r.name)).toContain('allow-kubelet-10250');
    const passes = posts().find((c) => String(c.args['text']).includes('After the fix the check passes'));
    expect(passes?.args['metadata']).toMatchObject({
      event_payload: { status: 'fix-verified', cause: 'nsg-blocks-10250' },
    });

    const store = (await import('../../src/slack/store.js')).BotStore;
    const { Redis } = await import('ioredis');
    const r = new Redis(redis.url);
    const log = await new store(r, config.queue.prefix).auditLog();
    r.disconnect();
    expect(log.map((e) => [e.who, e.result.split(':')[0]])).toEqual([
      ['UGROUPMEMBER', 'applied'],
      ['USTRANGER', 'refused'],
    ]);
  });
});

describe('checks through the queue', () => {
  it('/aksdiag runs on a real worker process and the verdict lands in the thread', async () => {
    const queue = new DiagnosisQueue(config.queue);
    await bot.stop();
    bot = await startBot(config, queueRunner(queue, config.queue), {
      log: (event, fields) => events.emit(event, fields),
    });
    url = `http://127.0.0.1:${bot.port}/slack/events`;
    const worker = spawnWorker({
      REDIS_URL: redis.url,
      AKSDIAG_QUEUE_PREFIX: config.queue.prefix,
      AKSDIAG_SUBSCRIPTIONS: lab.subscriptionId,
      AKSDIAG_ARM_ENDPOINT: arm.endpoint,
      AKSDIAG_ARM_CA_FILE: join(dir, 'ca.pem'),
      AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.02',
    });
    try {
      const checked = logged('checked');
      await postSigned(
        { url, secret: SECRET },
        commandBody({
          command: '/aksdiag',
          text: `aks-lab ${KUBELET_TIMEOUT}`,
          user_id: 'UONCALL1',
          channel_id: CHANNEL,
        }),
        'application/x-www-form-urlencoded',
      );
      await checked;
      const final = [...slack.calls].reverse().find((c) => c.method === 'chat.update')!;
      expect(final.args['metadata']).toMatchObject({ event_payload: { status: 'done', cluster: 'aks-lab' } });
      expect(String(final.args['metadata'] && JSON.stringify(final.args['metadata']))).toContain(
        'ufw-blocks-10250',
      );
    } finally {
      worker.kill('SIGTERM');
      await worker.exited;
      await queue.close();
    }
  }, 60_000);
});

describe('follow-ups in the thread', () => {
  it('"Run checks" without a cluster offers a picker of the clusters aksdiag sees, and runs on the one picked', async () => {
    const m = message(KUBELET_TIMEOUT);
    const saved = logged('diagnosis');
    await sendEvent(m);
    await saved;
    const reply = posts().find((c) => c.args['thread_ts'] === m.ts)!;
    await press(reply, 'aksdiag_run_checks', 'UONCALL1');
    const picker = await slack.waitForCall(
      (c) =>
        c.method === 'chat.postEphemeral' && JSON.stringify(c.args['blocks'] ?? '').includes('static_select'),
    );
    const actionsBlock = (
      picker.args['blocks'] as {
        type: string;
        block_id?: string;
        elements?: { action_id: string; options: { value: string }[] }[];
      }[]
    ).find((b) => b.type === 'actions')!;
    expect(actionsBlock.elements![0]!.options.map((o) => o.value)).toEqual(['rg-lab/aks-lab']);
    const checked = logged('checked');
    await postSigned(
      { url, secret: SECRET },
      actionBody({
        type: 'block_actions',
        user: { id: 'UONCALL1', username: 'oncall' },
        team: { id: 'TAKSDIAG', domain: 'lab' },
        channel: { id: CHANNEL, name: 'aks-oncall' },
        container: { type: 'message', message_ts: reply.args['ts'], channel_id: CHANNEL },
        trigger_id: 'trig-pick',
        response_url: 'http://127.0.0.1:1/unused',
        api_app_id: 'AAKSDIAG',
        token: 'unused',
        actions: [
          {
            type: 'static_select',
            action_id: 'aksdiag_pick_cluster',
            block_id: actionsBlock.block_id,
            selected_option: {
              text: { type: 'plain_text', text: 'rg-lab/aks-lab' },
              value: 'rg-lab/aks-lab',
            },
            action_ts: '1',
          },
        ],
      }),
      'application/x-www-form-urlencoded',
    );
    await checked;
    const final = [...slack.calls].reverse().find((c) => c.method === 'chat.update')!;
    expect(final.args['metadata']).toMatchObject({
      event_payload: { status: 'done', cluster: 'aks-lab' },
    });

    // "Show raw output" posts every finding of that run in the thread, as code.
    await press(final, 'aksdiag_raw_output', 'UONCALL1');
    const raw = await slack.waitForCall(
      (c) => c.method === 'chat.postMessage' && String(c.args['text']).includes('raw output'),
    );
    expect(raw.args['thread_ts']).toBe(m.ts);
    expect(JSON.stringify(raw.args['blocks'])).toContain(
      'node-ufw-status on aks-nodepool1-12345678-vmss000001: blocks-port',
    );
  });

  it('Slack answering 429 is waited out: the reply still arrives, once', async () => {
    slack.rateLimitNext('chat.postMessage', 1, 1);
    const m = message(KUBELET_TIMEOUT);
    const saved = logged('diagnosis');
    await sendEvent(m);
    await saved;
    const toThread = slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.args['thread_ts'] === m.ts,
    );
    expect(toThread.map((c) => c.error ?? 'ok')).toEqual(['ratelimited', 'ok']);
  });
});

describe('a thread and its follow-ups', () => {
  it('pasted tool output in the thread refines the diagnosis: the reply is updated in place', async () => {
    const m = message('Error from server: error dialing backend: dial tcp 10.224.0.5:10250: i/o timeout');
    const first = logged('diagnosis');
    await sendEvent(m);
    await first;
    const reply = [...slack.messages.values()].find((x) => x.thread_ts === m.ts)!;
    // What the engineer then ran on a node: nc to the kubelet, timing out.
    const followUp = message(`$ nc -vz -w 5 10.224.0.5 10250\n${loadFixture('nc', 'timeout').text}`, {
      thread_ts: m.ts,
    });
    const updated = slack.waitForCall((c) => c.method === 'chat.update' && c.args['ts'] === reply.ts);
    const refined = logged('refined');
    await sendEvent(followUp);
    const u = await updated;
    await refined;
    expect(u.args['metadata']).toMatchObject({ event_payload: { symptom: 'tunnel-10250' } });
    // One reply in the thread, updated; no second answer.
    expect(posts().filter((c) => c.args['thread_ts'] === m.ts)).toHaveLength(1);
  });

  it('without Azure settings the bot still diagnoses, and says which setting live checks need', async () => {
    await bot.stop();
    const noAzure = loadConfig({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      REDIS_URL: redis.url,
      AKSDIAG_QUEUE_PREFIX: `t${Date.now()}`,
    });
    bot = await startBot(noAzure, null, { log: (event, fields) => events.emit(event, fields) });
    url = `http://127.0.0.1:${bot.port}/slack/events`;
    const saved = logged('diagnosis');
    await sendEvent(message(KUBELET_TIMEOUT));
    await saved;
    const reply = posts().at(-1)!;
    const blocks = JSON.stringify(reply.args['blocks']);
    expect(blocks).toContain('set AKSDIAG_SUBSCRIPTIONS');
    expect(blocks).not.toContain('Run checks');
  });
});
