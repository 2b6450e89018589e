/**
 * The metrics count what really happened, with the real parts: the Azure SDK against the ARM
 * emulator answering 429, BullMQ workers on a real redis-server finishing, retrying and failing
 * jobs, and the Bolt app in HTTP mode receiving signed events while its Web API calls go to the
 * Slack emulator (which refuses an unknown channel and rate-limits on request).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue, Worker, type Job } from 'bullmq';
import { createAzureClients } from '../../src/azure/clients.js';
import { CHECKS, type CheckId } from '../../src/checks/catalogue.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createObservability, type Observability } from '../../src/observability/index.js';
import type { ChildResult } from '../../src/queue/payloads.js';
import { startBot, type RunningBot } from '../../src/slack/start.js';
import { aksCluster, fakeCredential, startArmEmulator, type ArmEmulator } from '../emulators/arm/index.js';
import {
  eventEnvelope,
  postSigned,
  startSlackEmulator,
  type SlackEmulator,
} from '../emulators/slack/index.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

const SECRET = 'slack-signing-secret-for-tests';
const PASTE =
  'Error from server: Get "https://10.224.0.5:10250/containerLogs/shop/web-1/web": dial tcp 10.224.0.5:10250: i/o timeout';
const prefix = `met${process.pid}`;

let redis: TestRedis;
let arm: ArmEmulator;
let slack: SlackEmulator;
let config: Config;
let obs: Observability;
const logs: string[] = [];

/** The value of one series in the exposition text, 0 when it has not appeared. */
async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = (await obs.metrics.render()).body;
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const series = want ? `${name}{${want}} ` : `${name} `;
  const line = text.split('\n').find((l) => l.startsWith(series));
  return line ? Number(line.slice(series.length)) : 0;
}

/** Polls until the series reaches `at least` (an error handler runs after the call returned). */
async function reaches(name: string, labels: Record<string, string>, atLeast: number): Promise<number> {
  let v = await value(name, labels);
  for (let i = 0; i < 100 && v < atLeast; i++) {
    await new Promise((r) => setTimeout(r, 50));
    v = await value(name, labels);
  }
  return v;
}

beforeAll(async () => {
  redis = await startTestRedis();
  const lab = aksCluster();
  arm = await startArmEmulator(lab.state);
  slack = await startSlackEmulator();
  config = loadConfig({
    AKSDIAG_SUBSCRIPTIONS: lab.subscriptionId,
    AKSDIAG_ARM_ENDPOINT: arm.endpoint,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    REDIS_URL: redis.url,
    AKSDIAG_QUEUE_PREFIX: prefix,
    AKSDIAG_HEALTH_PORT: '0',
  });
  obs = createObservability(config, { role: 'bot', write: (t) => void logs.push(t) });
});

afterAll(async () => {
  await obs?.stop();
  await Promise.allSettled([arm?.stop(), slack?.stop()]);
  await redis?.cleanup();
});

