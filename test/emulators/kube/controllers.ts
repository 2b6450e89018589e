/**
 * What the controllers do after a write, reduced to what the emulator's objects need: a deleted pod
 * that a DaemonSet or ReplicaSet owns comes back under a new name, and a Deployment whose pod template
 * changed (a `rollout restart` annotation) replaces its pods. The replacements start ready, on the
 * same node and with the same IP as the pod they replace: a real pod would usually get a new IP, but the
 * fault lab serves fixed pod IPs, and nothing that reads the emulator depends on the IP changing.
 */
import { matchesLabels, suffixFor, type KubeState } from './state.js';
import type { WireDeployment, WirePod } from './wire.js';

function freshPod(old: WirePod, name: string, labels: Record<string, string>, owner: string): WirePod {
  const ns = old.metadata.namespace ?? 'default';
  const ownerRef = old.metadata.ownerReferences?.find((o) => o.controller);
  return {
    metadata: {
      ...old.metadata,
      name,
      uid: `uid-${suffixFor(`${ns}/${name}`, 10)}`,
      labels,
      ...(ownerRef ? { ownerReferences: [{ ...ownerRef, name: owner }] } : {}),
    },
    spec: structuredClone(old.spec),
    status: {
      ...structuredClone(old.status),
      phase: 'Running',
      conditions: (old.status.conditions ?? []).map((c) =>
        c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'True' as const } : { ...c },
      ),
      containerStatuses: (old.status.containerStatuses ?? []).map((c) => ({
        ...c,
        ready: true,
        restartCount: 0,
      })),
    },
  };
}

/**
 * After `pod` was deleted: its DaemonSet or ReplicaSet makes a new one (returned, already in the
 * state), or null when nothing owns it.
 */
export function replaceDeletedPod(state: KubeState, pod: WirePod): WirePod | null {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
  if (!owner || (owner.kind !== 'DaemonSet' && owner.kind !== 'ReplicaSet')) return null;
  const name = `${owner.name}-${suffixFor(`${pod.metadata.name}/replaced`)}`;
  const fresh = freshPod(pod, name, { ...pod.metadata.labels }, owner.name);
  state.pods.push(fresh);
  return fresh;
}

/**
 * A Deployment's template changed: a new ReplicaSet (named from the template) replaces every pod of
 * the old ones, one for one. Returns the new pods.
 */
export function rolloutDeployment(state: KubeState, d: WireDeployment): WirePod[] {
  const ns = d.metadata.namespace ?? 'default';
  const hash = suffixFor(JSON.stringify(d.spec.template), 9);
  const rs = `${d.metadata.name}-${hash}`;
  const selector = d.spec.selector.matchLabels ?? {};
  const labels = { ...(d.spec.template.metadata?.labels ?? selector), 'pod-template-hash': hash };
  const fresh: WirePod[] = [];
  state.pods.forEach((p, i) => {
    const owner = p.metadata.ownerReferences?.find((o) => o.controller);
    if (
      p.metadata.namespace !== ns ||
      owner?.kind !== 'ReplicaSet' ||
      !owner.name.startsWith(`${d.metadata.name}-`) ||
      owner.name === rs ||
      !matchesLabels(selector, p.metadata.labels)
    )
      return;
    const pod = freshPod(p, `${rs}-${suffixFor(`${rs}-${fresh.length}`)}`, labels, rs);
    state.pods[i] = pod;
    fresh.push(pod);
  });
  const n = fresh.length || (d.status?.replicas ?? 0);
  d.status = { ...d.status, replicas: n, readyReplicas: n, availableReplicas: n };
  return fresh;
}
