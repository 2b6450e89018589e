/**
 * The flow parent's work, as a function of data: the children's findings, in the order the plan
 * listed the requests, plus the follow-ups they call for, judged into the same CheckReport
 * `checkCluster` returns. A child that
 * failed in the queue (a payload that did not validate, Redis trouble on every attempt) is a
 * could-not-check finding for its target, never a failed diagnosis.
 */
import { followUpFindings } from '../checks/follow-up.js';
import type { CheckRequest, Finding } from '../domain/checks.js';
import type { ClusterInventory } from '../domain/inventory.js';
import { judgeCauses } from '../engine/verdict.js';
import type { CheckReport } from '../run/check-cluster.js';
import { SYMPTOMS } from '../symptoms/index.js';
import type { ChildResult, ParentData } from './payloads.js';

const notRun = (req: CheckRequest, where: string, reason: string): Finding => ({
  check: req.check,
  target: req.target.kind === 'node' ? req.target.node : where,
  verdict: 'could-not-check',
  status: 'could-not-check',
  evidence: null,
  values: {},
  notes: [reason],
});

export function assembleReport(
  data: ParentData,
  inventory: ClusterInventory,
  requests: readonly CheckRequest[],
  results: readonly ChildResult[],
  failures: readonly { index: number; reason: string }[],
): CheckReport {
  const symptom = SYMPTOMS.find((s) => s.id === data.symptom);
  if (!symptom) throw new Error(`unknown symptom ${data.symptom}`);
  const byIndex = new Map<number, Finding>();
  for (const r of results) byIndex.set(r.index, r.finding);
  const failed = new Map(failures.map((f) => [f.index, f.reason]));
  const firstRound = requests.map(
    (req, i) =>
      byIndex.get(i) ??
      notRun(req, data.cluster, `The check failed in the queue: ${failed.get(i) ?? 'its result was lost'}.`),
  );
  const findings = [...firstRound, ...followUpFindings(requests, firstRound, inventory)];
  const values = {
    cluster: data.cluster,
    resourceGroup: data.resourceGroup,
    subscription: data.subscription,
    nodeResourceGroup: data.nodeResourceGroup,
    ...data.values,
  };
  return {
    cluster: data.cluster,
    resourceGroup: data.resourceGroup,
    subscription: data.subscription,
    symptom: data.symptom,
    findings,
    causes: judgeCauses(symptom, findings, values),
    skipped: data.skipped,
    nodes: data.nodes,
    kube: data.kube,
  };
}
