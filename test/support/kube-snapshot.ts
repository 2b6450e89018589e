/**
 * A KubeSnapshot built from the Kubernetes emulator's state the way command invoke builds one:
 * kubectl's JSON for the state, parsed by the production parser. Tests change the state (a
 * selector, a pod's readiness, a policy), not the snapshot, so what the checks judge stays real.
 */
import { fromCommandInvokeJson } from '../../src/kube/index.js';
import { type SnapshotRequest, snapshotFromObjects } from '../../src/kube/snapshot.js';
import type { KubeAccessReview, KubeSnapshot } from '../../src/domain/kube.js';
import { kubectlGetJson, type KubeState, type WirePod } from '../emulators/kube/index.js';

const KINDS = [
  'pods',
  'services',
  'endpointslices',
  'networkpolicies',
  'nodes',
  'deployments',
  'nodenetworkconfigs',
];

export function snapshotOf(
  state: KubeState,
  request: Partial<SnapshotRequest> = {},
  access: KubeAccessReview | { error: string } | null = null,
): KubeSnapshot {
  const objects = fromCommandInvokeJson(kubectlGetJson(state, KINDS));
  return snapshotFromObjects(
    objects,
    { services: [], loadBalancerIps: [], access: null, dataplane: null, policyEngine: 'azure', ...request },
    access,
  );
}

/** Marks the pods `pick` chooses not ready (their containers failing their readiness probes). */
export function setNotReady(state: KubeState, pick: (pod: WirePod) => boolean, restarts = 7): void {
  for (const pod of state.pods.filter(pick)) {
    pod.status = {
      ...pod.status,
      conditions: (pod.status?.conditions ?? []).map((c) =>
        c.type === 'Ready' ? { ...c, status: 'False' } : c,
      ),
      containerStatuses: (pod.status?.containerStatuses ?? []).map((c) => ({
        ...c,
        ready: false,
        restartCount: restarts,
      })),
    };
  }
}
