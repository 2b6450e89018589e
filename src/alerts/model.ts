/**
 * An alert group as aksdiag handles it, whichever system sent it: what fired, whether it still
 * fires, the text the diagnosis reads, and the cluster it names. One group becomes one thread.
 */
import { redact } from '../engine/redact.js';

export type AlertSource = 'alertmanager' | 'azure-monitor';
export type AlertStatus = 'firing' | 'resolved';

/** A cluster an alert names, and how `/aksdiag` would name it (`name`, `rg/name`, `sub/rg/name`). */
export interface AlertCluster {
  name: string;
  resourceGroup?: string;
  subscription?: string;
  query: string;
  /** Where it was read: a label's name, or `target` (an Azure resource id). */
  from: string;
}

/** One alert inside a group. */
export interface AlertItem {
  /** Alertmanager's fingerprint, or Azure's alertId. */
  id: string;
  status: AlertStatus;
  /** The line a person reads: its summary, description or name. */
  summary: string;
}

export interface AlertGroup {
  source: AlertSource;
  /**
   * What makes it the same group next time: Alertmanager's groupKey (with the cluster, when one
   * notification carries several clusters); Azure's rule, target and dimensions.
   */
  key: string;
  status: AlertStatus;
  /** alertname, or the Azure rule's name. */
  title: string;
  severity: string | null;
  alerts: AlertItem[];
  /** Alerts Alertmanager left out of the body (`max_alerts`). */
  truncated: number;
  /** The labels routing and the message show (common labels; Azure: dimensions and properties). */
  labels: Record<string, string>;
  /** What `diagnose()` reads: names, summaries, descriptions, labels and annotations. */
  text: string;
  cluster: AlertCluster | null;
  /** Where the alert comes from (a Prometheus graph, the Alertmanager), when the sender gave one. */
  link: string | null;
}

/** Text read from an alert is bounded: a group of thousands of alerts must not make a huge paste. */
export const MAX_ALERTS_READ = 50;
export const MAX_TEXT = 20_000;

/** `key=value` lines, sorted, for the text the diagnosis reads. */
export const labelLines = (labels: Record<string, string>): string[] =>
  Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);

export const statusOf = (items: AlertItem[]): AlertStatus =>
  items.some((a) => a.status === 'firing') ? 'firing' : 'resolved';

/** The group with every text it shows or keeps masked (an annotation can carry a token or a URL password). */
export function redacted(g: AlertGroup): AlertGroup {
  const r = (s: string) => redact(s).text;
  return {
    ...g,
    title: r(g.title),
    alerts: g.alerts.map((a) => ({ ...a, summary: r(a.summary) })),
    labels: Object.fromEntries(Object.entries(g.labels).map(([k, v]) => [k, r(v)])),
    text: r(g.text),
    link: g.link === null ? null : r(g.link),
  };
}
