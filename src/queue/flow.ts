/**
 * A prepared diagnosis becomes one BullMQ flow: a parent job (the verdict) over one child per
 * CheckRequest. The inventory and snapshot are stored once beside it; children carry only their
 * request. Adding the same diagnosis twice adds nothing (the parent's job id is the diagnosis id).
 */
import type { FlowProducer, JobsOptions, Queue } from 'bullmq';
import type { QueueSettings } from '../config.js';
import { inventoryValues } from '../engine/inventory-values.js';
import type { ContextStore } from './context.js';
import { fingerprint } from './fingerprint.js';
import { QUEUES, childJobId } from './keys.js';
import {
  type ChildData,
  type ParentData,
  PAYLOAD_VERSION,
  childDataSchema,
  parentDataSchema,
  parsePayload,
} from './payloads.js';
import type { PreparedDiagnosis } from '../run/prepare.js';
import type { Progress } from './progress.js';

/** Reschedules (VM busy, throttled) cost no attempt; attempts are for Redis or process failures. */
export const CHILD_JOB: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  // A child that fails for good becomes a could-not-check finding; the diagnosis goes on.
  ignoreDependencyOnFailure: true,
  removeOnComplete: { age: 3600, count: 50_000 },
  removeOnFail: { age: 24 * 3600 },
};

export const PARENT_JOB: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** How long a diagnosis's context and records outlive its deadline. */
export const contextTtlMs = (settings: QueueSettings): number => settings.checkDeadlineMs * 2 + 3600_000;

export interface FlowDeps {
  producer: FlowProducer;
  verdicts: Queue;
  contexts: ContextStore;
  progress: Progress;
  settings: QueueSettings;
  now?: () => number;
}

export async function addDiagnosisFlow(
  diagnosis: string,
  prepared: PreparedDiagnosis,
  deps: FlowDeps,
): Promise<{ diagnosis: string; total: number; added: boolean }> {
  const requests = prepared.plan.requests;
  const existing = await deps.verdicts.getJob(diagnosis);
  if (existing) return { diagnosis, total: requests.length, added: false };

  await deps.contexts.save(
    diagnosis,
    { v: PAYLOAD_VERSION, inventory: prepared.inventory, kube: prepared.kube, requests },
    contextTtlMs(deps.settings),
  );
  const deadlineAt = (deps.now ?? Date.now)() + deps.settings.checkDeadlineMs;
  const parent: ParentData = parsePayload(
    parentDataSchema,
    {
      v: PAYLOAD_VERSION,
      diagnosis,
      symptom: prepared.symptom.id,
      cluster: prepared.ref.name,
      resourceGroup: prepared.ref.resourceGroup,
      subscription: prepared.ref.subscription,
      nodeResourceGroup: prepared.inventory.nodeResourceGroup,
      values: inventoryValues(prepared.inventory),
      total: requests.length,
      skipped: prepared.plan.skipped,
      nodes: prepared.plan.nodes,
      kube: prepared.kubeRead,
    },
    'the verdict job',
  );
  const children = requests.map((request, index) => {
    const data: ChildData = parsePayload(
      childDataSchema,
      {
        v: PAYLOAD_VERSION,
        diagnosis,
        index,
        total: requests.length,
        request,
        fingerprint: fingerprint(request, prepared.ref),
        deadlineAt,
      },
      `check ${index} of diagnosis ${diagnosis}`,
    );
    return {
      name: request.check,
      queueName: QUEUES.checks,
      data,
      opts: { ...CHILD_JOB, jobId: childJobId(diagnosis, index) },
    };
  });
  await deps.producer.add({
    name: 'verdict',
    queueName: QUEUES.verdicts,
    data: parent,
    opts: { ...PARENT_JOB, jobId: diagnosis },
    children,
  });
  await deps.progress.announce({
    type: 'planned',
    diagnosis,
    cluster: prepared.ref.name,
    total: requests.length,
  });
  return { diagnosis, total: requests.length, added: true };
}
