/** Renders a cluster check for a terminal: each cause with its status, evidence and filled fix. */
import type { CheckReport } from '../run/check-cluster.js';
import { azureEvidenceLines } from './azure-evidence.js';

const LABEL = { confirmed: 'CONFIRMED', 'ruled-out': 'ruled out', unknown: 'unknown' } as const;
const ORDER = { confirmed: 0, unknown: 1, 'ruled-out': 2 } as const;

export function renderCheckReport(r: CheckReport): string {
  const out: string[] = [];
  const sample =
    r.nodes.checked < r.nodes.total ? ` (a sample of ${r.nodes.checked} of ${r.nodes.total} nodes)` : '';
  out.push(`${r.cluster} (${r.resourceGroup}) - ${r.symptom}: ${r.findings.length} checks${sample}`);
  if (r.kube.read === 'command-invoke')
    out.push('Kubernetes objects read with command invoke (kubectl inside the cluster).');
  if (r.kube.read === 'api' || r.kube.read === 'command-invoke')
    for (const n of r.kube.notes) out.push(`  note: ${n}`);
  if (r.kube.read === 'unavailable') out.push(`Kubernetes API not readable: ${r.kube.reason}`);
  const causes = [...r.causes].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  for (const c of causes) {
    out.push('', `${LABEL[c.status].padEnd(10)} ${c.id}`);
    for (const f of c.evidence.slice(0, 5)) {
      out.push(`           ${f.check} on ${f.target}: ${f.verdict}${f.evidence ? `  <- ${f.evidence}` : ''}`);
      for (const n of f.notes.slice(0, 2)) out.push(`             note: ${n}`);
    }
    if (c.status === 'confirmed')
      out.push('           Fix:', ...c.fix.split('\n').map((l) => `             ${l}`));
  }
  const azure = azureEvidenceLines(r.findings);
  if (azure.length) {
    out.push('', "Azure's own evidence:");
    for (const l of azure) out.push(`  ${l.kind === 'disagree' ? '!! ' : ''}${l.text}`);
  }
  if (r.skipped.length) {
    out.push('', 'Not checked:');
    for (const s of r.skipped) out.push(`  ${s.check}: ${s.reason}`);
  }
  return out.join('\n') + '\n';
}
