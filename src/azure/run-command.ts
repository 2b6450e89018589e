/**
 * Runs one aksdiag node script on one VMSS instance through run-command (`RunShellScript`), and
 * always comes back by the deadline with either the script's output or a 'could-not-check' result.
 *
 * What Azure does, and what this does about it:
 * - One run at a time per VM; a second POST gets 409 Conflict ("Run command extension execution is in
 *   progress"). Our own runs are serialised per `subscription/rg/vmss/instanceId` with a `VmLock`, so
 *   a 409 means someone else's run (or one of ours that we stopped waiting for): wait with back-off
 *   and POST again until the deadline. A 409 is never taken for our run, and no second run is started
 *   while ours may still be running.
 * - 429 + Retry-After: the SDK waits it out when it is at most `maxRetryAfterMs`; a longer one ends the
 *   call at once with 'could-not-check' (code 'azure-throttled') saying when to retry (see clients.ts).
 * - A run whose node never reports back: the wait ends at the deadline (abort signal) with
 *   'could-not-check' (code 'node-no-answer'). A started run cannot be cancelled, so the VM may stay
 *   busy: the lock key stays held for `busyGraceMs` after such a run (in the background; the caller
 *   has its answer), and later callers that still meet a 409 wait it out like any other.
 * - Run-command reports "Enable succeeded" even when the script failed: the envelope is unwrapped with
 *   `unwrapRunCommand`, which reads the script's own `aksdiag-exit=<n>` line.
 */
import type { RunCommandResult } from '@azure/arm-compute';
import type { NodeTarget } from '../domain/checks.js';
import { unwrapRunCommand } from '../interpreters/run-command.js';
import {
  AzureThrottledError,
  azureError,
  formatDuration,
  statusOf,
  withCallScope,
  type AzureClientFactory,
} from './clients.js';
import { AksdiagError } from '../errors.js';
import { PollSchedule } from './poll-schedule.js';

// ---------------------------------------------------------------------------------------------------
// Lock

/** Mutual exclusion per VM. In-process here; a Redis implementation comes with the queue. */
export interface VmLock {
  /** Runs `fn` once no other `run` with the same key is running; resolves or rejects with it. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** A promise chain per key; keys are compared lower-cased. */
export class InProcessVmLock implements VmLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const k = key.toLowerCase();
    const previous = this.tails.get(k) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(k, tail);
    void tail.then(() => {
      if (this.tails.get(k) === tail) this.tails.delete(k);
    });
    return result;
  }

  /** True while some run for `key` is running or queued. */
  isBusy(key: string): boolean {
    return this.tails.has(key.toLowerCase());
  }
}

/** The lock every call in this process shares unless told otherwise. */
export const processVmLock = new InProcessVmLock();

export function vmLockKey(
  target: Pick<NodeTarget, 'subscription' | 'resourceGroup' | 'vmss' | 'instanceId'>,
): string {
  return `${target.subscription}/${target.resourceGroup}/${target.vmss}/${target.instanceId}`.toLowerCase();
}

// ---------------------------------------------------------------------------------------------------
// Results

export type CouldNotCheckCode =
  | 'vm-busy'
  | 'node-no-answer'
  | 'azure-throttled'
  | 'azure-permission'
  | 'azure-credentials'
  | 'vm-not-found'
  | 'run-failed'
  | 'cancelled';

export interface NodeScriptOutput {
  kind: 'output';
  stdout: string;
  stderr: string;
  /** Run-command kept only the last 4,096 bytes of a stream. */
  truncated: boolean;
  /** From the script's `aksdiag-exit=<n>` line. */
  exitCode?: number;
}

export interface NodeScriptCouldNotCheck {
  kind: 'could-not-check';
  code: CouldNotCheckCode;
  /** One sentence for the report: what went wrong and what it means. */
  reason: string;
  /** What Azure said (status, error text), or null. */
  evidence: string | null;
  /** For 'azure-throttled': when Azure said a retry may succeed (ISO 8601). */
  retryAt?: string;
}

export type NodeScriptResult = NodeScriptOutput | NodeScriptCouldNotCheck;

export interface RunNodeScriptOptions {
  /** The whole call (waiting for the lock, 409s, throttling, the run) ends by then. */
  deadlineMs: number;
  /** LRO poll interval and first 409 back-off. Default 5000 ms. */
  pollMs?: number;
  /** Longest Retry-After worth waiting; default: a quarter of the deadline. */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  /** Default: `processVmLock`. */
  lock?: VmLock;
  /** How long the VM stays locked after a run we stopped waiting for. Default 60 s. */
  busyGraceMs?: number;
}

const MAX_CONFLICT_BACKOFF_MS = 30_000;
/** When to look whether a run has finished, from how long this process's runs took (poll-schedule.ts). */
const POLLS = new PollSchedule();
const NO_ANSWER =
  'The node did not report back before the deadline; its outbound connectivity to Azure may be broken (or the node is overloaded).';

