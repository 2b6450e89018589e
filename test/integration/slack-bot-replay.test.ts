/**
 * Replays, double clicks and tampering, against the real Bolt app (HTTP mode, signed requests),
 * the Slack and ARM emulators, and each store: every mutating or run-starting interaction takes
 * effect once, a diagnosis acts only in its own team and channel, ids in button values and modal
 * metadata are opaque, and every attempt (allowed or refused) is in the audit log and
 * `aksdiag audit`.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { openStore } from '../../src/store/open.js';
import type { AuditRecord } from '../../src/store/types.js';
import { securityRule } from '../emulators/arm/index.js';
import type { SlackCall } from '../emulators/slack/index.js';
import {
  type BotUnderTest,
  type BotWorld,
  CHANNEL,
  KUBELET_TIMEOUT,
  OTHER_CHANNEL,
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

const isRuleWrite = (r: { method: string; path: string }) =>
  r.method === 'PUT' && /\/securityRules\//i.test(r.path);
const isRunPost = (r: { method: string; path: string }) =>
  r.method === 'POST' && /\/virtualMachines\/\d+\/runCommand$/i.test(r.path);

describe.each(SETUPS)('with the %s store in %s mode', (store, mode) => {
  let t: BotUnderTest;
  beforeEach(async () => {
    world.lab.nsg.properties.securityRules.push(
      securityRule('deny-kubelet', 'Inbound', 'Deny', 300, '10250'),
    );
    t = await startBotUnderTest(world, { store, mode });
  });
  afterEach(async () => {
    await t.stop();
    world.lab.nsg.properties.securityRules = world.lab.nsg.properties.securityRules.filter(
      (r) => !['deny-kubelet', 'allow-kubelet-10250'].includes(r.name),
    );
  });

  const auditLog = async (): Promise<AuditRecord[]> => {
    const reader = await openStore(t.config.store, 3000);
    try {
      return await reader.auditLog();
    } finally {
      await reader.close();
    }
  };

  /** /aksdiag on the lab cluster, to its verdict (with "Apply fix" for the NSG rule). */
  async function verdict(): Promise<SlackCall> {
    const checked = t.logged('checked');
    await t.command(`aks-lab ${KUBELET_TIMEOUT}`);
    await checked;
    return [...t.slack.calls]
      .reverse()
      .find((c) => c.method === 'chat.update' && JSON.stringify(c.args['blocks']).includes('Apply fix'))!;
  }

  describe('replays and double clicks apply once', () => {
    it('the same signed view_submission three times: one NSG write, one applied entry, one re-check', async () => {
      const v = await verdict();
      await t.press(v, 'aksdiag_apply_fix', 'UAPPROVER1');
      const modal = await t.slack.waitForCall((c) => c.method === 'views.open');
      const writesBefore = world.arm.requests.filter(isRuleWrite).length;
      const rechecked = t.logged('fix-rechecked');
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await t.submit(modal, 'UAPPROVER1'));
      await rechecked;
      await t.seen('audit', (e) => String(e['result']).startsWith('applied'));
      expect(world.arm.requests.filter(isRuleWrite).length - writesBefore).toBe(1);
      // The replays are answered in the modal: nothing was changed.
      expect(answers.filter((a) => a.text.includes('"response_action":"update"'))).toHaveLength(2);
      const log = await auditLog();
      expect(log.filter((e) => e.result.startsWith('applied'))).toHaveLength(1);
      expect(log.filter((e) => e.result === 'refused: confirmation already used or expired')).toHaveLength(2);
      expect(t.logs.filter((l) => l.event === 'fix-rechecked')).toHaveLength(1);
    });

    it('a replayed /aksdiag body runs the checks once, and its audit entries keep no pasted secret', async () => {
      const secret = 'c2VjcmV0LXRva2VuLWZyb20tYS1wYXN0ZS0xMjM0NTY3ODk';
      const checked = t.logged('checked');
      for (let i = 0; i < 3; i++)
        await t.command(`aks-lab ${KUBELET_TIMEOUT} Authorization: Bearer ${secret}`, {
          triggerId: 'trig-replayed',
        });
      await checked;
      await t.settle();
      const heads = t.posts().filter((c) => !c.args['thread_ts']);
      expect(heads).toHaveLength(1);
      expect(t.logs.filter((l) => l.event === 'checked')).toHaveLength(1);
      const log = await auditLog();
      expect(log.filter((e) => e.result === 'refused: replayed request')).toHaveLength(2);
      expect(JSON.stringify(log)).not.toContain(secret);
      expect(JSON.stringify(t.logs)).not.toContain(secret);
    });

    it('"Run checks" pressed twice and "Re-run" pressed by two people at once start one run each time', async () => {
      await t.command('bind aks-lab');
      const m = message(KUBELET_TIMEOUT);
      const saved = t.logged('diagnosis');
      await t.sendEvent(m);
      await saved;
      const reply = t.posts().find((c) => c.args['thread_ts'] === m.ts)!;
      const runPosts = () => world.arm.requests.filter(isRunPost).length;
      const before = runPosts();
      const checked = t.logged('checked');
      await Promise.all([
        t.press(reply, 'aksdiag_run_checks', 'UONCALL1'),
        t.press(reply, 'aksdiag_run_checks', 'UONCALL1'),
      ]);
      await checked;
      const oneRun = runPosts() - before;
      const progress = () =>
        t.posts().filter((c) => c.args['thread_ts'] === m.ts && String(c.args['text']).includes('checking'));
      expect(progress()).toHaveLength(1);
      const final = [...t.slack.calls].reverse().find((c) => c.method === 'chat.update')!;
      const again = t.logged('checked');
      await Promise.all([
        t.press(final, 'aksdiag_rerun', 'UONCALL1'),
        t.press(final, 'aksdiag_rerun', 'UONCALL2'),
      ]);
      await again;
      await t.settle();
      expect(progress()).toHaveLength(2);
      expect(t.logs.filter((l) => l.event === 'checked')).toHaveLength(2);
      // The second press's run-command POSTs are one run's worth, not two.
      expect(runPosts() - before).toBe(2 * oneRun);
      const results = (await auditLog())
        .filter((e) => e.what === 'run checks on aks-lab')
        .map((e) => e.result);
      expect(results.filter((r) => r === 'started')).toHaveLength(2);
      expect(
        results.filter((r) => r !== 'started').every((r) => /already running|pressed twice/.test(r)),
      ).toBe(true);
    });

    it('"Apply fix" double-clicked opens one confirmation', async () => {
      const v = await verdict();
      await Promise.all([
        t.press(v, 'aksdiag_apply_fix', 'UAPPROVER1'),
        t.press(v, 'aksdiag_apply_fix', 'UAPPROVER1'),
      ]);
      await t.slack.waitForCall((c) => c.method === 'views.open');
      await t.settle();
      expect(t.slack.calls.filter((c) => c.method === 'views.open')).toHaveLength(1);
    });
  });

  describe('a diagnosis belongs to its team and channel', () => {
    it("an approver pressing B's Apply fix in channel A is refused, privately and audited; no modal opens", async () => {
      const v = await verdict();
      await t.press(v, 'aksdiag_apply_fix', 'UAPPROVER1', { channel: OTHER_CHANNEL });
      const refusal = await t.slack.waitForCall(
        (c) => c.method === 'chat.postEphemeral' && c.args['channel'] === OTHER_CHANNEL,
      );
      expect(String(refusal.args['text'])).toContain('another channel');
      await t.press(v, 'aksdiag_rerun', 'UONCALL1', { team: 'TOTHERTEAM' });
      await t.seen('audit', (e) => e['team'] === 'TOTHERTEAM');
      expect(t.slack.calls.some((c) => c.method === 'views.open')).toBe(false);
      const refused = (await auditLog()).filter((e) => e.result === `refused: diagnosis of ${CHANNEL}`);
      expect(refused.map((e) => [e.who, e.what, e.where])).toEqual([
        ['UAPPROVER1', 'apply a fix', OTHER_CHANNEL],
        ['UONCALL1', 're-run checks', CHANNEL],
      ]);
    });

    it('a confirmation whose private_metadata was changed is refused in the modal, audited, and changes nothing', async () => {
      const v = await verdict();
      await t.press(v, 'aksdiag_apply_fix', 'UAPPROVER1');
      const modal = await t.slack.waitForCall((c) => c.method === 'views.open');
      const view = modal.args['view'] as { private_metadata: string };
      const writes = world.arm.requests.filter(isRuleWrite).length;
      // Opaque: a token, not the diagnosis, cause or channel.
      expect(view.private_metadata).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(v.args['blocks'])).not.toMatch(/"value":"\{/);
      const tampered = {
        ...modal,
        args: {
          ...modal.args,
          view: {
            ...view,
            private_metadata: JSON.stringify({ d: 'x', cause: 'nsg-blocks-10250', channel: OTHER_CHANNEL }),
          },
        },
      };
      const answer = await t.submit(tampered, 'UAPPROVER1');
      expect(answer.text).toContain('"response_action":"update"');
      // Someone else submitting the approver's real confirmation: refused too.
      const audited = t.logged('audit', (e) => e['who'] === 'UGROUPMEMBER');
      const stolen = await t.submit(modal, 'UGROUPMEMBER');
      expect(stolen.text).toContain('"response_action":"update"');
      await audited;
      expect(world.arm.requests.filter(isRuleWrite).length).toBe(writes);
      expect((await auditLog()).map((e) => e.result)).toEqual(
        expect.arrayContaining([
          'refused: confirmation already used or expired',
          'refused: confirmation opened by UAPPROVER1',
        ]),
      );
    });
  });

  describe('every attempt is audited', () => {
    it('an approver acting on a diagnosis that does not exist gets an answer and an audit entry', async () => {
      const v = await verdict();
      const forged = {
        ...v,
        args: {
          ...v.args,
          blocks: JSON.parse(
            JSON.stringify(v.args['blocks']).replace(/"value":"[^"]+"/g, '"value":"d-gone"'),
          ),
        },
      };
      await t.press(forged, 'aksdiag_apply_fix', 'UAPPROVER1');
      const answer = await t.slack.waitForCall(
        (c) => c.method === 'chat.postEphemeral' && String(c.args['text']).includes('expired'),
      );
      expect(answer.args['user']).toBe('UAPPROVER1');
      await t.seen('audit', (e) => e['result'] === 'refused: no such diagnosis');
      expect((await auditLog()).find((e) => e.result === 'refused: no such diagnosis')).toMatchObject({
        who: 'UAPPROVER1',
        what: 'apply a fix',
        where: CHANNEL,
        diagnosis: 'd-gone',
      });
    });

    it('a confirmation submitted once its cause is gone is answered privately, audited, and changes nothing', async () => {
      const v = await verdict();
      await t.press(v, 'aksdiag_apply_fix', 'UAPPROVER1');
      const modal = await t.slack.waitForCall((c) => c.method === 'views.open');
      // Someone fixed it by hand meanwhile, and the checks ran again.
      world.lab.nsg.properties.securityRules = world.lab.nsg.properties.securityRules.filter(
        (r) => r.name !== 'deny-kubelet',
      );
      const rechecked = t.logged('checked');
      await t.press(v, 'aksdiag_rerun', 'UONCALL1');
      await rechecked;
      const writes = world.arm.requests.filter(isRuleWrite).length;
      const answered = t.slack.waitForCall(
        (c) => c.method === 'chat.postEphemeral' && c.args['user'] === 'UAPPROVER1',
      );
      await t.submit(modal, 'UAPPROVER1');
      expect(String((await answered).args['text'])).toMatch(
        /^Nothing was changed: the cause is no longer confirmed/,
      );
      await t.seen('audit', (e) =>
        String(e['result']).startsWith('refused: the cause is no longer confirmed'),
      );
      expect(world.arm.requests.filter(isRuleWrite).length).toBe(writes);
    });

    it('`aksdiag audit` prints the log, from a time on, as text or JSON', async () => {
      const v = await verdict();
      await t.press(v, 'aksdiag_apply_fix', 'USTRANGER');
      await t.seen('audit', (e) => e['who'] === 'USTRANGER');
      const env =
        store === 'redis'
          ? { REDIS_URL: world.redis.url, AKSDIAG_QUEUE_PREFIX: t.config.queue.prefix }
          : {
              AKSDIAG_DATA_DIR:
                t.config.store.kind === 'sqlite' ? t.config.store.path.replace(/\/aksdiag\.db$/, '') : '',
            };
      const run = async (args: string[]) => {
        let out = '';
        let err = '';
        const code = await main(args, {
          stdin: Readable.from([]),
          stdinIsTTY: true,
          stdout: (s) => (out += s),
          stderr: (s) => (err += s),
          env,
        });
        return { code, out, err };
      };
      const json = await run(['audit', '--since', '1h', '--json']);
      expect(json.code).toBe(0);
      const entries = JSON.parse(json.out) as AuditRecord[];
      expect(entries.map((e) => [e.who, e.what, e.result])).toEqual([
        ['UONCALL1', 'run checks on aks-lab', 'started'],
        ['USTRANGER', 'apply nsg-blocks-10250', 'refused: not on the approver list'],
      ]);
      const text = await run(['audit']);
      expect(text.out).toMatch(
        /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}USTRANGER {2}apply nsg-blocks-10250 {2}\[C0AKSDIAG\] {2}refused: not on the approver list/m,
      );
      const later = await run(['audit', '--since', new Date(Date.now() + 60_000).toISOString(), '--json']);
      expect(JSON.parse(later.out)).toEqual([]);
      const bad = await run(['audit', '--since', 'yesterday-ish']);
      expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('give a time')]);
    });
  });
});
