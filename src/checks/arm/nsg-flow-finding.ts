/** Turns an NSG flow decision into a finding whose values let the fix add a rule that beats the blocker. */
import type { Finding } from '../../domain/checks.js';
import type { ClusterInventory } from '../../domain/inventory.js';
import { type Flow, type Nsg, evaluateFlow, freePriorityBefore } from '../../engine/nsg-flow.js';
import type { CheckId } from '../catalogue.js';
import { armFinding, nsgsOf, tagContext } from './arm-check.js';
import { type NodeFlow, withSecondOpinion } from './nsg-second-opinion.js';

export function flowFinding(check: CheckId, inv: ClusterInventory, flow: Flow, nsgs: Nsg[]): Finding {
  const decision = evaluateFlow(flow, nsgs, tagContext(inv));
  const describe = `${flow.direction} ${flow.protocol} ${flow.source} -> ${flow.destination}:${flow.destinationPort}`;
  const by = decision.decidedBy;
  const evidence = by
    ? `${describe}: ${by.access} by ${by.nsg} rule ${by.rule} (priority ${by.priority})`
    : `${describe}: no NSG decided`;
  if (decision.allowed === 'unknown') {
    return armFinding(
      check,
      nsgs[0]?.name ?? inv.cluster.name,
      'unknown',
      'could-not-check',
      evidence,
      {},
      decision.notes,
    );
  }
  if (decision.allowed)
    return armFinding(check, by?.nsg ?? inv.cluster.name, 'allowed', 'ok', evidence, {}, decision.notes);
  const blocker = nsgs.find((n) => n.name === by?.nsg);
  const priority = blocker && by ? freePriorityBefore(blocker, flow.direction, by.priority) : null;
  const values: Record<string, string> = {
    nsg: by?.nsg ?? '',
    nsgResourceGroup: blocker?.resourceGroup ?? '',
    blockingRule: `${by?.rule ?? ''} (priority ${by?.priority ?? '?'})`,
  };
  if (priority !== null) values['priority'] = String(priority);
  const notes =
    priority === null ? [...decision.notes, 'no free priority ahead of the blocking rule'] : decision.notes;
  return armFinding(check, by?.nsg ?? inv.cluster.name, 'denied', 'problem', evidence, values, notes);
}

/** aksdiag's judgement of one flow through the node's NSGs, with Azure's Network Watcher beside it. */
export function nodeFlowFinding(check: CheckId, inv: ClusterInventory, nf: NodeFlow): Finding {
  return withSecondOpinion(inv, nf, flowFinding(check, inv, nf.flow, nsgsOf(inv, nf.node)));
}
