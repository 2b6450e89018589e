/**
 * Runs one CheckRequest and returns its Finding, never throwing for a check that could not
 * look. The CLI calls it in-process; queue workers will call the same function.
 */
import { ARM_CHECKS } from '../checks/arm/index.js';
import { CHECKS, type CheckSpec } from '../checks/catalogue.js';
import { CLUSTER_CHECKS } from '../checks/cluster/index.js';
import { nodeCheck } from '../checks/node/index.js';
import {
  NODE_CHECK_IDS,
  type NodeCheckId,
  type NodeCheckVerdict,
  renderNodeCheck,
} from '../checks/node/node-check.js';
import type { CheckRequest, Finding, NodeTarget } from '../domain/checks.js';
import type { ClusterInventory } from '../domain/inventory.js';
import type { KubeSnapshot } from '../domain/kube.js';
import type { AzureClientFactory } from '../azure/clients.js';
import { type VmLock, runNodeScript } from '../azure/run-command.js';
import { describeError } from '../errors.js';

export interface RunCheckDeps {
  inventory: ClusterInventory;
  /** The Kubernetes objects read for this run; null when the API could not be read. */
  kube: KubeSnapshot | null;
  azure: AzureClientFactory;
  lock?: VmLock;
  nodeDeadlineMs: number;
  pollMs?: number;
  signal?: AbortSignal;
}

const couldNotCheck = (
  req: CheckRequest,
  target: string,
  reason: string,
  evidence: string | null = null,
): Finding => ({
  check: req.check,
  target,
  verdict: 'could-not-check',
  status: 'could-not-check',
  evidence,
  values: {},
  notes: [reason],
});

/** Values a node verdict carries for the fix: the node itself, what it was asked, and the rule that decided. */
function nodeValues(req: CheckRequest, target: NodeTarget, v: NodeCheckVerdict): Record<string, string> {
  const values: Record<string, string> = {
    node: target.node,
    vmss: target.vmss,
    instanceId: target.instanceId,
  };
  const spec: CheckSpec = CHECKS[req.check];
  for (const [placeholder, param] of Object.entries(spec.fromParams ?? {})) {
    const given = req.params[param];
    if (given !== undefined) values[placeholder] = String(given);
  }
  const decided = (v as { decidedBy?: { chain?: string; rule?: number | string; number?: number } })
    .decidedBy;
  if (decided?.chain && typeof decided.rule === 'number') {
    values['chain'] = decided.chain;
    values['ruleNumber'] = String(decided.rule);
  }
  if (typeof decided?.number === 'number') values['ufwRule'] = String(decided.number);
  // The address a connection went to, for a follow-up that judges the NSGs on exactly that flow.
  const address = (v as { address?: unknown }).address;
  if (typeof address === 'string') values['address'] = address;
  return values;
}

async function runOnNode(req: CheckRequest, target: NodeTarget, deps: RunCheckDeps): Promise<Finding> {
  if (!(NODE_CHECK_IDS as readonly string[]).includes(req.check)) {
    return couldNotCheck(req, target.node, `no node script for ${req.check}`);
  }
  const check = nodeCheck(req.check as NodeCheckId);
  let script: string;
  try {
    script = renderNodeCheck(check, req.params);
  } catch (err) {
    return couldNotCheck(req, target.node, `parameters rejected: ${describeError(err)}`);
  }
  const result = await runNodeScript(deps.azure, target, script, {
    deadlineMs: deps.nodeDeadlineMs,
    ...(deps.pollMs !== undefined ? { pollMs: deps.pollMs } : {}),
    ...(deps.lock ? { lock: deps.lock } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  if (result.kind === 'could-not-check')
    return couldNotCheck(req, target.node, result.reason, result.evidence);
  const output = result.stderr ? `${result.stdout}\n${result.stderr}` : result.stdout;
  const verdict = check.interpret(output, req.params);
  const notes = result.truncated
    ? [...verdict.notes, 'run-command cut the output to its last 4,096 bytes']
    : verdict.notes;
  return {
    check: req.check,
    target: target.node,
    verdict: verdict.verdict,
    // A verdict the interpreter could not reach is a check that could not look.
    status: verdict.verdict === 'unknown' ? 'could-not-check' : 'ok',
    evidence: verdict.evidence,
    values: nodeValues(req, target, verdict),
    notes,
  };
}

export async function runCheck(req: CheckRequest, deps: RunCheckDeps): Promise<Finding> {
  if (req.target.kind === 'node') return runOnNode(req, req.target, deps);
  const where = deps.inventory.cluster.name;
  if (req.target.kind === 'arm') {
    const check = ARM_CHECKS.find((c) => c.id === req.check);
    if (!check) return couldNotCheck(req, where, `no ARM check ${req.check}`);
    return judge(req, where, () => check.run(deps.inventory, req.params));
  }
  const check = CLUSTER_CHECKS.find((c) => c.id === req.check);
  if (!check) return couldNotCheck(req, where, `no Kubernetes check ${req.check}`);
  const kube = deps.kube;
  if (!kube) return couldNotCheck(req, where, 'the Kubernetes API could not be read in this run');
  return judge(req, where, () => check.run(kube, req.params));
}

/** Runs a pure judgement; parameters that fail validation make a could-not-check finding. */
function judge(req: CheckRequest, where: string, run: () => Finding): Finding {
  try {
    return run();
  } catch (err) {
    return couldNotCheck(req, where, `parameters rejected: ${describeError(err)}`);
  }
}
