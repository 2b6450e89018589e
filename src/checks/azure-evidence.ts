/**
 * What Azure's own evidence a planned run asks for (pure): the flows its NSG checks will judge, for Network
 * Watcher to judge too, and the two checks that carry Azure's view into every report: arm-aks-detectors (the
 * connectivity detectors) and, where a node's egress is in question, node-aks-check-network (the node image's
 * own outbound check) on one node the plan already runs on. They are added to the plan, so the in-process run
 * and the queue's flow report the same findings.
 */
import type { DiagnosedFlow } from '../domain/azure-evidence.js';
import type { CheckRequest, NodeTarget } from '../domain/checks.js';
import type { SymptomId } from '../domain/ids.js';
import type { ClusterInventory } from '../domain/inventory.js';
import { armNsgEgress } from './arm/arm-nsg-egress.js';
import { armNsgFlow10250 } from './arm/arm-nsg-flow-10250.js';
import { armNsgFlowLb } from './arm/arm-nsg-flow-lb.js';
import { diagnosedFlow, type NodeFlow } from './arm/nsg-second-opinion.js';
import type { CheckId } from './catalogue.js';

/** The planned NSG checks, and the flows each will judge for given parameters. */
const NSG_FLOWS: Partial<Record<CheckId, (inv: ClusterInventory, raw: unknown) => NodeFlow[]>> = {
  'arm-nsg-flow-10250': (inv, raw) => armNsgFlow10250.flows(inv, armNsgFlow10250.params.parse(raw ?? {})),
  'arm-nsg-flow-lb': (inv, raw) => armNsgFlowLb.flows(inv, armNsgFlowLb.params.parse(raw ?? {})),
  'arm-nsg-egress': (inv, raw) => armNsgEgress.flows(inv, armNsgEgress.params.parse(raw ?? {})),
};

/** Every distinct flow the planned NSG checks judge (parameters that do not validate ask for nothing). */
export function plannedFlows(requests: readonly CheckRequest[], inv: ClusterInventory): DiagnosedFlow[] {
  const out: DiagnosedFlow[] = [];
  const seen = new Set<string>();
  for (const req of requests) {
    const flowsOf = NSG_FLOWS[req.check];
    if (!flowsOf) continue;
    let flows: NodeFlow[];
    try {
      flows = flowsOf(inv, req.params);
    } catch {
      continue;
    }
    for (const f of flows.map(diagnosedFlow)) {
      const key = JSON.stringify(f);
      if (!seen.has(key)) out.push(f);
      seen.add(key);
    }
  }
  return out;
}

/** Symptoms whose causes include a node's egress: the node image's own check speaks to them. */
const EGRESS_SYMPTOMS: ReadonlySet<SymptomId> = new Set([
  'outbound-egress',
  'outbound-dns',
  'node-cannot-reach-apiserver',
]);

/** The evidence checks to add to a plan for `symptom` (none for RBAC, which is not a network question). */
export function evidenceRequests(
  symptom: SymptomId,
  requests: readonly CheckRequest[],
  inv: ClusterInventory,
): CheckRequest[] {
  if (symptom === 'rbac-forbidden') return [];
  const out: CheckRequest[] = [{ check: 'arm-aks-detectors', target: { kind: 'arm' }, params: {} }];
  if (!EGRESS_SYMPTOMS.has(symptom)) return out;
  const planned = requests.find((r) => r.target.kind === 'node')?.target as NodeTarget | undefined;
  const linux = inv.nodes.find((n) => inv.pools.find((p) => p.name === n.pool)?.osType !== 'Windows');
  const target: NodeTarget | undefined =
    planned ??
    (linux && {
      kind: 'node',
      node: linux.name,
      subscription: inv.cluster.subscription,
      resourceGroup: inv.nodeResourceGroup,
      vmss: linux.vmss,
      instanceId: linux.instanceId,
    });
  if (target) out.push({ check: 'node-aks-check-network', target, params: {} });
  return out;
}
