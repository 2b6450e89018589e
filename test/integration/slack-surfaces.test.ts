/**
 * The message shortcut and App Home, end to end through the Slack emulator, in HTTP and Socket Mode
 * on both stores. The shortcut answers in the message's thread (also for a message the bot never
 * received), in the asker's language, once per interaction; what is only for the asker (not an
 * error, answered already, a channel the bot is not in) comes back privately through the response
 * URL. App Home shows the channels' settings, the team's fixes with who applied them, and what the
 * user may do, each in their language; every attempt is audited.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { symptomTitle } from '../../src/i18n/knowledge.js';
import { LANGUAGE_NAMES } from '../../src/i18n/languages.js';
import { translator } from '../../src/i18n/messages.js';
import { DIAGNOSE_SHORTCUT } from '../../src/report/slack-blocks.js';
import { escapeOwn, say } from '../../src/report/slack-say.js';
import { openStore } from '../../src/store/open.js';
import { securityRule } from '../emulators/arm/index.js';
import type { SlackCall } from '../emulators/slack/index.js';
import { loadFixture } from '../support/fixtures.js';
import {
  type BotUnderTest,
  type BotWorld,
  CHANNEL,
  KUBELET_TIMEOUT,
  OTHER_CHANNEL,
  PEOPLE,
  SETUPS,
  message,
  startBotUnderTest,
  startBotWorld,
} from '../support/slack-bot.js';

/** A channel the app is installed in but the bot is not a member of. */
const ELSEWHERE = 'C0NOTMEMBER';

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.stop());

const header = (c: SlackCall) => (c.args['blocks'] as { text?: { text: string } }[])[0]?.text?.text;

