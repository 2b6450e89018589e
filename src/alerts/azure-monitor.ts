/**
 * An Azure Monitor action group's webhook body in the common alert schema
 * (`schemaId: azureMonitorCommonAlertSchema`): `essentials` names the rule, the target resources
 * and whether it fired or resolved; `alertContext` differs by alert type (metric conditions, log
 * search queries and their dimensions or results, Prometheus labels and annotations). Everything
 * it says that a person reads goes into the text the diagnosis reads.
 */
import { z } from 'zod';
import { clusterOf } from './cluster.js';
import { type AlertGroup, MAX_ALERTS_READ, MAX_TEXT, labelLines } from './model.js';
import type { AlertSettings } from './settings.js';

const text = z.string().nullable().optional();

export const azureMonitorSchema = z.object({
  schemaId: z.literal('azureMonitorCommonAlertSchema', 'only the common alert schema is read'),
  data: z.object({
    essentials: z.object({
      alertId: z.string().min(1),
      alertRule: text,
      severity: text,
      signalType: text,
      monitorCondition: z.enum(['Fired', 'Resolved']),
      monitoringService: text,
      alertTargetIDs: z.array(z.string()).nullable().optional(),
      configurationItems: z.array(z.string()).nullable().optional(),
      originAlertId: text,
      description: text,
    }),
    alertContext: z.record(z.string(), z.unknown()).nullable().optional(),
    customProperties: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
});

export type AzureMonitorPayload = z.infer<typeof azureMonitorSchema>;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** String values of a flat object (custom properties, Prometheus labels). */
function strings(v: unknown): Record<string, string> {
  if (!isObj(v)) return {};
  return Object.fromEntries(
    Object.entries(v).flatMap(([k, x]) => (str(x) !== null ? [[k, str(x)!] as [string, string]] : [])),
  );
}

/** `[{ name, value }]`, as metric and log conditions list their dimensions. */
function dimensions(v: unknown): Record<string, string> {
  return Object.fromEntries(
    list(v).flatMap((d) =>
      isObj(d) && str(d['name']) && str(d['value']) !== null ? [[str(d['name'])!, str(d['value'])!]] : [],
    ),
  );
}

/** A metric or log condition as one line: what was measured, against what, and its value. */
function conditionLine(c: Obj): string {
  const what = str(c['metricName']) ?? str(c['searchQuery']) ?? str(c['webTestName']) ?? 'condition';
  const parts = [str(c['timeAggregation']), what, str(c['operator']), str(c['threshold'])].filter(Boolean);
  const value = str(c['metricValue']);
  return `${parts.join(' ')}${value !== null ? ` (value ${value})` : ''}`;
}

/** The cells of log search results (a log alert can carry the failing log lines themselves). */
function resultCells(results: unknown): string[] {
  return list(isObj(results) ? results['tables'] : undefined)
    .flatMap((t) => list(isObj(t) ? t['rows'] : undefined))
    .slice(0, MAX_ALERTS_READ)
    .map((row) =>
      list(row)
        .map(str)
        .filter((c): c is string => c !== null)
        .join(' '),
    );
}

function contextOf(ctx: Obj): { labels: Record<string, string>; lines: string[]; link: string | null } {
  const condition = isObj(ctx['condition']) ? ctx['condition'] : {};
  const conditions = list(condition['allOf']).filter(isObj);
  const labels = {
    ...strings(ctx['properties']),
    ...Object.assign({}, ...conditions.map((c) => dimensions(c['dimensions']))),
    ...dimensions(ctx['Dimensions']),
    ...strings(ctx['labels']),
  } as Record<string, string>;
  const annotations = strings(ctx['annotations']);
  const lines = [
    ...conditions.map(conditionLine),
    ...[ctx['SearchQuery'], ctx['expression'], ctx['operationName']].map(str).filter((l): l is string => !!l),
    ...Object.entries(annotations).map(([k, v]) => `${k}: ${v}`),
    ...list(ctx['AffectedConfigurationItems'])
      .map(str)
      .filter((l): l is string => !!l),
    ...resultCells(ctx['SearchResults']),
  ];
  const link =
    conditions.map((c) => str(c['linkToFilteredSearchResultsUI'])).find(Boolean) ??
    str(ctx['LinkToFilteredSearchResultsUI']) ??
    null;
  return { labels, lines, link };
}

export function fromAzureMonitor(
  p: AzureMonitorPayload,
  s: Pick<AlertSettings, 'clusterLabels' | 'resourceGroupLabels'>,
): AlertGroup {
  const e = p.data.essentials;
  const ctx = contextOf(p.data.alertContext ?? {});
  const labels = { ...strings(p.data.customProperties), ...ctx.labels };
  const targets = e.alertTargetIDs ?? [];
  const title = e.alertRule || e.originAlertId || 'Azure Monitor alert';
  const status = e.monitorCondition === 'Fired' ? 'firing' : 'resolved';
  const dims = labelLines(ctx.labels).join(',');
  const lines = [
    title,
    e.description ?? '',
    [e.monitoringService, e.signalType].filter(Boolean).join(' '),
    ...ctx.lines,
    ...labelLines(labels),
    ...(e.configurationItems ?? []),
  ].filter((l) => l.trim());
  return {
    source: 'azure-monitor',
    // An alert's id changes each time it fires again: the thread follows the rule on that resource.
    key: [title, [...targets].sort().join(','), dims].join('|').toLowerCase(),
    status,
    title,
    severity: e.severity ?? null,
    alerts: [{ id: e.alertId, status, summary: e.description?.trim() || title }],
    truncated: 0,
    labels,
    text: lines.join('\n').slice(0, MAX_TEXT),
    cluster: clusterOf(labels, targets, s),
    link: ctx.link,
  };
}
