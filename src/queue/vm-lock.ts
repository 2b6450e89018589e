/**
 * One run-command at a time per VM, across every worker on every machine: a Redis key per VM
 * (`SET NX PX`) holding a token unique to one attempt. The queue takes the lock before it runs
 * a node check and reschedules the job when the VM is taken, so a worker never sits waiting.
 *
 * The lease outlives the longest a run of ours may still occupy the VM: the node deadline plus
 * the grace `runNodeScript` keeps after a run it stopped waiting for. A worker killed mid-run
 * leaves the key behind until the lease ends, so no second run starts on that VM while the first
 * may still be going; a retry of the same job uses a new token and waits like anyone else.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { VmLock } from '../azure/run-command.js';
import type { Keys } from './keys.js';
import { script } from './scripts.js';

/** Deletes the key only while it still holds our token (a lease that ran out may be someone else's). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisVmLocks {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** The lock of `vmKey` for `leaseMs`, or null when another attempt holds it. */
  async tryAcquire(vmKey: string, leaseMs: number): Promise<HeldVmLock | null> {
    const token = randomUUID();
    const key = this.keys.vm(vmKey);
    const ok = await this.redis.set(key, token, 'PX', Math.max(1, Math.ceil(leaseMs)), 'NX');
    return ok === 'OK'
      ? new HeldVmLock(script(this.redis, 'VmRelease', 1, RELEASE), key, vmKey.toLowerCase(), token)
      : null;
  }
}

/**
 * A lock already held, handed to `runCheck` as its `VmLock`: `run` checks the key and runs at
 * once, then releases. `state` tells the caller whether to release it itself (the check never
 * reached the VM) or leave that to `run` (which, after a run that may still be going, returns
 * only when runNodeScript's grace is over).
 */
export class HeldVmLock implements VmLock {
  state: 'unused' | 'running' | 'released' = 'unused';

  constructor(
    private readonly releaseScript: (...args: string[]) => Promise<unknown>,
    private readonly key: string,
    private readonly vmKey: string,
    private readonly token: string,
  ) {}

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (key.toLowerCase() !== this.vmKey || this.state !== 'unused') {
      throw new Error(`lock for ${this.vmKey} asked to run ${key} (state ${this.state})`);
    }
    this.state = 'running';
    try {
      return await fn();
    } finally {
      await this.release();
    }
  }

  async release(): Promise<void> {
    if (this.state === 'released') return;
    this.state = 'released';
    // If Redis is away the lease ends on its own.
    await this.releaseScript(this.key, this.token).catch(() => undefined);
  }
}