describe.each(SETUPS)('with the %s store in %s mode', (store, mode) => {
  let t: BotUnderTest;
  beforeEach(async () => {
    t = await startBotUnderTest(world, { store, mode, slack: { notMember: [ELSEWHERE] } });
  });
  afterEach(async () => {
    await t.stop();
    world.lab.nsg.properties.securityRules = world.lab.nsg.properties.securityRules.filter(
      (r) => !['deny-kubelet', 'allow-kubelet-10250'].includes(r.name),
    );
  });

  const auditLog = async () => {
    const reader = await openStore(t.config.store, 3000);
    try {
      return await reader.auditLog();
    } finally {
      await reader.close();
    }
  };

  /** The private answer the shortcut's response URL got after `after`. */
  const answered = (after: number) =>
    t.slack.waitForCall((c) => c.method === 'response_url' && c.seq > after);

  describe('the message shortcut', () => {
    it("answers a message the bot never received in that message's thread, in the asker's language, once", async () => {
      // Written by someone whose language aksdiag does not speak; asked about by a Korean speaker.
      const m = message(KUBELET_TIMEOUT, { user: PEOPLE.de });
      const saved = t.logged('diagnosis', (f) => f['thread'] === m.ts);
      await t.shortcut(m, PEOPLE.ko, { triggerId: 'trig-shortcut-1' });
      await saved;
      await t.shortcut(m, PEOPLE.ko, { triggerId: 'trig-shortcut-1' });
      await t.settle();
      const inThread = t.posts().filter((c) => c.args['thread_ts'] === m.ts);
      expect(inThread).toHaveLength(1);
      expect(header(inThread[0]!)).toBe(symptomTitle('tunnel-10250', 'ko'));
      const log = (await auditLog()).filter((e) => e.what === 'diagnose a message');
      expect(log.map((e) => [e.who, e.where, e.result])).toEqual([
        [PEOPLE.ko, CHANNEL, 'answered in the thread'],
        [PEOPLE.ko, CHANNEL, 'refused: replayed request'],
      ]);
      expect(log[0]!.diagnosis).not.toBe('');
    });

    it('tells the asker privately, in their language, when the bot is not in the channel, and posts nothing', async () => {
      const m = message(KUBELET_TIMEOUT, { user: PEOPLE.fr, channel: ELSEWHERE });
      const audited = t.logged('audit', (e) => e['what'] === 'diagnose a message');
      await t.shortcut(m, PEOPLE.fr);
      const reply = await answered(-1);
      expect(reply.args).toMatchObject({
        response_type: 'ephemeral',
        text: escapeOwn(translator('fr').t('slack.shortcut.notMember')),
      });
      expect(await audited).toMatchObject({ result: 'refused: cannot post in the thread (not_in_channel)' });
      expect(t.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.ok)).toEqual([]);
    });

    it('says privately that a message is not an error, or was answered already', async () => {
      const ja = translator('ja');
      await t.shortcut(message('lunch at noon?'), PEOPLE.ja);
      const notError = await answered(-1);
      expect(notError.args['text']).toBe(escapeOwn(ja.t('slack.reply.notRecognised')));

      // Pasted where the bot listens: answered on its own; the shortcut then points to it.
      const m = message(KUBELET_TIMEOUT, { user: PEOPLE.nl });
      const saved = t.logged('diagnosis', (f) => f['thread'] === m.ts);
      await t.sendEvent(m);
      await saved;
      await t.shortcut(m, PEOPLE.ja);
      const already = await answered(notError.seq);
      expect(already.args['text']).toBe(escapeOwn(ja.t('slack.shortcut.already')));
      expect(t.posts().filter((c) => c.args['thread_ts'] === m.ts)).toHaveLength(1);
      expect(t.posts().filter((c) => c.args['thread_ts'] === m.ts)[0]!.args['blocks']).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'header' })]),
      );
    });

    it('on a reply in a diagnosed thread, refines that diagnosis in place', async () => {
      const m = message('Error from server: error dialing backend: dial tcp 10.224.0.5:10250: i/o timeout', {
        user: PEOPLE.nl,
      });
      const first = t.logged('diagnosis', (f) => f['thread'] === m.ts);
      await t.sendEvent(m);
      await first;
      const reply = [...t.slack.messages.values()].find((x) => x.thread_ts === m.ts)!;
      const followUp = message(`$ nc -vz -w 5 10.224.0.5 10250\n${loadFixture('nc', 'timeout').text}`, {
        thread_ts: m.ts,
        user: PEOPLE.nl,
      });
      const updated = t.slack.waitForCall((c) => c.method === 'chat.update' && c.args['ts'] === reply.ts);
      const refined = t.logged('refined');
      await t.shortcut(followUp, PEOPLE.nl);
      await Promise.all([updated, refined]);
      // Still one reply, updated, in the Dutch of the thread.
      expect(t.posts().filter((c) => c.args['thread_ts'] === m.ts)).toHaveLength(1);
      expect(t.slack.messages.get(`${CHANNEL}/${reply.ts}`)!.history.at(-1)!.blocks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            text: expect.objectContaining({ text: symptomTitle('tunnel-10250', 'nl') }),
          }),
        ]),
      );
    });
  });

  describe('App Home', () => {
    it("shows the channels' clusters and languages, the team's fixes with who applied them, and what the user may do", async () => {
      const tr = translator('fr');
      // Nothing yet, in French, naming the shortcut.
      const empty = JSON.stringify((await t.openHome(PEOPLE.fr)).blocks);
      expect(empty).toContain(say(tr, 'slack.home.noRecent', { shortcut: DIAGNOSE_SHORTCUT.name }));
      expect(empty).toContain(escapeOwn(tr.t('slack.home.noFixes')));

      await t.command('bind aks-lab', { user: PEOPLE.fr });
      await t.command('lang ja', { channel: OTHER_CHANNEL, user: PEOPLE.fr });
      await t.slack.waitForCall(
        (c) => c.method === 'chat.postEphemeral' && c.args['channel'] === OTHER_CHANNEL,
      );

      // A fix applied by the Korean approver.
      world.lab.nsg.properties.securityRules.push(
        securityRule('deny-kubelet', 'Inbound', 'Deny', 300, '10250'),
      );
      const checked = t.logged('checked');
      await t.command(`aks-lab ${KUBELET_TIMEOUT}`, { user: PEOPLE.ko });
      await checked;
      const verdict = [...t.slack.calls]
        .reverse()
        .find(
          (c) => c.method === 'chat.update' && JSON.stringify(c.args['blocks']).includes('aksdiag_apply_fix'),
        )!;
      await t.press(verdict, 'aksdiag_apply_fix:0', PEOPLE.ko);
      const modal = await t.slack.waitForCall((c) => c.method === 'views.open');
      const rechecked = t.logged('fix-rechecked');
      await t.submit(modal, PEOPLE.ko);
      await rechecked;

      const home = (await t.openHome(PEOPLE.fr)).blocks;
      const shown = JSON.stringify(home);
      expect(shown).toContain(`<#${CHANNEL}>: ${say(tr, 'slack.home.cluster', { cluster: '`aks-lab`' })}`);
      expect(shown).toContain(
        `<#${OTHER_CHANNEL}>: ${say(tr, 'slack.home.language', { language: LANGUAGE_NAMES.ja })}`,
      );
      expect(shown).toContain(`<@${PEOPLE.ko}> · Add rule allow-kubelet-10250 to NSG`);
      expect(shown).toContain(`*${escapeOwn(tr.t('slack.home.fixApplied'))}*`);
      // The French user asked nothing: their own list is empty; the Korean one's holds the check.
      expect(shown).toContain(say(tr, 'slack.home.noRecent', { shortcut: DIAGNOSE_SHORTCUT.name }));
      const korean = JSON.stringify((await t.openHome(PEOPLE.ko)).blocks);
      expect(korean).toContain(escapeOwn(symptomTitle('tunnel-10250', 'ko')!));

      // Someone not on the approver list, whose language aksdiag does not speak: English, and no fixes.
      const stranger = JSON.stringify((await t.openHome(PEOPLE.de)).blocks);
      const en = translator('en');
      expect(stranger).toContain(escapeOwn(en.t('slack.home.mayNotApply')));
      expect(stranger).toContain(escapeOwn(en.t('slack.home.channelLanguage')));
    });
  });
});
