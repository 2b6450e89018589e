/**
 * How the ARM emulator throttles, per subscription. Two models, chosen by the options given:
 *
 * - `runCommandsPerSecond`: at most R run-command POSTs (VMSS VM run command and command invoke)
 *   in any sliding one-second window. A flat rate: the simplest limit a client can be tested on.
 * - `writeBucket`: Azure Resource Manager's documented limit on writes (learn.microsoft.com,
 *   azure-resource-manager/management/request-limits-and-throttling: a token bucket per
 *   subscription, per principal and per region; 200 writes, refilled at 10 a second). Every PUT,
 *   PATCH and POST takes a token, whatever it then answers; with none left the write gets 429 and
 *   Retry-After the whole seconds until the next token. Each write's answer carries
 *   `x-ms-ratelimit-remaining-subscription-writes`, as ARM's do. Deletes have a bucket of their own
 *   in ARM and are not limited here; reads neither.
 *
 * The bucket starts full and refills continuously, so a burst of `capacity` writes passes at once
 * and after that `refillPerSecond` a second do.
 */

export interface WriteBucket {
  /** Writes the bucket holds (ARM: 200). */
  capacity: number;
  /** Tokens added per second, continuously (ARM: 10). */
  refillPerSecond: number;
}

export interface ThrottleOptions {
  /** The flat model: above this many run-command POSTs in any one second per subscription: 429. */
  runCommandsPerSecond?: number;
  /** ARM's write bucket. Given with `runCommandsPerSecond`, both apply. */
  writeBucket?: WriteBucket;
  /** Retry-After in seconds (Compute can send 1200). Default 1; the bucket's default is its refill time. */
  retryAfterSeconds?: number;
}

export type Admission =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; retryAfterSeconds: number; headers: Record<string, string> };

const REMAINING_WRITES = 'x-ms-ratelimit-remaining-subscription-writes';

/**
 * The throttling state of one emulator. It reads its options on every request, so a test may swap
 * them; a new options object starts afresh (full buckets, empty windows), as a quiet subscription.
 */
export class Throttle {
  private readonly windows = new Map<string, number[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private last: ThrottleOptions | undefined;

  constructor(
    private readonly options: () => ThrottleOptions | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether this request may go on (and counts it), or the 429 it gets. */
  admit(subscription: string, method: string, runCommandPost: boolean): Admission {
    const t = this.options();
    if (t !== this.last) {
      this.last = t;
      this.windows.clear();
      this.buckets.clear();
    }
    if (!t) return { ok: true, headers: {} };
    const sub = subscription.toLowerCase();
    const isWrite = method === 'PUT' || method === 'PATCH' || method === 'POST';
    const headers: Record<string, string> = {};
    if (t.writeBucket && isWrite) {
      const b = this.bucketOf(sub, t.writeBucket);
      if (b.tokens < 1) {
        const wait = Math.max(1, Math.ceil((1 - b.tokens) / t.writeBucket.refillPerSecond));
        return {
          ok: false,
          retryAfterSeconds: t.retryAfterSeconds ?? wait,
          headers: { [REMAINING_WRITES]: '0' },
        };
      }
      b.tokens -= 1;
      headers[REMAINING_WRITES] = String(Math.floor(b.tokens));
    }
    if (t.runCommandsPerSecond !== undefined && runCommandPost) {
      const now = this.now();
      const times = (this.windows.get(sub) ?? []).filter((x) => now - x < 1000);
      this.windows.set(sub, times);
      if (times.length >= t.runCommandsPerSecond)
        return { ok: false, retryAfterSeconds: t.retryAfterSeconds ?? 1, headers };
      times.push(now);
    }
    return { ok: true, headers };
  }

  /** The subscription's bucket, refilled up to now (a new one starts full). */
  private bucketOf(sub: string, of: WriteBucket): { tokens: number; at: number } {
    const now = this.now();
    let b = this.buckets.get(sub);
    if (!b) {
      b = { tokens: of.capacity, at: now };
      this.buckets.set(sub, b);
    }
    b.tokens = Math.min(of.capacity, b.tokens + ((now - b.at) / 1000) * of.refillPerSecond);
    b.at = now;
    return b;
  }
}
