/**
 * Queue names and the Redis keys aksdiag keeps beside BullMQ's, all under one prefix so that
 * deployments can share a Redis. BullMQ's own keys are `<prefix>:<queue>:...`; ours use names
 * no queue has.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const QUEUES = {
  /** Top-level "diagnose this" jobs: find the cluster, read it, plan, add the flow. */
  prepare: 'prepare',
  /** Flow children: one CheckRequest each. */
  checks: 'checks',
  /** Flow parents: all findings of one diagnosis into its verdict. */
  verdicts: 'verdicts',
} as const;

/**
 * A diagnosis id is also a BullMQ job id: no `:` (BullMQ splits keys on it) and never an
 * integer (BullMQ refuses ids that look like one).
 */
export const diagnosisIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,120}$/, 'letters, digits, _ . and - only')
  .refine((s) => !/^\d+$/.test(s), 'must not look like an integer');

export const newDiagnosisId = (): string => `d-${randomUUID()}`;

/** The flow child for request `index` of a diagnosis. */
export const childJobId = (diagnosis: string, index: number): string => `${diagnosis}.c${index}`;

/** Request index from a child's job id or BullMQ job key (`<prefix>:checks:<id>.c<n>`). */
export function childIndex(jobIdOrKey: string): number | null {
  const m = /\.c(\d+)$/.exec(jobIdOrKey);
  return m ? Number(m[1]) : null;
}

export interface Keys {
  /** Inventory, Kubernetes snapshot and requests of one diagnosis, stored once. */
  context(diagnosis: string): string;
  /** index → finding, written once per request (the idempotent record of results). */
  findings(diagnosis: string): string;
  /** Findings not yet announced in a progress event. */
  pending(diagnosis: string): string;
  /** Held for a second after each progress event (the throttle). */
  gate(diagnosis: string): string;
  /** The CheckReport once judged. */
  report(diagnosis: string): string;
  /** Set when the verdict event went out: exactly one per diagnosis. */
  announced(diagnosis: string): string;
  /** The stream progress events go to. */
  progress: string;
  /** A finding shared by identical checks within the cache window. */
  result(fingerprint: string): string;
  /** Which job is running the check with this fingerprint now. */
  claim(fingerprint: string): string;
  /** One run-command at a time per VM. */
  vm(vmKey: string): string;
  /** A subscription's run-command pace: when its next request is due (see rate-limit.ts). */
  rate(subscription: string): string;
  /** The same pace counted as requests actually leave. */
  sending(subscription: string): string;
  /** Until when Azure asked the subscription to send no run-command (Retry-After). */
  hold(subscription: string): string;
}

export function keys(prefix: string): Keys {
  return {
    context: (d) => `${prefix}:ctx:${d}`,
    findings: (d) => `${prefix}:findings:${d}`,
    pending: (d) => `${prefix}:pending:${d}`,
    gate: (d) => `${prefix}:gate:${d}`,
    report: (d) => `${prefix}:report:${d}`,
    announced: (d) => `${prefix}:announced:${d}`,
    progress: `${prefix}:progress`,
    result: (fp) => `${prefix}:result:${fp}`,
    claim: (fp) => `${prefix}:claim:${fp}`,
    vm: (k) => `${prefix}:vm:${k.toLowerCase()}`,
    rate: (sub) => `${prefix}:rate:${sub.toLowerCase()}`,
    sending: (sub) => `${prefix}:sending:${sub.toLowerCase()}`,
    hold: (sub) => `${prefix}:hold:${sub.toLowerCase()}`,
  };
}
