/**
 * The could-not-check finding of a node check that did not get to run before its deadline,
 * saying what kept it off the VM (taken from what its reschedules counted).
 */
import { formatDuration } from '../azure/clients.js';
import type { CheckRequest, Finding, NodeTarget } from '../domain/checks.js';
import type { Interruption } from './azure-guard.js';
import type { Sched } from './payloads.js';

const couldNotCheck = (
  req: CheckRequest,
  target: NodeTarget,
  reason: string,
  evidence: string | null,
): Finding => ({
  check: req.check,
  target: target.node,
  verdict: 'could-not-check',
  status: 'could-not-check',
  evidence,
  values: {},
  notes: [reason],
});

export function missedDeadline(
  req: CheckRequest,
  target: NodeTarget,
  sched: Sched,
  last?: Interruption,
  wantedMs?: number,
): Finding {
  const where = `${target.node} (${target.vmss} instance ${target.instanceId})`;
  if (last?.kind === 'throttled') {
    return couldNotCheck(
      req,
      target,
      `Azure kept throttling run-command for ${where} and asked to wait ${formatDuration(wantedMs ?? 0)}, past the check's deadline; try again later.`,
      `HTTP ${last.status} × ${sched.throttles}`,
    );
  }
  if (sched.conflicts > 0) {
    return couldNotCheck(
      req,
      target,
      `Another run-command kept ${where} busy until the check's deadline (Azure runs one at a time per VM); try again later.`,
      `HTTP 409 × ${sched.conflicts}`,
    );
  }
  const reason =
    sched.serverErrors > 0
      ? `Azure kept failing the run-command request for ${where} until the check's deadline.`
      : sched.vmBusy > 0
        ? `Other checks kept ${where} busy until the check's deadline.`
        : `The check waited in the queue past its deadline (run-command throttling or busy workers) and was not started on ${where}.`;
  return couldNotCheck(req, target, reason, null);
}
