/**
 * Slack bot benchmark (`npm run bench`): `aksdiag bot` as its own process (the production program,
 * bench/process.ts) in HTTP mode, its Web API calls answered by the Slack emulator, an Azure
 * subscription configured (the ARM emulator) so that it is set up to run checks as in production.
 * Twice: with its state in a real redis-server and checks on the queue, and with the embedded
 * store and checks in the process. Recognised pastes are posted signed at 50 and 200 events/s;
 * reported: ack latency (HTTP response) p50/p99, time to the threaded reply p50/p99, and the bot
 * process's resident memory idle and at its peak under each rate, read from outside. Baseline: a
 * plain HTTP round trip to the emulator at the same rate, measured in the same run.
 */
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aksCluster, startArmEmulator } from '../test/emulators/arm/index.js';
import {
  eventEnvelope,
  postSigned,
  startSlackEmulator,
  type SlackEmulator,
} from '../test/emulators/slack/index.js';
import { startTestRedis } from '../test/support/redis.js';
import { imageNodeFlags, imageNodeOptions, startAksdiag } from './aksdiag-process.js';
import { mb, rssNow, watchPeak } from './rss.js';

const SECRET = 'bench-signing-secret';
const PASTE =
  'Error from server: Get "https://10.224.0.5:10250/containerLogs/shop/web-1/web": dial tcp 10.224.0.5:10250: i/o timeout';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const out = (text: string): void => void process.stdout.write(text);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

let seq = 0;

/** Posts `rate` events a second for `seconds`; the latency figures as one table row. */
async function load(slack: SlackEmulator, url: string, rate: number, seconds: number): Promise<string> {
  const n = rate * seconds;
  const acks: number[] = [];
  const replies: number[] = [];
  const base: number[] = [];
  const sentAt = new Map<string, number>();
  const seen = new Set<number>();
  const poll = setInterval(() => {
    for (const c of slack.calls) {
      if (seen.has(c.seq) || c.method !== 'chat.postMessage') continue;
      seen.add(c.seq);
      const t0 = sentAt.get(String(c.args['thread_ts']));
      if (t0 !== undefined) replies.push(performance.now() - t0);
    }
  }, 5);
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const ts = `${1_900_000_000 + seq++}.000100`;
    const body = eventEnvelope({
      type: 'message',
      channel: 'C0BENCH',
      channel_type: 'channel',
      user: 'U0BENCH01',
      text: PASTE,
      ts,
    });
    sentAt.set(ts, performance.now());
    const t0 = performance.now();
    inflight.push(
      postSigned({ url, secret: SECRET }, body, 'application/json').then(
        () => void acks.push(performance.now() - t0),
      ),
    );
    // The baseline: the same rate of plain HTTP round trips to the emulator (auth.test).
    const b0 = performance.now();
    inflight.push(
      fetch(`${slack.apiUrl}auth.test`, {
        method: 'POST',
        headers: { authorization: `Bearer ${slack.botToken}` },
      })
        .then((r) => r.text())
        .then(() => void base.push(performance.now() - b0)),
    );
  }
  await Promise.all(inflight);
  const deadline = performance.now() + 30_000;
  while (replies.length < n && performance.now() < deadline) await sleep(20);
  clearInterval(poll);
  const b50 = pct(base, 50);
  const f = (x: number, w: number) => x.toFixed(2).padStart(w);
  return `${String(rate).padStart(6)}  ${String(n).padStart(6)}  ${f(pct(acks, 50), 10)}  ${f(pct(acks, 99), 10)}  ${f(b50, 15)}  ${(pct(acks, 50) / b50).toFixed(1).padStart(12)}  ${f(pct(replies, 50), 12)}  ${f(pct(replies, 99), 12)}${replies.length < n ? `  (${replies.length} of ${n} replies)` : ''}`;
}

export async function runSlackBench(): Promise<void> {
  const redis = await startTestRedis();
  const slack = await startSlackEmulator({ channels: ['C0BENCH'] });
  const lab = aksCluster({ nodeCount: 3 });
  const emu = await startArmEmulator(lab.state, {});
  const dir = mkdtempSync(join(tmpdir(), 'aksdiag-bench-bot-'));
  writeFileSync(join(dir, 'ca.pem'), emu.caPem);
  const common = {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    AKSDIAG_SUBSCRIPTIONS: lab.subscriptionId,
    AKSDIAG_ARM_ENDPOINT: emu.endpoint,
    AKSDIAG_ARM_CA_FILE: join(dir, 'ca.pem'),
  };
  const modes: [string, Record<string, string>][] = [
    ['Redis store, checks on the queue', { REDIS_URL: redis.url }],
    ['embedded store, checks in the process', { AKSDIAG_DATA_DIR: join(dir, 'data') }],
  ];
  out(
    `\naksdiag Slack bot benchmark (aksdiag bot in HTTP mode, its own process, node as the image runs it: ${[...imageNodeFlags(), imageNodeOptions()].join(' ')}; the Slack emulator on loopback)\n`,
  );
  try {
    for (const [name, env] of modes) {
      const port = await freePort();
      const bot = await startAksdiag(['bot'], { ...common, ...env, PORT: String(port) }, /listening on :\d+/);
      try {
        await sleep(2000);
        const idle = rssNow(bot.pid);
        out(`${name}: bot RSS idle ${mb(idle)}\n`);
        out(
          'rate/s  events  ack p50 ms  ack p99 ms  baseline p50 ms  ack/baseline  reply p50 ms  reply p99 ms  bot RSS peak\n',
        );
        for (const [rate, seconds] of [
          [50, 4],
          [200, 3],
        ] as const) {
          const peak = watchPeak(bot.pid);
          const row = await load(slack, `http://127.0.0.1:${port}/slack/events`, rate, seconds);
          out(`${row}  ${mb(peak.stop()).padStart(12)}\n`);
        }
      } finally {
        await bot.stop();
      }
    }
  } finally {
    await emu.stop();
    await slack.stop();
    await redis.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}
