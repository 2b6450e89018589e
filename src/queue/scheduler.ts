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
 * 6. run; if Azure refused the POST (409 busy VM, 429 throttled, 5xx) → come back after a
 *    back-off with jitter, never sooner than Retry-After, or could-not-check when that would be
 *    past the deadline.
 *
 * "Come back later" is an outcome, not a sleep: the processor moves the job to delayed, which
 * costs no attempt and frees the worker's slot. Only a wait shorter than `SLEEP_MAX_MS` (to hit a
 * reserved slot exactly) is spent in place.
 */
import type { VmLock } from '../azure/run-command.js';
import { vmLockKey } from '../azure/run-command.js';
import { formatDuration } from '../azure/clients.js';
import type { CheckRequest, Finding, NodeTarget } from '../domain/checks.js';
import { backoffMs, retryDelayMs } from './backoff.js';
import { interruptible, type Interruption } from './azure-guard.js';
import type { ChildData, ChildResult, Sched } from './payloads.js';
import type { Progress } from './progress.js';
import type { RunCommandRate } from './rate-limit.js';
import type { ResultCache } from './result-cache.js';
import type { RedisVmLocks } from './vm-lock.js';

/**
 * A job put off until its run-command slot comes back this much early (a delayed job is
 * promoted, fetched and started with some lag) and sleeps the rest, so POSTs leave on time.
 * One back later than `SLOT_LATE_MS` reserves a new slot: POSTs bunched after a stall could
 * exceed Azure's limit over a one-second window.
 */
const SLOT_LEAD_MS = 150;
const SLOT_LATE_MS = 50;
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

const NO_SCHED: Sched = { conflicts: 0, throttles: 0, serverErrors: 0, vmBusy: 0, waits: 0 };

