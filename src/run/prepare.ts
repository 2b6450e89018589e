/**
 * What happens before any check is queued, the same steps `checkCluster` takes: find the
 * cluster, read its inventory, read Kubernetes when the symptom has a check that needs it, and
 * plan. `checkCluster` runs the plan in-process; the queue makes a flow of it.
 */
import type { TokenCredential } from '@azure/identity';
import type { AzureClientFactory } from '../azure/clients.js';
import { findCluster } from '../azure/find-cluster.js';
import { readAzureEvidence } from '../azure/evidence.js';
import { readInventory } from '../azure/inventory.js';
import { evidenceRequests } from '../checks/azure-evidence.js';
import { CHECKS } from '../checks/catalogue.js';
import type { Config } from '../config.js';
import type { Entities } from '../domain/diagnosis.js';
import type { ClusterInventory, ClusterRef } from '../domain/inventory.js';
import type { KubeSnapshot } from '../domain/kube.js';
import type { Symptom } from '../domain/knowledge.js';
import { planChecks, type Plan } from '../engine/plan.js';
import { AksdiagError } from '../errors.js';
import type { SnapshotRequest } from '../kube/snapshot.js';
import type { CheckReport } from './check-cluster.js';
import { readKubeAccess } from './kube-snapshot.js';

/** Network Watcher and the detectors together may take this long before they are "not available". */
const EVIDENCE_DEADLINE_MS = 120_000;

export interface PrepareInput {
  cluster: string;
  symptom: Symptom;
  entities: Entities;
  clientIp?: string;
}

/** Everything a flow needs: the cluster, what was read of it, and the plan. */
export interface PreparedDiagnosis {
  ref: ClusterRef;
  symptom: Symptom;
  inventory: ClusterInventory;
  kube: KubeSnapshot | null;
  kubeRead: CheckReport['kube'];
  plan: Plan;
}

export interface PrepareDeps {
  config: Config;
  credential: TokenCredential;
  azure: AzureClientFactory;
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

/** The Azure settings, or the error that says which setting is missing. */
export function azureSettingsOf(config: Pick<Config, 'azure'>): NonNullable<Config['azure']> {
  if (config.azure) return config.azure;
  throw new AksdiagError(
    'config-invalid',
    'No Azure subscription is configured, so nothing can be checked.',
    'Set AKSDIAG_SUBSCRIPTIONS (or AZURE_SUBSCRIPTION_ID) to the subscription ids to search.',
  );
}

export async function prepareDiagnosis(input: PrepareInput, deps: PrepareDeps): Promise<PreparedDiagnosis> {
  const settings = azureSettingsOf(deps.config);
  const ref = await findCluster(deps.azure, settings.subscriptions, input.cluster);
  const inventory = await readInventory(deps.azure, ref);
  const needsKube = input.symptom.causes.some((c) => c.checks.some((id) => CHECKS[id].target === 'cluster'));
  const access = needsKube
    ? await readKubeAccess(ref, inventory, snapshotRequest(input.entities, inventory), {
        azure: deps.azure,
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
  // Azure's own view beside aksdiag's: its checks join the plan, what they judge is read once, here.
  const planned = {
    ...plan,
    requests: [...plan.requests, ...evidenceRequests(input.symptom.id, plan.requests, inventory)],
  };
  const azure = await readAzureEvidence(deps.azure, inventory, planned.requests, {
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    pollMs: deps.config.runCommandPollMs,
    deadlineMs: Math.min(EVIDENCE_DEADLINE_MS, deps.config.nodeDeadlineMs),
  });
  const kubeRead: CheckReport['kube'] =
    access === null
      ? { read: 'not-needed' }
      : access.kind === 'snapshot'
        ? { read: access.via, notes: access.notes }
        : { read: 'unavailable', reason: access.reason };
  return { ref, symptom: input.symptom, inventory: { ...inventory, azure }, kube, kubeRead, plan: planned };
}
