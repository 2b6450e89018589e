/**
 * When to ask Azure again whether a run-command has finished. The SDK on its own asks at once
 * after the 202 (a run never ends that fast) and then every poll interval, so a run that ends just
 * after a poll is seen a whole interval late. Here:
 * - looks fall on the interval's ticks after the 202 (one interval, two, ...), as before;
 * - the process remembers how long runs took to be seen finished (the 10th percentile of the last
 *   64) and also looks then; a look at or after that time that still finds the run going is
 *   followed by one quick look a tenth of an interval later, since the run is most likely just
 *   about to end.
 * So no run is seen later than with the plain interval, a typical one much sooner, for at most two
 * requests more per run.
 */

const KEEP = 64;
const QUICK_SHARE = 10;
const QUICK_MIN_MS = 50;

export class PollSchedule {
  private readonly seen: number[] = [];

  /** A run was seen finished `ms` after its POST was accepted. */
  record(ms: number): void {
    this.seen.push(ms);
    if (this.seen.length > KEEP) this.seen.shift();
  }

  /** How long runs usually take to be seen finished; undefined before any. */
  usual(): number | undefined {
    if (this.seen.length === 0) return undefined;
    const sorted = [...this.seen].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 10)];
  }

  /**
   * The wait before the next look, `elapsed` ms after the POST was accepted; `quickUsed`: the run
   * already had its quick look. Looks fall on the plain interval's ticks (pollMs, 2 pollMs, ...)
   * plus at most two extra ones (at the usual time, and a quick one after it), so a run is never
   * seen later than with the plain interval.
   */
  next(elapsed: number, pollMs: number, quickUsed: boolean): { waitMs: number; quick: boolean } {
    const tick = pollMs - (elapsed % pollMs);
    const usual = this.usual();
    if (elapsed === 0 || usual === undefined || quickUsed) return { waitMs: tick, quick: false };
    const quickMs = Math.max(QUICK_MIN_MS, pollMs / QUICK_SHARE);
    // At (or within a quick look of) the usual time and still going: look again soon.
    if (usual - elapsed <= quickMs) return { waitMs: Math.min(quickMs, tick), quick: true };
    // Before the usual time: look at it, if it comes before the next tick.
    return { waitMs: Math.min(tick, usual - elapsed), quick: false };
  }
}
