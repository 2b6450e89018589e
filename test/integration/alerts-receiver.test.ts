/**
 * The alert receiver's edges and an alert group's thread over time, through the real bot: who may
 * post (401 with no detail for anything but the configured credentials), how much (413), what
 * (400, logged once), where it goes (a clear log line when nowhere), answered before the work is
 * done; and a group's thread as it is sent again, flaps, resolves and fires again. Edges run in
 * both modes (the listener is the same in both); threads in every mode and store.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { startBot } from '../../src/slack/start.js';
import { startSlackEmulator } from '../emulators/slack/index.js';
import {
  ALERT_BASIC,
  alertEnv,
  basic,
  bearer,
  inThread,
  kubeletAlert,
  messageAt,
  onLabCluster,
  postAlert,
  postAlertmanager,
  postAzure,
  publicAlert,
  publicAlertText,
  topLevel,
  withCondition,
} from '../support/alerts.js';
import {
  type BotUnderTest,
  type BotWorld,
  CHANNEL,
  MODES,
  OTHER_CHANNEL,
  SECRET,
  SETUPS,
  startBotUnderTest,
  startBotWorld,
} from '../support/slack-bot.js';

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.stop());

describe.each(MODES)('the alert endpoints in %s mode', (mode) => {
  let t: BotUnderTest;
  beforeEach(async () => {
    t = await startBotUnderTest(world, {
      store: 'sqlite',
      mode,
      // A 2 KB limit: the documented log search alert (4 KB) is over it, the others are not.
      env: alertEnv({ AKSDIAG_ALERTS_MAX_BYTES: '2048' }),
    });
  });
  afterEach(() => t.stop());

  it('refuse anything but the configured credentials with 401 and no detail, and post nothing', async () => {
    const body = onLabCluster(world, 'azure-monitor-test-action-metric-static');
    const wrongBasic = `Basic ${Buffer.from('azure-monitor:not-the-password').toString('base64')}`;
    const token = bearer.slice('Bearer '.length);
    const attempts: [string, string | null][] = [
      ['/alerts/azure-monitor', null],
      ['/alerts/azure-monitor', `${bearer}x`],
      ['/alerts/azure-monitor', wrongBasic],
      ['/alerts/azure-monitor', `Token ${token}`],
      ['/alerts/azure-monitor?token=not-the-token', null],
      // The query token is the Azure path's alone: Alertmanager sends headers.
      [`/alerts/alertmanager?token=${token}`, null],
    ];
    for (const [path, auth] of attempts) {
      const res = await postAlert(
        t,
        path,
        path.includes('alertmanager') ? kubeletAlert('firing') : body,
        auth,
      );
      expect([path, auth, res.status, await res.text()]).toEqual([path, auth, 401, '']);
    }
    expect(t.logs.filter((l) => l.event === 'alert-refused')).toHaveLength(attempts.length);
    // Credentials never reach a log line.
    expect(JSON.stringify(t.logs)).not.toContain(token);
    await t.settle();
    expect(t.posts().filter((c) => c.args['channel'] === OTHER_CHANNEL)).toEqual([]);
  });

  it('take the token in the query on the Azure path, and bearer or basic on both', async () => {
    const body = publicAlert('azure-monitor-test-action-metric-static');
    const token = bearer.slice('Bearer '.length);
    for (const [path, auth] of [
      [`/alerts/azure-monitor?token=${token}`, null],
      ['/alerts/azure-monitor', bearer],
      ['/alerts/azure-monitor', basic],
    ] as const) {
      expect((await postAlert(t, path, body, auth)).status).toBe(202);
    }
    expect((await postAlert(t, '/alerts/alertmanager', kubeletAlert('resolved'), basic)).status).toBe(202);
  });

  it('take the user and password in the URL, as an action group is given them (curl sends them as basic auth)', async () => {
    const url = `http://${ALERT_BASIC.username}:${ALERT_BASIC.password}@127.0.0.1:${t.bot.alertsPort}/alerts/azure-monitor`;
    const body = JSON.stringify(publicAlert('azure-monitor-test-action-metric-static'));
    const curl = (u: string) =>
      promisify(execFile)('curl', [
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '-H',
        'content-type: application/json',
        '--data-binary',
        body,
        u,
      ]);
    expect((await curl(url)).stdout).toBe('202');
    expect((await curl(url.replace(ALERT_BASIC.password, 'not-the-password'))).stdout).toBe('401');
  });

  it('413 beyond the size limit, 400 for what is not JSON or not the schema, each logged once, nothing posted', async () => {
    const big = await postAzure(t, publicAlertText('azure-monitor-test-action-log-alert-v2'));
    expect(big.status).toBe(413);
    const notJson = await postAlert(t, '/alerts/alertmanager', '{"version": "4", "alerts": [', bearer);
    expect([notJson.status, await notJson.text()]).toEqual([400, 'malformed alertmanager payload: not JSON']);
    const v3 = await postAlertmanager(t, { ...kubeletAlert('firing'), version: '3' });
    expect(v3.status).toBe(400);
    expect(await v3.text()).toContain('version');
    const other = await postAzure(t, { schemaId: 'Microsoft.Insights/activityLogs', data: {} });
    expect(other.status).toBe(400);
    expect(t.logs.filter((l) => l.event === 'alert-too-large')).toHaveLength(1);
    expect(t.logs.filter((l) => l.event === 'alert-malformed').map((l) => l.fields['source'])).toEqual([
      'alertmanager',
      'alertmanager',
      'azure-monitor',
    ]);
    await t.settle();
    expect(t.posts().filter((c) => !c.args['thread_ts'])).toEqual([]);
  });

  it('answer at once, before the alert is posted, even while Slack makes the bot wait', async () => {
    t.slack.rateLimitNext('chat.postMessage', 1, 1);
    const opened = t.logged('alert-thread');
    const res = await postAlertmanager(t, kubeletAlert('firing'));
    expect(res.status).toBe(202);
    expect(t.logs.some((l) => l.event === 'alert-thread')).toBe(false);
    const thread = await opened;
    expect(thread).toMatchObject({ channel: OTHER_CHANNEL, symptom: 'tunnel-10250' });
    await t.seen('checked', (c) => c['diagnosis'] === thread['diagnosis']);
  });

  it('a secret in an alert (a token in its summary, a password in its link) reaches no Slack call and no log line', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwcm9tZXRoZXVzIn0.c2VjcmV0LXNpZ25hdHVyZQ';
    const body = kubeletAlert('firing') as { alerts: Record<string, unknown>[] };
    body.alerts[0]!['annotations'] = {
      summary: `probe with Authorization: Bearer ${jwt} failed`,
      description: 'dial tcp 10.224.0.5:10250: i/o timeout',
    };
    body.alerts[0]!['generatorURL'] = 'https://grafana:hunter2-password@grafana.example/graph';
    const opened = t.logged('alert-thread');
    await postAlertmanager(t, body);
    const thread = await opened;
    await t.seen('checked', (c) => c['diagnosis'] === thread['diagnosis']);
    const everything = JSON.stringify([t.slack.calls, t.logs]);
    expect(everything).not.toContain(jwt);
    expect(everything).not.toContain('hunter2-password');
    expect(JSON.stringify(messageAt(t, OTHER_CHANNEL, String(thread['thread'])).blocks)).toContain(
      '[REDACTED:',
    );
  });

  it('a log search alert on a workspace names no cluster: the default channel, and it says nothing is checked', async () => {
    const small = await startBotUnderTest(world, { store: 'sqlite', mode, env: alertEnv() });
    try {
      const opened = small.logged('alert-thread');
      expect((await postAzure(small, publicAlert('azure-monitor-test-action-log-alert-v2'))).status).toBe(
        202,
      );
      const thread = await opened;
      expect(thread).toMatchObject({ channel: CHANNEL, cluster: null, symptom: null });
      const [note] = inThread(small, String(thread['thread']));
      expect(JSON.stringify(note!.args['blocks'])).toContain('It names no cluster, so nothing is checked');
    } finally {
      await small.stop();
    }
  });

  it('an alert no route names, with no default channel: a log line saying what was read and what to set', async () => {
    const routed = await startBotUnderTest(world, {
      store: 'sqlite',
      mode,
      env: alertEnv({ AKSDIAG_ALERTS_CHANNEL: '' }),
    });
    try {
      const res = await postAlertmanager(routed, publicAlert('alertmanager-sample-v4'));
      expect([res.status, await res.json()]).toEqual([202, { accepted: 0, unroutable: 1 }]);
      const line = routed.logs.find((l) => l.event === 'alert-unroutable')!.fields;
      expect(line).toMatchObject({
        source: 'alertmanager',
        alert: 'ProbeFailure',
        cluster: null,
        routes: ['aks-lab'],
        labelsRead: ['cluster', 'aks_cluster', 'cluster_name', 'clustername'],
      });
      expect(String(line['hint'])).toContain('AKSDIAG_ALERTS_CLUSTER_LABELS');
      await routed.settle();
      expect(routed.posts().filter((c) => !c.args['thread_ts'])).toEqual([]);
    } finally {
      await routed.stop();
    }
  });
});

describe.each(SETUPS)("an alert group's thread with the %s store in %s mode", (store, mode) => {
  let t: BotUnderTest;
  afterEach(() => t.stop());

  /** The first firing, to the end of its checks. */
  async function opened(): Promise<{ ts: string; diagnosis: string }> {
    const thread = t.logged('alert-thread');
    expect((await postAlertmanager(t, kubeletAlert('firing'))).status).toBe(202);
    const f = await thread;
    await t.seen('checked', (c) => c['diagnosis'] === f['diagnosis']);
    return { ts: String(f['thread']), diagnosis: String(f['diagnosis']) };
  }

  async function send(status: 'firing' | 'resolved') {
    const updated = t.logged('alert-updated');
    expect((await postAlertmanager(t, kubeletAlert(status))).status).toBe(202);
    return updated;
  }

  it('the same notification twice at once (HA peers, a retry) is one thread, updated, nothing posted twice', async () => {
    t = await startBotUnderTest(world, { store, mode, env: alertEnv() });
    const thread = t.logged('alert-thread');
    const updated = t.logged('alert-updated');
    const answers = await Promise.all([
      postAlertmanager(t, kubeletAlert('firing')),
      postAlertmanager(t, kubeletAlert('firing')),
    ]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    const f = await thread;
    expect(await updated).toMatchObject({ change: null, posted: false, thread: f['thread'] });
    await t.seen('checked', (c) => c['diagnosis'] === f['diagnosis']);
    expect(topLevel(t, OTHER_CHANNEL)).toHaveLength(1);
    expect(JSON.stringify(messageAt(t, OTHER_CHANNEL, String(f['thread'])).blocks)).toContain(
      '2 notifications',
    );
  });

  it('flapping within the window: one thread, nothing new posted, the checks not run again, its message says so', async () => {
    t = await startBotUnderTest(world, { store, mode, env: alertEnv() });
    const { ts } = await opened();
    const before = inThread(t, ts).length;
    for (const status of ['resolved', 'firing', 'resolved', 'firing'] as const) {
      expect(await send(status)).toMatchObject({ status, posted: false });
    }
    expect(topLevel(t, OTHER_CHANNEL)).toHaveLength(1);
    expect(inThread(t, ts)).toHaveLength(before);
    const head = messageAt(t, OTHER_CHANNEL, ts);
    expect(head.text).toContain('firing: KubeletUnreachable');
    const shown = JSON.stringify(head.blocks);
    expect(shown).toContain('fired 3×');
    expect(shown).toContain('resolved 2×');
    expect(shown).toContain('changing often');
    expect(t.logs.filter((l) => l.event === 'checked')).toHaveLength(1);
  });

  it('past the window, resolving and firing again each reply in the thread, and firing again checks again', async () => {
    t = await startBotUnderTest(world, {
      store,
      mode,
      env: alertEnv({ AKSDIAG_ALERTS_REPOST_MINUTES: '0' }),
    });
    const { ts, diagnosis } = await opened();
    expect(await send('resolved')).toMatchObject({ change: 'resolved', posted: true });
    const again = t.logged('checked', (c) => c['diagnosis'] === diagnosis);
    expect(await send('firing')).toMatchObject({ change: 'fired-again', posted: true });
    await again;
    const texts = inThread(t, ts).map((c) => String(c.args['text']));
    expect(texts.filter((x) => x.includes('KubeletUnreachable: resolved'))).toHaveLength(1);
    expect(texts.filter((x) => x.includes('KubeletUnreachable: firing again'))).toHaveLength(1);
    expect(topLevel(t, OTHER_CHANNEL)).toHaveLength(1);
    const runs = [...t.slack.messages.values()].filter(
      (m) => m.thread_ts === ts && m.metadata?.event_payload['status'] === 'done',
    );
    expect(runs.map((m) => m.metadata?.event_payload['confirmed'])).toEqual([
      'ufw-blocks-10250',
      'ufw-blocks-10250',
    ]);
  });

  it("a resolution of an alert never seen (Azure's documented resolved alert) posts nothing and is logged", async () => {
    t = await startBotUnderTest(world, { store, mode, env: alertEnv() });
    expect((await postAzure(t, publicAlert('azure-monitor-sample-metric-resolved'))).status).toBe(202);
    expect(await t.seen('alert-resolved-unseen')).toMatchObject({ alert: 'WCUS-R2-Gen2', channel: CHANNEL });
    await t.settle();
    expect(t.posts().filter((c) => !c.args['thread_ts'])).toEqual([]);
  });

  it('an Azure alert id that changes as the rule fires again stays in the thread of the rule on that cluster', async () => {
    t = await startBotUnderTest(world, { store, mode, env: alertEnv() });
    const body = onLabCluster(world, 'azure-monitor-test-action-metric-static');
    const thread = t.logged('alert-thread');
    await postAzure(t, body);
    const f = await thread;
    await t.seen('checked', (c) => c['diagnosis'] === f['diagnosis']);
    const resolved = t.logged('alert-updated');
    await postAzure(t, withCondition(body, 'Resolved'));
    await resolved;
    const next = withCondition(body, 'Fired') as { data: { essentials: { alertId: string } } };
    next.data.essentials.alertId = next.data.essentials.alertId.replace('eeeeeeee', 'abababab');
    const refired = t.logged('alert-updated');
    await postAzure(t, next);
    expect(await refired).toMatchObject({ change: 'fired-again', thread: f['thread'] });
    expect(topLevel(t, OTHER_CHANNEL)).toHaveLength(1);
  });
});

describe('start-up', () => {
  it('a port already taken stops the bot at start-up with an error naming AKSDIAG_ALERTS_PORT', async () => {
    const slack = await startSlackEmulator({ channels: [CHANNEL, OTHER_CHANNEL] });
    const dir = mkdtempSync(join(tmpdir(), 'aksdiag-alerts-'));
    const taken = createServer().listen(0, '0.0.0.0');
    await new Promise((r) => taken.once('listening', r));
    const port = String((taken.address() as { port: number }).port);
    try {
      const config = loadConfig({
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        AKSDIAG_DATA_DIR: dir,
        ...alertEnv({ AKSDIAG_ALERTS_PORT: port }),
      });
      const started = await startBot(config, null).catch((err: unknown) => err as Error);
      if (!(started instanceof Error)) await started.stop();
      expect(started).toMatchObject({
        code: 'config-invalid',
        message: `The alert receiver cannot listen on port ${port}: EADDRINUSE.`,
        hint: 'Set AKSDIAG_ALERTS_PORT to a free port (0 picks one).',
      });
    } finally {
      taken.close();
      await slack.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