/** Resolves after `ms`, or at once when `signal` aborts. `unref`: do not keep the process alive for it. */
function sleep(ms: number, signal?: AbortSignal, unref = false): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (unref) timer.unref();
    signal?.addEventListener('abort', done, { once: true });
  });
}

function errorText(err: unknown): string {
  const status = statusOf(err);
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return [status !== undefined ? `HTTP ${status}` : null, typeof code === 'string' ? code : null, message]
    .filter((x) => x)
    .join(': ');
}

/** The script's output from the run-command result (Linux: one envelope; Windows: StdOut/StdErr entries). */
export function outputOf(result: RunCommandResult): NodeScriptResult {
  const statuses = result.value ?? [];
  if (statuses.length === 0) {
    return {
      kind: 'could-not-check',
      code: 'run-failed',
      reason: 'Run-command finished but returned no output.',
      evidence: null,
    };
  }
  const stdOut = statuses.find((s) => /StdOut/i.test(s.code ?? ''));
  if (stdOut) {
    const stdErr = statuses.find((s) => /StdErr/i.test(s.code ?? ''));
    const u = unwrapRunCommand(stdOut.message ?? '');
    return {
      kind: 'output',
      stdout: u.stdout,
      stderr: stdErr?.message ?? '',
      truncated: u.truncated,
      ...(u.exitCode === undefined ? {} : { exitCode: u.exitCode }),
    };
  }
  const u = unwrapRunCommand(statuses.map((s) => s.message ?? '').join('\n'));
  return {
    kind: 'output',
    stdout: u.stdout,
    stderr: u.stderr,
    truncated: u.truncated,
    ...(u.exitCode === undefined ? {} : { exitCode: u.exitCode }),
  };
}

interface Attempt {
  result: NodeScriptResult;
  /** A run of ours may still be running on the VM. */
  mayBeRunning: boolean;
}

export function runNodeScript(
  factory: AzureClientFactory,
  target: NodeTarget,
  script: string,
  options: RunNodeScriptOptions,
): Promise<NodeScriptResult> {
  const deadlineMs = Math.max(0, options.deadlineMs);
  const pollMs = options.pollMs ?? 5000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? Math.floor(deadlineMs / 4);
  const lock = options.lock ?? processVmLock;
  const graceMs = options.busyGraceMs ?? 60_000;
  const where = `${target.node} (${target.vmss} instance ${target.instanceId})`;

  const deadline = AbortSignal.timeout(deadlineMs);
  const stop = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const cancelled = (): boolean => options.signal?.aborted === true && !deadline.aborted;

  return new Promise<NodeScriptResult>((resolve) => {
    let settled = false;
    const settle = (r: NodeScriptResult): void => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    // Still waiting for the lock when the time is up: another check of ours holds this VM.
    const onStopWhileQueued = (): void =>
      settle(
        cancelled()
          ? { kind: 'could-not-check', code: 'cancelled', reason: 'The check was cancelled.', evidence: null }
          : {
              kind: 'could-not-check',
              code: 'vm-busy',
              reason: `Another aksdiag check was still running on ${where} when the deadline passed (Azure runs one command at a time per VM).`,
              evidence: null,
            },
      );
    stop.addEventListener('abort', onStopWhileQueued, { once: true });

    void lock
      .run(vmLockKey(target), async () => {
        stop.removeEventListener('abort', onStopWhileQueued);
        if (stop.aborted) {
          onStopWhileQueued();
          return; // never start a run after the deadline
        }
        const attempt = await runLocked(factory, target, script, {
          stop,
          cancelled,
          pollMs,
          maxRetryAfterMs,
          deadlineMs,
          where,
        });
        settle(attempt.result);
        // A run we stopped waiting for may still occupy the VM: keep our own callers off it a while.
        if (attempt.mayBeRunning && graceMs > 0) await sleep(graceMs, undefined, true);
      })
      .catch((err: unknown) =>
        settle({
          kind: 'could-not-check',
          code: 'run-failed',
          reason: `Could not run the check on ${where}.`,
          evidence: errorText(err),
        }),
      );
  });
}

interface LockedOptions {
  stop: AbortSignal;
  cancelled: () => boolean;
  pollMs: number;
  maxRetryAfterMs: number;
  deadlineMs: number;
  where: string;
}

