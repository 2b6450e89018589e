/**
 * What one cluster sweep of the queue benchmark did, read from the ARM emulator's records: when the
 * run-command POSTs went out and were answered, when each run ended and when a poll first saw it
 * ended, and whether every node was run exactly once. These are the parts a sweep's wall time is
 * made of, so a slow run says which part was slow.
 */
import type { OpRecord, RequestRecord } from './arm-process.js';

export interface SweepFigures {
  wallMs: number;
  boundMs: number;
  /** Accepted run-command POSTs, ms after the sweep started: first and last. */
  firstPostMs: number;
  lastPostMs: number;
  /** Most run-command POSTs accepted within any one second. */
  busiestSecond: number;
  /** Answered 429 (rescheduled) and 409. */
  throttled: number;
  conflicts: number;
  /** When the last run ended at the emulator, and when a poll first said so. */
  lastEndMs: number;
  lastSeenMs: number;
  /** End of a run to the first poll that said so: median and largest over all runs. */
  pollLagP50Ms: number;
  pollLagMaxMs: number;
  /** From BullMQ's records: the last check job finished, the verdict job started and finished. */
  lastCheckDoneMs: number;
  verdictStartMs: number;
  verdictDoneMs: number;
  /** Nodes never run, and nodes run more than once. */
  lost: number;
  duplicated: number;
  /** Findings in the report, and how many of them could not check. */
  findings: number;
  couldNotCheck: number;
}

const RUN_POST = /\/virtualMachines\/\d+\/runCommand$/i;

/** The figures of the sweep that started at `t0` (epoch ms) over `nodes`. */
export function sweepFigures(
  /** The emulator's records of this sweep: its requests, and the run-commands it started. */
  requests: RequestRecord[],
  ops: OpRecord[],
  o: {
    t0: number;
    wallMs: number;
    boundMs: number;
    nodes: number;
    findings: { status: string }[];
    /** Epoch ms: BullMQ's finishedOn of every check job, and the verdict job's processedOn and finishedOn. */
    jobs: { checksDone: number[]; verdictStart: number; verdictDone: number };
  },
): SweepFigures {
  const posts = requests.filter((r) => r.method === 'POST' && RUN_POST.test(r.path));
  const accepted = posts.filter((p) => p.status === 202).map((p) => p.at - o.t0);

  // Polls of an operation name it in their path (Azure-AsyncOperation and Location alike).
  const seenAt = new Map<string, number>();
  for (const r of requests) {
    if (r.method !== 'GET' || !r.pollStatus || r.pollStatus === 'InProgress') continue;
    const id = /\/operations\/([0-9a-f-]{36})$/i.exec(r.path)?.[1];
    if (id && !seenAt.has(id)) seenAt.set(id, r.at);
  }
  const lags: number[] = [];
  let lastEnd = 0;
  let lastSeen = 0;
  for (const op of ops) {
    if (!op.endTime) continue;
    const end = Date.parse(op.endTime);
    const seen = seenAt.get(op.id);
    if (seen === undefined) continue;
    lags.push(seen - end);
    lastEnd = Math.max(lastEnd, end - o.t0);
    lastSeen = Math.max(lastSeen, seen - o.t0);
  }
  lags.sort((a, b) => a - b);

  const runsPerNode = new Map<string, number>();
  for (const op of ops) runsPerNode.set(op.vm, (runsPerNode.get(op.vm) ?? 0) + 1);
  return {
    wallMs: o.wallMs,
    boundMs: o.boundMs,
    firstPostMs: Math.min(...accepted),
    lastPostMs: Math.max(...accepted),
    busiestSecond: busiest(accepted),
    throttled: posts.filter((p) => p.status === 429).length,
    conflicts: posts.filter((p) => p.status === 409).length,
    lastEndMs: lastEnd,
    lastSeenMs: lastSeen,
    pollLagP50Ms: lags[Math.floor(lags.length / 2)] ?? NaN,
    pollLagMaxMs: lags.at(-1) ?? NaN,
    lastCheckDoneMs: Math.max(...o.jobs.checksDone) - o.t0,
    verdictStartMs: o.jobs.verdictStart - o.t0,
    verdictDoneMs: o.jobs.verdictDone - o.t0,
    lost: o.nodes - runsPerNode.size,
    duplicated: [...runsPerNode.values()].filter((n) => n > 1).length,
    findings: o.findings.length,
    couldNotCheck: o.findings.filter((f) => f.status === 'could-not-check').length,
  };
}

/** Most of `times` (ms) within any one-second window. */
function busiest(times: number[]): number {
  const ts = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < ts.length; i++) {
    while (ts[i]! - ts[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

const s = (ms: number): string => (ms / 1000).toFixed(2);

/** One line per sweep: the ratio, then where the time went. */
export function sweepLine(i: number, f: SweepFigures, load: number): string {
  return [
    `  run ${i + 1}: wall ${s(f.wallMs)} s, ratio ${(f.wallMs / f.boundMs).toFixed(3)}`,
    `POSTs ${s(f.firstPostMs)}-${s(f.lastPostMs)} s (busiest second ${f.busiestSecond})`,
    `last run ended ${s(f.lastEndMs)}, seen ${s(f.lastSeenMs)}, its job done ${s(f.lastCheckDoneMs)} s`,
    `verdict ${s(f.verdictStartMs)}-${s(f.verdictDoneMs)} s`,
    `poll lag p50 ${s(f.pollLagP50Ms)} max ${s(f.pollLagMaxMs)} s`,
    `429 ${f.throttled}, 409 ${f.conflicts}`,
    `lost ${f.lost}, duplicated ${f.duplicated}, could-not-check ${f.couldNotCheck} of ${f.findings}`,
    `load ${load.toFixed(1)}`,
  ].join('; ');
}
