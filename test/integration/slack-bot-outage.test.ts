/**
 * Redis going away under the bot (the real Bolt app, a real redis-server stopped and started):
 * replies keep coming, no event is answered twice (a retry during the outage, a redelivery after
 * a restart that lost every key), buttons on replies posted during the outage work, and what the
 * bot wrote meanwhile reaches Redis once it is back, where another replica finds it.
 */
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import type { SlackCall } from '../emulators/slack/index.js';
import {
  type BotUnderTest,
  type BotWorld,
  KUBELET_TIMEOUT,
  message,
  startBotUnderTest,
  startBotWorld,
} from '../support/slack-bot.js';

jest.setTimeout(60_000);

let world: BotWorld;
let t: BotUnderTest;
beforeAll(async () => {
  world = await startBotWorld();
  t = await startBotUnderTest(world, { store: 'redis' });
});
afterAll(async () => {
  await t.stop();
  await world.stop();
});

/** The diagnosis replies in a thread (not the fix commands a button posts there). */
const answers = (calls: readonly SlackCall[], ts: string) =>
  calls.filter(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args['thread_ts'] === ts &&
      (c.args['metadata'] as { event_payload?: { kind?: string } } | undefined)?.event_payload?.kind ===
        undefined,
  );
const repliesTo = (ts: string) => answers(t.slack.calls, ts);

async function paste(eventId: string): Promise<{ ts: string; reply: SlackCall; diagnosis: string }> {
  const m = message(KUBELET_TIMEOUT);
  const saved = t.logged('diagnosis', (f) => f['thread'] === m.ts);
  await t.sendEvent(m, { eventId });
  const { diagnosis } = await saved;
  return { ts: m.ts, reply: repliesTo(m.ts)[0]!, diagnosis: String(diagnosis) };
}

it('answers through an outage, once, and writes back what it kept', async () => {
  const down = t.logged('store-unavailable');
  await world.redis.stop();
  const during = await paste('EvOUTAGE1');
  await down;
  // Slack retries the event (it did not hear back in time, say): still one answer.
  await t.sendEvent(message(KUBELET_TIMEOUT, { ts: during.ts }), { eventId: 'EvOUTAGE1', retryNum: 1 });
  await t.settle();
  expect(repliesTo(during.ts)).toHaveLength(1);
  // Its buttons work: the diagnosis is known, not "expired".
  await t.press(during.reply, 'aksdiag_show_fix', 'UONCALL1');
  const fix = await t.slack.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args['thread_ts'] === during.ts &&
      String(c.args['text']).includes('fix commands'),
  );
  expect(fix.ok).toBe(true);

  const back = t.logged('store-recovered');
  await world.redis.start();
  expect((await back)['written']).toBeGreaterThan(0);
  const redis = new Redis(world.redis.url);
  try {
    const prefix = t.config.queue.prefix;
    expect(JSON.parse((await redis.get(`${prefix}:diagnosis:${during.diagnosis}`)) ?? 'null')).toMatchObject({
      id: during.diagnosis,
      channel: 'C0AKSDIAG',
    });
    const audit = await redis.xrange(`${prefix}:audit`, '-', '+');
    expect(audit.map(([, f]) => f[f.indexOf('what') + 1])).toContain('show fix commands');
    // Another replica, on the same Redis, finds the diagnosis written during the outage.
    const other = await startBotUnderTest(world, { store: 'redis', env: { AKSDIAG_QUEUE_PREFIX: prefix } });
    try {
      await other.press(during.reply, 'aksdiag_show_fix', 'UONCALL2');
      const shown = await other.slack.waitForCall((c) => c.method === 'chat.postMessage');
      expect([shown.args['thread_ts'], shown.ok]).toEqual([during.ts, true]);
      // And Slack redelivering the event to it is not answered again.
      await other.sendEvent(message(KUBELET_TIMEOUT, { ts: during.ts }), {
        eventId: 'EvOUTAGE1',
        retryNum: 2,
      });
      await other.settle();
      expect(answers(other.slack.calls, during.ts)).toHaveLength(0);
    } finally {
      await other.stop();
    }
  } finally {
    redis.disconnect();
  }
});

it('a redelivery after Redis restarted without persistence is not answered again, and buttons still work', async () => {
  const before = await paste('EvLOST1');
  await world.redis.crash();
  await world.redis.start();
  await t.sendEvent(message(KUBELET_TIMEOUT, { ts: before.ts }), { eventId: 'EvLOST1', retryNum: 1 });
  await t.settle();
  expect(repliesTo(before.ts)).toHaveLength(1);
  await t.press(before.reply, 'aksdiag_show_fix', 'UONCALL1');
  const fix = await t.slack.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args['thread_ts'] === before.ts &&
      String(c.args['text']).includes('fix commands'),
  );
  expect(fix.ok).toBe(true);
});