async function runLocked(
  factory: AzureClientFactory,
  target: NodeTarget,
  script: string,
  o: LockedOptions,
): Promise<Attempt> {
  const compute = await factory.compute(target.subscription);
  const startedAt = Date.now();
  let backoff = Math.max(1, o.pollMs);
  let conflicts = 0;
  let lastConflict: string | null = null;

  for (;;) {
    let posted = false; // our POST went out (Azure may have started the run)
    let accepted = false; // Azure answered it with 200/202: the run is ours
    let rejected = false; // Azure answered it with an error status: no run started
    let lastThrottle = false;
    const isPost = (r: { method: string; url: string }): boolean =>
      r.method === 'POST' && /\/runcommand(\?|$)/i.test(r.url);
    try {
      const result = await withCallScope(
        {
          maxRetryAfterMs: o.maxRetryAfterMs,
          onRequest: (r) => {
            if (isPost(r)) posted = true;
          },
          onResponse: (r, status) => {
            lastThrottle = status === 429;
            if (!isPost(r)) return;
            accepted = status === 200 || status === 202;
            rejected = !accepted;
          },
        },
        async () => {
          const poller = compute.virtualMachineScaleSetVMs.runCommand(
            target.resourceGroup,
            target.vmss,
            target.instanceId,
            { commandId: 'RunShellScript', script: script.split('\n') },
            { updateIntervalInMs: o.pollMs, abortSignal: o.stop },
          );
          await poller.submitted();
          const acceptedAt = Date.now();
          let quickUsed = false;
          while (!poller.isDone) {
            const next = POLLS.next(Date.now() - acceptedAt, o.pollMs, quickUsed);
            quickUsed ||= next.quick;
            await sleep(next.waitMs, o.stop);
            await poller.poll({ abortSignal: o.stop });
          }
          POLLS.record(Date.now() - acceptedAt);
          return await poller.pollUntilDone({ abortSignal: o.stop });
        },
      );
      return { result: outputOf(result), mayBeRunning: false };
    } catch (err) {
      const mayBeRunning = accepted || (posted && !rejected);
      const elapsed = formatDuration(Date.now() - startedAt);

      if (o.stop.aborted) {
        if (o.cancelled()) {
          return {
            result: {
              kind: 'could-not-check',
              code: 'cancelled',
              reason: 'The check was cancelled.',
              evidence: null,
            },
            mayBeRunning,
          };
        }
        if (mayBeRunning) {
          return {
            result: {
              kind: 'could-not-check',
              code: 'node-no-answer',
              reason: `${NO_ANSWER} (${o.where}, waited ${elapsed}.)`,
              evidence: `run-command accepted by Azure but not finished after ${elapsed}; the VM may stay busy until it completes.`,
            },
            mayBeRunning,
          };
        }
        return {
          result: {
            kind: 'could-not-check',
            code: lastThrottle ? 'azure-throttled' : 'node-no-answer',
            reason: lastThrottle
              ? `Azure kept throttling run-command for ${o.where} until the deadline (${elapsed}).`
              : `Azure did not accept the run-command for ${o.where} before the deadline (${elapsed}).`,
            evidence: errorText(err),
          },
          mayBeRunning,
        };
      }

      if (statusOf(err) === 409) {
        // Someone else's run (or one of ours we stopped waiting for) holds the VM: wait and POST again.
        conflicts++;
        lastConflict = errorText(err);
        await sleep(backoff, o.stop);
        backoff = Math.min(backoff * 2, MAX_CONFLICT_BACKOFF_MS);
        if (o.stop.aborted) {
          if (o.cancelled()) {
            return {
              result: {
                kind: 'could-not-check',
                code: 'cancelled',
                reason: 'The check was cancelled.',
                evidence: null,
              },
              mayBeRunning: false,
            };
          }
          return {
            result: {
              kind: 'could-not-check',
              code: 'vm-busy',
              reason: `Another run-command was in progress on ${o.where} for the whole ${formatDuration(o.deadlineMs)} (Azure runs one at a time per VM); try again later.`,
              evidence: `${conflicts} × ${lastConflict}`,
            },
            mayBeRunning: false,
          };
        }
        continue;
      }

      if (err instanceof AzureThrottledError) {
        return {
          result: {
            kind: 'could-not-check',
            code: 'azure-throttled',
            reason: `Azure throttled run-command for ${o.where} and asked to wait ${formatDuration(err.retryAfterMs)}; retry after ${err.retryAt.toISOString()}.`,
            evidence: err.message,
            retryAt: err.retryAt.toISOString(),
          },
          mayBeRunning,
        };
      }

      const status = statusOf(err);
      if (status === 404) {
        return {
          result: {
            kind: 'could-not-check',
            code: 'vm-not-found',
            reason: `${o.where} no longer exists (scaled in or upgraded?).`,
            evidence: errorText(err),
          },
          mayBeRunning: false,
        };
      }
      const mapped = azureError(
        err,
        `run a command on ${o.where}`,
        'Grant the identity Virtual Machine Contributor on the node resource group (action Microsoft.Compute/virtualMachineScaleSets/virtualMachines/runCommand/action).',
      );
      if (
        mapped instanceof AksdiagError &&
        (mapped.code === 'azure-permission' ||
          mapped.code === 'azure-credentials' ||
          mapped.code === 'azure-throttled')
      ) {
        return {
          result: {
            kind: 'could-not-check',
            code: mapped.code,
            reason: `${mapped.message} ${mapped.hint}`,
            evidence: errorText(err),
          },
          mayBeRunning,
        };
      }
      return {
        result: {
          kind: 'could-not-check',
          code: 'run-failed',
          reason: `Run-command failed on ${o.where}; the script may not have run.`,
          evidence: errorText(err),
        },
        mayBeRunning,
      };
    }
  }
}
