/**
 * The pieces every Slack message is built from, each holding to Block Kit's limits whatever goes in
 * (50 blocks a message, 3,000 characters a section, 2,000 a context element, 150 a header, 75 a
 * button or option): long text is cut, never refused. Also the ids the listeners act on, and the
 * metadata other tools read. Pure.
 */
import type { Translator } from '../i18n/messages.js';
import { escapeOwn, say } from './slack-say.js';
import { TEXT_LIMITS, slackText } from './slack-text.js';

export const METADATA_EVENT = 'aksdiag_diagnosis';
export const MAX_BLOCKS = 50;
export const MAX_SECTION = 3000;
export const MAX_CONTEXT = 2000;
export const MAX_BUTTON = 75;
export const MAX_HEADER = 150;
/** The most options a static select holds. */
export const MAX_OPTIONS = 100;

export type Block = Record<string, unknown>;

export interface SlackMessage {
  text: string;
  blocks: Block[];
  /** Slack metadata values are strings, numbers or booleans: "none" stands for no symptom. */
  metadata: { event_type: typeof METADATA_EVENT; event_payload: Record<string, string | number> };
}

/** Action ids the bot listens for. */
export const ACTIONS = {
  runChecks: 'aksdiag_run_checks',
  showFix: 'aksdiag_show_fix',
  notThis: 'aksdiag_not_this',
  rerun: 'aksdiag_rerun',
  rawOutput: 'aksdiag_raw_output',
  applyFix: 'aksdiag_apply_fix',
  resolved: 'aksdiag_resolved',
  pickCluster: 'aksdiag_pick_cluster',
} as const;

/** The message shortcut "Diagnose with aksdiag": its callback id (the manifest declares the same). */
export const DIAGNOSE_SHORTCUT = {
  callbackId: 'aksdiag_diagnose_message',
  name: 'Diagnose with aksdiag',
} as const;

/** A name from outside (a cluster, a node, a resource group) in mrkdwn: escaped and cut. */
export const name = (s: string) => slackText(s, TEXT_LIMITS.name);

export function cut(text: string, max: number, marker = '…'): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - marker.length))}${marker}`;
}

/** What a cut code block ends with, in the reader's words. */
const cutMarker = (tr: Translator) => `\n… ${escapeOwn(tr.t('slack.cut'))}`;

/** Commands in a code block: the values filled in came from outside too. */
export const code = (s: string, max: number, tr: Translator) =>
  `\`\`\`${slackText(s, max - 6, cutMarker(tr))}\`\`\``;

export const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: cut(text, MAX_SECTION) },
});
export const context = (text: string): Block => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: cut(text, MAX_CONTEXT) }],
});
export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: cut(text, MAX_HEADER) },
});
export const button = (
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
): Block => ({
  type: 'button',
  text: { type: 'plain_text', text: cut(text, MAX_BUTTON) },
  action_id: actionId,
  value: value.slice(0, 2000),
  ...(style ? { style } : {}),
});
export const actions = (elements: Block[]): Block => ({ type: 'actions', elements: elements.slice(0, 25) });

/** At most `max` blocks: the last ones give way to a note, the action buttons are always kept. */
export function fit(blocks: Block[], tr: Translator, max = MAX_BLOCKS): Block[] {
  if (blocks.length <= max) return blocks;
  const tail = blocks.filter((b) => b['type'] === 'actions').slice(-1);
  const body = blocks.filter((b) => !tail.includes(b)).slice(0, max - 1 - tail.length);
  return [...body, context(`… ${escapeOwn(tr.t('slack.overflow'))}`), ...tail];
}

/** Lines, one a line, as many as fit in `max` characters; the rest counted in a last line. */
export function linesWithin(lines: string[], max: number, tr: Translator): string {
  const kept: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const reserve = i < lines.length - 1 ? 40 : 0;
    if (used + line.length + 1 + reserve > max) {
      kept.push(`• ${say(tr, 'slack.verdict.more', { count: lines.length - i })}`);
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  return kept.join('\n');
}

export const pct = (c: number) => `${Math.round(c * 100)}%`;

export function metadata(
  diagnosisId: string,
  symptom: string | null,
  confidence: number,
  extra: Record<string, string | number | null> = {},
): SlackMessage['metadata'] {
  const payload: Record<string, string | number> = {
    diagnosis_id: diagnosisId,
    symptom: symptom ?? 'none',
    confidence: Math.round(confidence * 100) / 100,
  };
  // Metadata is not shown, but a cluster typed in Slack can be any length.
  for (const [k, v] of Object.entries(extra))
    if (v !== null) payload[k] = typeof v === 'string' ? v.slice(0, 200) : v;
  return { event_type: METADATA_EVENT, event_payload: payload };
}
