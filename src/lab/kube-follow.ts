/**
 * What a write through the lab's Kubernetes API (a fix someone applied) changes beyond the API's own
 * objects. The emulator already does the controllers' part (endpoints follow Services, a deleted
 * DaemonSet pod comes back, a restarted Deployment gets new ready pods); the lab then re-derives the
 * nodes from that state (syncAll). What only the lab knows is done here: a kube-proxy pod deleted on a
 * node where kube-proxy had stopped is a kube-proxy that starts again, and rewrites its rules there.
 */
import type { KubeWrite } from '../../test/emulators/kube/index.js';
import type { LabWorld } from './sync.js';

export function followKubeWrite(world: LabWorld, w: KubeWrite): void {
  if (w.verb !== 'delete' || w.resource !== 'pods' || w.namespace !== 'kube-system') return;
  const labels = w.object.metadata.labels ?? {};
  if (labels['k8s-app'] !== 'kube-proxy' && labels['component'] !== 'kube-proxy') return;
  const node = (w.object as { spec?: { nodeName?: string } }).spec?.nodeName;
  world.local.kubeProxyDown = world.local.kubeProxyDown.filter((n) => n !== node);
}
