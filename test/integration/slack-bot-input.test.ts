/**
 * What people and broken clients send the bot, through the real Bolt app (HTTP mode, signed as
 * Slack signs, and Socket Mode): hostile text in every listener never reaches Slack as markup and never makes a
 * message Slack refuses; a thread whose message cannot be updated still gets its verdict;
 * malformed payloads get a 4xx or are ignored, are logged once, and crash nothing; a paste with
 * binary bytes after the error is diagnosed on its text.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { actionBody, commandBody, postSigned } from '../emulators/slack/index.js';
import { hostileText, slackProblems } from '../support/hostile-text.js';
import {
  type BotUnderTest,
  type BotWorld,
  CHANNEL,
  KUBELET_TIMEOUT,
  SECRET,
  MODES,
  SETUPS,
  TEAM,
  message,
  startBotUnderTest,
  startBotWorld,
} from '../support/slack-bot.js';

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.stop());

/** Every Slack call the bot made from `from` on, with what is wrong with it. */
const problemsSince = (t: BotUnderTest, from: number) =>
  t.slack.calls
    .slice(from)
    .flatMap((c) => [
      ...(c.ok ? [] : [`${c.method} refused: ${c.error}`]),
      ...slackProblems(c.args, c.method === 'views.open' ? 'modal' : 'message').map(
        (p) => `${c.method}: ${p}`,
      ),
    ]);

