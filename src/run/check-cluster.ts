/**
 * `aksdiag check <cluster>` as a function: find the cluster, read its inventory, plan the
 * checks for the symptom, run them (node scripts several at a time, one per VM), and judge
 * every cause. Progress is reported as each finding lands.
 */
import type { TokenCredential } from '@azure/identity';
import { createAzureClients } from '../azure/clients.js';
import { findCluster } from '../azure/find-cluster.js';
import { readInventory } from '../azure/inventory.js';
import type { Config } from '../config.js';
import type { Finding } from '../domain/checks.js';
import type { Entities } from '../domain/diagnosis.js';
import type { ClusterInventory } from '../domain/inventory.js';
import type { SnapshotRequest } from '../kube/snapshot.js';
import type { SymptomId } from '../domain/ids.js';
import type { Symptom } from '../domain/knowledge.js';
import { planChecks, type Plan } from '../engine/plan.js';
import { type CauseVerdict, judgeCauses } from '../engine/verdict.js';
import { CHECKS } from '../checks/catalogue.js';
import { AksdiagError } from '../errors.js';
import { readKubeAccess } from './kube-snapshot.js';
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

/** What the paste points at in the cluster: its Services, load balancer IPs and RBAC denial. */
function snapshotRequest(entities: Entities, inventory: ClusterInventory): SnapshotRequest {
  const rbac = entities.rbac[0];
  return {
    services: entities.services.map((name) => ({
      namespace: entities.namespaces.length === 1 ? entities.namespaces[0]! : null,
      name,
    })),
    loadBalancerIps: entities.ips,
    access: rbac
      ? {
          user: rbac.user,
          verb: rbac.verb,
          resource: rbac.resource,
          apiGroup: rbac.apiGroup,
          namespace: rbac.namespace,
        }
      : null,
    dataplane: inventory.network.dataplane,
    policyEngine: inventory.network.policy,
  };
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
}

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
  const azureSettings = deps.config.azure;
  if (!azureSettings) {
    throw new AksdiagError(
      'config-invalid',
      'No Azure subscription is configured, so nothing can be checked.',
      'Set AKSDIAG_SUBSCRIPTIONS (or AZURE_SUBSCRIPTION_ID) to the subscription ids to search.',
    );
  }
  const azure = createAzureClients({ credential: deps.credential, ...azureSettings });
  const ref = await findCluster(azure, azureSettings.subscriptions, input.cluster);
  const inventory = await readInventory(azure, ref);
  // Only read Kubernetes when the symptom has a check that needs it.
  const needsKube = input.symptom.causes.some((c) => c.checks.some((id) => CHECKS[id].target === 'cluster'));
  const access = needsKube
    ? await readKubeAccess(ref, inventory, snapshotRequest(input.entities, inventory), {
        azure,
        credential: deps.credential,
        config: deps.config,
      })
    : null;
  const kube = access?.kind === 'snapshot' ? access.snapshot : null;
  const plan = planChecks(input.symptom, {
    inventory,
    entities: input.entities,
    kube,
    ...(access?.kind === 'unavailable' ? { kubeUnavailable: access.reason } : {}),
    maxNodes: deps.config.maxNodes,
    ...(input.clientIp ? { clientIp: input.clientIp } : {}),
  });
  let done = 0;
  const findings = await runAll(
    plan,
    (i) =>
      runCheck(plan.requests[i]!, {
        inventory,
        kube,
        azure,
        nodeDeadlineMs: deps.config.nodeDeadlineMs,
        pollMs: deps.config.runCommandPollMs,
      }),
    deps.concurrency ?? 8,
    (f) => deps.onProgress?.(++done, plan.requests.length, f),
  );
  const values = {
    cluster: ref.name,
    resourceGroup: ref.resourceGroup,
    subscription: ref.subscription,
    nodeResourceGroup: inventory.nodeResourceGroup,
  };
  return {
    cluster: ref.name,
    resourceGroup: ref.resourceGroup,
    subscription: ref.subscription,
    symptom: input.symptom.id,
    findings,
    causes: judgeCauses(input.symptom, findings, values),
    skipped: plan.skipped,
    nodes: plan.nodes,
    kube:
      access === null
        ? { read: 'not-needed' }
        : access.kind === 'snapshot'
          ? { read: access.via, notes: access.notes }
          : { read: 'unavailable', reason: access.reason },
  };
}
