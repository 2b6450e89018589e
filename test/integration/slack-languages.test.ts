/**
 * The bot in each person's language, end to end: the real Bolt app, the Slack emulator (which gives
 * each test user a Slack locale through users.info), checks against the ARM emulator, in HTTP and
 * Socket Mode on both stores. A person whose Slack language is Japanese, French, Dutch, Korean or
 * English sees the reply, the progress, the verdict, the "Apply fix" modal, the thread's word on the
 * fix and App Home in it; a thread keeps the language of who pasted; `/aksdiag lang` gives a
 * channel a language for people whose own is not one aksdiag speaks; then AKSDIAG_LANGUAGE; then
 * English. Expected words come from the catalogues, so a test fails when the bot says anything else.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { localizeSymptom, symptomTitle } from '../../src/i18n/knowledge.js';
import { LANGUAGE_NAMES, type Lang } from '../../src/i18n/languages.js';
import { translator } from '../../src/i18n/messages.js';
import { escapeOwn, say } from '../../src/report/slack-say.js';
import { openStore } from '../../src/store/open.js';
import { SYMPTOMS } from '../../src/symptoms/index.js';
import { securityRule } from '../emulators/arm/index.js';
import type { SlackCall } from '../emulators/slack/index.js';
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

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.stop());

const LANGS: Lang[] = ['en', 'ja', 'fr', 'nl', 'ko'];
const TUNNEL = SYMPTOMS.find((s) => s.id === 'tunnel-10250')!;
const causeTitle = (cause: string, lang: Lang) =>
  localizeSymptom(TUNNEL, lang).causes.find((c) => c.id === cause)!.title;

type Blocks = { type: string; text?: { text: string }; elements?: { text?: { text: string } }[] }[];
const blocksOf = (c: { args: Record<string, unknown> }) => (c.args['blocks'] ?? []) as Blocks;
const buttonTexts = (c: { args: Record<string, unknown> }) =>
  blocksOf(c)
    .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
    .map((e) => e.text?.text);
/** The part of a message before a value, for messages whose value the test cannot know. */
const before = (
  lang: Lang,
  id: Parameters<ReturnType<typeof translator>['t']>[0],
  values: Record<string, string>,
) => say(translator(lang), id, { ...values, result: '\u0001' }).split('\u0001')[0]!;

