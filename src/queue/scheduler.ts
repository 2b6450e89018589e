/**
 * The rules every worker follows before and after a node check reaches Azure, kept in Redis so
 * they hold across all workers on all machines. One attempt of a child job goes:
 *
 * 1. an earlier attempt already recorded this request's finding → that finding (never run twice);
 * 2. past the check's deadline → could-not-check, without starting anything;
 * 3. the same check on the same target ran within the window → its finding (result cache);
 *    another diagnosis is running it now → come back later;
 * 4. the subscription's next run-command slot is not yet, or Azure asked the subscription to wait
 *    (Retry-After, seen by any worker) → come back then;
 * 5. the VM is taken (one run-command at a time per VM) → come back later;
 * 6. the POST is admitted as it leaves (rate-limit.ts): one that comes late to its slot waits a few
 *    ms if too many left together, rather than losing its place;
 * 7. run; if Azure refused the POST (409 busy VM, 429 throttled, 5xx) → come back after a
 *    back-off with jitter, never sooner than Retry-After, or could-not-check when that would be
 *    past the deadline.
 *
 * "Come back later" is an outcome, not a sleep: the processor moves the job to delayed, which
 * costs no attempt and frees the worker's slot. Only a wait shorter than `SLEEP_MAX_MS` (to hit a
 * reserved slot exactly) is spent in place.
 */
import type { VmLock } from '../azure/run-command.js';
import { vmLockKey } from '../azure/run-command.js';
import type { Finding, NodeTarget } from '../domain/checks.js';
import { backoffMs, retryDelayMs } from './backoff.js';
import { interruptible, type Interruption } from './azure-guard.js';
import { missedDeadline } from './missed-deadline.js';
import type { ChildData, ChildResult, Sched } from './payloads.js';
import type { Progress } from './progress.js';
import type { RunCommandRate } from './rate-limit.js';
import type { ResultCache } from './result-cache.js';
import type { RedisVmLocks } from './vm-lock.js';

/**
 * A job put off until its run-command slot comes back this much early (a delayed job is
 * promoted, fetched and started with some lag) and sleeps the rest, so POSTs leave on time. One
 * back late goes anyway: the admission as it is sent keeps late ones from bunching (a late job
 * that reserved a new slot instead would go to the back of the line, and on a busy machine the
 * sweep would stretch by every slot so lost).
 */
const SLOT_LEAD_MS = 150;
/** Waits this short are slept rather than rescheduled. */
const SLEEP_MAX_MS = 200;
/** Less time than this left before the deadline is not worth starting a run-command for. */
const MIN_RUN_MS = 1000;

export type Outcome =
  { kind: 'done'; result: ChildResult } | { kind: 'later'; at: number; sched: Sched; why: string };

/** Runs the node check with the VM lock already held, the check's signal and its time budget. */
export type RunNode = (o: { lock: VmLock; signal: AbortSignal; nodeDeadlineMs: number }) => Promise<Finding>;

export interface SchedulerDeps {
  cache: ResultCache;
  progress: Progress;
  vmLocks: RedisVmLocks;
  rate: RunCommandRate;
  /** AKSDIAG_NODE_DEADLINE_SECONDS: the longest one run-command may take. */
  nodeDeadlineMs: number;
  /** Run-command poll interval: the first back-off after a 409. */
  pollMs: number;
  /** How long a run we stopped waiting for may still hold the VM (runNodeScript keeps 60 s). */
  vmBusyGraceMs: number;
  now?: () => number;
  random?: () => number;
}

/** One attempt of one node-check job. */
interface Attempt {
  data: ChildData;
  /** The job id: owns the result-cache claim across the job's attempts. */
  owner: string;
  target: NodeTarget;
  sched: Sched;
}

const NO_SCHED: Sched = { conflicts: 0, throttles: 0, serverErrors: 0, vmBusy: 0, waits: 0 };

