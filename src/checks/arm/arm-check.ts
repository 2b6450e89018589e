/**
 * An ARM check as data: a pure judgement over the cluster inventory (read once from Azure),
 * with validated parameters. Reading Azure is the edge's job; these only decide.
 */
import type { z } from 'zod';
import type { Finding, FindingStatus } from '../../domain/checks.js';
import type { ClusterInventory, NodeInstance } from '../../domain/inventory.js';
import type { Nsg, TagContext } from '../../engine/nsg-flow.js';
import type { CheckId } from '../catalogue.js';

export type ArmParams = Readonly<Record<string, string | number>>;

export interface ArmCheck<P extends ArmParams = ArmParams> {
  readonly id: CheckId;
  readonly params: z.ZodType<P>;
  evaluate(inventory: ClusterInventory, params: P): Finding;
}

/** A check with its parameter type erased: validates raw parameters, then evaluates. */
export interface RunnableArmCheck {
  readonly id: CheckId;
  run(inventory: ClusterInventory, rawParams: unknown): Finding;
}

export function runnable<P extends ArmParams>(check: ArmCheck<P>): RunnableArmCheck {
  return { id: check.id, run: (inventory, raw) => check.evaluate(inventory, check.params.parse(raw ?? {})) };
}

/** Builds a finding of this check; every ARM finding is about one named resource. */
export function armFinding(
  check: CheckId,
  target: string,
  verdict: string,
  status: FindingStatus,
  evidence: string | null,
  values: Record<string, string> = {},
  notes: string[] = [],
): Finding {
  return { check, target, verdict, status, evidence, values, notes };
}

/** The NSGs on a node's path, subnet first: what Azure evaluates for traffic to or from it. */
export function nsgsOf(inventory: ClusterInventory, node: NodeInstance): Nsg[] {
  const subnet = inventory.subnets.find((s) => s.id.toLowerCase() === node.subnetId?.toLowerCase());
  const ids = [subnet?.nsgId, node.nicNsgId].filter((id): id is string => Boolean(id));
  return ids.map((id) => inventory.nsgs[id.toLowerCase()]).filter((n): n is Nsg => n !== undefined);
}

export function tagContext(inventory: ClusterInventory): TagContext {
  return { virtualNetwork: inventory.vnetAddressSpaces };
}
