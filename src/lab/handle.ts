/**
 * The handle a running lab is used through: inject and clear faults (each followed by a re-sync of the
 * namespaces from the emulators' state), report status, stop. Faults run one at a time.
 */
import type { ArmEmulator } from '../../test/emulators/arm/index.js';
import type { KubeEmulator } from '../../test/emulators/kube/index.js';
import { AksdiagError, describeError } from '../errors.js';
import { cleanupLab } from './cleanup.js';
import { findFault, FAULT_IDS, type Fault } from './faults/index.js';
import { followKubeWrite } from './kube-follow.js';
import { reimagedInstances } from './reimage.js';
import { syncAll, type LabWorld } from './sync.js';
import { ADDR, type LabNode } from './topology.js';

export const LAB_CLUSTER = 'aks-lab';

export interface ActiveFault {
  id: string;
  node?: string;
  how: string;
}

export interface LabStatus {
  cluster: string;
  resourceGroup: string;
  subscription: string;
  nodes: { name: string; ip: string; podCidr: string }[];
  client: string;
  faults: ActiveFault[];
  /** NSG rules the VNet could not enforce (unknown service tags). */
  notes: string[];
  env: Record<string, string>;
}

export interface Lab {
  readonly world: LabWorld;
  readonly arm: ArmEmulator;
  readonly api: KubeEmulator;
  /** What `aksdiag check` needs: `AKSDIAG_*` and the managed identity endpoint. */
  readonly env: Record<string, string>;
  inject(id: string, opts?: { node?: string }): Promise<ActiveFault>;
  /** Resolves once the namespaces follow every ARM and Kubernetes write made so far (an applied fix). */
  settled(): Promise<void>;
  clear(id: string): Promise<void>;
  clearAll(): Promise<void>;
  status(): LabStatus;
  stop(): Promise<void>;
}

export function labHandle(
  world: LabWorld,
  arm: ArmEmulator,
  api: KubeEmulator,
  env: Record<string, string>,
  notes: string[],
  cleanups: (() => Promise<void>)[],
): Lab {
  const active = new Map<string, { fault: Fault; node: LabNode }>();
  let syncNotes = notes;
  const lookup = (id: string): Fault => {
    const fault = findFault(id);
    if (!fault) {
      throw new AksdiagError(
        'param-invalid',
        `No lab fault ${id}.`,
        `Known faults: ${FAULT_IDS.join(', ')}.`,
      );
    }
    return fault;
  };
  const pickNode = (name?: string): LabNode => {
    if (name === undefined) return world.nodes[1] ?? world.nodes[0]!;
    const n = world.nodes.find((x) => x.name === name || x.instanceId === name);
    if (!n)
      throw new AksdiagError(
        'param-invalid',
        `No lab node ${name}.`,
        `Nodes: ${world.nodes.map((x) => x.name).join(', ')}.`,
      );
    return n;
  };
  const describe = (id: string, f: Fault, node: LabNode): ActiveFault => ({
    id,
    ...(f.scope === 'node' ? { node: node.name } : {}),
    how: f.how,
  });
  const others = (id: string) => new Set([...active.keys()].filter((k) => k !== id));
  // A change made through ARM (a fix someone applied) is followed like an injected fault: one sync at a
  // time, in order.
  let syncing: Promise<void> = Promise.resolve();
  /** Queues one full sync after the ones already queued; a failure becomes a note in `lab status`. */
  const resync = (what: string) => {
    syncing = syncing
      .then(async () => {
        syncNotes = await syncAll(world);
      })
      .catch((err: unknown) => {
        syncNotes = [...syncNotes, `could not follow ${what}: ${describeError(err)}`];
      });
  };
  const unwatch = arm.onWrite((r) => {
    // A reimaged node is back to its image: the faults that lived only on it are gone.
    const reimaged = reimagedInstances(
      r,
      world.nodes.map((n) => n.instanceId),
    );
    for (const [id, a] of active)
      if (a.fault.goneAfterReimage && reimaged.includes(a.node.instanceId)) active.delete(id);
    resync('an ARM change');
  });
  cleanups.unshift(async () => unwatch());
  // A change made through the Kubernetes API (a Kubernetes fix) is followed the same way, in the same queue.
  const unwatchKube = api.onWrite((w) => {
    followKubeWrite(world, w);
    resync('a Kubernetes change');
  });
  cleanups.unshift(async () => unwatchKube());
  return {
    world,
    arm,
    api,
    env,
    settled: () => syncing,
    async inject(id, opts = {}) {
      const fault = lookup(id);
      const current = active.get(id);
      if (current) return describe(id, fault, current.node);
      const node = pickNode(opts.node);
      await fault.inject({ world, node, others: others(id) });
      active.set(id, { fault, node });
      syncNotes = await syncAll(world);
      return describe(id, fault, node);
    },
    async clear(id) {
      lookup(id);
      const current = active.get(id);
      if (!current) return;
      await current.fault.clear({ world, node: current.node, others: others(id) });
      active.delete(id);
      syncNotes = await syncAll(world);
    },
    async clearAll() {
      for (const id of [...active.keys()].reverse()) await this.clear(id);
    },
    status: () => ({
      cluster: LAB_CLUSTER,
      resourceGroup: world.arm.resourceGroup,
      subscription: world.arm.subscriptionId,
      nodes: world.nodes.map((n) => ({ name: n.name, ip: n.ip, podCidr: n.podCidr })),
      client: ADDR.client,
      faults: [...active.entries()].map(([id, a]) => describe(id, a.fault, a.node)),
      notes: syncNotes,
      env,
    }),
    async stop() {
      for (const c of cleanups.reverse()) await c().catch(() => {});
      await cleanupLab();
    },
  };
}
