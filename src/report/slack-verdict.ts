/**
 * The verdicts the bot posts, in the reader's language: one symptom's checks (every cause with its
 * status, evidence and, when confirmed, the fix with real values, then Azure's own evidence), a
 * health sweep over every symptom, and the raw output of a run. Pure; within Slack's limits.
 */
import type { CauseStatus } from '../domain/checks.js';
import { symptomTitle, verdictLabel } from '../i18n/knowledge.js';
import type { Lang } from '../i18n/languages.js';
import { type Translator, translator } from '../i18n/messages.js';
import type { CheckReport } from '../run/check-cluster.js';
import { azureEvidenceLines } from './azure-evidence.js';
import { localizeCheckReport } from './check-report.js';
import type { ChangeKind } from './fix-change.js';
import {
  ACTIONS,
  type Block,
  MAX_CONTEXT,
  MAX_SECTION,
  type SlackMessage,
  actions,
  button,
  code,
  context,
  fit,
  header,
  linesWithin,
  metadata,
  name,
  section,
} from './slack-kit.js';
import { escapeOwn, say } from './slack-say.js';
import { TEXT_LIMITS, slackText } from './slack-text.js';

/** An "Apply fix" button: the confirmed cause it fixes and the kind of change (its label). */
export interface FixButton {
  cause: string;
  change: ChangeKind;
}

const ICON: Record<CauseStatus, string> = {
  confirmed: ':red_circle:',
  'ruled-out': ':white_check_mark:',
  unknown: ':grey_question:',
};
const ORDER: Record<CauseStatus, number> = { confirmed: 0, unknown: 1, 'ruled-out': 2 };

/** One finding as a line: the check, its target, the verdict in `lang`, and what it saw. */
function findingLine(
  f: { check: string; target: string; verdict: string; evidence: string | null },
  tr: Translator,
): string {
  const said = say(tr, 'check.finding', {
    check: `\`${name(f.check)}\``,
    target: name(f.target),
    verdict: `*${name(verdictLabel(f.verdict, tr.lang))}*`,
  });
  return `• ${said}${f.evidence ? ` — ${slackText(f.evidence, TEXT_LIMITS.evidence)}` : ''}`;
}

/** "Azure's own evidence": Network Watcher beside the NSG verdicts, the detectors, the node image's check. */
function azureSection(findings: CheckReport['findings'], tr: Translator): Block | null {
  const lines = azureEvidenceLines(findings, tr.lang).map(
    (l) => `• ${l.kind === 'disagree' ? ':warning: ' : ''}${slackText(l.text, 600)}`,
  );
  if (lines.length === 0) return null;
  const head = `*${escapeOwn(tr.t('azure.heading'))}*\n`;
  return section(head + linesWithin(lines, MAX_SECTION - head.length, tr));
}

function skippedContext(r: CheckReport, tr: Translator): Block | null {
  if (!r.skipped.length) return null;
  const list = slackText(r.skipped.map((s) => `${s.check} (${s.reason})`).join('; '), MAX_CONTEXT - 100);
  return context(`${escapeOwn(tr.t('check.notChecked'))} ${list}`);
}

/** The verdict: every cause with its status, evidence and (when confirmed) the fix with real values. */
export function reportMessage(
  report: CheckReport,
  diagnosisId: string,
  applicable: readonly FixButton[],
  lang: Lang = 'en',
): SlackMessage {
  const tr = translator(lang);
  const { t } = tr;
  const r = localizeCheckReport(report, lang);
  const title = (id: string) => r.causes.find((c) => c.id === id)?.text.title ?? id;
  const confirmed = r.causes.filter((c) => c.status === 'confirmed');
  const sample =
    r.nodes.checked < r.nodes.total
      ? ` ${escapeOwn(t('check.sample', { checked: r.nodes.checked, total: r.nodes.total }))}`
      : '';
  const blocks: Block[] = [
    header(
      confirmed.length
        ? t('slack.verdict.found', { title: confirmed[0]!.text.title })
        : t('slack.verdict.noneOn', { cluster: r.cluster }),
    ),
    context(
      `*${name(r.cluster)}* (${name(r.resourceGroup)}) · ${say(tr, 'slack.verdict.checks', { count: r.findings.length })}${sample}`,
    ),
  ];
  if (r.kube.read === 'unavailable')
    blocks.push(context(say(tr, 'check.kubeUnavailable', { reason: slackText(r.kube.reason, 1000) })));
  if (r.kube.read === 'command-invoke') blocks.push(context(escapeOwn(t('check.commandInvoke'))));
  for (const c of [...r.causes].sort((a, b) => ORDER[a.status] - ORDER[b.status])) {
    const evidence = c.evidence
      .slice(0, 3)
      .map((f) => findingLine(f, tr))
      .join('\n');
    const more =
      c.evidence.length > 3 ? `\n• ${say(tr, 'slack.verdict.more', { count: c.evidence.length - 3 })}` : '';
    const status = escapeOwn(t(`slack.status.${c.status}`));
    blocks.push(
      section(
        `${ICON[c.status]} *${status}:* ${name(c.text.title)}${evidence ? `\n${evidence}${more}` : ''}`,
      ),
    );
    if (c.status === 'confirmed')
      blocks.push(
        section(`*${escapeOwn(t('slack.verdict.fix'))}*\n${code(c.text.fix, MAX_SECTION - 40, tr)}`),
      );
  }
  const azure = azureSection(r.findings, tr);
  if (azure) blocks.push(azure);
  const skipped = skippedContext(r, tr);
  if (skipped) blocks.push(skipped);
  blocks.push(
    actions([
      button(t('slack.button.rerun'), ACTIONS.rerun, diagnosisId),
      button(t('slack.button.rawOutput'), ACTIONS.rawOutput, diagnosisId),
      // Each button's own action id (Slack wants them unique); the diagnosis keeps the causes in this order.
      ...applicable.map((f, i) =>
        button(t(`slack.apply.${f.change}`), `${ACTIONS.applyFix}:${i}`, diagnosisId, 'danger'),
      ),
      button(t('slack.button.resolved'), ACTIONS.resolved, diagnosisId),
    ]),
  );
  const summary = confirmed.length
    ? confirmed.map((c) => name(title(c.id))).join('; ')
    : escapeOwn(t('slack.verdict.none'));
  return {
    text: `aksdiag: ${name(r.cluster)}: ${summary}`,
    blocks: fit(blocks, tr),
    metadata: metadata(diagnosisId, r.symptom, confirmed.length ? 1 : 0, {
      status: 'done',
      cluster: r.cluster,
      confirmed: confirmed.map((c) => c.id).join(',') || null,
    }),
  };
}

