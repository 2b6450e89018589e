/**
 * What `kubectl get <kind> [-n ns | -A] -o json` prints for the emulator's state: a `List` of
 * objects with apiVersion and kind filled in. Lets a command-invoke executor (ARM emulator) answer
 * the way kubectl inside the cluster would.
 */
import { apiVersionOf, RESOURCE_KINDS } from './resources.js';
import type { KubeState } from './state.js';

/** `plural` as kubectl accepts it (pods, services, endpointslices, nodenetworkconfigs ...). */
export function kubectlGetJson(state: KubeState, plurals: string[], namespace?: string): string {
  const items = plurals.flatMap((plural) => {
    const kind = RESOURCE_KINDS.find((k) => k.plural === plural);
    if (!kind) throw new Error(`kubectl emulation: unknown resource type ${plural}`);
    return (kind.items(state) ?? [])
      .filter((o) => !namespace || !kind.namespaced || o.metadata.namespace === namespace)
      .map((o) => ({ apiVersion: apiVersionOf(kind), kind: kind.kind, ...o }));
  });
  return `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`;
}