const couldNotCheck = (
  req: CheckRequest,
  target: NodeTarget,
  reason: string,
  evidence: string | null = null,
): Finding => ({
  check: req.check,
  target: target.node,
  verdict: 'could-not-check',
  status: 'could-not-check',
  evidence,
  values: {},
  notes: [reason],
});

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
    const req = data.request;
    if (req.target.kind !== 'node') throw new Error(`${req.check} does not run on a node`);
    const target = req.target;
    const sched: Sched = { ...NO_SCHED, ...data.sched };
    const { cache, progress } = this.d;

    const recorded = fresh ? null : await progress.recorded(data.diagnosis, data.index);
    if (recorded) return done(data, recorded, 'recorded');

    let now = this.now();
    if (data.deadlineAt - now < MIN_RUN_MS) {
      if (cache.enabled) await cache.release(data.fingerprint, owner);
      return done(data, this.missedDeadline(data, target, sched), 'deadline');
    }

    if (cache.enabled) {
      const claimMs = data.deadlineAt - now + this.d.nodeDeadlineMs + 10_000;
      const claim = await cache.claim(data.fingerprint, owner, claimMs);
      if (claim.kind === 'hit') return done(data, claim.finding, 'cache');
      if (claim.kind === 'taken') {
        const wait = backoffMs(sched.waits, Math.min(1000, this.d.pollMs), 5000, this.random);
        return later(
          now + wait,
          { ...sched, waits: sched.waits + 1 },
          'another diagnosis is running this check',
        );
      }
    }

    const slotAt = sched.slotAt;
    let onTime = slotAt !== undefined && now >= slotAt - SLEEP_MAX_MS && now <= slotAt + SLOT_LATE_MS;
    if (onTime && slotAt !== undefined) {
      // Reserved before Azure throttled someone else in the subscription? Then wait that out too.
      const held = await this.d.rate.heldFor(target.subscription);
      if (held > 0) {
        const unslotted: Sched = { ...sched };
        delete unslotted.slotAt;
        return later(
          now + held + backoffMs(0, 100, 1000, this.random),
          unslotted,
          'Azure asked the subscription to wait',
        );
      }
      if (slotAt > now) await sleep(slotAt - now);
      now = this.now();
      // Woken late (a busy event loop): the slots around this one went out late too, together.
      onTime = now <= slotAt + SLOT_LATE_MS;
    }
    if (!onTime) {
      const wait = await this.d.rate.reserve(target.subscription);
      if (wait > SLEEP_MAX_MS) {
        return later(
          now + wait - SLOT_LEAD_MS,
          { ...sched, slotAt: now + wait },
          'waiting for a run-command slot',
        );
      }
      if (wait > 0) await sleep(wait);
      now = this.now();
    }
    const used: Sched = { ...sched };
    delete used.slotAt;

    const nodeDeadlineMs = Math.min(this.d.nodeDeadlineMs, data.deadlineAt - now);
    const lease = nodeDeadlineMs + this.d.vmBusyGraceMs + 1000;
    const lock = await this.d.vmLocks.tryAcquire(vmLockKey(target), lease);
    if (!lock) {
      // Our own run on that VM ends within a poll or so of its output: look again about then.
      const wait = backoffMs(used.vmBusy, Math.min(1000, Math.max(50, this.d.pollMs)), 10_000, this.random);
      return later(
        now + wait,
        { ...used, vmBusy: used.vmBusy + 1 },
        'another check of ours is running on this VM',
      );
    }

    let result: { value: Finding; interruption: Interruption | null };
    try {
      result = await interruptible((s) => run({ lock, signal: s, nodeDeadlineMs }), signal);
    } finally {
      // The check never reached the VM (a parameter rejected, say): nobody else will release it.
      if (lock.state === 'unused') await lock.release();
    }
    if (result.interruption) return this.refused(data, owner, target, used, result.interruption);

    if (cache.enabled) await cache.put(data.fingerprint, result.value, owner);
    return done(data, result.value, 'run');
  }

  /** Azure refused the POST: back off (without an attempt), or give up at the deadline. */
  private async refused(
    data: ChildData,
    owner: string,
    target: NodeTarget,
    sched: Sched,
    i: Interruption,
  ): Promise<Outcome> {
    const now = this.now();
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
      if (i.retryAfterMs !== undefined) await this.d.rate.holdOff(target.subscription, i.retryAfterMs);
      wait = retryDelayMs(i.retryAfterMs, sched.throttles, 1000, 60_000, this.random);
      next = { ...sched, throttles: sched.throttles + 1 };
      why = `Azure throttled run-command (${i.status})`;
    } else {
      wait = retryDelayMs(i.retryAfterMs, sched.serverErrors, 1000, 60_000, this.random);
      next = { ...sched, serverErrors: sched.serverErrors + 1 };
      why = `Azure failed the run-command request (${i.status})`;
    }
    if (now + wait + MIN_RUN_MS > data.deadlineAt) {
      if (this.d.cache.enabled) await this.d.cache.release(data.fingerprint, owner);
      return done(data, this.missedDeadline(data, target, next, i, wait), 'deadline');
    }
    return later(now + wait, next, why);
  }

  private missedDeadline(
    data: ChildData,
    target: NodeTarget,
    sched: Sched,
    last?: Interruption,
    wantedMs?: number,
  ): Finding {
    const where = `${target.node} (${target.vmss} instance ${target.instanceId})`;
    if (last?.kind === 'throttled') {
      return couldNotCheck(
        data.request,
        target,
        `Azure kept throttling run-command for ${where} and asked to wait ${formatDuration(wantedMs ?? 0)}, past the check's deadline; try again later.`,
        `HTTP ${last.status} × ${sched.throttles}`,
      );
    }
    if (sched.conflicts > 0) {
      return couldNotCheck(
        data.request,
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
    return couldNotCheck(data.request, target, reason);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const done = (data: ChildData, finding: Finding, source: ChildResult['source']): Outcome => ({
  kind: 'done',
  result: { index: data.index, finding, source },
});

const later = (at: number, sched: Sched, why: string): Outcome => ({ kind: 'later', at, sched, why });
