/**
 * What travels through Redis, as zod schemas checked when written and again when read: a
 * worker of another version, a hand-edited job or a truncated value fails loudly at the edge
 * instead of deep inside a check. The inventory and the Kubernetes snapshot are checked for
 * their shape at the top (they are produced by our own readers and are large).
 */
import { z } from 'zod';
import { CHECKS, type CheckId } from '../checks/catalogue.js';
import type { CheckRequest, Finding } from '../domain/checks.js';
import type { Entities } from '../domain/diagnosis.js';
import { SYMPTOM_IDS } from '../domain/ids.js';
import type { ClusterInventory } from '../domain/inventory.js';
import type { KubeSnapshot } from '../domain/kube.js';
import type { CheckReport } from '../run/check-cluster.js';
import { diagnosisIdSchema } from './keys.js';

const CHECK_IDS = Object.keys(CHECKS) as [CheckId, ...CheckId[]];

/** Bumped when a payload changes incompatibly; a worker refuses what it does not know. */
export const PAYLOAD_VERSION = 1;
const version = z.literal(PAYLOAD_VERSION);

const nodeTarget = z.object({
  kind: z.literal('node'),
  node: z.string().min(1),
  subscription: z.string().min(1),
  resourceGroup: z.string().min(1),
  vmss: z.string().min(1),
  instanceId: z.string().regex(/^\d+$/),
});

