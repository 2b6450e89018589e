/**
 * The documented alert bodies (test/fixtures/public/alerts, each with its source) read into alert
 * groups: what fired, its status, the text the diagnosis reads, the cluster and the route.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/support/paths.js';
import { diagnose } from '../engine/diagnose.js';
import { alertmanagerSchema, fromAlertmanager } from './alertmanager.js';
import { azureMonitorSchema, fromAzureMonitor } from './azure-monitor.js';
import { routeOf } from './cluster.js';
import { parseRoutes } from './settings.js';

const PUBLIC = join(REPO_ROOT, 'test', 'fixtures', 'public', 'alerts');
const CAPTURED = join(REPO_ROOT, 'test', 'fixtures', 'alerts');
const load = (name: string, dir = PUBLIC): Record<string, unknown> =>
  JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Record<string, unknown>;

const LABELS = {
  clusterLabels: ['cluster', 'aks_cluster', 'cluster_name', 'clustername'],
  resourceGroupLabels: ['resource_group', 'resourcegroup'],
};
const AKS_ID =
  '/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourcegroups/rg-lab/providers/microsoft.containerservice/managedclusters/aks-lab';

const alertmanager = (p: unknown) => fromAlertmanager(alertmanagerSchema.parse(p), LABELS);
const azure = (p: unknown) => fromAzureMonitor(azureMonitorSchema.parse(p), LABELS);

/** The documented body with its alert aimed at another resource (the only change made to it). */
function retargeted(name: string, target: string): Record<string, unknown> {
  const p = structuredClone(load(name)) as { data: { essentials: { alertTargetIDs: string[] } } };
  p.data.essentials.alertTargetIDs = [target];
  return p as unknown as Record<string, unknown>;
}

describe('Alertmanager webhook (version 4)', () => {
  it('reads the sample body: one firing group named by alertname, its summary, severity and source link', () => {
    const [g, ...rest] = alertmanager(load('alertmanager-sample-v4'));
    expect(rest).toEqual([]);
    expect(g).toMatchObject({
      source: 'alertmanager',
      status: 'firing',
      title: 'ProbeFailure',
      severity: 'critical',
      cluster: null,
      truncated: 0,
      alerts: [
        {
          id: '1a30ba71cca2921f',
          status: 'firing',
          summary: 'BlackBox Probe Failure: https://server.example.org',
        },
      ],
    });
    expect(g!.key).toContain('{alertname="ProbeFailure"}');
    expect(g!.text).toContain('Instance https://server.example.org has been down for over 5m');
    expect(g!.text).toContain('job=http_checks');
    expect(g!.link).toContain('prometheus.example.org:9090/graph');
  });

  it('splits one notification by cluster, each with its own key; resolved when every alert of it is', () => {
    const p = structuredClone(load('alertmanager-sample-v4')) as {
      alerts: { labels: Record<string, string>; status: string; fingerprint: string }[];
    };
    const first = p.alerts[0]!;
    p.alerts = [
      { ...first, labels: { ...first.labels, cluster: 'aks-a' }, fingerprint: 'f1' },
      {
        ...first,
        labels: { ...first.labels, cluster: 'aks-b', resource_group: 'rg-b' },
        fingerprint: 'f2',
        status: 'resolved',
      },
      {
        ...first,
        labels: { ...first.labels, cluster: 'aks-a', instance: 'other' },
        fingerprint: 'f3',
        status: 'resolved',
      },
    ];
    const groups = alertmanager(p);
    expect(groups.map((g) => [g.cluster?.query, g.status, g.alerts.map((a) => a.id)])).toEqual([
      ['aks-a', 'firing', ['f1', 'f3']],
      ['rg-b/aks-b', 'resolved', ['f2']],
    ]);
    expect(new Set(groups.map((g) => g.key)).size).toBe(2);
    // Labels the split's alerts share, not those of one alert.
    expect(groups[0]!.labels).not.toHaveProperty('instance');
  });

  it('refuses a body that is not version 4, or has no alerts', () => {
    expect(alertmanagerSchema.safeParse({ ...load('alertmanager-sample-v4'), version: '3' }).success).toBe(
      false,
    );
    expect(alertmanagerSchema.safeParse({ ...load('alertmanager-sample-v4'), alerts: [] }).success).toBe(
      false,
    );
  });
});

describe('Alertmanager 0.25 as it sent them (scripts/fixtures/capture-alertmanager.mjs)', () => {
  const firing = alertmanager(load('alertmanager-firing', CAPTURED));
  const resolved = alertmanager(load('alertmanager-resolved', CAPTURED));

  it('fires then resolves one group, under one key, about rg-lab/aks-lab from its labels', () => {
    expect(firing.map((g) => [g.status, g.cluster?.query, g.cluster?.from])).toEqual([
      ['firing', 'rg-lab/aks-lab', 'cluster'],
    ]);
    expect(resolved.map((g) => g.status)).toEqual(['resolved']);
    expect(resolved[0]!.key).toBe(firing[0]!.key);
    expect(resolved[0]!.alerts[0]!.id).toBe(firing[0]!.alerts[0]!.id);
  });

  it('carries the error in its annotations, which the diagnosis recognises', () => {
    const d = diagnose(firing[0]!.text);
    expect(d.symptom).toBe('tunnel-10250');
    expect(d.entities.ports).toContain(10250);
  });
});

