import { z } from 'zod';
import type { KubePod, KubeService, KubeSnapshot } from '../../domain/kube.js';
import {
  type ClusterCheck,
  cannotJudge,
  clusterFinding,
  describeRef,
  findService,
  podsOf,
  qualified,
  selectorText,
  serviceRef,
} from './cluster-check.js';

const params = z.object(serviceRef).strict();

/**
 * The selector the Service most likely meant: the selector's keys with the values that the pods
 * of its namespace carry, when exactly one set of values exists. null when it is not clear.
 */
function intendedSelector(snapshot: KubeSnapshot, service: KubeService): Record<string, string> | null {
  const keys = Object.keys(service.selector ?? {});
  if (keys.length === 0) return null;
  const candidates = snapshot.pods.filter(
    (p) => p.namespace === service.namespace && keys.every((k) => Object.hasOwn(p.labels, k)),
  );
  const sets = new Map(candidates.map((p) => [keys.map((k) => p.labels[k]).join('\u0000'), p]));
  if (sets.size !== 1) return null;
  const pod = [...sets.values()][0]!;
  return Object.fromEntries(keys.map((k) => [k, pod.labels[k]!]));
}

function describePods(pods: KubePod[]): string {
  const sample = pods
    .slice(0, 3)
    .map((p) => `${p.name} ${p.phase}${p.ready ? '' : ' not ready'}`)
    .join('; ');
  return pods.length > 3 ? `${sample}; ...` : sample;
}

/** Does the Service have ready endpoints, and if not: does its selector match any pod? */
export const k8sServiceEndpoints: ClusterCheck<z.infer<typeof params>> = {
  id: 'k8s-service-endpoints',
  params,
  evaluate(snapshot, ref) {
    const service = findService(snapshot, ref);
    if (!service)
      return cannotJudge(this.id, ref.service ?? 'service', `no Service ${describeRef(ref)} found`);
    const name = qualified(service);
    const endpoints = snapshot.endpoints[name] ?? null;
    const ready = endpoints?.addresses.filter((a) => a.ready) ?? [];
    const values: Record<string, string> = { service: service.name, namespace: service.namespace };
    if (ready.length > 0) {
      const ips = ready.slice(0, 5).map((a) => a.ip);
      return clusterFinding(
        this.id,
        name,
        'has-endpoints',
        'ok',
        `${name}: ${ready.length} ready endpoint${ready.length > 1 ? 's' : ''} (${ips.join(', ')}${ready.length > 5 ? ', ...' : ''})`,
        values,
      );
    }
    if (!service.selector) {
      return clusterFinding(
        this.id,
        name,
        'no-endpoints',
        'problem',
        `${name} has no selector and its Endpoints list no ready address`,
        values,
      );
    }
    const pods = podsOf(snapshot, service);
    const selector = selectorText(service.selector);
    const intended = pods.length === 0 ? intendedSelector(snapshot, service) : null;
    // The whole patch is one value, so the fix quotes it as one shell word.
    if (intended) values['selectorPatch'] = JSON.stringify({ spec: { selector: intended } });
    const evidence =
      pods.length === 0
        ? `selector ${selector} of ${name} matches no pod in namespace ${service.namespace}` +
          (intended ? ` (pods there carry ${selectorText(intended)})` : '')
        : `selector ${selector} of ${name} matches ${pods.length} pod${pods.length > 1 ? 's' : ''}, none ready: ${describePods(pods)}`;
    return clusterFinding(this.id, name, 'no-endpoints', 'problem', evidence, values);
  },
};
