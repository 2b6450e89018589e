/**
 * Prometheus Alertmanager's webhook body (version 4: `groupKey`, `truncatedAlerts`, `alerts[]`
 * with `fingerprint`), read into alert groups. A notification is one Alertmanager group; when its
 * alerts name different clusters (grouped by alertname only) each cluster gets a group of its own,
 * since each has its own channel, thread and checks.
 */
import { z } from 'zod';
import { clusterOf } from './cluster.js';
import {
  type AlertCluster,
  type AlertGroup,
  type AlertItem,
  MAX_ALERTS_READ,
  MAX_TEXT,
  labelLines,
  statusOf,
} from './model.js';
import type { AlertSettings } from './settings.js';

const kv = z.record(z.string(), z.string());
const status = z.enum(['firing', 'resolved']);

const alertSchema = z.object({
  status,
  labels: kv,
  annotations: kv.optional(),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

export const alertmanagerSchema = z.object({
  version: z.literal('4', 'only webhook version 4 is read (Alertmanager 0.16 and later)'),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().min(0).optional(),
  status,
  receiver: z.string().optional(),
  groupLabels: kv.optional(),
  commonLabels: kv.optional(),
  commonAnnotations: kv.optional(),
  externalURL: z.string().optional(),
  alerts: z.array(alertSchema).min(1),
});

export type AlertmanagerPayload = z.infer<typeof alertmanagerSchema>;
type RawAlert = z.infer<typeof alertSchema>;

const SUMMARY_KEYS = ['summary', 'description', 'message'];

function summaryOf(a: RawAlert): string {
  const ann = a.annotations ?? {};
  const key = SUMMARY_KEYS.find((k) => ann[k]?.trim());
  return key ? ann[key]!.trim() : (a.labels['alertname'] ?? 'alert');
}

/** The labels every alert of the split shares. */
function shared(alerts: Record<string, string>[]): Record<string, string> {
  const [first = {}, ...rest] = alerts;
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((l) => l[k] === v)));
}

/** What the diagnosis reads: each alert's name, annotations and labels, firing ones first. */
function textOf(alerts: RawAlert[], labelsOf: (a: RawAlert) => Record<string, string>): string {
  const ordered = [...alerts].sort((a, b) => (a.status === b.status ? 0 : a.status === 'firing' ? -1 : 1));
  const parts = ordered.slice(0, MAX_ALERTS_READ).map((a) =>
    [
      ...Object.entries(a.annotations ?? {})
        .filter(([, v]) => v.trim())
        .map(([k, v]) => `${k}: ${v}`),
      ...labelLines(labelsOf(a)),
    ].join('\n'),
  );
  return parts.join('\n\n').slice(0, MAX_TEXT);
}

export function fromAlertmanager(
  p: AlertmanagerPayload,
  s: Pick<AlertSettings, 'clusterLabels' | 'resourceGroupLabels'>,
): AlertGroup[] {
  const common = p.commonLabels ?? {};
  const labelsOf = (a: RawAlert) => ({ ...common, ...a.labels });
  const splits = new Map<string, { cluster: AlertCluster | null; alerts: RawAlert[] }>();
  for (const a of p.alerts) {
    const cluster = clusterOf(labelsOf(a), [], s);
    const k = cluster ? cluster.query.toLowerCase() : '';
    const split = splits.get(k) ?? { cluster, alerts: [] };
    split.alerts.push(a);
    splits.set(k, split);
  }
  return [...splits].map(([k, { cluster, alerts }]) => {
    const labels = shared(alerts.map(labelsOf));
    const items: AlertItem[] = alerts.map((a) => ({
      id: a.fingerprint ?? labelLines(a.labels).join(','),
      status: a.status,
      summary: summaryOf(a),
    }));
    return {
      source: 'alertmanager',
      key: `${p.groupKey}|${k}`,
      status: statusOf(items),
      title: p.groupLabels?.['alertname'] ?? labels['alertname'] ?? alerts[0]!.labels['alertname'] ?? 'Alert',
      severity: labels['severity'] ?? null,
      alerts: items,
      truncated: p.truncatedAlerts ?? 0,
      labels,
      text: textOf(alerts, labelsOf),
      cluster,
      link: alerts.find((a) => a.generatorURL)?.generatorURL ?? p.externalURL ?? null,
    };
  });
}
