/**
 * A one-team install as a new user runs it: `aksdiag bot` as a process with only the Slack
 * settings (and Azure's), no REDIS_URL and no Redis anywhere. It says how it runs, keeps its state
 * in one file under the data directory, runs the checks itself, and remembers what it answered
 * across a restart.
 */
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AksLab, type ArmEmulator, aksCluster, startArmEmulator } from '../emulators/arm/index.js';
import {
  type SlackEmulator,
  commandBody,
  eventEnvelope,
  postSigned,
  startSlackEmulator,
} from '../emulators/slack/index.js';
import { type AksdiagProcess, spawnAksdiag } from '../support/aksdiag-process.js';
import { tunnelNodes } from '../support/node-answers.js';
import { CHANNEL, KUBELET_TIMEOUT, SECRET, message } from '../support/slack-bot.js';

jest.setTimeout(60_000);

let slack: SlackEmulator;
let arm: ArmEmulator;
let lab: AksLab;
let home: string;
const running: AksdiagProcess[] = [];

beforeAll(async () => {
  lab = aksCluster();
  arm = await startArmEmulator(lab.state, { runCommandExecutor: tunnelNodes({ ufwBlocksOn: '1' }) });
  slack = await startSlackEmulator({ channels: [CHANNEL] });
  home = mkdtempSync(join(tmpdir(), 'aksdiag-home-'));
  writeFileSync(join(home, 'ca.pem'), arm.caPem);
});

afterAll(async () => {
  for (const p of running) p.kill('SIGKILL');
  await Promise.all(running.map((p) => p.exited));
  await slack.stop();
  await arm.stop();
  rmSync(home, { recursive: true, force: true });
});

/** `aksdiag bot` with the Slack tokens and Azure settings only; resolves once it listens. */
async function startBotProcess(): Promise<{ bot: AksdiagProcess; url: string; health: number }> {
  const bot = spawnAksdiag(['bot'], {
    HOME: home,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    AKSDIAG_HEALTH_PORT: '0',
    AKSDIAG_SUBSCRIPTIONS: lab.subscriptionId,
    AKSDIAG_ARM_ENDPOINT: arm.endpoint,
    AKSDIAG_ARM_CA_FILE: join(home, 'ca.pem'),
    AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.02',
  });
  running.push(bot);
  const [, port] = await bot.printed(/listening on :(\d+)\/slack\/events/);
  const [, health] = await bot.printed(/health server listening on :(\d+)/);
  return { bot, url: `http://127.0.0.1:${port}/slack/events`, health: Number(health) };
}

it('runs a whole install without Redis: embedded store, checks in the bot, state kept across a restart', async () => {
  const first = await startBotProcess();
  const store = join(home, '.aksdiag', 'aksdiag.db');
  // It says how it starts before it connects anywhere.
  expect(first.bot.output()).toContain('"event":"starting"');
  expect(first.bot.output()).toContain(`"store":"embedded (${store})"`);
  expect(first.bot.output()).toContain('"mode":"HTTP mode on port 0"');
  expect(first.bot.output()).toContain('"checks":"in-process"');
  expect(existsSync(store)).toBe(true);
  const ready = await fetch(`http://127.0.0.1:${first.health}/readyz`);
  expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', store: 'ok' }]);

  // /aksdiag runs the checks in the bot's own process and the verdict lands in the thread.
  await postSigned(
    { url: first.url, secret: SECRET },
    commandBody({
      command: '/aksdiag',
      text: `aks-lab ${KUBELET_TIMEOUT}`,
      user_id: 'UONCALL1',
      channel_id: CHANNEL,
      team_id: 'TAKSDIAG',
    }),
    'application/x-www-form-urlencoded',
  );
  const verdict = await slack.waitForCall(
    (c) => c.method === 'chat.update' && JSON.stringify(c.args['metadata'] ?? '').includes('"status":"done"'),
    30_000,
  );
  expect(JSON.stringify(verdict.args['metadata'])).toContain('ufw-blocks-10250');

  const paste = message(KUBELET_TIMEOUT);
  await postSigned({ url: first.url, secret: SECRET }, eventEnvelope(paste, 'EvKEPT1'), 'application/json');
  await slack.waitForCall((c) => c.method === 'chat.postMessage' && c.args['thread_ts'] === paste.ts);
  first.bot.kill('SIGTERM');
  expect(await first.bot.exited).toEqual({ code: 0, signal: null });

  // Slack redelivers the event to the restarted bot: it was answered, so it is not answered again.
  const second = await startBotProcess();
  await postSigned(
    { url: second.url, secret: SECRET, retryNum: 1 },
    eventEnvelope(paste, 'EvKEPT1'),
    'application/json',
  );
  const marker = message('Error: dial tcp 10.224.0.9:10250: i/o timeout');
  await postSigned({ url: second.url, secret: SECRET }, eventEnvelope(marker), 'application/json');
  await slack.waitForCall((c) => c.method === 'chat.postMessage' && c.args['thread_ts'] === marker.ts);
  expect(
    slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args['thread_ts'] === paste.ts),
  ).toHaveLength(1);
  second.bot.kill('SIGTERM');
  expect(await second.bot.exited).toEqual({ code: 0, signal: null });
});
