/** Renders diagnoses and verdicts for a terminal, in the reader's language: short, plain text, most useful first. */
import type { Diagnosis, Entities } from '../domain/diagnosis.js';
import type { Verdict } from '../domain/verdicts.js';
import { CONFIDENCE_THRESHOLD } from '../engine/match.js';
import { localizeDiagnosis } from '../engine/localize.js';
import { verdictLabel } from '../i18n/knowledge.js';
import type { Lang } from '../i18n/languages.js';
import { type Translator, translator } from '../i18n/messages.js';

const indent = (text: string, pad: string) =>
  text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

/** Columns a terminal gives a string: CJK and Hangul take two. */
const width = (s: string) =>
  [...s].reduce(
    (n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1),
    0,
  );

/** A label padded to a 10-column gutter, then the value. */
const row = (label: string, value: string) => `${label}${' '.repeat(Math.max(1, 11 - width(label)))}${value}`;

function entityLines(e: Entities, { t, list }: Translator): string[] {
  const lines: string[] = [];
  for (const n of e.nodes) {
    lines.push(
      row(
        t('entity.node'),
        n.vmss
          ? t('entity.nodeVmss', { name: n.name, vmss: n.vmss, instanceId: n.instanceId ?? '' })
          : n.name,
      ),
    );
  }
  for (const a of e.apiServers) {
    const detail = { fqdn: a.fqdn, prefix: a.dnsPrefix, region: a.region, private: a.private ? 'yes' : 'no' };
    lines.push(row(t('entity.apiServer'), t('entity.apiServerDetail', detail)));
  }
  for (const r of e.rbac) {
    const resource = `${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ''}`;
    const scope = r.namespace ? 'namespace' : 'cluster';
    const denied = { user: r.user, verb: r.verb, resource, scope, namespace: r.namespace ?? '' };
    lines.push(row(t('entity.rbac'), t('entity.rbacDenied', denied)));
  }
  const items = (id: Parameters<Translator['t']>[0], values: readonly (string | number)[]) => {
    if (values.length) lines.push(row(t(id), list(values.map(String), 'unit')));
  };
  items('entity.ips', e.ips);
  items('entity.ports', e.ports);
  items('entity.namespaces', e.namespaces);
  items('entity.pods', e.pods);
  items('entity.services', e.services);
  return lines;
}

/** `kind (port N): verdict <- evidence`; other languages say the verdict word and keep it in brackets. */
export function verdictLine(v: Verdict & { port?: number }, lang: Lang = 'en'): string {
  const { t } = translator(lang);
  const head = v.port !== undefined ? t('verdict.forPort', { kind: v.kind, port: v.port }) : v.kind;
  const word = verdictLabel(v.verdict, lang);
  const said = word === v.verdict ? word : `${word} [${v.verdict}]`;
  return `${head}: ${said}${v.evidence ? `  <- ${v.evidence}` : ''}`;
}

export function renderDiagnosis(diagnosis: Diagnosis, lang: Lang = 'en'): string {
  const tr = translator(lang);
  const { t, list } = tr;
  const d = localizeDiagnosis(diagnosis, lang);
  const out: string[] = d.text.notes.map((note) => t('terminal.note', { note }));
  if (!d.symptom) {
    const best = d.alternatives[0];
    out.push(t('terminal.noMatch'));
    if (best) {
      const closest = {
        symptom: best.symptom,
        confidence: best.confidence.toFixed(2),
        threshold: CONFIDENCE_THRESHOLD,
      };
      out.push(t('terminal.closest', closest));
    }
    out.push(t('terminal.pasteMore'));
    return out.join('\n') + '\n';
  }
  out.push(t('terminal.headline', { symptom: d.symptom, confidence: d.confidence.toFixed(2) }));
  out.push(d.text.title ?? '');
  out.push(t('terminal.recognisedBy', { signals: list(d.matched, 'unit') }));
  const entities = entityLines(d.entities, tr);
  if (entities.length) out.push('', t('terminal.foundInPaste'), ...entities.map((l) => `  ${l}`));
  if (d.evidence.length)
    out.push('', t('terminal.toolOutput'), ...d.evidence.map((v) => `  ${verdictLine(v, lang)}`));
  out.push('', t('terminal.likelyCauses'));
  if (d.text.outcomeNote) out.push(indent(d.text.outcomeNote, '  '));
  d.causes.forEach((c, i) => {
    const mark = c.contradictedBy.length
      ? `  ${t('terminal.doesNotFit', {
          outcomes: list(
            c.contradictedBy.map((o) => verdictLabel(o, lang)),
            'unit',
          ),
        })}`
      : c.pointedAtBy.length
        ? `  ${t('terminal.pointedAt')}`
        : '';
    out.push(`${String(i + 1).padStart(2)}. ${c.id}: ${c.text.title}${mark}`);
    out.push(indent(c.text.explanation, '    '));
    const checks = list(
      c.checks.map((k) => `${k.id} (${k.target})`),
      'unit',
    );
    out.push(`    ${t('terminal.checks', { checks })}`);
    out.push(`    ${t('terminal.fix')}`, indent(c.text.fix, '      '));
  });
  if (d.alternatives.length) {
    const alternatives = list(
      d.alternatives.map((a) => `${a.symptom} (${a.confidence.toFixed(2)})`),
      'unit',
    );
    out.push('', t('terminal.alsoPossible', { alternatives }));
  }
  return out.join('\n') + '\n';
}

export function renderVerdict(v: Verdict & { port?: number }, lang: Lang = 'en'): string {
  const { t } = translator(lang);
  const out = [verdictLine(v, lang)];
  if (v.truncated) out.push(t('verdict.cut'));
  for (const note of v.notes) out.push(t('verdict.note', { note }));
  // A run-command result: then what the tool inside said, which is the answer the user is after.
  const inner = v.kind === 'run-command' ? (v.inner ?? []) : [];
  for (const i of inner) {
    const [first = '', ...rest] = renderVerdict(i, lang).trimEnd().split('\n');
    out.push(t('verdict.inside', { line: first }), ...rest.map((l) => `  ${l}`));
  }
  return out.join('\n') + '\n';
}
