/**
 * The queue's run-command rules for checks run inside one process (the bot without Redis):
 * - pacing: run-command POSTs of one subscription go out as a token bucket of `burst` refilled at R
 *   per second allows, each reserving its slot (the same cell rate algorithm `RunCommandRate` keeps
 *   in Redis for all workers; with a burst of 1, slots 1/R apart);
 * - one run at a time per VM: `processVmLock`, shared by every check in the process;
 * - the pace is kept once the VM is ours, just before its run, so a check waiting for a busy VM
 *   holds no slot.
 */
import { type VmLock, processVmLock } from '../azure/run-command.js';

export class RunCommandPacer {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  /** Per subscription: when its next request is due (the theoretical arrival time). */
  private readonly due = new Map<string, number>();

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
    /** Requests that may go at once before the rate applies. */
    burst = 1,
  ) {
    this.intervalMs = 1000 / perSecond;
    this.toleranceMs = (Math.max(1, burst) - 1) * this.intervalMs;
  }

  /** Reserves the subscription's next slot: how many ms from now it is (0: now). */
  reserve(subscription: string): number {
    const key = subscription.toLowerCase();
    const now = this.now();
    const tat = Math.max(this.due.get(key) ?? 0, now);
    this.due.set(key, tat + this.intervalMs);
    return Math.max(tat - this.toleranceMs, now) - now;
  }
}

/** The subscription of a `vmLockKey` (`subscription/resourceGroup/vmss/instanceId`). */
const subscriptionOf = (vmKey: string): string => vmKey.split('/')[0] ?? '';

/** A VM lock that, once the VM is free, waits for the subscription's next run-command slot. */
export function pacedVmLock(pacer: RunCommandPacer, lock: VmLock = processVmLock): VmLock {
  return {
    run: (key, fn) =>
      lock.run(key, async () => {
        const wait = pacer.reserve(subscriptionOf(key));
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        return fn();
      }),
  };
}
