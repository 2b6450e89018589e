/**
 * What the bot posts, as plain data, in the reader's language: the reply to a paste, its fix
 * commands, the checks' progress and the cluster picker (the verdicts are in slack-verdict.ts).
 * Each is Block Kit blocks plus fallback text and the metadata other tools read, within Slack's
 * limits however long the paste (see slack-kit.ts).
 */
import type { Diagnosis } from '../domain/diagnosis.js';
import { localizeDiagnosis } from '../engine/localize.js';
import type { Lang } from '../i18n/languages.js';
import { translator } from '../i18n/messages.js';
import {
  ACTIONS,
  type Block,
  MAX_BUTTON,
  MAX_CONTEXT,
  MAX_OPTIONS,
  MAX_SECTION,
  type SlackMessage,
  actions,
  button,
  code,
  context,
  cut,
  fit,
  header,
  metadata,
  name,
  pct,
  section,
} from './slack-kit.js';
import { escapeOwn, say } from './slack-say.js';
import { TEXT_LIMITS, slackText } from './slack-text.js';

export * from './slack-kit.js';
export * from './slack-verdict.js';

/** Where the "Run checks" button points: a cluster known from the paste or the channel, or none. */
export type ClusterChoice =
  | { kind: 'known'; query: string; label: string }
  | { kind: 'pick' }
  | { kind: 'unconfigured'; missing: string };

const codes = (xs: readonly (string | number)[], n: number) =>
  xs
    .slice(0, n)
    .map((x) => `\`${name(String(x))}\``)
    .join(', ');

