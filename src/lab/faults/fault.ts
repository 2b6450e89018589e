/**
 * A fault the lab can inject, named by the cause id it makes true. A fault changes the emulators' state
 * (what ARM and the Kubernetes API say) and/or the namespaces directly (what only exists on a node or in a
 * service outside Azure's view: ufw, an iptables rule, a DNS outage); the lab then re-derives everything
 * else from the state (sync.ts), so the two cannot disagree. Faults combine: each touches only its own
 * rule, record or flag, and clearing one leaves the others.
 */
import type { WireNetworkSecurityGroup, WireSecurityRule } from '../../../test/emulators/arm/index.js';
export { securityRule } from '../../../test/emulators/arm/index.js';
import type { WirePod } from '../../../test/emulators/kube/index.js';
import type { CauseId, SymptomId } from '../../domain/ids.js';
import type { LabWorld } from '../sync.js';
import type { LabNode } from '../topology.js';

export interface FaultContext {
  world: LabWorld;
  /** The node a node-level fault happens on. */
  node: LabNode;
  /** Faults active besides this one (some share a setting, e.g. the private-cluster flag). */
  others: ReadonlySet<string>;
}

export interface Fault {
  id: CauseId;
  /** The symptoms whose checks should confirm it (`aksdiag check --symptom`). */
  symptoms: readonly SymptomId[];
  /** `node`: on one node (default the second, not the tunnel's); `cluster`: everywhere. */
  scope: 'node' | 'cluster';
  /** How the lab makes it real, for `lab status` and docs/lab.md. */
  how: string;
  /** It lives only on its node's disk and kernel: reimaging that node (through ARM) removes it. */
  goneAfterReimage?: boolean;
  inject(ctx: FaultContext): Promise<void> | void;
  clear(ctx: FaultContext): Promise<void> | void;
}

export function addRule(nsg: WireNetworkSecurityGroup, rule: WireSecurityRule): void {
  removeRule(nsg, rule.name);
  nsg.properties.securityRules.push(rule);
}

export function removeRule(nsg: WireNetworkSecurityGroup, name: string): void {
  nsg.properties.securityRules = nsg.properties.securityRules.filter((r) => r.name !== name);
}

/** Sets a pod's Ready condition (and its containers'), as the kubelet reports a failing readiness probe. */
export function setReady(pods: readonly WirePod[], ready: boolean): void {
  const status = ready ? 'True' : 'False';
  for (const pod of pods) {
    pod.status.conditions = (pod.status.conditions ?? []).map((c) =>
      c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status } : c,
    );
    pod.status.containerStatuses = (pod.status.containerStatuses ?? []).map((c) => ({
      ...c,
      ready,
      restartCount: ready ? c.restartCount : Math.max(c.restartCount ?? 0, 7),
    }));
  }
}
