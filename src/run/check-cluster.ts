/**
 * `aksdiag check <cluster>` as a function: find the cluster, read its inventory, plan the
 * checks for the symptom, run them (node scripts several at a time, one per VM), and judge
 * every cause. Progress is reported as each finding lands.
 */
import type { TokenCredential } from '@azure/identity';
import { createAzureClients } from '../azure/clients.js';
import type { Config } from '../config.js';
import type { Finding } from '../domain/checks.js';
import type { Entities } from '../domain/diagnosis.js';
import type { SymptomId } from '../domain/ids.js';
import type { Symptom } from '../domain/knowledge.js';
import type { Plan } from '../engine/plan.js';
import { type CauseVerdict, judgeCauses } from '../engine/verdict.js';
import { followUpFindings } from '../checks/follow-up.js';
import { inventoryValues } from '../engine/inventory-values.js';
import type { VmLock } from '../azure/run-command.js';
import type { CheckRequest } from '../domain/checks.js';
import { azureSettingsOf, prepareDiagnosis } from './prepare.js';
import { runCheck } from './run-check.js';

export interface CheckReport {
  cluster: string;
  resourceGroup: string;
  subscription: string;
  symptom: SymptomId;
  findings: Finding[];
  causes: CauseVerdict[];
  skipped: Plan['skipped'];
  nodes: Plan['nodes'];
  /** How the Kubernetes API was read, or why it could not be. */
  kube:
    | { read: 'api' | 'command-invoke'; notes: string[] }
    | { read: 'not-needed' }
    | { read: 'unavailable'; reason: string };
}

export interface CheckClusterInput {
  cluster: string;
  symptom: Symptom;
  entities: Entities;
  clientIp?: string;
}

export interface CheckClusterDeps {
  config: Config;
  credential: TokenCredential;
  /** Called after each finding: n of m done. */
  onProgress?: (done: number, total: number, finding: Finding) => void;
  /** Node scripts in flight at once (different VMs; the same VM is serialised anyway). */
  concurrency?: number;
  /** One run at a time per VM (and the run-command pace); default the process's VM lock. */
  lock?: VmLock;
  /** Epoch ms: a node check with less than a second left is not started, and none runs past it. */
  deadlineAt?: number;
}

/** Less time than this left before the deadline is not worth starting a run-command for. */
const MIN_RUN_MS = 1000;

const pastDeadline = (req: CheckRequest, node: string): Finding => ({
  check: req.check,
  target: node,
  verdict: 'could-not-check',
  status: 'could-not-check',
  evidence: null,
  values: {},
  notes: [
    `The check's deadline (AKSDIAG_CHECK_DEADLINE_SECONDS) passed before it could start on ${node}; the other checks of this run took the time.`,
  ],
});

async function runAll(
  plan: Plan,
  run: (i: number) => Promise<Finding>,
  concurrency: number,
  onDone: (f: Finding) => void,
) {
  const findings: Finding[] = new Array(plan.requests.length);
  let next = 0;
  const worker = async () => {
    while (next < plan.requests.length) {
      const i = next++;
      const finding = await run(i);
      findings[i] = finding;
      onDone(finding);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plan.requests.length) }, worker));
  return findings;
}

export async function checkCluster(input: CheckClusterInput, deps: CheckClusterDeps): Promise<CheckReport> {
  const azure = createAzureClients({ credential: deps.credential, ...azureSettingsOf(deps.config) });
  const { ref, inventory, kube, kubeRead, plan } = await prepareDiagnosis(input, {
    config: deps.config,
    credential: deps.credential,
    azure,
  });
  let done = 0;
  const run = (req: CheckRequest): Promise<Finding> => {
    // As a queue worker does: what is left of the run's deadline bounds each node check.
    const left = deps.deadlineAt === undefined ? Infinity : deps.deadlineAt - Date.now();
    if (req.target.kind === 'node' && left < MIN_RUN_MS)
      return Promise.resolve(pastDeadline(req, req.target.node));
    return runCheck(req, {
      inventory,
      kube,
      azure,
      nodeDeadlineMs: Math.min(deps.config.nodeDeadlineMs, left),
      pollMs: deps.config.runCommandPollMs,
      ...(deps.lock ? { lock: deps.lock } : {}),
    });
  };
  const firstRound = await runAll(
    plan,
    (i) => run(plan.requests[i]!),
    deps.concurrency ?? 8,
    (f) => deps.onProgress?.(++done, plan.requests.length, f),
  );
  const findings = [...firstRound, ...followUpFindings(plan.requests, firstRound, inventory)];
  const values = inventoryValues(inventory);
  return {
    cluster: ref.name,
    resourceGroup: ref.resourceGroup,
    subscription: ref.subscription,
    symptom: input.symptom.id,
    findings,
    causes: judgeCauses(input.symptom, findings, values),
    skipped: plan.skipped,
    nodes: plan.nodes,
    kube: kubeRead,
  };
}
