/**
 * The Slack bot end to end without Slack: the real Bolt app receives requests signed as Slack signs
 * them; its Web API calls go to the Slack emulator, which refuses what Slack would;
 * checks run against the ARM emulator. Every case runs in HTTP mode and in Socket Mode (the
 * emulator's WebSocket link), each with its state in a real redis-server and in the embedded
 * SQLite store (no Redis at all, as `aksdiag bot` with only Slack tokens runs).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { DiagnosisQueue } from '../../src/queue/client.js';
import { queueRunner } from '../../src/queue/runner.js';
import { openStore } from '../../src/store/open.js';
import { securityRule } from '../emulators/arm/index.js';
import { eventEnvelope, postSigned, type SlackCall } from '../emulators/slack/index.js';
import { loadFixture } from '../support/fixtures.js';
import {
  type BotUnderTest,
  type BotWorld,
  CHANNEL,
  KUBELET_TIMEOUT,
  SECRET,
  SETUPS,
  message,
  startBotUnderTest,
  spawnWorldWorker,
  startBotWorld,
} from '../support/slack-bot.js';

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.stop());

describe.each(SETUPS)('the bot with the %s store in %s mode', (store, mode) => {
  let t: BotUnderTest;
  beforeEach(async () => {
    t = await startBotUnderTest(world, { store, mode });
  });
  afterEach(() => t.stop());

  describe('pastes in a channel', () => {
    it('a recognised paste gets exactly one threaded reply whose metadata names the symptom', async () => {
      const m = message(KUBELET_TIMEOUT);
      expect((await t.sendEvent(m)).status).toBe(200);
      const reply = await t.slack.waitForCall((c) => c.method === 'chat.postMessage');
      expect(reply.ok).toBe(true);
      expect(reply.args['thread_ts']).toBe(m.ts);
      expect(reply.args['metadata']).toMatchObject({
        event_type: 'aksdiag_diagnosis',
        event_payload: { symptom: 'tunnel-10250', diagnosis_id: expect.any(String) },
      });
      const buttons = JSON.stringify(reply.args['blocks']);
      expect(buttons).toContain('Show fix commands');
      expect(buttons).toContain('Not this');
      await t.settle();
      expect(t.posts().filter((c) => c.args['thread_ts'] === m.ts)).toHaveLength(1);
    });

    it('the same event delivered three times (Slack retries) is answered once', async () => {
      const m = message(KUBELET_TIMEOUT);
      await t.sendEvent(m, { eventId: 'EvSAME1' });
      await t.sendEvent(m, { eventId: 'EvSAME1', retryNum: 1 });
      await t.sendEvent(m, { eventId: 'EvSAME1', retryNum: 2 });
      await t.settle();
      expect(t.posts().filter((c) => c.args['thread_ts'] === m.ts)).toHaveLength(1);
    });

    // HTTP mode only: in Socket Mode nothing reaches the bot but over the link it opened itself.
    const httpOnly = mode === 'http' ? it : () => undefined;
    httpOnly('unsigned, forged or stale requests are refused and nothing is posted', async () => {
      const body = eventEnvelope(message(KUBELET_TIMEOUT));
      const forged = await postSigned(
        { url: t.url, secret: SECRET, forgeWith: 'not-the-secret' },
        body,
        'application/json',
      );
      const stale = await postSigned(
        { url: t.url, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 600 },
        body,
        'application/json',
      );
      const unsigned = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
      await t.settle();
      expect(t.posts()).toHaveLength(1); // settle's own reply only
    });

    it('silence for an unrecognised channel message and for bots; a short answer in a DM', async () => {
      await t.sendEvent(message('lunch at noon?'));
      await t.sendEvent(message(KUBELET_TIMEOUT, { bot_id: 'BOTHER', subtype: 'bot_message' }));
      await t.sendEvent(message('lunch at noon?', { channel: 'D0ONCALL', channel_type: 'im' }));
      const answer = await t.slack.waitForCall(
        (c) => c.method === 'chat.postMessage' && c.args['channel'] === 'D0ONCALL',
      );
      expect(String(answer.args['text'])).toContain('/aksdiag');
      await t.settle();
      expect(t.posts().map((c) => c.args['channel'])).toEqual(['D0ONCALL', CHANNEL]);
    });

    it('a 40 KB paste still gets a reply within Block Kit limits', async () => {
      const big = `${KUBELET_TIMEOUT}\n${Array.from({ length: 800 }, (_, i) => `I1123 10:0${i % 10}:00 kubelet.go:${i}] Error syncing pod aks-nodepool1-12345678-vmss00000${i % 3}: dial tcp 10.224.0.${i % 250}:10250: i/o timeout`).join('\n')}`;
      expect(big.length).toBeGreaterThan(40_000);
      const saved = t.logged('diagnosis');
      await t.sendEvent(message(big));
      await saved;
      const reply = await t.slack.waitForCall((c) => c.method === 'chat.postMessage');
      expect(reply.ok).toBe(true);
      expect((reply.args['blocks'] as unknown[]).length).toBeLessThanOrEqual(50);
    });

    it('a bearer token in a paste appears in no Slack call', async () => {
      const token =
        'eyJhbGciOiJSUzI1NiIsImtpZCI6IkFLU0RJQUcifQ.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ';
      const saved = t.logged('diagnosis');
      await t.sendEvent(
        message(
          `curl -H "Authorization: Bearer ${token}" https://aks-lab-1a2b3c4d.hcp.eastus.azmk8s.io:443/api\n${KUBELET_TIMEOUT}`,
        ),
      );
      await saved;
      const reply = await t.slack.waitForCall((c) => c.method === 'chat.postMessage');
      expect(reply.ok).toBe(true);
      expect(JSON.stringify(t.slack.calls)).not.toContain(token.slice(20));
      expect(JSON.stringify(reply.args['blocks'])).toContain('redacted');
    });
  });

  describe('checks from Slack', () => {
    it('/aksdiag aks-lab <error>: progress in the thread, then the verdict with the fix', async () => {
      const checked = t.logged('checked');
      const res = await t.command(`aks-lab ${KUBELET_TIMEOUT}`);
      expect(res.status).toBe(200);
      const head = await t.slack.waitForCall((c) => c.method === 'chat.postMessage' && !c.args['thread_ts']);
      expect(String(head.args['text'])).toContain('aks-lab');
      const done = await t.slack.waitForCall(
        (c: SlackCall) => c.method === 'chat.update' && String(c.args['text']).includes('ufw'),
        30_000,
      );
      await checked;
      const msg = t.slack.messages.get(`${CHANNEL}/${String(done.args['ts'])}`)!;
      // First the empty bar, then the verdict; every version was accepted by the emulator.
      expect(JSON.stringify(msg.history[0])).toContain('0 of 0');
      const final = JSON.stringify(msg.blocks);
      expect(final).toContain('Confirmed');
      expect(final).toContain('ufw');
      expect(msg.metadata).toMatchObject({
        event_payload: { status: 'done', cluster: 'aks-lab', confirmed: 'ufw-blocks-10250' },
      });
      expect(t.slack.calls.every((c) => c.ok)).toBe(true);
    });

    it('"Run checks" on a diagnosis in a bound channel runs them in its thread', async () => {
      await t.command('bind aks-lab');
      await t.slack.waitForCall(
        (c) => c.method === 'chat.postEphemeral' && String(c.args['text']).includes('aks-lab'),
      );
      const m = message(KUBELET_TIMEOUT);
      await t.sendEvent(m);
      const reply = await t.slack.waitForCall(
        (c) => c.method === 'chat.postMessage' && c.args['thread_ts'] === m.ts,
      );
      const checked = t.logged('checked');
      const run = await t.press(reply, 'aksdiag_run_checks', 'UONCALL1');
      expect(run.text.text).toBe('Run checks on aks-lab');
      const done = await t.slack.waitForCall(
        (c: SlackCall) => c.method === 'chat.update' && String(c.args['text']).includes('ufw'),
        30_000,
      );
      await checked;
      const progress = t
        .posts()
        .find((c) => c.args['thread_ts'] === m.ts && String(c.args['text']).includes('checking'));
      expect(progress).toBeDefined();
      expect(done.args['ts']).toBeDefined();
    });

    it('/aksdiag help and a bad cluster name answer privately', async () => {
      await t.command('help');
      const help = await t.slack.waitForCall((c) => c.method === 'chat.postEphemeral');
      expect(String(help.args['text'])).toContain('/aksdiag bind &lt;cluster&gt;');
      await t.command('not/a/valid/cluster/name');
      const bad = await t.slack.waitForCall(
        (c) => c.method === 'chat.postEphemeral' && c.seq > help.seq && c.args['user'] === 'UONCALL1',
      );
      expect(String(bad.args['text'])).toContain('/aksdiag help');
      expect(t.posts()).toHaveLength(0);
    });
  });

  describe('Apply fix', () => {
    afterEach(() => {
      world.lab.nsg.properties.securityRules = world.lab.nsg.properties.securityRules.filter(
        (r) => !['deny-kubelet', 'allow-kubelet-10250'].includes(r.name),
      );
    });

    it('an approver confirms in a modal, the NSG rule is added, the re-check passes; others are refused and audited', async () => {
      world.lab.nsg.properties.securityRules.push(
        securityRule('deny-kubelet', 'Inbound', 'Deny', 300, '10250'),
      );
      const checked = t.logged('checked');
      await t.command(`aks-lab ${KUBELET_TIMEOUT}`);
      await checked;
      const verdict = [...t.slack.calls]
        .reverse()
        .find((c) => c.method === 'chat.update' && JSON.stringify(c.args['blocks']).includes('Apply fix'))!;
      expect(JSON.stringify(verdict.args['blocks'])).toContain('Apply fix: add the NSG rule');

      // Someone not on the list: refused in private, and the attempt is audited.
      await t.press(verdict, 'aksdiag_apply_fix', 'USTRANGER');
      const refusal = await t.slack.waitForCall(
        (c) => c.method === 'chat.postEphemeral' && c.args['user'] === 'USTRANGER',
      );
      expect(String(refusal.args['text'])).toContain('AKSDIAG_FIX_APPROVERS');
      expect(t.slack.calls.some((c) => c.method === 'views.open')).toBe(false);

      // A member of an allowed user group: the modal names the exact change.
      await t.press(verdict, 'aksdiag_apply_fix', 'UGROUPMEMBER');
      const modal = await t.slack.waitForCall((c) => c.method === 'views.open');
      expect(modal.ok).toBe(true);
      const view = modal.args['view'] as { blocks: unknown[] };
      expect(JSON.stringify(view.blocks)).toContain(
        `Add rule allow-kubelet-10250 to NSG ${world.lab.nsgName}`,
      );

      const fixed = t.logged('fix-rechecked');
      const audited = t.logged('audit', (e) => String(e['result']).startsWith('applied'));
      await t.submit(modal, 'UGROUPMEMBER');
      expect(await fixed).toMatchObject({ cause: 'nsg-blocks-10250', status: 'ruled-out' });
      await audited;
      expect(world.lab.nsg.properties.securityRules.map((r) => r.name)).toContain('allow-kubelet-10250');
      const passes = t.posts().find((c) => String(c.args['text']).includes('After the fix the check passes'));
      expect(passes?.args['metadata']).toMatchObject({
        event_payload: { status: 'fix-verified', cause: 'nsg-blocks-10250' },
      });

      const reader = await openStore(t.config.store, 3000);
      const log = await reader.auditLog();
      await reader.close();
      const fixes = log.filter((e) => e.what === 'apply nsg-blocks-10250' || e.what.startsWith('Add rule'));
      expect(fixes.map((e) => [e.who, e.result.split(':')[0]])).toEqual([
        ['USTRANGER', 'refused'],
        ['UGROUPMEMBER', 'confirmation opened'],
        ['UGROUPMEMBER', 'applied'],
      ]);
    });
  });

  describe('follow-ups in the thread', () => {
    it('"Run checks" without a cluster offers a picker of the clusters aksdiag sees, and runs on the one picked', async () => {
      const m = message(KUBELET_TIMEOUT);
      const saved = t.logged('diagnosis');
      await t.sendEvent(m);
      await saved;
      const reply = t.posts().find((c) => c.args['thread_ts'] === m.ts)!;
      await t.press(reply, 'aksdiag_run_checks', 'UONCALL1');
      const picker = await t.slack.waitForCall(
        (c) =>
          c.method === 'chat.postEphemeral' &&
          JSON.stringify(c.args['blocks'] ?? '').includes('static_select'),
      );
      const actionsBlock = (
        picker.args['blocks'] as {
          type: string;
          block_id?: string;
          elements?: { action_id: string; options: { text: { text: string }; value: string }[] }[];
        }[]
      ).find((b) => b.type === 'actions')!;
      const option = actionsBlock.elements![0]!.options[0]!;
      expect(actionsBlock.elements![0]!.options.map((o) => o.text.text)).toEqual(['rg-lab/aks-lab']);
      const checked = t.logged('checked');
      await t.interact({
        type: 'block_actions',
        user: { id: 'UONCALL1', username: 'oncall', team_id: 'TAKSDIAG' },
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
            selected_option: option,
            action_ts: '1',
          },
        ],
      });
      await checked;
      const final = [...t.slack.calls].reverse().find((c) => c.method === 'chat.update')!;
      expect(final.args['metadata']).toMatchObject({
        event_payload: { status: 'done', cluster: 'aks-lab' },
      });

      // "Show raw output" posts every finding of that run in the thread, as code.
      await t.press(final, 'aksdiag_raw_output', 'UONCALL1');
      const raw = await t.slack.waitForCall(
        (c) => c.method === 'chat.postMessage' && String(c.args['text']).includes('raw output'),
      );
      expect(raw.args['thread_ts']).toBe(m.ts);
      expect(JSON.stringify(raw.args['blocks'])).toContain(
        'node-ufw-status on aks-nodepool1-12345678-vmss000001: blocks-port',
      );
    });

    it('Slack answering 429 is waited out: the reply still arrives, once', async () => {
      t.slack.rateLimitNext('chat.postMessage', 1, 1);
      const m = message(KUBELET_TIMEOUT);
      const saved = t.logged('diagnosis');
      await t.sendEvent(m);
      await saved;
      const toThread = t.slack.calls.filter(
        (c) => c.method === 'chat.postMessage' && c.args['thread_ts'] === m.ts,
      );
      expect(toThread.map((c) => c.error ?? 'ok')).toEqual(['ratelimited', 'ok']);
    });

    it('pasted tool output in the thread refines the diagnosis: the reply is updated in place', async () => {
      const m = message('Error from server: error dialing backend: dial tcp 10.224.0.5:10250: i/o timeout');
      const first = t.logged('diagnosis');
      await t.sendEvent(m);
      await first;
      const reply = [...t.slack.messages.values()].find((x) => x.thread_ts === m.ts)!;
      // What the engineer then ran on a node: nc to the kubelet, timing out.
      const followUp = message(`$ nc -vz -w 5 10.224.0.5 10250\n${loadFixture('nc', 'timeout').text}`, {
        thread_ts: m.ts,
      });
      const updated = t.slack.waitForCall((c) => c.method === 'chat.update' && c.args['ts'] === reply.ts);
      const refined = t.logged('refined');
      await t.sendEvent(followUp);
      const u = await updated;
      await refined;
      expect(u.args['metadata']).toMatchObject({ event_payload: { symptom: 'tunnel-10250' } });
      // One reply in the thread, updated; no second answer.
      expect(t.posts().filter((c) => c.args['thread_ts'] === m.ts)).toHaveLength(1);
    });
  });

  describe('without Azure settings', () => {
    it('the bot still diagnoses, and says which setting live checks need', async () => {
      const bare = await startBotUnderTest(world, { store, mode, runner: () => null });
      try {
        const saved = bare.logged('diagnosis');
        await bare.sendEvent(message(KUBELET_TIMEOUT));
        await saved;
        const reply = bare.posts().at(-1)!;
        const blocks = JSON.stringify(reply.args['blocks']);
        expect(blocks).toContain('set AKSDIAG_SUBSCRIPTIONS');
        expect(blocks).not.toContain('Run checks');
      } finally {
        await bare.stop();
      }
    });
  });
});

describe('checks through the queue (Redis)', () => {
  it('/aksdiag runs on a real worker process and the verdict lands in the thread', async () => {
    let queue: DiagnosisQueue | undefined;
    const t = await startBotUnderTest(world, {
      store: 'redis',
      env: { AKSDIAG_BOT_CHECKS: 'queue' },
      runner: (config) => queueRunner((queue = new DiagnosisQueue(config.queue)), config.queue),
    });
    const worker = spawnWorldWorker(world, t);
    try {
      const checked = t.logged('checked');
      await t.command(`aks-lab ${KUBELET_TIMEOUT}`);
      await checked;
      const final = [...t.slack.calls].reverse().find((c) => c.method === 'chat.update')!;
      expect(final.args['metadata']).toMatchObject({ event_payload: { status: 'done', cluster: 'aks-lab' } });
      expect(JSON.stringify(final.args['metadata'])).toContain('ufw-blocks-10250');
    } finally {
      worker.kill('SIGTERM');
      await worker.exited;
      await queue?.close();
      await t.stop();
    }
  }, 60_000);
});

describe('aksdiag bot', () => {
  it('without a bot token: one line saying what to set, exit 2', async () => {
    let err = '';
    const code = await main(['bot'], {
      stdin: Readable.from([]),
      stdinIsTTY: true,
      stdout: () => undefined,
      stderr: (text) => (err += text),
      env: { REDIS_URL: world.redis.url },
    });
    expect(code).toBe(2);
    expect(err).toMatch(/^aksdiag: SLACK_BOT_TOKEN is not set.*slack-app-manifest\.yaml/);
  });
});
