/**
 * A Kubernetes check as data: a pure judgement over the KubeSnapshot (read once per run by the
 * edge, from the live API or through command invoke), with validated parameters.
 */
import { z } from 'zod';
import type { Finding } from '../../domain/checks.js';
import type { KubePod, KubeService, KubeSnapshot } from '../../domain/kube.js';
import { matchesSelector } from '../../engine/label-selector.js';
import { ipv4Literal } from '../params.js';
import {
  type Judgement,
  type JudgementParams,
  type RunnableJudgement,
  finding,
  runnable,
} from '../judgement.js';
import type { CheckId } from '../catalogue.js';

export type ClusterCheck<P extends JudgementParams = JudgementParams> = Judgement<KubeSnapshot, P>;
export type RunnableClusterCheck = RunnableJudgement<KubeSnapshot>;
export { runnable };
export const clusterFinding = finding;

/** The snapshot could not answer (object missing, nothing to judge): say why, never guess. */
export function cannotJudge(check: CheckId, target: string, reason: string): Finding {
  return clusterFinding(check, target, 'unknown', 'could-not-check', null, {}, [reason]);
}

/** RFC 1123 label: what Kubernetes accepts as a namespace or service name. */
export const kubeName = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'not a Kubernetes name');

/** Which Service a check is about: by namespace and name, or by its load balancer IP. */
export const serviceRef = {
  namespace: kubeName.optional(),
  service: kubeName.optional(),
  loadBalancerIp: ipv4Literal.optional(),
};

export function findService(
  snapshot: KubeSnapshot,
  ref: { namespace?: string | undefined; service?: string | undefined; loadBalancerIp?: string | undefined },
): KubeService | null {
  if (ref.service) {
    const named = snapshot.services.filter(
      (s) => s.name === ref.service && (!ref.namespace || s.namespace === ref.namespace),
    );
    // The same name in two namespaces and none given: not ours to pick.
    return named.length === 1 ? named[0]! : null;
  }
  if (ref.loadBalancerIp) {
    return snapshot.services.find((s) => s.loadBalancerIngress.includes(ref.loadBalancerIp!)) ?? null;
  }
  return null;
}

/** The pods a Service's selector picks (none for a selector-less Service). */
export function podsOf(snapshot: KubeSnapshot, service: KubeService): KubePod[] {
  const selector = service.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  return snapshot.pods.filter(
    (p) =>
      p.namespace === service.namespace &&
      matchesSelector({ matchLabels: selector, matchExpressions: [] }, p.labels),
  );
}

export const qualified = (s: { namespace: string; name: string }) => `${s.namespace}/${s.name}`;

export const selectorText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** A Service reference in words, for a message. */
export function describeRef(ref: { namespace?: string; service?: string; loadBalancerIp?: string }): string {
  if (ref.service) return ref.namespace ? `${ref.namespace}/${ref.service}` : ref.service;
  if (ref.loadBalancerIp) return `with load balancer IP ${ref.loadBalancerIp}`;
  return '(none named)';
}