/** A health sweep: the symptoms with a confirmed cause in full, the rest in one line. */
export function sweepMessage(reports: CheckReport[], diagnosisId: string, lang: Lang = 'en'): SlackMessage {
  const tr = translator(lang);
  const { t } = tr;
  const localized = reports.map((r) => localizeCheckReport(r, lang));
  const found = localized.filter((r) => r.causes.some((c) => c.status === 'confirmed'));
  const clean = localized.filter((r) => !found.includes(r));
  const cluster = reports[0]?.cluster ?? '';
  const blocks: Block[] = [
    header(
      found.length
        ? t('slack.sweep.found', { cluster, count: found.length })
        : t('slack.sweep.nothing', { cluster }),
    ),
  ];
  for (const r of found) {
    const symptom = symptomTitle(r.symptom, lang) ?? r.symptom;
    for (const c of r.causes.filter((x) => x.status === 'confirmed')) {
      const ev = c.evidence[0];
      blocks.push(
        section(
          `${ICON.confirmed} *${name(c.text.title)}* (${name(symptom)})${ev ? `\n${findingLine(ev, tr)}` : ''}`,
        ),
        section(`*${escapeOwn(t('slack.verdict.fix'))}*\n${code(c.text.fix, MAX_SECTION - 40, tr)}`),
      );
    }
  }
  // The same Azure evidence can come with several symptoms' checks: each line once.
  const seen = new Set<string>();
  const findings = reports
    .flatMap((r) => r.findings)
    .filter((f) => {
      const key = JSON.stringify([f.check, f.target, f.verdict]);
      return seen.has(key) ? false : (seen.add(key), true);
    });
  const azure = azureSection(findings, tr);
  if (azure) blocks.push(azure);
  if (clean.length) {
    const titles = clean.map((r) => name(symptomTitle(r.symptom, lang) ?? r.symptom));
    blocks.push(
      context(say(tr, 'slack.sweep.clean', { symptoms: slackText(titles.join(', '), MAX_CONTEXT - 200) })),
    );
  }
  blocks.push(
    actions([
      button(t('slack.button.rerun'), ACTIONS.rerun, diagnosisId),
      button(t('slack.button.rawOutput'), ACTIONS.rawOutput, diagnosisId),
      button(t('slack.button.resolved'), ACTIONS.resolved, diagnosisId),
    ]),
  );
  return {
    text: `aksdiag: ${say(tr, 'slack.sweep.found', { cluster: name(cluster), count: found.length })}`,
    blocks: fit(blocks, tr),
    metadata: metadata(diagnosisId, null, found.length ? 1 : 0, {
      status: 'done',
      cluster,
      confirmed:
        found
          .flatMap((r) => r.causes.filter((c) => c.status === 'confirmed').map((c) => `${r.symptom}/${c.id}`))
          .join(',') || null,
    }),
  };
}

/** "Show raw output": every finding of the last run, redacted by the caller, cut to what fits. */
export function rawOutputMessage(
  reports: CheckReport[],
  diagnosisId: string,
  lang: Lang = 'en',
): SlackMessage {
  const tr = translator(lang);
  const { t } = tr;
  // Raw: the verdict words as the checks wrote them.
  const lines = reports.flatMap((r) =>
    r.findings.map(
      (f) =>
        `${t('check.finding', { check: f.check, target: f.target, verdict: f.verdict })}${f.evidence ? `\n  ${f.evidence}` : ''}${f.notes.length ? `\n  ${f.notes.map((note) => t('verdict.note', { note })).join('\n  ')}` : ''}`,
    ),
  );
  // One code block per section, each under the 3,000-character limit.
  const chunks: string[] = [];
  let current = '';
  for (const line of lines) {
    // Node output can hold anything, `<!channel>` included.
    const piece = slackText(line, 2000);
    if (current.length + piece.length + 1 > MAX_SECTION - 10) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) chunks.push(current);
  const blocks = chunks.map((c) => section(`\`\`\`${c}\`\`\``));
  return {
    text: `aksdiag: ${escapeOwn(t('slack.raw.text', { count: lines.length }))}`,
    blocks: fit(blocks.length ? blocks : [section(escapeOwn(t('slack.raw.none')))], tr),
    metadata: metadata(diagnosisId, reports[0]?.symptom ?? null, 0, { kind: 'raw-output' }),
  };
}
