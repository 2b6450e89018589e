/**
 * What the bot posts for an alert group: the alert's own message (the thread's parent, updated in
 * place as it fires, resolves and fires again), the short replies in its thread, and the note when
 * no AKS networking error was recognised in it. Everything an alert says is outside text: it goes
 * through slackText, so an alert can neither ping nor link.
 */
import type { AlertGroup, AlertStatus } from '../alerts/model.js';
import { type Block, type SlackMessage, cut, metadata } from './slack-blocks.js';
import { TEXT_LIMITS, slackText } from './slack-text.js';
import { say } from './slack-say.js';
import type { Lang } from '../i18n/languages.js';
import { type Translator, translator } from '../i18n/messages.js';

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

function clusterLine(g: AlertGroup, tr: Translator): string {
  return g.cluster
    ? say(tr, 'slack.alert.cluster', { cluster: name(g.cluster.query) })
    : say(tr, 'slack.alert.noCluster');
}

function alertLines(g: AlertGroup, tr: Translator): string {
  const firing = g.alerts.filter((a) => a.status === 'firing').length;
  const lines = g.alerts
    .slice(0, SHOWN_ALERTS)
    .map(
      (a) =>
        `• ${a.status === 'resolved' ? `${say(tr, 'slack.alert.resolvedMark')} ` : ''}${slackText(a.summary, 280)}`,
    );
  const more = g.alerts.length - SHOWN_ALERTS + g.truncated;
  const count =
    g.alerts.length > 1 || g.truncated
      ? `${say(tr, 'slack.alert.count', { total: g.alerts.length + g.truncated, firing })}${more > 0 ? ` ${say(tr, 'slack.alert.notShown', { more })}` : ''}\n`
      : '';
  return `${count}${lines.join('\n')}`;
}

/** The alert's message, in `lang`: what fired, on which cluster, how often, and whether it still fires. */
export function alertMessage(
  g: AlertGroup,
  st: AlertState,
  diagnosisId: string,
  symptom: string | null,
  lang: Lang = 'en',
): SlackMessage {
  const tr = translator(lang);
  const severity = g.severity ? ` · ${name(g.severity)}` : '';
  const counts = [
    say(tr, 'slack.alert.fired', { n: st.fired }),
    st.resolved ? say(tr, 'slack.alert.resolvedTimes', { n: st.resolved }) : null,
    say(tr, 'slack.alert.notifications', { n: st.notifications, at: st.lastAt }),
  ].filter(Boolean);
  const status = say(tr, st.status === 'firing' ? 'slack.alert.firing' : 'slack.alert.resolved');
  const blocks: Block[] = [
    section(`${status} · *${name(g.title)}*${severity}\n${SOURCE[g.source]} · ${clusterLine(g, tr)}`),
    section(alertLines(g, tr)),
    context(
      `${counts.join(' · ')}${st.quietUntil ? ` · ${say(tr, 'slack.alert.quiet', { until: st.quietUntil })}` : ''}`,
    ),
  ];
  if (g.link)
    blocks.push(context(say(tr, 'slack.alert.source', { link: slackText(g.link, TEXT_LIMITS.evidence) })));
  return {
    text: say(tr, st.status === 'firing' ? 'slack.alert.text.firing' : 'slack.alert.text.resolved', {
      title: name(g.title),
    }),
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
  lang: Lang = 'en',
): SlackMessage {
  const tr = translator(lang);
  const resolved = g.status === 'resolved';
  const what = resolved
    ? say(tr, 'slack.alert.change.resolved', { at })
    : `${say(tr, 'slack.alert.change.firedAgain', { at })}${checking ? ` ${say(tr, 'slack.alert.change.checkingAgain', { cluster: name(g.cluster!.query) })}` : ''}`;
  return {
    text: say(tr, resolved ? 'slack.alert.change.text.resolved' : 'slack.alert.change.text.firedAgain', {
      title: name(g.title),
    }),
    blocks: [section(what)],
    metadata: metadata(diagnosisId, null, 0, { kind: 'alert-change', alert_status: g.status }),
  };
}

/** The reply when no AKS networking error was recognised in the alert. */
export function unrecognisedNote(
  g: AlertGroup,
  diagnosisId: string,
  checks: 'running' | 'off' | 'no-cluster',
  lang: Lang = 'en',
): SlackMessage {
  const tr = translator(lang);
  const next =
    checks === 'running'
      ? say(tr, 'slack.alert.unrecognised.running', { cluster: name(g.cluster!.query) })
      : checks === 'off'
        ? say(tr, 'slack.alert.unrecognised.off')
        : say(tr, 'slack.alert.unrecognised.noCluster');
  return {
    text: say(tr, 'slack.alert.unrecognised.text'),
    blocks: [section(`${say(tr, 'slack.alert.unrecognised')} ${next}`)],
    metadata: metadata(diagnosisId, null, 0, { kind: 'alert-unrecognised' }),
  };
}