describe.each(SETUPS)('with the %s store in %s mode', (store, mode) => {
  let t: BotUnderTest;
  beforeEach(async () => {
    t = await startBotUnderTest(world, { store, mode });
  });
  afterEach(async () => {
    await t.stop();
    world.lab.nsg.properties.securityRules = world.lab.nsg.properties.securityRules.filter(
      (r) => !['deny-kubelet', 'allow-kubelet-10250'].includes(r.name),
    );
  });

  /** A paste by `user` in `channel`, to its threaded reply. */
  async function paste(user: string, channel = CHANNEL, text = KUBELET_TIMEOUT): Promise<SlackCall> {
    const m = message(text, { user, channel });
    const saved = t.logged('diagnosis', (f) => f['thread'] === m.ts);
    await t.sendEvent(m);
    await saved;
    return t.posts().find((c) => c.args['thread_ts'] === m.ts)!;
  }

  const privately = (user: string, after: number) =>
    t.slack.waitForCall((c) => c.method === 'chat.postEphemeral' && c.args['user'] === user && c.seq > after);

  it.each(LANGS)(
    '%s: the reply, progress, verdict, Apply-fix modal, the fix in the thread and App Home, all in that language',
    async (lang) => {
      const { t: tx } = translator(lang);
      const tr = translator(lang);
      const user = PEOPLE[lang as keyof typeof PEOPLE];
      world.lab.nsg.properties.securityRules.push(
        securityRule('deny-kubelet', 'Inbound', 'Deny', 300, '10250'),
      );

      await t.command('bind aks-lab', { user });
      const bound = await privately(user, -1);
      expect(bound.args['text']).toBe(say(tr, 'slack.command.bound', { cluster: '`aks-lab`' }));

      // The reply.
      const reply = await paste(user);
      expect(blocksOf(reply)[0]!.text!.text).toBe(symptomTitle('tunnel-10250', lang));
      expect(blocksOf(reply)[2]!.text!.text).toContain(`*${escapeOwn(tx('slack.reply.likelyCauses'))}*`);
      expect(buttonTexts(reply)).toEqual([
        tx('slack.button.runOn', { cluster: 'aks-lab' }),
        tx('slack.button.showFix'),
        tx('slack.button.notThis'),
      ]);
      if (lang !== 'en') expect(JSON.stringify(reply.args['blocks'])).not.toMatch(/Likely causes|Run checks/);

      // Progress, then the verdict, in the same threaded message.
      const checked = t.logged('checked');
      await t.press(reply, 'aksdiag_run_checks', user);
      await checked;
      // The run's message: posted as progress, updated to the verdict.
      const msg = [...t.slack.messages.values()].find(
        (x) => x.thread_ts === reply.args['thread_ts'] && x.metadata?.event_payload['status'] === 'done',
      )!;
      expect(JSON.stringify(msg.history[0])).toContain(
        say(tr, 'slack.progress.count', { done: 0, total: 0 }),
      );
      const verdict = [...t.slack.calls]
        .reverse()
        .find((c) => c.method === 'chat.update' && c.args['ts'] === msg.ts)!;
      const nsgTitle = causeTitle('nsg-blocks-10250', lang);
      expect(blocksOf(verdict)[0]!.text!.text).toBe(tx('slack.verdict.found', { title: nsgTitle }));
      const shown = JSON.stringify(verdict.args['blocks']);
      expect(shown).toContain(`*${escapeOwn(tx('slack.status.confirmed'))}:*`);
      expect(shown).toContain(escapeOwn(tx('azure.heading')));
      expect(buttonTexts(verdict)).toEqual(
        expect.arrayContaining([
          tx('slack.button.rerun'),
          tx('slack.apply.nsg-allow'),
          tx('slack.button.resolved'),
        ]),
      );

      // The modal, in the approver's language, naming the exact change.
      await t.press(verdict, 'aksdiag_apply_fix:0', user);
      const modal = await t.slack.waitForCall((c) => c.method === 'views.open');
      expect(modal.ok).toBe(true);
      const view = modal.args['view'] as {
        title: { text: string };
        submit: { text: string };
        blocks: Blocks;
      };
      expect([view.title.text, view.submit.text]).toEqual([
        tx('slack.modal.title'),
        tx('slack.modal.submit'),
      ]);
      expect(view.blocks[0]!.text!.text).toContain(say(tr, 'slack.modal.willChange', { cluster: 'aks-lab' }));
      expect(view.blocks[0]!.text!.text).toContain('allow-kubelet-10250');
      expect(view.blocks[1]!.text!.text).toContain(`*${escapeOwn(tx('slack.modal.byHand'))}*`);

      // Confirmed: the thread says so, and that the check passes, in the thread's language.
      const rechecked = t.logged('fix-rechecked');
      await t.submit(modal, user);
      expect(await rechecked).toMatchObject({ cause: 'nsg-blocks-10250', status: 'ruled-out' });
      const thread = t.posts().filter((c) => c.args['thread_ts'] === reply.args['thread_ts']);
      const texts = thread.map((c) => String(c.args['text']));
      expect(texts).toContainEqual(
        expect.stringContaining(before(lang, 'slack.fix.applied', { user: `<@${user}>` })),
      );
      expect(texts).toContainEqual(
        expect.stringContaining(say(tr, 'slack.fix.passes', { cause: escapeOwn(nsgTitle) })),
      );

      // App Home: the diagnosis, the channel's cluster, the fix and who applied it, the settings.
      const home = JSON.stringify((await t.openHome(user)).blocks);
      expect(home).toContain(JSON.stringify(tx('slack.home.recent')));
      expect(home).toContain(escapeOwn(symptomTitle('tunnel-10250', lang)!));
      expect(home).toContain(say(tr, 'slack.home.cluster', { cluster: '`aks-lab`' }));
      expect(home).toContain(`<@${user}>`);
      expect(home).toContain(escapeOwn(tx('slack.home.fixApplied')));
      expect(home).toContain(
        say(tr, 'slack.home.yourLanguage', {
          language: LANGUAGE_NAMES[lang],
          source: escapeOwn(tx('slack.source.locale')),
        }),
      );
      expect(home).toContain(escapeOwn(tx('slack.home.mayApply')));
    },
    60_000,
  );

  it("a thread keeps the paster's language; what a button tells the presser alone is in the presser's", async () => {
    const reply = await paste(PEOPLE.ja);
    // No cluster bound: the French presser is asked privately, in French, to pick one.
    await t.press(reply, 'aksdiag_run_checks', PEOPLE.fr);
    const picker = await privately(PEOPLE.fr, reply.seq);
    expect(picker.args['text']).toBe(escapeOwn(translator('fr').t('slack.picker.ask')));
    expect(JSON.stringify(picker.args['blocks'])).toContain(translator('fr').t('slack.picker.placeholder'));
    // The same button pressed in another channel: refused, in the Korean presser's words.
    await t.press(reply, 'aksdiag_not_this', PEOPLE.ko, { channel: OTHER_CHANNEL });
    const refused = await privately(PEOPLE.ko, picker.seq);
    expect(refused.args['text']).toBe(escapeOwn(translator('ko').t('slack.button.foreign')));
    // "Show fix commands" by the Dutch user goes to the thread: in Japanese, the paster's language.
    await t.press(reply, 'aksdiag_show_fix', PEOPLE.nl);
    const fixes = await t.slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args['thread_ts'] === reply.args['thread_ts'] &&
        (c.args['metadata'] as { event_payload: Record<string, unknown> }).event_payload['kind'] ===
          'fix-commands',
    );
    const ja = translator('ja');
    expect(fixes.args['text']).toBe(
      `aksdiag: ${say(ja, 'slack.fixes.text', { title: escapeOwn(symptomTitle('tunnel-10250', 'ja')!) })}`,
    );
    expect(JSON.stringify(fixes.args['blocks'])).toContain(escapeOwn(causeTitle('nsg-blocks-10250', 'ja')));
  });

  it('/aksdiag lang gives the channel a language for people whose own aksdiag does not speak; audited', async () => {
    const ko = translator('ko');
    // German is not spoken: English, the default.
    expect(blocksOf(await paste(PEOPLE.de))[0]!.text!.text).toBe(symptomTitle('tunnel-10250', 'en'));

    await t.command('lang ko', { user: PEOPLE.de });
    const set = await privately(PEOPLE.de, -1);
    expect(set.args['text']).toBe(say(ko, 'slack.lang.set', { language: LANGUAGE_NAMES.ko }));
    expect(blocksOf(await paste(PEOPLE.de))[0]!.text!.text).toBe(symptomTitle('tunnel-10250', 'ko'));
    // A person whose Slack language is spoken keeps theirs; another channel has none of this one's.
    expect(blocksOf(await paste(PEOPLE.ja))[0]!.text!.text).toBe(symptomTitle('tunnel-10250', 'ja'));
    expect(blocksOf(await paste(PEOPLE.de, OTHER_CHANNEL))[0]!.text!.text).toBe(
      symptomTitle('tunnel-10250', 'en'),
    );

    await t.command('lang', { user: PEOPLE.de });
    const shown = await privately(PEOPLE.de, set.seq);
    expect(shown.args['text']).toBe(
      say(ko, 'slack.lang.show', {
        channel: LANGUAGE_NAMES.ko,
        yours: LANGUAGE_NAMES.ko,
        source: escapeOwn(ko.t('slack.source.channel')),
      }),
    );

    await t.command('lang klingon', { user: PEOPLE.de });
    const refused = await privately(PEOPLE.de, shown.seq);
    expect(refused.args['text']).toBe(
      say(ko, 'slack.lang.unknown', { code: '`klingon`', codes: 'en, ja, fr, nl, ko' }),
    );

    await t.command('lang off', { user: PEOPLE.de });
    await privately(PEOPLE.de, refused.seq);
    expect(blocksOf(await paste(PEOPLE.de))[0]!.text!.text).toBe(symptomTitle('tunnel-10250', 'en'));

    const reader = await openStore(t.config.store, 3000);
    const log = await reader.auditLog();
    await reader.close();
    expect(
      log.filter((e) => e.what.startsWith('/aksdiag lang')).map((e) => [e.who, e.what, e.where, e.result]),
    ).toEqual([
      [PEOPLE.de, '/aksdiag lang ko', CHANNEL, 'language set: ko'],
      [PEOPLE.de, '/aksdiag lang klingon', CHANNEL, 'refused: not a language aksdiag speaks'],
      [PEOPLE.de, '/aksdiag lang off', CHANNEL, 'language cleared'],
    ]);
  });

  it("asks Slack for a person's language once, not at every paste and press", async () => {
    const reply = await paste(PEOPLE.nl);
    await paste(PEOPLE.nl);
    await t.press(reply, 'aksdiag_show_fix', PEOPLE.nl);
    await t.slack.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        (c.args['metadata'] as { event_payload: Record<string, unknown> }).event_payload['kind'] ===
          'fix-commands',
    );
    const asked = t.slack.calls.filter((c) => c.method === 'users.info' && c.args['user'] === PEOPLE.nl);
    expect(asked.map((c) => c.args['include_locale'])).toEqual(['true']);
  });

  it('without users:read the channel language applies; with AKSDIAG_LANGUAGE that comes next, then English', async () => {
    const bare = await startBotUnderTest(world, {
      store,
      mode,
      env: { AKSDIAG_LANGUAGE: 'nl' },
      slack: { missingScopes: ['users:read'] },
    });
    try {
      const title = async (user: string, channel = CHANNEL) => {
        const m = message(KUBELET_TIMEOUT, { user, channel });
        const saved = bare.logged('diagnosis', (f) => f['thread'] === m.ts);
        await bare.sendEvent(m);
        await saved;
        return blocksOf(bare.posts().find((c) => c.args['thread_ts'] === m.ts)!)[0]!.text!.text;
      };
      // Slack will not say anyone's language: the bot's own, Dutch.
      expect(await title(PEOPLE.ja)).toBe(symptomTitle('tunnel-10250', 'nl'));
      const audited = bare.logged('audit');
      await bare.command('lang fr', { user: PEOPLE.ja });
      await audited;
      // The channel's French, for everyone there, since Slack does not tell.
      expect(await title(PEOPLE.ja)).toBe(symptomTitle('tunnel-10250', 'fr'));
      expect(await title(PEOPLE.ko)).toBe(symptomTitle('tunnel-10250', 'fr'));
      expect(await title(PEOPLE.ko, OTHER_CHANNEL)).toBe(symptomTitle('tunnel-10250', 'nl'));
      expect(bare.logs.some((l) => l.event === 'locale-unavailable')).toBe(true);
      // Refused once per person, then not asked again for a while.
      expect(
        bare.slack.calls.filter((c) => c.method === 'users.info' && c.args['user'] === PEOPLE.ja),
      ).toHaveLength(1);
    } finally {
      await bare.stop();
    }
  });
});