function entityLine(d: Diagnosis, lang: Lang): string | null {
  const { t } = translator(lang);
  const e = d.entities;
  const said = (id: Parameters<typeof t>[0]) => escapeOwn(t(id));
  const parts = [
    e.apiServers[0] ? `${said('entity.apiServer')} \`${name(e.apiServers[0].fqdn)}\`` : null,
    e.nodes.length
      ? `${said('slack.reply.nodes')} ${codes(
          e.nodes.map((n) => n.name),
          5,
        )}`
      : null,
    e.ips.length ? `${said('entity.ips')} ${codes(e.ips, 6)}` : null,
    e.ports.length ? `${said('entity.ports')} ${e.ports.slice(0, 6).join(', ')}` : null,
    e.services.length ? `${said('entity.services')} ${codes(e.services, 3)}` : null,
    e.namespaces.length ? `${said('entity.namespaces')} ${codes(e.namespaces, 3)}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length
    ? say(translator(lang), 'slack.reply.foundInPaste', { parts: parts.join(' · ') })
    : null;
}

/** The threaded reply to a recognised paste, in `lang`. */
export function diagnosisMessage(
  d: Diagnosis,
  diagnosisId: string,
  cluster: ClusterChoice,
  lang: Lang = 'en',
): SlackMessage {
  const tr = translator(lang);
  const { t } = tr;
  const l = localizeDiagnosis(d, lang);
  const title = l.text.title ?? d.symptom ?? '';
  const checks = [...new Map(l.causes.flatMap((c) => c.checks).map((c) => [c.id, c.text.summary])).values()];
  const misfit = escapeOwn(t('slack.reply.doesNotFit'));
  const causes = l.causes
    .map((c, i) => `${i + 1}. ${name(c.text.title)}${c.contradictedBy.length ? ` _${misfit}_` : ''}`)
    .join('\n');
  const blocks: Block[] = [
    header(title),
    section(say(tr, 'slack.reply.headline', { title: name(title), confidence: pct(d.confidence) })),
    section(`*${escapeOwn(t('slack.reply.likelyCauses'))}*\n${causes}`),
  ];
  if (l.text.outcomeNote) blocks.push(context(slackText(l.text.outcomeNote, MAX_CONTEXT)));
  if (checks.length)
    blocks.push(
      section(
        `*${escapeOwn(t('slack.reply.checksLookAt'))}*\n${checks.map((c) => `• ${name(c)}`).join('\n')}`,
      ),
    );
  const entities = entityLine(d, lang);
  if (entities) blocks.push(context(entities));
  if (d.input.redactions && Object.keys(d.input.redactions).length)
    blocks.push(context(`:lock: ${escapeOwn(t('slack.reply.redacted'))}`));
  if (cluster.kind === 'unconfigured')
    blocks.push(context(say(tr, 'slack.reply.checksOff', { setting: name(cluster.missing) })));
  const run =
    cluster.kind === 'known'
      ? [
          button(
            t('slack.button.runOn', { cluster: cluster.label }),
            ACTIONS.runChecks,
            diagnosisId,
            'primary',
          ),
        ]
      : cluster.kind === 'pick'
        ? [button(t('slack.button.runPick'), ACTIONS.runChecks, diagnosisId, 'primary')]
        : [];
  blocks.push(
    actions([
      ...run,
      button(t('slack.button.showFix'), ACTIONS.showFix, diagnosisId),
      button(t('slack.button.notThis'), ACTIONS.notThis, diagnosisId),
    ]),
  );
  return {
    text: `aksdiag: ${name(title)} (${pct(d.confidence)})`,
    blocks: fit(blocks, tr),
    metadata: metadata(diagnosisId, d.symptom, d.confidence),
  };
}

/** The fix commands of every likely cause, for "Show fix commands". */
export function fixMessage(d: Diagnosis, diagnosisId: string, lang: Lang = 'en'): SlackMessage {
  const tr = translator(lang);
  const l = localizeDiagnosis(d, lang);
  const blocks = l.causes.map((c) =>
    section(`*${name(c.text.title)}*\n${code(c.text.fix, MAX_SECTION - TEXT_LIMITS.name - 10, tr)}`),
  );
  return {
    text: `aksdiag: ${say(tr, 'slack.fixes.text', { title: name(l.text.title ?? d.symptom ?? '') })}`,
    blocks: fit(blocks, tr),
    metadata: metadata(diagnosisId, d.symptom, d.confidence, { kind: 'fix-commands' }),
  };
}

const BAR = 20;
export function progressBar(done: number, total: number): string {
  const filled = total === 0 ? BAR : Math.round((done / total) * BAR);
  return `${'▓'.repeat(filled)}${'░'.repeat(BAR - filled)}`;
}

/** The checks under way: `title` is what they look for, already in `lang`. */
export function progressMessage(
  p: { cluster: string; title: string; done: number; total: number; nodes?: string },
  diagnosisId: string,
  symptom: string | null,
  lang: Lang = 'en',
): SlackMessage {
  const tr = translator(lang);
  const counts = { done: p.done, total: p.total };
  return {
    text: `aksdiag: ${say(tr, 'slack.progress.text', { cluster: name(p.cluster), ...counts })}`,
    blocks: [
      section(
        `:hourglass_flowing_sand: ${say(tr, 'slack.progress.checking', { cluster: name(p.cluster), title: name(p.title) })}`,
      ),
      section(
        `\`${progressBar(p.done, p.total)}\` ${say(tr, 'slack.progress.count', counts)}${p.nodes ? ` · ${name(p.nodes)}` : ''}`,
      ),
    ],
    metadata: metadata(diagnosisId, symptom, 0, { status: 'running', cluster: p.cluster }),
  };
}

/**
 * A private picker of the clusters aksdiag can see, for "Run checks (pick a cluster)". An option's
 * value is its index in `clusters` (at most MAX_OPTIONS), which the caller keeps with the
 * diagnosis named in the block id: no cluster name comes back from Slack to be trusted.
 */
export function clusterPicker(clusters: string[], diagnosisId: string, lang: Lang = 'en'): Block[] {
  const { t } = translator(lang);
  const usable = clusters.slice(0, MAX_OPTIONS);
  if (usable.length === 0) return [section(escapeOwn(t('slack.picker.none')))];
  return [
    section(escapeOwn(t('slack.picker.which'))),
    {
      type: 'actions',
      block_id: `pick:${diagnosisId}`,
      elements: [
        {
          type: 'static_select',
          action_id: ACTIONS.pickCluster,
          placeholder: { type: 'plain_text', text: cut(t('slack.picker.placeholder'), 150) },
          options: usable.map((c, i) => ({
            text: { type: 'plain_text', text: cut(c, MAX_BUTTON) },
            value: String(i),
          })),
        },
      ],
    },
  ];
}
