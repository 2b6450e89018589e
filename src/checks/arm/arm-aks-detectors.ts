/**
 * arm-aks-detectors: what AKS's own connectivity detectors (the portal's Diagnose and solve problems, category
 * "Connectivity Issues") said about the cluster, read at the edge into `inventory.azure.detectors`. It names no
 * cause: it is Azure's view, put beside aksdiag's, with the portal link for the full story.
 */
import { z } from 'zod';
import type { DetectorLevel, DetectorResult } from '../../domain/azure-evidence.js';
import { type ArmCheck, armFinding } from './arm-check.js';

const RANK: Record<DetectorLevel, number> = { critical: 0, warning: 1, info: 2, success: 3, none: 4 };
const LABEL: Record<DetectorLevel, string> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
  success: 'Success',
  none: 'No data',
};

function line(d: DetectorResult): string {
  const first = d.insights[0];
  return `${LABEL[d.level]}: ${d.name}${first ? ` - ${first}` : ''}`;
}

export const armAksDetectors: ArmCheck<Record<string, never>> = {
  id: 'arm-aks-detectors',
  params: z.object({}).strict(),
  evaluate(inv) {
    const ev = inv.azure?.detectors;
    const name = inv.cluster.name;
    if (!ev || !ev.available) {
      const reason = ev?.reason ?? 'not read in this run';
      return armFinding(
        this.id,
        name,
        'not-available',
        'could-not-check',
        null,
        ev?.portalUrl ? { portalUrl: ev.portalUrl } : {},
        [`AKS detectors: not available (${reason})`],
      );
    }
    const ranked = [...ev.detectors].sort((a, b) => RANK[a.level] - RANK[b.level]);
    const count = (l: DetectorLevel) => ev.detectors.filter((d) => d.level === l).length;
    const worst = ranked[0]?.level ?? 'none';
    const verdict = worst === 'critical' ? 'critical' : worst === 'warning' ? 'warning' : 'healthy';
    const summary = `${ev.categoryName}: ${ev.detectors.length} detectors, ${count('critical')} critical, ${count('warning')} warning, ${count('success')} passed`;
    const flagged = ranked.filter((d) => d.level === 'critical' || d.level === 'warning').map(line);
    const notes = [
      ...flagged,
      ...(ev.failed.length ? [`not run: ${ev.failed.join(', ')}`] : []),
      `full results in the portal: ${ev.portalUrl}`,
    ];
    return armFinding(
      this.id,
      name,
      verdict,
      verdict === 'healthy' ? 'ok' : 'problem',
      flagged[0] ? `${summary}; ${flagged[0]}` : summary,
      { portalUrl: ev.portalUrl, detectorCategory: ev.category },
      notes,
    );
  },
};
