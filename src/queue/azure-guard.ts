/**
 * Turns Azure's "not now" answers to a run-command POST into a reschedule of the job instead of
 * a wait inside the worker. `runNodeScript` on its own waits out a 409 (another run on the VM)
 * and lets the SDK sleep through a 429's Retry-After; a queue worker would hold a concurrency
 * slot all that time. Inside `interruptible()`, a per-retry pipeline policy sees the POST's
 * answer first and aborts the check's signal: the check ends at once as cancelled (no run was
 * started: Azure refused the POST), and the caller reschedules the job with the reason.
 *
 * Only the POST is watched. A poll of a run Azure accepted is left to the SDK: abandoning an
 * accepted run would leave it running on the VM, and the retry would have to start another.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ComputeManagementClient } from '@azure/arm-compute';
import { retryAfterMs, type AzureClientFactory } from '../azure/clients.js';

export type Interruption =
  /** 409: a run-command is already running on the VM (someone else's). */
  | { kind: 'conflict'; status: 409 }
  /** 429 or 503 with Retry-After: the subscription (or Compute) is throttling. */
  | { kind: 'throttled'; status: number; retryAfterMs: number | undefined }
  /** Another 5xx: Azure failed; try again later. */
  | { kind: 'server-error'; status: number; retryAfterMs: number | undefined };

interface Scope {
  interrupt(i: Interruption): void;
}

const scope = new AsyncLocalStorage<Scope>();

type Policy = Parameters<ComputeManagementClient['pipeline']['addPolicy']>[0];

const isRunCommandPost = (r: { method: string; url: string }): boolean =>
  r.method === 'POST' && /\/runcommand(\?|$)/i.test(r.url);

const guardPolicy: Policy = {
  name: 'aksdiagQueueGuard',
  async sendRequest(request, next) {
    const response = await next(request);
    const s = scope.getStore();
    if (!s || !isRunCommandPost(request)) return response;
    const status = response.status;
    if (status === 409) s.interrupt({ kind: 'conflict', status });
    else if (status === 429 || status === 503)
      s.interrupt({ kind: 'throttled', status, retryAfterMs: retryAfterMs(response.headers) });
    else if (status >= 500)
      s.interrupt({ kind: 'server-error', status, retryAfterMs: retryAfterMs(response.headers) });
    return response;
  },
};

/** The same factory, with the guard on every Compute client it makes (harmless outside `interruptible`). */
export function guardRunCommands(factory: AzureClientFactory): AzureClientFactory {
  const guarded = new WeakSet<ComputeManagementClient>();
  return {
    async compute(sub) {
      const client = await factory.compute(sub);
      if (!guarded.has(client)) {
        // Closest to the wire, after the retry policy: it sees each attempt's answer first.
        client.pipeline.addPolicy(guardPolicy, { afterPhase: 'Retry' });
        guarded.add(client);
      }
      return client;
    },
    containers: (sub) => factory.containers(sub),
    network: (sub) => factory.network(sub),
    privateDns: (sub) => factory.privateDns(sub),
  };
}

/**
 * Runs `fn` with a signal that aborts when Azure refuses a run-command POST made inside it
 * (or when `outer` aborts), and says why.
 */
export async function interruptible<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  outer?: AbortSignal,
): Promise<{ value: T; interruption: Interruption | null }> {
  const controller = new AbortController();
  let interruption: Interruption | null = null;
  const signal = outer ? AbortSignal.any([controller.signal, outer]) : controller.signal;
  const value = await scope.run(
    {
      interrupt(i) {
        if (interruption) return;
        interruption = i;
        controller.abort(new Error(`run-command POST answered ${i.status}`));
      },
    },
    () => fn(signal),
  );
  return { value, interruption };
}
