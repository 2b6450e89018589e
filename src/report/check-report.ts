/** Renders a cluster check for a terminal, in the reader's language: each cause with its status, evidence and filled fix. */
import type { Finding } from '../domain/checks.js';
import { causeWords } from '../engine/fix.js';
import { localizeSymptom, verdictLabel } from '../i18n/knowledge.js';
import type { Lang } from '../i18n/languages.js';
import { translator } from '../i18n/messages.js';
import type { CheckReport } from '../run/check-cluster.js';
import { SYMPTOMS } from '../symptoms/index.js';
import { azureEvidenceLines } from './azure-evidence.js';

const ORDER = { confirmed: 0, unknown: 1, 'ruled-out': 2 } as const;

/** Columns a terminal gives a string: CJK and Hangul take two. */
const width = (s: string) =>
  [...s].reduce(
    (n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1),
    0,
  );
const pad = (s: string, columns: number) => s + ' '.repeat(Math.max(1, columns - width(s)));

/** A verdict word in `lang`, the word itself kept in brackets when the language says it otherwise. */
const said = (word: string, lang: Lang) => {
  const label = verdictLabel(word, lang);
  return label === word ? word : `${label} [${word}]`;
};

/** A check report with `lang` and, beside each cause and finding, its words in that language under `text`. */
export type LocalizedCheckReport = Omit<CheckReport, 'causes' | 'findings'> & {
  lang: Lang;
  causes: (CheckReport['causes'][number] & { text: { title: string; status: string; fix: string } })[];
  findings: (Finding & { text: { verdict: string } })[];
};

export function localizeCheckReport(r: CheckReport, lang: Lang): LocalizedCheckReport {
  const { t } = translator(lang);
  const source = SYMPTOMS.find((s) => s.id === r.symptom);
  const symptom = source ? localizeSymptom(source, lang) : undefined;
  return {
    ...r,
    lang,
    causes: r.causes.map((c) => {
      const cause = symptom?.causes.find((x) => x.id === c.id);
      const words = cause ? causeWords(cause, c.values, lang, 'after-checks') : { title: c.id, fix: c.fix };
      return { ...c, text: { title: words.title, status: t(`status.${c.status}`), fix: words.fix } };
    }),
    findings: r.findings.map((f) => ({ ...f, text: { verdict: verdictLabel(f.verdict, lang) } })),
  };
}

export function renderCheckReport(report: CheckReport, lang: Lang = 'en'): string {
  const { t } = translator(lang);
  const r = localizeCheckReport(report, lang);
  const out: string[] = [];
  const sample = r.nodes.checked < r.nodes.total;
  const headline = {
    cluster: r.cluster,
    resourceGroup: r.resourceGroup,
    symptom: r.symptom,
    count: r.findings.length,
  };
  out.push(
    t('check.headline', headline) +
      (sample ? ` ${t('check.sample', { checked: r.nodes.checked, total: r.nodes.total })}` : ''),
  );
  if (r.kube.read === 'command-invoke') out.push(t('check.commandInvoke'));
  if (r.kube.read === 'api' || r.kube.read === 'command-invoke')
    for (const note of r.kube.notes) out.push(`  ${t('verdict.note', { note })}`);
  if (r.kube.read === 'unavailable') out.push(t('check.kubeUnavailable', { reason: r.kube.reason }));
  const causes = [...r.causes].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  for (const c of causes) {
    out.push('', `${pad(c.text.status, 11)}${c.id}`);
    for (const f of c.evidence.slice(0, 5)) {
      const finding = t('check.finding', {
        check: f.check,
        target: f.target,
        verdict: said(f.verdict, lang),
      });
      out.push(`           ${finding}${f.evidence ? `  <- ${f.evidence}` : ''}`);
      for (const note of f.notes.slice(0, 2)) out.push(`             ${t('verdict.note', { note })}`);
    }
    if (c.status === 'confirmed')
      out.push(`           ${t('terminal.fix')}`, ...c.text.fix.split('\n').map((l) => `             ${l}`));
  }
  const azure = azureEvidenceLines(r.findings, lang);
  if (azure.length) {
    out.push('', t('check.azureEvidence'));
    for (const l of azure) out.push(`  ${l.kind === 'disagree' ? '!! ' : ''}${l.text}`);
  }
  if (r.skipped.length) {
    out.push('', t('check.notChecked'));
    for (const s of r.skipped) out.push(`  ${s.check}: ${s.reason}`);
  }
  return out.join('\n') + '\n';
}
