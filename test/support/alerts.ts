/**
 * Sending alerts to the bot under test: its alert settings, the documented Azure bodies (aimed at
 * the lab's cluster where a test needs one), and posting them as Alertmanager and an action group
 * do. See test/fixtures/public/alerts for where each body comes from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';
import { type BotUnderTest, type BotWorld, CHANNEL, KUBELET_TIMEOUT, OTHER_CHANNEL } from './slack-bot.js';

export const ALERT_TOKEN = 'alerts-token-for-tests-0123456789';
export const ALERT_BASIC = { username: 'azure-monitor', password: 'basic-password-for-tests' };

/** The receiver on a free port; aks-lab's alerts go to OTHER_CHANNEL, the rest to CHANNEL. */
export const alertEnv = (extra: Record<string, string> = {}) => ({
  AKSDIAG_ALERTS_TOKEN: ALERT_TOKEN,
  AKSDIAG_ALERTS_BASIC_AUTH: `${ALERT_BASIC.username}:${ALERT_BASIC.password}`,
  AKSDIAG_ALERTS_PORT: '0',
  AKSDIAG_ALERTS_CHANNEL: CHANNEL,
  AKSDIAG_ALERTS_ROUTES: `aks-lab=${OTHER_CHANNEL}`,
  ...extra,
});

type Json = Record<string, unknown>;

/** A documented body as its file holds it. */
export const publicAlertText = (name: string): string =>
  readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'public', 'alerts', `${name}.json`), 'utf8');

export const publicAlert = (name: string): Json => JSON.parse(publicAlertText(name)) as Json;

/** A documented Azure body aimed at the lab's cluster (its id lowercased, as Azure sends it). */
export function onLabCluster(world: BotWorld, name: string): Json {
  const body = publicAlert(name) as { data: { essentials: Json } };
  body.data.essentials['alertTargetIDs'] = [
    `/subscriptions/${world.lab.subscriptionId}/resourcegroups/rg-lab/providers/microsoft.containerservice/managedclusters/aks-lab`,
  ];
  return body as unknown as Json;
}

/** The same Azure body with its monitor condition set (Fired or Resolved). */
export function withCondition(body: Json, condition: 'Fired' | 'Resolved'): Json {
  const copy = structuredClone(body) as { data: { essentials: Json } };
  copy.data.essentials['monitorCondition'] = condition;
  return copy as unknown as Json;
}

/**
 * The documented Alertmanager sample with its alert about aks-lab's kubelet timing out, in a
 * given state: what Alertmanager sends for a group (alertname, cluster) as it fires and resolves.
 */
export function kubeletAlert(status: 'firing' | 'resolved'): Json {
  const body = publicAlert('alertmanager-sample-v4') as {
    status: string;
    groupKey: string;
    groupLabels: Json;
    commonLabels: Json;
    commonAnnotations: Json;
    alerts: Json[];
  };
  const labels = { alertname: 'KubeletUnreachable', cluster: 'aks-lab', severity: 'warning' };
  const annotations = { summary: 'kubectl logs fails on aks-lab', description: KUBELET_TIMEOUT };
  body.status = status;
  body.groupKey = '{}:{alertname="KubeletUnreachable", cluster="aks-lab"}';
  body.groupLabels = { alertname: 'KubeletUnreachable', cluster: 'aks-lab' };
  body.commonLabels = labels;
  body.commonAnnotations = annotations;
  body.alerts = [{ ...body.alerts[0], status, labels, annotations, fingerprint: '5b7c9e2a1f3d4c60' }];
  return body as unknown as Json;
}

export const alertUrl = (t: BotUnderTest, path: string) => `http://127.0.0.1:${t.bot.alertsPort}${path}`;

export function postAlert(
  t: BotUnderTest,
  path: '/alerts/alertmanager' | '/alerts/azure-monitor' | string,
  body: unknown,
  authorization: string | null,
) {
  return fetch(alertUrl(t, path), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export const bearer = `Bearer ${ALERT_TOKEN}`;
export const basic = `Basic ${Buffer.from(`${ALERT_BASIC.username}:${ALERT_BASIC.password}`).toString('base64')}`;

/** As Alertmanager sends it (http_config.authorization). */
export const postAlertmanager = (t: BotUnderTest, body: unknown) =>
  postAlert(t, '/alerts/alertmanager', body, bearer);
/** As an action group sends it (user:password in its URL). */
export const postAzure = (t: BotUnderTest, body: unknown) =>
  postAlert(t, '/alerts/azure-monitor', body, basic);

export const topLevel = (t: BotUnderTest, channel: string) =>
  t.posts().filter((c) => c.ok && c.args['channel'] === channel && !c.args['thread_ts']);
export const inThread = (t: BotUnderTest, ts: string) =>
  t.posts().filter((c) => c.ok && c.args['thread_ts'] === ts);
export const messageAt = (t: BotUnderTest, channel: string, ts: string) =>
  t.slack.messages.get(`${channel}/${ts}`)!;
