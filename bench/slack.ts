/**
 * Slack bot benchmark (`npm run bench`): the real Bolt app in HTTP mode with its state in a real
 * redis-server and its Web API calls answered by the Slack emulator. Recognised pastes are posted
 * signed at 50 and 200 events/s; reported: ack latency (HTTP response) p50/p99, time to the threaded
 * reply p50/p99, and the process's peak RSS. Baseline: a plain HTTP round trip to the emulator at
 * the same rate, measured in the same run.
 */
import { loadConfig } from '../src/config.js';
import { startBot } from '../src/slack/start.js';
import { eventEnvelope, postSigned, startSlackEmulator } from '../test/emulators/slack/index.js';
import { startTestRedis } from '../test/support/redis.js';

const SECRET = 'bench-signing-secret';
const PASTE =
  'Error from server: Get "https://10.224.0.5:10250/containerLogs/shop/web-1/web": dial tcp 10.224.0.5:10250: i/o timeout';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSlackBench(): Promise<void> {
  const redis = await startTestRedis();
  const slack = await startSlackEmulator({ channels: ['C0BENCH'] });
  const config = loadConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    REDIS_URL: redis.url,
  });
  const bot = await startBot(config, null);
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  process.stdout.write(
    '\naksdiag Slack bot benchmark (Bolt HTTP mode, redis-server and the Slack emulator on loopback)\n',
  );
  process.stdout.write(
    'rate/s  events  ack p50 ms  ack p99 ms  baseline p50 ms  ack/baseline  reply p50 ms  reply p99 ms\n',
  );
  let seq = 0;
  try {
    for (const [rate, seconds] of [
      [50, 4],
      [200, 3],
    ] as const) {
      const n = rate * seconds;
      const acks: number[] = [];
      const replies: number[] = [];
      const base: number[] = [];
      const sentAt = new Map<string, number>();
      const onReply = (ts: string) => {
        const t0 = sentAt.get(ts);
        if (t0 !== undefined) replies.push(performance.now() - t0);
      };
      const seen = new Set<number>();
      const poll = setInterval(() => {
        for (const c of slack.calls) {
          if (seen.has(c.seq) || c.method !== 'chat.postMessage') continue;
          seen.add(c.seq);
          onReply(String(c.args['thread_ts']));
        }
      }, 5);
      const inflight: Promise<void>[] = [];
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        const due = start + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const ts = `${1_900_000_000 + seq++}.000100`;
        const body = eventEnvelope({
          type: 'message',
          channel: 'C0BENCH',
          channel_type: 'channel',
          user: 'U1',
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
      process.stdout.write(
        `${String(rate).padStart(6)}  ${String(n).padStart(6)}  ${pct(acks, 50).toFixed(2).padStart(10)}  ${pct(acks, 99).toFixed(2).padStart(10)}  ${b50.toFixed(2).padStart(15)}  ${(pct(acks, 50) / b50).toFixed(1).padStart(12)}  ${pct(replies, 50).toFixed(2).padStart(12)}  ${pct(replies, 99).toFixed(2).padStart(12)}${replies.length < n ? `  (${replies.length} of ${n} replies)` : ''}\n`,
      );
    }
    process.stdout.write(
      `peak RSS of the process (bot + emulator + load generator): ${(peakRss / 2 ** 20).toFixed(0)} MiB\n`,
    );
  } finally {
    clearInterval(sampler);
    await bot.stop();
    await slack.stop();
    await redis.cleanup();
  }
}