export const checkRequestSchema: z.ZodType<CheckRequest> = z.object({
  check: z.enum(CHECK_IDS),
  target: z.discriminatedUnion('kind', [
    nodeTarget,
    z.object({ kind: z.literal('cluster') }),
    z.object({ kind: z.literal('arm') }),
  ]),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const findingSchema: z.ZodType<Finding> = z.object({
  check: z.enum(CHECK_IDS),
  target: z.string(),
  verdict: z.string(),
  status: z.enum(['problem', 'ok', 'could-not-check']),
  evidence: z.string().nullable(),
  values: z.record(z.string(), z.string()),
  notes: z.array(z.string()),
});

const clusterRef = z.object({
  subscription: z.string().min(1),
  resourceGroup: z.string().min(1),
  name: z.string().min(1),
  location: z.string(),
});

const inventorySchema = z.looseObject({
  cluster: clusterRef,
  nodeResourceGroup: z.string(),
  access: z.looseObject({ authorizedIpRanges: z.array(z.string()), privateCluster: z.boolean() }),
  network: z.looseObject({}),
  pools: z.array(z.looseObject({ name: z.string() })),
  nodes: z.array(z.looseObject({ name: z.string(), vmss: z.string(), instanceId: z.string() })),
  subnets: z.array(z.looseObject({ id: z.string() })),
  nsgs: z.record(z.string(), z.looseObject({ name: z.string() })),
}) as unknown as z.ZodType<ClusterInventory>;

const kubeSchema = z.looseObject({
  pods: z.array(z.looseObject({})),
  services: z.array(z.looseObject({})),
  networkPolicies: z.array(z.looseObject({})),
  nodes: z.array(z.looseObject({})),
}) as unknown as z.ZodType<KubeSnapshot>;

/** Stored once per diagnosis; children read it instead of carrying it. */
export const contextSchema = z.object({
  v: version,
  inventory: inventorySchema,
  kube: kubeSchema.nullable(),
  requests: z.array(checkRequestSchema),
});
export type DiagnosisContext = z.infer<typeof contextSchema>;

/** How a child got rescheduled so far (not attempts: reschedules cost none). */
export const schedSchema = z.object({
  /** A run-command slot reserved for this job (epoch ms). */
  slotAt: z.number().optional(),
  conflicts: z.number().int().default(0),
  throttles: z.number().int().default(0),
  serverErrors: z.number().int().default(0),
  vmBusy: z.number().int().default(0),
  waits: z.number().int().default(0),
});
export type Sched = z.infer<typeof schedSchema>;

export const childDataSchema = z.object({
  v: version,
  diagnosis: diagnosisIdSchema,
  index: z.number().int().min(0),
  total: z.number().int().min(1),
  request: checkRequestSchema,
  /** Identity of the check for the result cache (see fingerprint.ts). */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  /** After this (epoch ms) the finding is could-not-check without running. */
  deadlineAt: z.number(),
  sched: schedSchema.optional(),
});
export type ChildData = z.infer<typeof childDataSchema>;

/** `run`: this job ran it; `cache`: another diagnosis did; `recorded`: an earlier attempt did. */
export const childResultSchema = z.object({
  index: z.number().int().min(0),
  finding: findingSchema,
  source: z.enum(['run', 'cache', 'recorded', 'deadline', 'judged']),
});
export type ChildResult = z.infer<typeof childResultSchema>;

const planNodes = z.object({ checked: z.number(), total: z.number(), named: z.array(z.string()) });
const kubeRead = z.union([
  z.object({ read: z.enum(['api', 'command-invoke']), notes: z.array(z.string()) }),
  z.object({ read: z.literal('not-needed') }),
  z.object({ read: z.literal('unavailable'), reason: z.string() }),
]);

export const parentDataSchema = z.object({
  v: version,
  diagnosis: diagnosisIdSchema,
  symptom: z.enum(SYMPTOM_IDS),
  cluster: z.string(),
  resourceGroup: z.string(),
  subscription: z.string(),
  nodeResourceGroup: z.string(),
  /** The fix placeholders the inventory fills (inventoryValues); optional for jobs queued before it. */
  values: z.record(z.string(), z.string()).optional(),
  total: z.number().int().min(0),
  skipped: z.array(z.object({ check: z.enum(CHECK_IDS), reason: z.string() })),
  nodes: planNodes,
  kube: kubeRead,
});
export type ParentData = z.infer<typeof parentDataSchema>;

/** The parent's return value; the full report is stored beside it (it can be large). */
export const verdictSummarySchema = z.object({
  diagnosis: diagnosisIdSchema,
  causes: z.array(z.object({ id: z.string(), status: z.enum(['confirmed', 'ruled-out', 'unknown']) })),
  findings: z.number().int(),
});
export type VerdictSummary = z.infer<typeof verdictSummarySchema>;

const entitiesSchema: z.ZodType<Entities> = z.object({
  ips: z.array(z.string()),
  ports: z.array(z.number()),
  nodes: z.array(
    z.object({
      name: z.string(),
      pool: z.string(),
      vmss: z.string().optional(),
      instanceId: z.string().optional(),
    }),
  ),
  apiServers: z.array(
    z.object({ fqdn: z.string(), dnsPrefix: z.string(), region: z.string(), private: z.boolean() }),
  ),
  pods: z.array(z.string()),
  namespaces: z.array(z.string()),
  services: z.array(z.string()),
  rbac: z.array(
    z.object({
      user: z.string(),
      verb: z.string(),
      resource: z.string(),
      apiGroup: z.string(),
      namespace: z.string().nullable(),
    }),
  ),
});

/** "Diagnose this": what the bot knows when it enqueues (the cluster is found by the worker). */
export const prepareDataSchema = z.object({
  v: version,
  diagnosis: diagnosisIdSchema,
  cluster: z.string().min(1).max(300),
  symptom: z.enum(SYMPTOM_IDS),
  entities: entitiesSchema,
  clientIp: z.string().optional(),
});
export type PrepareData = z.infer<typeof prepareDataSchema>;

/** A stored report: checked on read like everything else. */
export const reportSchema = z.looseObject({
  cluster: z.string(),
  symptom: z.enum(SYMPTOM_IDS),
  findings: z.array(findingSchema),
  causes: z.array(z.looseObject({ id: z.string(), status: z.string() })),
}) as unknown as z.ZodType<CheckReport>;

const indexedFinding = z.object({ index: z.number().int(), finding: findingSchema });

/** What a subscriber (the Slack layer) reads from the progress stream. */
export const progressEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('planned'),
    diagnosis: z.string(),
    cluster: z.string(),
    total: z.number().int(),
  }),
  z.object({
    type: z.literal('progress'),
    diagnosis: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    findings: z.array(indexedFinding),
  }),
  z.object({
    type: z.literal('verdict'),
    diagnosis: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    findings: z.array(indexedFinding),
    causes: verdictSummarySchema.shape.causes,
  }),
  z.object({
    type: z.literal('failed'),
    diagnosis: z.string(),
    code: z.string(),
    message: z.string(),
  }),
]);
export type ProgressEvent = z.infer<typeof progressEventSchema>;

/** Parses `value` with `schema`, or throws an error naming what was being read. */
export function parsePayload<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new PayloadError(`${what} is not valid: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
}

/** A payload that does not validate: retrying cannot fix it. */
export class PayloadError extends Error {
  override name = 'PayloadError';
}
