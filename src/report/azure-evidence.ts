/**
 * "Azure's own evidence" in a report: what Network Watcher said beside each NSG verdict (a disagreement first,
 * flagged), the AKS connectivity detectors' summary with the portal link, and the node image's own outbound
 * check. Plain lines from the findings alone, so the terminal and Slack renderers show the same thing.
 */
import type { Finding } from '../domain/checks.js';

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

function networkWatcherLines(findings: readonly Finding[]): EvidenceLine[] {
  const out: EvidenceLine[] = [];
  const unavailable = new Set<string>();
  for (const f of findings.filter((x) => NSG_CHECKS.has(x.check))) {
    const by = f.values['azureNsgBy'] ?? '';
    switch (f.values['azureNsg']) {
      case 'disagrees':
        out.push({
          kind: 'disagree',
          text: `DISAGREES: ${f.check} on ${f.target}: aksdiag found it ${f.verdict}, Azure Network Watcher says ${by}`,
        });
        break;
      case 'agrees':
        out.push({
          kind: 'info',
          text: `agrees: ${f.check} on ${f.target}: ${f.verdict}; Azure Network Watcher: ${by}`,
        });
        break;
      case 'decided':
        out.push({
          kind: f.status === 'problem' ? 'problem' : 'info',
          text: `decided by Azure: ${f.check} on ${f.target}: aksdiag could not evaluate it; Azure Network Watcher: ${by}`,
        });
        break;
      case 'not-available':
      case 'not-asked': {
        const note = noteAbout(f, 'Azure Network Watcher: ');
        if (note) unavailable.add(note.slice('Azure Network Watcher: '.length));
        break;
      }
    }
  }
  for (const why of unavailable) out.push({ kind: 'info', text: `Network Watcher ${why}` });
  return out.map((l) => ({ ...l, text: `NSG second opinion ${l.text}` }));
}

function detectorLines(findings: readonly Finding[]): EvidenceLine[] {
  const f = findings.find((x) => x.check === 'arm-aks-detectors');
  if (!f) return [];
  const portal = f.values['portalUrl'];
  if (f.verdict === 'not-available') {
    return [
      {
        kind: 'info',
        text: `AKS detectors: ${f.notes[0] ?? 'not available'}${portal ? ` (${portal})` : ''}`,
      },
    ];
  }
  const flagged = f.notes.filter((n) => /^(Critical|Warning): /.test(n));
  return [
    { kind: f.status === 'problem' ? 'problem' : 'info', text: `AKS detectors: ${f.evidence ?? f.verdict}` },
    ...flagged.slice(1).map((n) => ({ kind: 'problem' as const, text: `AKS detectors: ${n}` })),
    ...(portal ? [{ kind: 'info' as const, text: `AKS detectors in the portal: ${portal}` }] : []),
  ];
}

function nodeImageLines(findings: readonly Finding[]): EvidenceLine[] {
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
      return {
        kind: failing ? ('problem' as const) : ('info' as const),
        text: `node image's outbound check on ${f.target}: ${f.verdict}${detail ? ` (${detail})` : ''}`,
      };
    });
}

/** Every line, disagreements first. Empty when the run read nothing of Azure's. */
export function azureEvidenceLines(findings: readonly Finding[]): EvidenceLine[] {
  const all = [...networkWatcherLines(findings), ...detectorLines(findings), ...nodeImageLines(findings)];
  return [...all.filter((l) => l.kind === 'disagree'), ...all.filter((l) => l.kind !== 'disagree')];
}