describe('Azure', () => {
  it('counts a 429, and the SDK sending the same request again', async () => {
    const azure = createAzureClients({
      credential: fakeCredential,
      endpoint: arm.endpoint,
      extraCaPem: arm.caPem,
      retryOptions: { retryDelayInMs: 10, maxRetryDelayInMs: 50 },
    });
    const sub = config.azure!.subscriptions[0]!;
    arm.throttleNext(1, { retryAfterSeconds: 0 });
    const mc = await (await azure.containers(sub)).managedClusters.get('rg-lab', 'aks-lab');
    expect(mc.name).toBe('aks-lab');
    expect(await value('aksdiag_azure_throttled_total', { method: 'GET' })).toBe(1);
    expect(await value('aksdiag_azure_retries_total', { method: 'GET' })).toBe(1);
    expect(await value('aksdiag_azure_requests_total', { method: 'GET', status: '429' })).toBe(1);
    expect(
      await value('aksdiag_azure_requests_total', { method: 'GET', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
  });
});

describe('queue workers', () => {
  const check = Object.keys(CHECKS)[0] as CheckId;
  const result: ChildResult = {
    index: 0,
    finding: {
      check,
      target: 'aks-nodepool1-12345678-vmss000001',
      verdict: 'blocks-port',
      status: 'problem',
      evidence: 'DROP tcp -- anywhere anywhere tcp dpt:10250',
      values: {},
      notes: [],
    },
    source: 'run',
  };

  it('count checks by verdict and duration, retries and failures, with the diagnosis id in the log', async () => {
    const connection = { url: redis.url };
    const queue = new Queue('checks', { connection, prefix });
    const failedOnce = new Set<string>();
    const worker = new Worker(
      'checks',
      async (job: Job) => {
        if (job.name === 'broken') throw new Error('always');
        if (job.name === 'flaky' && !failedOnce.has(job.id!)) {
          failedOnce.add(job.id!);
          throw new Error('once');
        }
        return result;
      },
      { connection, prefix, concurrency: 2 },
    );
    obs.watchWorkers([worker]);
    const settled = (n: number) =>
      new Promise<void>((resolve) => {
        let left = n;
        const one = (_job: unknown, _x: unknown) => void (--left === 0 && resolve());
        worker.on('completed', one);
        worker.on('failed', (job: Job | undefined) => {
          if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) one(job, null);
        });
      });
    const done = settled(3);
    const diagnosis = 'd-0b5f0e4c-1f5e-4f7e-9d7c-3a1b2c3d4e5f';
    await queue.add('ok', { diagnosis }, { jobId: `${diagnosis}.c0` });
    await queue.add('flaky', { diagnosis }, { jobId: `${diagnosis}.c1`, attempts: 2 });
    await queue.add('broken', { diagnosis }, { jobId: `${diagnosis}.c2`, attempts: 1 });
    await done;
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();

    const labels = { check, status: 'problem', verdict: 'blocks-port' };
    expect(await value('aksdiag_checks_total', labels)).toBe(2);
    expect(await value('aksdiag_check_duration_seconds_count', { check, status: 'problem' })).toBe(2);
    expect(await value('aksdiag_queue_job_retries_total', { queue: 'checks' })).toBe(1);
    expect(await value('aksdiag_queue_jobs_failed_total', { queue: 'checks' })).toBe(1);
    const lines = logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(
      lines.filter((l) => l['msg'] === 'check finished' && l['diagnosis_id'] === diagnosis),
    ).toHaveLength(2);
    expect(lines.find((l) => l['msg'] === 'job failed')).toMatchObject({
      diagnosis_id: diagnosis,
      level: 'warn',
    });
  });
});

describe('Slack bot', () => {
  let bot: RunningBot;
  let url: string;
  const post = (channel: string, text: string) =>
    postSigned(
      { url, secret: SECRET },
      eventEnvelope({
        type: 'message',
        channel,
        user: 'UONCALL1',
        text,
        ts: `${Date.now() / 1000}`,
        channel_type: 'channel',
      }),
      'application/json',
    );

  beforeAll(async () => {
    bot = await startBot(config, null, { log: obs.botLog });
    obs.watchBot(bot.app);
    url = `http://127.0.0.1:${bot.port}/slack/events`;
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('counts events received and diagnoses by symptom', async () => {
    expect((await post('C0AKSDIAG', PASTE)).status).toBe(200);
    await slack.waitForCall((c) => c.method === 'chat.postMessage' && c.ok);
    expect(await reaches('aksdiag_diagnoses_total', { symptom: 'tunnel-10250' }, 1)).toBe(1);
    expect(await value('aksdiag_slack_events_received_total', { type: 'message' })).toBe(1);
    const line = logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['event'] === 'diagnosis');
    expect(line).toMatchObject({ level: 'info', symptom: 'tunnel-10250', diagnosis_id: expect.any(String) });
  });

  it('counts Slack API errors by code', async () => {
    await post('C0NOSUCH', PASTE);
    await slack.waitForCall((c) => c.method === 'chat.postMessage' && !c.ok);
    expect(await reaches('aksdiag_slack_api_errors_total', { error: 'channel_not_found' }, 1)).toBe(1);
  });

  it('counts rate limiting from the HTTP answer (WebClient waits it out)', async () => {
    slack.rateLimitNext('chat.postMessage', 1, 0);
    const before = slack.calls.length;
    await post('C0AKSDIAG', `${PASTE} `);
    // WebClient retries after its own back-off: wait for that, or it would call a stopped emulator.
    await slack.waitForCall((c) => c.seq > before && c.method === 'chat.postMessage' && c.ok);
    expect(await value('aksdiag_slack_api_errors_total', { error: 'ratelimited' })).toBe(1);
  });
});
