/**
 * Alerts through the real bot: a real Prometheus Alertmanager sending its webhook with a bearer
 * token, and Azure Monitor's documented common-schema bodies sent as an action group sends them
 * (credentials in the URL: basic auth), to the bot's alert listener, in HTTP mode and in Socket
 * Mode, with each store. Slack is the emulator, the checks run against the ARM emulator's cluster
 * (node 1 has ufw blocking 10250), and tests wait for the bot's log events.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ALERT_TOKEN,
  alertEnv,
  alertUrl,
  kubeletAlert,
  postAlertmanager,
  inThread,
  messageAt as message,
  onLabCluster,
  postAzure,
  topLevel,
  withCondition,
} from '../support/alerts.js';
import { DiagnosisQueue } from '../../src/queue/client.js';
import { symptomTitle } from '../../src/i18n/knowledge.js';
import { translator } from '../../src/i18n/messages.js';
import { say } from '../../src/report/slack-say.js';
import { queueRunner } from '../../src/queue/runner.js';
import { type TestAlertmanager, startAlertmanager } from '../support/alertmanager.js';
import {
  type BotUnderTest,
  type BotWorld,
  KUBELET_TIMEOUT,
  OTHER_CHANNEL,
  SETUPS,
  startBotUnderTest,
  spawnWorldWorker,
  startBotWorld,
} from '../support/slack-bot.js';

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.stop());

describe.each(SETUPS)('alerts to the bot with the %s store in %s mode', (store, mode) => {
  let t: BotUnderTest;
  let am: TestAlertmanager | null = null;
  beforeEach(async () => {
    t = await startBotUnderTest(world, { store, mode, env: alertEnv() });
  });
  afterEach(async () => {
    await am?.stop();
    am = null;
    await t.stop();
  });

  it("Alertmanager: a firing alert is one thread in its cluster's channel, diagnosed and checked; resolving updates it in place", async () => {
    expect(t.bot.alertsPort).toEqual(expect.any(Number));
    am = await startAlertmanager(alertUrl(t, '/alerts/alertmanager'), { bearer: ALERT_TOKEN });
    const alert = {
      labels: { alertname: 'KubeletUnreachable', cluster: 'aks-lab', severity: 'warning' },
      annotations: { summary: 'kubectl logs fails on aks-lab', description: KUBELET_TIMEOUT },
    };
    const opened = t.logged('alert-thread');
    await am.post([alert]);
    const thread = await opened;
    expect(thread).toMatchObject({
      source: 'alertmanager',
      alert: 'KubeletUnreachable',
      channel: OTHER_CHANNEL,
      symptom: 'tunnel-10250',
      cluster: 'aks-lab',
    });
    const ts = String(thread['thread']);
    await t.seen('checked', (f) => f['diagnosis'] === thread['diagnosis']);

    expect(topLevel(t, OTHER_CHANNEL)).toHaveLength(1);
    const head = message(t, OTHER_CHANNEL, ts);
    expect(head.text).toContain('firing: KubeletUnreachable');
    expect(JSON.stringify(head.blocks)).toContain('kubectl logs fails on aks-lab');
    const replies = inThread(t, ts);
    expect(replies[0]!.args['metadata']).toMatchObject({ event_payload: { symptom: 'tunnel-10250' } });
    const final = [...t.slack.messages.values()].find(
      (m) => m.thread_ts === ts && m.metadata?.event_payload['status'] === 'done',
    );
    expect(final?.metadata?.event_payload).toMatchObject({
      cluster: 'aks-lab',
      confirmed: 'ufw-blocks-10250',
    });

    const resolved = t.logged('alert-updated', (f) => f['status'] === 'resolved');
    await am.post([{ ...alert, endsAt: new Date().toISOString() }]);
    expect(await resolved).toMatchObject({ change: 'resolved', posted: false, thread: ts });
    expect(message(t, OTHER_CHANNEL, ts).text).toContain('resolved: KubeletUnreachable');
    expect(topLevel(t, OTHER_CHANNEL)).toHaveLength(1);
  });

  it("an alert speaks its channel's language (/aksdiag lang), its thread and its resolution included", async () => {
    // The command is answered before its setting is stored: its audit entry comes after.
    const set = t.logged('audit', (f) => String(f['result']).startsWith('language set'));
    await t.command('lang fr', { channel: OTHER_CHANNEL });
    await set;
    const fr = translator('fr');
    const opened = t.logged('alert-thread');
    expect((await postAlertmanager(t, kubeletAlert('firing'))).status).toBe(202);
    const thread = await opened;
    const ts = String(thread['thread']);
    expect(message(t, OTHER_CHANNEL, ts).text).toBe(
      say(fr, 'slack.alert.text.firing', { title: 'KubeletUnreachable' }),
    );
    expect(JSON.stringify(inThread(t, ts)[0]!.args['blocks'])).toContain(symptomTitle('tunnel-10250', 'fr'));
    await t.seen('checked', (f) => f['diagnosis'] === thread['diagnosis']);
    const resolved = t.logged('alert-updated', (f) => f['status'] === 'resolved');
    expect((await postAlertmanager(t, kubeletAlert('resolved'))).status).toBe(202);
    await resolved;
    expect(message(t, OTHER_CHANNEL, ts).text).toBe(
      say(fr, 'slack.alert.text.resolved', { title: 'KubeletUnreachable' }),
    );
  });

  it('Azure Monitor: a metric alert on the cluster resource is a thread with every check run; its resolution updates it', async () => {
    const body = onLabCluster(world, 'azure-monitor-test-action-metric-static');
    const opened = t.logged('alert-thread');
    const res = await postAzure(t, body);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, unroutable: 0 });
    const thread = await opened;
    expect(thread).toMatchObject({
      source: 'azure-monitor',
      alert: 'test-metricAlertRule',
      channel: OTHER_CHANNEL,
      symptom: null,
      cluster: `${world.lab.subscriptionId}/rg-lab/aks-lab`,
    });
    const ts = String(thread['thread']);
    const note = inThread(t, ts)[0]!;
    expect(String(note.args['text'])).toContain('no AKS networking error recognised');
    await t.seen('checked', (f) => f['diagnosis'] === thread['diagnosis']);

    const resolved = t.logged('alert-updated');
    expect((await postAzure(t, withCondition(body, 'Resolved'))).status).toBe(202);
    expect(await resolved).toMatchObject({ status: 'resolved', thread: ts });
    expect(message(t, OTHER_CHANNEL, ts).text).toContain('resolved: test-metricAlertRule');
    expect(topLevel(t, OTHER_CHANNEL)).toHaveLength(1);
  });
});

describe('alert checks through the queue (Redis)', () => {
  it("an alert's checks run on a real worker process and the verdict lands in the alert's thread", async () => {
    let queue: DiagnosisQueue | undefined;
    const t = await startBotUnderTest(world, {
      store: 'redis',
      env: alertEnv({ AKSDIAG_BOT_CHECKS: 'queue' }),
      runner: (config) => queueRunner((queue = new DiagnosisQueue(config.queue)), config.queue),
    });
    const worker = spawnWorldWorker(world, t);
    try {
      const opened = t.logged('alert-thread');
      expect((await postAlertmanager(t, kubeletAlert('firing'))).status).toBe(202);
      const thread = await opened;
      await t.seen('checked', (f) => f['diagnosis'] === thread['diagnosis']);
      const final = [...t.slack.messages.values()].find(
        (m) => m.thread_ts === thread['thread'] && m.metadata?.event_payload['status'] === 'done',
      );
      expect(final?.metadata?.event_payload).toMatchObject({
        cluster: 'aks-lab',
        confirmed: 'ufw-blocks-10250',
      });
    } finally {
      worker.kill('SIGTERM');
      await worker.exited;
      await queue?.close();
      await t.stop();
    }
  }, 60_000);
});