export class CheckScheduler {
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly d: SchedulerDeps) {
    this.now = d.now ?? Date.now;
    this.random = d.random ?? Math.random;
  }

  /**
   * ARM and Kubernetes checks judge data already read: nothing to schedule, only record once.
   * `fresh`: the job's first start, so no earlier attempt can have recorded anything.
   */
  async judge(data: ChildData, judge: () => Promise<Finding>, fresh = false): Promise<Outcome> {
    const recorded = fresh ? null : await this.d.progress.recorded(data.diagnosis, data.index);
    if (recorded) return done(data, recorded, 'recorded');
    return done(data, await judge(), 'judged');
  }

  /** One attempt at a node check (see the file comment). `owner` is the job id. */
  async step(
    data: ChildData,
    owner: string,
    run: RunNode,
    signal?: AbortSignal,
    fresh = false,
  ): Promise<Outcome> {
    if (data.request.target.kind !== 'node') throw new Error(`${data.request.check} does not run on a node`);
    const a: Attempt = { data, owner, target: data.request.target, sched: { ...NO_SCHED, ...data.sched } };

    const recorded = fresh ? null : await this.d.progress.recorded(data.diagnosis, data.index);
    if (recorded) return done(data, recorded, 'recorded');
    if (data.deadlineAt - this.now() < MIN_RUN_MS) return this.giveUp(a, a.sched);

    const shared = await this.shared(a);
    if (shared) return shared;
    const slot = await this.slot(a);
    if (slot) return slot;
    return this.runOnVm(a, run, signal);
  }

  /** The result of the same check from the cache, or "later" while another diagnosis runs it. */
  private async shared(a: Attempt): Promise<Outcome | null> {
    if (!this.d.cache.enabled) return null;
    const now = this.now();
    const claimMs = a.data.deadlineAt - now + this.d.nodeDeadlineMs + 10_000;
    const claim = await this.d.cache.claim(a.data.fingerprint, a.owner, claimMs);
    if (claim.kind === 'hit') return done(a.data, claim.finding, 'cache');
    if (claim.kind === 'mine') return null;
    const wait = backoffMs(a.sched.waits, Math.min(1000, this.d.pollMs), 5000, this.random);
    return later(
      now + wait,
      { ...a.sched, waits: a.sched.waits + 1 },
      'another diagnosis is running this check',
    );
  }

  /** Waits for the subscription's run-command slot: in place when it is close, else "later". */
  private async slot(a: Attempt): Promise<Outcome | null> {
    const { slotAt, ...rest } = a.sched;
    const subscription = a.target.subscription;
    const now = this.now();
    if (slotAt !== undefined) {
      // Reserved before Azure throttled someone else in the subscription? Then wait that out too.
      const held = await this.d.rate.heldFor(subscription);
      if (held > 0) {
        return later(
          now + held + backoffMs(0, 100, 1000, this.random),
          rest,
          'Azure asked the subscription to wait',
        );
      }
      // Back early (a delayed job promoted ahead of its time): put off again to the same slot.
      if (slotAt - now > SLEEP_MAX_MS)
        return later(slotAt - SLOT_LEAD_MS, a.sched, 'waiting for a run-command slot');
      if (slotAt > now) await sleep(slotAt - now);
    } else {
      const wait = await this.d.rate.reserve(subscription);
      if (wait > SLEEP_MAX_MS) {
        const at = this.now() + wait;
        return later(at - SLOT_LEAD_MS, { ...rest, slotAt: at }, 'waiting for a run-command slot');
      }
      if (wait > 0) await sleep(wait);
    }
    a.sched = rest; // the slot is used
    return null;
  }

  /** Waits until the POST may leave (0), in place while that is close; else how long it would be. */
  private async admitted(subscription: string): Promise<number> {
    for (;;) {
      const wait = await this.d.rate.admit(subscription);
      if (wait === 0 || wait > SLEEP_MAX_MS) return wait;
      await sleep(wait);
    }
  }

  /** Takes the VM's lock and runs; a refused POST becomes a reschedule. */
  private async runOnVm(a: Attempt, run: RunNode, signal?: AbortSignal): Promise<Outcome> {
    const now = this.now();
    const nodeDeadlineMs = Math.min(this.d.nodeDeadlineMs, a.data.deadlineAt - now);
    const lease = nodeDeadlineMs + this.d.vmBusyGraceMs + 1000;
    const lock = await this.d.vmLocks.tryAcquire(vmLockKey(a.target), lease);
    if (!lock) {
      // Our own run on that VM ends within a poll or so of its output: look again about then.
      const base = Math.min(1000, Math.max(50, this.d.pollMs));
      const wait = backoffMs(a.sched.vmBusy, base, 10_000, this.random);
      return later(
        now + wait,
        { ...a.sched, vmBusy: a.sched.vmBusy + 1 },
        'another check of ours is running on this VM',
      );
    }
    const wait = await this.admitted(a.target.subscription);
    if (wait > 0) {
      await lock.release();
      return later(this.now() + wait, a.sched, 'waiting for a run-command slot');
    }
    let result: { value: Finding; interruption: Interruption | null };
    try {
      result = await interruptible((s) => run({ lock, signal: s, nodeDeadlineMs }), signal);
    } finally {
      // The check never reached the VM (a parameter rejected, say): nobody else will release it.
      if (lock.state === 'unused') await lock.release();
    }
    if (result.interruption) return this.refused(a, result.interruption);
    if (this.d.cache.enabled) await this.d.cache.put(a.data.fingerprint, result.value, a.owner);
    return done(a.data, result.value, 'run');
  }

  /** Azure refused the POST: back off (without an attempt), or give up at the deadline. */
  private async refused(a: Attempt, i: Interruption): Promise<Outcome> {
    const { sched } = a;
    let wait: number;
    let next: Sched;
    let why: string;
    if (i.kind === 'conflict') {
      // As runNodeScript does: the poll interval first, doubling up to 30 s.
      wait = backoffMs(sched.conflicts, Math.max(50, this.d.pollMs), 30_000, this.random);
      next = { ...sched, conflicts: sched.conflicts + 1 };
      why = 'the VM is running another run-command (409)';
    } else if (i.kind === 'throttled') {
      // Everyone in the subscription waits, not only this job.
      if (i.retryAfterMs !== undefined) await this.d.rate.holdOff(a.target.subscription, i.retryAfterMs);
      wait = retryDelayMs(i.retryAfterMs, sched.throttles, 1000, 60_000, this.random);
      next = { ...sched, throttles: sched.throttles + 1 };
      why = `Azure throttled run-command (${i.status})`;
    } else {
      wait = retryDelayMs(i.retryAfterMs, sched.serverErrors, 1000, 60_000, this.random);
      next = { ...sched, serverErrors: sched.serverErrors + 1 };
      why = `Azure failed the run-command request (${i.status})`;
    }
    const now = this.now();
    if (now + wait + MIN_RUN_MS > a.data.deadlineAt) return this.giveUp(a, next, i, wait);
    return later(now + wait, next, why);
  }

  /** The deadline came first: could-not-check, and the cache claim goes to whoever wants it. */
  private async giveUp(a: Attempt, sched: Sched, last?: Interruption, wantedMs?: number): Promise<Outcome> {
    if (this.d.cache.enabled) await this.d.cache.release(a.data.fingerprint, a.owner);
    return done(a.data, missedDeadline(a.data.request, a.target, sched, last, wantedMs), 'deadline');
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const done = (data: ChildData, finding: Finding, source: ChildResult['source']): Outcome => ({
  kind: 'done',
  result: { index: data.index, finding, source },
});

const later = (at: number, sched: Sched, why: string): Outcome => ({ kind: 'later', at, sched, why });
