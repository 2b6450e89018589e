/**
 * What the bot posts for an alert group: the alert's own message (the thread's parent, updated in
 * place as it fires, resolves and fires again), the short replies in its thread, and the note when
 * no AKS networking error was recognised in it. Everything an alert says is outside text: it goes
 * through slackText, so an alert can neither ping nor link.
 */
import type { AlertGroup, AlertStatus } from '../alerts/model.js';
import { type Block, type SlackMessage, cut, metadata } from './slack-blocks.js';
import { TEXT_LIMITS, slackText } from './slack-text.js';

/** What the thread has seen of the group so far. */
export interface AlertState {
  status: AlertStatus;
  fired: number;
  resolved: number;
  notifications: number;
  /** ISO 8601, of the last notification. */
  lastAt: string;
  /** Set while changes only update this message: when the next new message may be posted. */
  quietUntil: string | null;
}

const SOURCE: Record<AlertGroup['source'], string> = {
  alertmanager: 'Alertmanager',
  'azure-monitor': 'Azure Monitor',
};
const SHOWN_ALERTS = 10;

const name = (s: string) => slackText(s, TEXT_LIMITS.name);
const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: cut(text, 3000) },
});
const context = (text: string): Block => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: cut(text, 3000) }],
});

const word = (s: AlertStatus) => (s === 'firing' ? ':fire: *Firing*' : ':white_check_mark: *Resolved*');

function clusterLine(g: AlertGroup): string {
  return g.cluster ? `cluster \`${name(g.cluster.query)}\`` : 'names no cluster';
}

function alertLines(g: AlertGroup): string {
  const firing = g.alerts.filter((a) => a.status === 'firing').length;
  const lines = g.alerts
    .slice(0, SHOWN_ALERTS)
    .map((a) => `• ${a.status === 'resolved' ? '_(resolved)_ ' : ''}${slackText(a.summary, 280)}`);
  const more = g.alerts.length - SHOWN_ALERTS + g.truncated;
  const count =
    g.alerts.length > 1 || g.truncated
      ? `${g.alerts.length + g.truncated} alerts, ${firing} firing${more > 0 ? ` (${more} not shown)` : ''}\n`
      : '';
  return `${count}${lines.join('\n')}`;
}

/** The alert's message: what fired, on which cluster, how often, and whether it still fires. */
export function alertMessage(
  g: AlertGroup,
  st: AlertState,
  diagnosisId: string,
  symptom: string | null,
): SlackMessage {
  const severity = g.severity ? ` · ${name(g.severity)}` : '';
  const counts = [
    `fired ${st.fired}×`,
    st.resolved ? `resolved ${st.resolved}×` : null,
    `${st.notifications} notification${st.notifications === 1 ? '' : 's'}, the last at ${st.lastAt}`,
  ].filter(Boolean);
  const blocks: Block[] = [
    section(`${word(st.status)} · *${name(g.title)}*${severity}\n${SOURCE[g.source]} · ${clusterLine(g)}`),
    section(alertLines(g)),
    context(
      `${counts.join(' · ')}${st.quietUntil ? ` · :zzz: changing often: this message is updated, nothing new is posted before ${st.quietUntil}` : ''}`,
    ),
  ];
  if (g.link) blocks.push(context(`Source: ${slackText(g.link, TEXT_LIMITS.evidence)}`));
  return {
    text: `aksdiag: ${st.status === 'firing' ? 'firing' : 'resolved'}: ${name(g.title)}`,
    blocks,
    metadata: metadata(diagnosisId, symptom, 0, {
      kind: 'alert',
      alert_status: st.status,
      source: g.source,
      cluster: g.cluster?.query ?? null,
    }),
  };
}

/** A reply in the thread when the group resolves or fires again (rate-limited by the caller). */
export function alertChangeNote(
  g: AlertGroup,
  at: string,
  diagnosisId: string,
  checking: boolean,
): SlackMessage {
  const what =
    g.status === 'resolved'
      ? `:white_check_mark: Resolved at ${at}.`
      : `:fire: Firing again at ${at}.${checking ? ` Checking \`${name(g.cluster!.query)}\` again.` : ''}`;
  return {
    text: `aksdiag: ${name(g.title)}: ${g.status === 'resolved' ? 'resolved' : 'firing again'}`,
    blocks: [section(what)],
    metadata: metadata(diagnosisId, null, 0, { kind: 'alert-change', alert_status: g.status }),
  };
}

/** The reply when no AKS networking error was recognised in the alert. */
export function unrecognisedNote(
  g: AlertGroup,
  diagnosisId: string,
  checks: 'running' | 'off' | 'no-cluster',
): SlackMessage {
  const next =
    checks === 'running'
      ? `Checking \`${name(g.cluster!.query)}\` for every known problem.`
      : checks === 'off'
        ? 'Live checks are off: set AKSDIAG_SUBSCRIPTIONS to let aksdiag check the cluster.'
        : 'It names no cluster, so nothing is checked: label the alert with its cluster, or run `/aksdiag &lt;cluster&gt;` here.';
  return {
    text: 'aksdiag: no AKS networking error recognised in this alert',
    blocks: [section(`I recognised no AKS networking error in this alert. ${next}`)],
    metadata: metadata(diagnosisId, null, 0, { kind: 'alert-unrecognised' }),
  };
}
