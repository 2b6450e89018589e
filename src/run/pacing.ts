/**
 * The queue's run-command rules for checks run inside one process (the bot without Redis):
 * - pacing: run-command POSTs of one subscription go out at most R per second, each reserving
 *   the next free slot 1/R after the last (as `RunCommandRate` does in Redis for all workers);
 * - one run at a time per VM: `processVmLock`, shared by every check in the process;
 * - the pace is kept once the VM is ours, just before its run, so a check waiting for a busy VM
 *   holds no slot.
 */
import { type VmLock, processVmLock } from '../azure/run-command.js';

export class RunCommandPacer {
  private readonly intervalMs: number;
  private readonly nextFree = new Map<string, number>();

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  /** Reserves the subscription's next slot: how many ms from now it is (0: now). */
  reserve(subscription: string): number {
    const key = subscription.toLowerCase();
    const now = this.now();
    const slot = Math.max(this.nextFree.get(key) ?? 0, now);
    this.nextFree.set(key, slot + this.intervalMs);
    return slot - now;
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