describe.each(SETUPS)('with the %s store in %s mode', (store, mode) => {
  let t: BotUnderTest;
  beforeEach(async () => {
    t = await startBotUnderTest(world, { store, mode });
  });
  afterEach(() => t.stop());

  describe('text from people reaches Slack as text', () => {
    it('/aksdiag <!channel>, a disguised link and a 10 KB name: no ping, no link, and the thread ends', async () => {
      // A 10 KB name is no cluster name (refused as typed); a long one that is still runs, and ends.
      const names = [
        '<!channel>',
        '<https://evil.example|aks-lab>',
        `aks-${'x'.repeat(10_000)}`,
        `aks-${'y'.repeat(290)}`,
      ];
      for (const name of names) {
        const from = t.slack.calls.length;
        const entry = await t.run(name);
        await t.settle();
        expect(problemsSince(t, from)).toEqual([]);
        if (entry['result'] !== 'started') {
          // Not a cluster: said privately, as typed.
          const answer = t.slack.calls.slice(from).find((c) => c.method === 'chat.postEphemeral')!;
          const head = name.slice(0, 30).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
          expect(String(answer.args['text'])).toContain(`\`${head}`);
          continue;
        }
        // The progress message became the failure, not "Checking…" for ever.
        const last = [...t.slack.calls].reverse().find((c) => c.method === 'chat.update')!;
        expect(last.args['metadata']).toMatchObject({ event_payload: { status: 'failed' } });
        expect(String(last.args['text'])).toMatch(/could not check/);
      }
    });

    it('when the progress message is gone, the verdict comes as a new message in the thread', async () => {
      const checked = t.logged('checked');
      const progress = t.slack.waitForCall(
        (c) => c.method === 'chat.postMessage' && String(c.args['text']).includes('checking'),
      );
      await t.command(`aks-lab ${KUBELET_TIMEOUT}`);
      // Someone deletes it as soon as it is posted (chat.update then answers message_not_found).
      const thread = (await progress).args['thread_ts'];
      const posted = [...t.slack.messages.values()].find(
        (x) => x.thread_ts === thread && String(x.text).includes('checking'),
      )!;
      (t.slack.messages as Map<string, unknown>).delete(`${CHANNEL}/${posted.ts}`);
      await checked;
      const final = t
        .posts()
        .find(
          (c) =>
            c.args['thread_ts'] === thread &&
            (c.args['metadata'] as { event_payload?: { status?: string } } | undefined)?.event_payload
              ?.status === 'done',
        );
      expect(final?.args['metadata']).toMatchObject({
        event_payload: { status: 'done', cluster: 'aks-lab' },
      });
      expect(t.logs.some((l) => l.event === 'update-failed')).toBe(true);
    });
  });

  describe('malformed payloads', () => {
    it('get a 4xx (HTTP) or an ack (Socket Mode) and are ignored, are logged once each, and the bot keeps answering', async () => {
      const broken: Record<string, unknown>[] = [
        { type: 'view_submission', team: { id: TEAM }, user: { id: 'UONCALL1' } },
        { type: 'block_actions', team: { id: TEAM }, actions: [{ action_id: 'aksdiag_rerun', value: 'd' }] },
        { type: 'no_such_type' },
      ];
      const noUser = { command: '/aksdiag', text: 'help', channel_id: CHANNEL };
      if (t.socket) {
        const socket = t.socket;
        // Acked so that Slack does not send them again, and ignored.
        for (const p of broken) await socket.sendInteractive(p).acked;
        await socket.sendCommand(noUser).acked;
      } else {
        const signed = (body: string, type: 'application/json' | 'application/x-www-form-urlencoded') =>
          postSigned({ url: t.url, secret: SECRET }, body, type).then((r) => r.status);
        const statuses = [
          ...(await Promise.all(
            broken.map((p) => signed(actionBody(p), 'application/x-www-form-urlencoded')),
          )),
          await signed(
            JSON.stringify({ type: 'event_callback', team_id: TEAM, event_id: 'Ev1' }),
            'application/json',
          ),
          await signed(commandBody(noUser), 'application/x-www-form-urlencoded'),
        ];
        expect(statuses).toEqual([400, 400, 400, 400, 400]);
      }
      // A message whose text is not a string: acknowledged (Slack would only send it again), ignored.
      const odd = await t.sendEvent({ ...message('x'), text: 12345 });
      expect(odd.status).toBe(200);
      await t.settle();
      const malformed = t.logs.filter((l) => l.event === 'malformed-payload');
      expect(malformed).toHaveLength(t.socket ? 5 : 6);
      expect(malformed.map((l) => l.fields['problem'])).toEqual(
        expect.arrayContaining([expect.stringMatching(/^view/)]),
      );
    });

    it('a paste whose error line is followed by binary bytes is diagnosed on its text', async () => {
      const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)).toString('latin1');
      const m = message(`${KUBELET_TIMEOUT}\n${bytes}\u0000${bytes}`);
      const saved = t.logged('diagnosis');
      await t.sendEvent(m);
      expect(await saved).toMatchObject({ symptom: 'tunnel-10250', thread: m.ts });
      expect(t.logs.find((l) => l.event === 'binary-dropped')?.fields['lines']).toBeGreaterThan(0);
    });
  });
});

describe.each(MODES)('every listener with hostile text (embedded store, %s mode)', (mode) => {
  let t: BotUnderTest;
  beforeAll(async () => {
    t = await startBotUnderTest(world, { store: 'sqlite', mode });
  });
  afterAll(() => t.stop());

  it('sends Slack no markup and nothing it refuses, whatever is typed', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileText(6),
        fc.constantFrom('cluster', 'bind', 'paste', 'thread', 'check'),
        async (x, where) => {
          const from = t.slack.calls.length;
          if (where === 'cluster') await t.run(x.replace(/\s+/g, '') || 'x');
          else if (where === 'bind') await t.run(`bind ${x}`);
          else if (where === 'check') await t.run(`aks-lab ${KUBELET_TIMEOUT} ${x}`);
          else {
            const m = message(`${KUBELET_TIMEOUT}\n${x}`);
            const saved = t.logged('diagnosis', (f) => f['thread'] === m.ts);
            await t.sendEvent(m);
            await saved;
            if (where === 'thread') {
              const nc = 'nc: connect to 10.224.0.5 port 10250 (tcp) timed out: Operation now in progress';
              await t.sendEvent(message(`${x}\n$ nc -vz 10.224.0.5 10250\n${nc}`, { thread_ts: m.ts }));
            }
          }
          await t.settle();
          expect(problemsSince(t, from)).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });
});