describe('Azure Monitor common alert schema', () => {
  it('a resolved metric alert: resolved, its rule, the condition and its value in the text, no cluster (a VM)', () => {
    const g = azure(load('azure-monitor-sample-metric-resolved'));
    expect(g).toMatchObject({
      source: 'azure-monitor',
      status: 'resolved',
      title: 'WCUS-R2-Gen2',
      severity: 'Sev3',
      cluster: null,
    });
    expect(g.alerts[0]!.id).toContain('Microsoft.AlertsManagement/alerts/aaaa0a0a');
    expect(g.text).toContain('Average Percentage CPU GreaterThan 25 (value 7.727)');
  });

  it('a fired static-threshold metric alert: custom properties and dimensions become labels', () => {
    const g = azure(load('azure-monitor-test-action-metric-static'));
    expect(g.status).toBe('firing');
    expect(g.labels).toEqual({ customKey1: 'value1', customKey2: 'value2', ApiName: 'GetBlob' });
    expect(g.text).toContain('Total Transactions GreaterThan 0 (value 100)');
  });

  it('a log search alert (V2): the query and the dimension in the text, the filtered results link kept', () => {
    const g = azure(load('azure-monitor-test-action-log-alert-v2'));
    expect(g).toMatchObject({ status: 'firing', title: 'test-logAlertRule-v2', cluster: null });
    expect(g.labels['Computer']).toBe('test-computer');
    expect(g.text).toContain('Count Heartbeat GreaterThan 0 (value 3)');
    expect(g.link).toMatch(/^https:\/\/portal\.azure\.com#@/);
  });

  it('names the cluster when the alert targets an AKS cluster (ids come lowercased), as sub/rg/name', () => {
    const g = azure(retargeted('azure-monitor-test-action-metric-static', AKS_ID));
    expect(g.cluster).toMatchObject({
      name: 'aks-lab',
      resourceGroup: 'rg-lab',
      subscription: '0b1f6471-1bf0-4dda-aec3-111122223333',
      from: 'target',
    });
    expect(g.cluster!.query).toBe('0b1f6471-1bf0-4dda-aec3-111122223333/rg-lab/aks-lab');
  });

  it("keeps one key for a rule on a resource whatever the alert's id (it changes each time it fires again)", () => {
    const a = load('azure-monitor-test-action-metric-static') as {
      data: { essentials: { alertId: string } };
    };
    const b = structuredClone(a);
    b.data.essentials.alertId = a.data.essentials.alertId.replace('eeeeeeee', 'ffffffff');
    expect(azure(b).key).toBe(azure(a).key);
    expect(azure(b).alerts[0]!.id).not.toBe(azure(a).alerts[0]!.id);
  });

  it('a managed Prometheus alert names its cluster by its cluster label', () => {
    const body = load('azure-monitor-test-action-metric-static') as { data: Record<string, unknown> };
    body.data['alertContext'] = load('azure-monitor-prometheus-alert-context')['alertContext'];
    const g = azure(body);
    expect(g.cluster).toMatchObject({ name: 'myCluster1', query: 'myCluster1', from: 'cluster' });
    expect(g.text).toContain('summary: alert on SQL availability');
    expect(g.text).toContain('sql_up > 0');
  });

  it('refuses a body of another schema', () => {
    expect(
      azureMonitorSchema.safeParse({
        ...load('azure-monitor-sample-metric-resolved'),
        schemaId: 'Microsoft.Insights/activityLogs',
      }).success,
    ).toBe(false);
  });
});

describe('routing', () => {
  const routes = parseRoutes(
    'AKSDIAG_ALERTS_ROUTES',
    'aks-lab=C0LAB1, other-rg/aks-lab=C0OTHER, 0b1f6471-1bf0-4dda-aec3-111122223333/rg-lab/aks-lab=C0EXACT',
  );

  it('takes the most specific route that names the cluster, without case', () => {
    const exact = azure(
      retargeted(
        'azure-monitor-test-action-metric-static',
        AKS_ID.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'),
      ),
    );
    expect(routeOf(exact.cluster, { routes, defaultChannel: null })).toEqual({
      channel: 'C0EXACT',
      by: 'route',
    });
    const byName = { name: 'AKS-LAB', query: 'AKS-LAB', from: 'cluster' };
    expect(routeOf(byName, { routes, defaultChannel: null })).toEqual({ channel: 'C0LAB1', by: 'route' });
    const otherRg = {
      name: 'aks-lab',
      resourceGroup: 'other-rg',
      query: 'other-rg/aks-lab',
      from: 'cluster',
    };
    expect(routeOf(otherRg, { routes, defaultChannel: null })!.channel).toBe('C0OTHER');
  });

  it('falls back to the default channel, and to nothing without one', () => {
    const g = azure(load('azure-monitor-sample-metric-resolved'));
    expect(routeOf(g.cluster, { routes, defaultChannel: 'C0DEFAULT' })).toEqual({
      channel: 'C0DEFAULT',
      by: 'default',
    });
    expect(routeOf(g.cluster, { routes, defaultChannel: null })).toBeNull();
    const unmapped = { name: 'aks-prod', query: 'aks-prod', from: 'cluster' };
    expect(routeOf(unmapped, { routes, defaultChannel: null })).toBeNull();
  });
});
