/**
 * An ARM check as data: a pure judgement over the cluster inventory (read once from Azure),
 * with validated parameters. Reading Azure is the edge's job; these only decide.
 */
import type { ClusterInventory, NodeInstance } from '../../domain/inventory.js';
import type { Nsg, TagContext } from '../../engine/nsg-flow.js';
import {
  type Judgement,
  type JudgementParams,
  type RunnableJudgement,
  finding,
  runnable,
} from '../judgement.js';

export type ArmParams = JudgementParams;
export type ArmCheck<P extends ArmParams = ArmParams> = Judgement<ClusterInventory, P>;
export type RunnableArmCheck = RunnableJudgement<ClusterInventory>;
export { runnable };
export const armFinding = finding;

/** The NSGs on a node's path, subnet first: what Azure evaluates for traffic to or from it. */
export function nsgsOf(inventory: ClusterInventory, node: NodeInstance): Nsg[] {
  const subnet = inventory.subnets.find((s) => s.id.toLowerCase() === node.subnetId?.toLowerCase());
  const ids = [subnet?.nsgId, node.nicNsgId].filter((id): id is string => Boolean(id));
  return ids.map((id) => inventory.nsgs[id.toLowerCase()]).filter((n): n is Nsg => n !== undefined);
}

export function tagContext(inventory: ClusterInventory): TagContext {
  return { virtualNetwork: inventory.vnetAddressSpaces };
}
