/**
 * Findings → each cause confirmed, ruled out or unknown, with the findings it rests on and
 * its fix filled with the values they carry. Pure.
 */
import type { CauseId } from '../domain/ids.js';
import type { CauseStatus, Finding } from '../domain/checks.js';
import type { Cause, Symptom, VerdictCondition } from '../domain/knowledge.js';
import { CHECKS } from '../checks/catalogue.js';
import { fillFix, fixText, markUnfilled } from './fix.js';

export interface CauseVerdict {
  id: CauseId;
  status: CauseStatus;
  /** The findings that decided it (or, when unknown, what was seen). */
  evidence: Finding[];
  /** The fix with every value the findings, inventory and paste supply filled in. */
  fix: string;
  /** Those values, for applying the fix (fixActionFor). */
  values: Record<string, string>;
}

const ofCheck = (findings: readonly Finding[], c: VerdictCondition) =>
  findings.filter((f) => f.check === c.check);

/** Holds on some target: one node with ufw blocking 10250 is enough to confirm. */
function holdsSomewhere(findings: readonly Finding[], c: VerdictCondition): Finding | null {
  return (
    ofCheck(findings, c).find((f) => f.status !== 'could-not-check' && c.verdicts.includes(f.verdict)) ?? null
  );
}

/** Holds on every target the check ran on, and it ran somewhere; a target it could not check blocks it. */
function holdsEverywhere(findings: readonly Finding[], c: VerdictCondition): Finding[] | null {
  const mine = ofCheck(findings, c);
  if (
    mine.length === 0 ||
    mine.some((f) => f.status === 'could-not-check' || !c.verdicts.includes(f.verdict))
  ) {
    return null;
  }
  return mine;
}

export function judgeCause(
  cause: Cause,
  findings: readonly Finding[],
): { status: CauseStatus; evidence: Finding[] } {
  const confirming = cause.proof.confirmedWhen.map((c) => holdsSomewhere(findings, c));
  if (confirming.every((f) => f !== null)) return { status: 'confirmed', evidence: confirming as Finding[] };
  for (const c of cause.proof.ruledOutWhen) {
    const ruling = holdsEverywhere(findings, c);
    if (ruling) return { status: 'ruled-out', evidence: ruling };
  }
  const seen = findings.filter((f) => cause.checks.includes(f.check));
  return { status: 'unknown', evidence: seen };
}

/**
 * Judges every cause of the symptom. `values` are what the inventory and the paste already
 * know (cluster, resource groups, node); values carried by a cause's own findings win.
 */
export function judgeCauses(
  symptom: Symptom,
  findings: readonly Finding[],
  values: Readonly<Record<string, string>> = {},
): CauseVerdict[] {
  return symptom.causes.map((cause) => {
    const { status, evidence } = judgeCause(cause, findings);
    // Cluster-wide findings of the cause's own checks fill what the evidence does not (the tunnel's port
    // for a node's failed connection); per-node findings do not, so one node's rule never lands in
    // another node's fix. The evidence wins.
    const wide = findings.filter(
      (f) =>
        cause.checks.includes(f.check) && CHECKS[f.check].target !== 'node' && f.status !== 'could-not-check',
    );
    const filled = Object.assign(
      {},
      values,
      ...wide.map((f) => f.values),
      ...[...evidence].reverse().map((f) => f.values),
    );
    return {
      id: cause.id,
      status,
      evidence,
      fix: fixText(markUnfilled(fillFix(cause.fix, filled)), 'after-checks'),
      values: filled,
    };
  });
}
