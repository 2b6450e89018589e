/**
 * "Azure's own evidence" in a report: what Network Watcher said beside each NSG verdict (a disagreement first,
 * flagged), the AKS connectivity detectors' summary with the portal link, and the node image's own outbound
 * check. Plain lines from the findings alone, so the terminal and Slack renderers show the same thing, in the
 * reader's language: our words are translated, what Azure and the node said stays as they said it.
 */
import type { Finding } from '../domain/checks.js';
import { verdictLabel } from '../i18n/knowledge.js';
import type { Lang } from '../i18n/languages.js';
import { type Translator, translator } from '../i18n/messages.js';

const NSG_CHECKS = new Set([
  'arm-nsg-flow-10250',
  'arm-nsg-flow-lb',
  'arm-nsg-egress',
  'arm-nsg-tunnel-egress',
]);

export interface EvidenceLine {
  /** `disagree` lines are the ones a reader must not miss. */
  kind: 'disagree' | 'problem' | 'info';
  text: string;
}

const noteAbout = (f: Finding, prefix: string): string | undefined =>
  f.notes.find((n) => n.startsWith(prefix));

/** A note the NSG checks write about Network Watcher ("not available (why)", "not asked ..."), in words of `lang`. */
function watcherNote(note: string, tr: Translator): string {
  const reason = /^not available \((.*)\)$/s.exec(note);
  if (reason) return tr.t('azure.notAvailable', { reason: reason[1]! });
  if (note === 'not asked in this run') return tr.t('azure.notAsked');
  if (note.startsWith('not asked about this flow')) return tr.t('azure.notAskedFlow');
  return note;
}

function networkWatcherLines(findings: readonly Finding[], tr: Translator): EvidenceLine[] {
  const out: EvidenceLine[] = [];
  const unavailable = new Set<string>();
  for (const f of findings.filter((x) => NSG_CHECKS.has(x.check))) {
    const values = {
      check: f.check,
      target: f.target,
      verdict: verdictLabel(f.verdict, tr.lang),
      by: f.values['azureNsgBy'] ?? '',
    };
    switch (f.values['azureNsg']) {
      case 'disagrees':
        out.push({ kind: 'disagree', text: tr.t('azure.disagrees', values) });
        break;
      case 'agrees':
        out.push({ kind: 'info', text: tr.t('azure.agrees', values) });
        break;
      case 'decided':
        out.push({ kind: f.status === 'problem' ? 'problem' : 'info', text: tr.t('azure.decided', values) });
        break;
      case 'not-available':
      case 'not-asked': {
        const note = noteAbout(f, 'Azure Network Watcher: ');
        if (note) unavailable.add(note.slice('Azure Network Watcher: '.length));
        break;
      }
    }
  }
  for (const why of unavailable)
    out.push({ kind: 'info', text: tr.t('azure.watcher', { why: watcherNote(why, tr) }) });
  return out;
}

function detectorLines(findings: readonly Finding[], tr: Translator): EvidenceLine[] {
  const f = findings.find((x) => x.check === 'arm-aks-detectors');
  if (!f) return [];
  const portal = f.values['portalUrl'];
  if (f.verdict === 'not-available') {
    const note = (f.notes[0] ?? 'not available').replace(/^AKS detectors: /, '');
    const said = watcherNote(note, tr);
    return [
      { kind: 'info', text: tr.t('azure.detectors', { summary: portal ? `${said} (${portal})` : said }) },
    ];
  }
  const flagged = f.notes.filter((n) => /^(Critical|Warning): /.test(n));
  return [
    {
      kind: f.status === 'problem' ? 'problem' : 'info',
      text: tr.t('azure.detectors', { summary: f.evidence ?? verdictLabel(f.verdict, tr.lang) }),
    },
    ...flagged
      .slice(1)
      .map((n) => ({ kind: 'problem' as const, text: tr.t('azure.detectors', { summary: n }) })),
    ...(portal ? [{ kind: 'info' as const, text: tr.t('azure.detectorsPortal', { url: portal }) }] : []),
  ];
}

function nodeImageLines(findings: readonly Finding[], tr: Translator): EvidenceLine[] {
  return findings
    .filter((f) => f.check === 'node-aks-check-network')
    .map((f) => {
      const failing = f.verdict === 'endpoints-failed';
      const detail = failing
        ? f.notes
            .filter((n) => n.includes(': '))
            .slice(0, 4)
            .join('; ')
        : (f.evidence ?? f.notes[0] ?? '');
      const values = { target: f.target, verdict: verdictLabel(f.verdict, tr.lang) };
      return {
        kind: failing ? ('problem' as const) : ('info' as const),
        text: detail ? tr.t('azure.nodeImageDetail', { ...values, detail }) : tr.t('azure.nodeImage', values),
      };
    });
}

/** Every line, disagreements first, in `lang`. Empty when the run read nothing of Azure's. */
export function azureEvidenceLines(findings: readonly Finding[], lang: Lang = 'en'): EvidenceLine[] {
  const tr = translator(lang);
  const all = [
    ...networkWatcherLines(findings, tr),
    ...detectorLines(findings, tr),
    ...nodeImageLines(findings, tr),
  ];
  return [...all.filter((l) => l.kind === 'disagree'), ...all.filter((l) => l.kind !== 'disagree')];
}
