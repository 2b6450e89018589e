/**
 * Recovery with real worker processes on a real redis-server: a worker killed with SIGKILL
 * mid-flow, a worker told to stop with SIGTERM, Redis crashing mid-flow with the AOF on, and
 * Redis not there at all. Tests wait on events (emulator operations, the progress stream, process
 * exits), never on sleeps.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Queue } from 'bullmq';
import type { Config } from '../../src/config.js';
import type { CheckRequest } from '../../src/domain/checks.js';
import { AksdiagError } from '../../src/errors.js';
import { DiagnosisQueue } from '../../src/queue/client.js';
import { childJobId, QUEUES } from '../../src/queue/keys.js';
import { prepareDiagnosis } from '../../src/run/prepare.js';
import { SYMPTOMS } from '../../src/symptoms/index.js';
import { fakeCredential } from '../emulators/arm/index.js';
import { NO_ENTITIES, type QueueLab, startQueueLab } from '../support/queue-lab.js';
import { type WorkerProcess, spawnWorker } from '../support/queue-worker.js';

jest.setTimeout(90_000);

const tunnel = SYMPTOMS.find((s) => s.id === 'tunnel-10250')!;
const isRunPost = (r: { method: string; path: string }): boolean =>
  r.method === 'POST' && /\/virtualMachines\/\d+\/runCommand$/i.test(r.path);

let lab: QueueLab | undefined;
let client: DiagnosisQueue | undefined;
const procs: WorkerProcess[] = [];

afterEach(async () => {
  for (const p of procs.splice(0)) {
    p.kill('SIGKILL');
    await p.exited;
  }
  await client?.close();
  await lab?.cleanup();
  client = lab = undefined;
});

/** Fast stall detection, a short node deadline and VM grace, so a dead worker's work moves on quickly. */
const QUICK = {
  tuning: { lockDurationMs: 1000, stalledIntervalMs: 500, vmBusyGraceMs: 300 },
  nodeDeadlineMs: 3000,
};

function worker(
  env: Record<string, string>,
  options: Parameters<typeof spawnWorker>[1] = QUICK,
): WorkerProcess {
  const p = spawnWorker(env, options);
  procs.push(p);
  return p;
}

const ufw = (r: CheckRequest): boolean => r.check === 'node-ufw-status';

async function submitUfwSweep(l: QueueLab, config: Config): Promise<{ diagnosis: string; total: number }> {
  const p = await prepareDiagnosis(
    { cluster: 'aks-lab', symptom: tunnel, entities: NO_ENTITIES },
    { config, credential: fakeCredential, azure: l.azure() },
  );
  client = new DiagnosisQueue(config.queue);
  return client.submit({ ...p, plan: { ...p.plan, requests: p.plan.requests.filter(ufw) } });
}

/** Every event of `diagnosis` on the stream so far. */
async function eventsOf(diagnosis: string) {
  const all = await client!.progressReader('0').read(100, 10_000);
  return all.filter((e) => e.diagnosis === diagnosis);
}

/** Run-commands on each VM never overlapped: the next one started after the last one ended. */
function expectNoOverlapPerVm(l: QueueLab): void {
  const byVm = new Map<string, { start: number; end: number }[]>();
  for (const op of l.emu.operations.filter((o) => o.kind === 'vmss-vm')) {
    const list = byVm.get(op.vm!.instanceId) ?? [];
    list.push({ start: Date.parse(op.startTime), end: Date.parse(op.endTime ?? '9999-01-01') });
    byVm.set(op.vm!.instanceId, list);
  }
  for (const runs of byVm.values()) {
    runs.sort((a, b) => a.start - b.start);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.start).toBeGreaterThanOrEqual(runs[i - 1]!.end);
  }
  expect(l.emu.requests.filter((r) => isRunPost(r) && r.status === 409)).toEqual([]);
}

describe('a worker killed with SIGKILL mid-flow', () => {
  it('leaves its checks to another worker: the diagnosis completes with exactly one verdict', async () => {
    lab = await startQueueLab({ nodeCount: 6, emulator: { runCommandLatencyMs: 1500 } });
    const env = lab.env({ AKSDIAG_MAX_NODES: '6' });
    const config = lab.config({ AKSDIAG_MAX_NODES: '6' });
    const doomed = worker(env);
    const { diagnosis, total } = await submitUfwSweep(lab, config);
    expect(total).toBe(6);
    let started = 0;
    await lab.emu.waitForOperation('started', (op) => op.kind === 'vmss-vm' && ++started >= 3);
    doomed.kill('SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');

    worker(env);
    const report = await client!.waitForReport(diagnosis, 60_000);
    expect(report.findings).toHaveLength(6);
    expect(report.findings.map((f) => f.status)).toEqual(Array(6).fill('ok'));
    expect(report.causes.find((c) => c.id === 'ufw-blocks-10250')?.status).toBe('confirmed');
    const events = await eventsOf(diagnosis);
    expect(events.filter((e) => e.type === 'verdict')).toHaveLength(1);
    // No second run-command was started on a VM while the dead worker's run there may have been going.
    expectNoOverlapPerVm(lab);
  });
});

describe('a worker told to stop with SIGTERM', () => {
  it('finishes the checks in hand, takes no new ones, and exits 0; another worker does the rest', async () => {
    lab = await startQueueLab({ nodeCount: 6, emulator: { runCommandLatencyMs: 1000 } });
    const env = lab.env({ AKSDIAG_MAX_NODES: '6' });
    const config = lab.config({ AKSDIAG_MAX_NODES: '6' });
    // Two checks at a time, so four are still waiting when it is told to stop.
    const draining = worker(
      { ...env, AKSDIAG_WORKER_CONCURRENCY: '2' },
      { ...QUICK, tuning: { vmBusyGraceMs: 300 } },
    );
    const { diagnosis } = await submitUfwSweep(lab, config);
    let started = 0;
    await lab.emu.waitForOperation('started', (op) => op.kind === 'vmss-vm' && ++started >= 2);
    draining.kill('SIGTERM');
    const exit = await draining.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(draining.log()).toMatch(/drained/);
    // What it had started, it finished: no run of it was left behind to be run again.
    const finishedByIt = lab.emu.operations.filter(
      (op) => op.kind === 'vmss-vm' && op.status === 'Succeeded',
    );
    expect(finishedByIt.length).toBeGreaterThanOrEqual(2);
    expect(lab.emu.operations.filter((op) => op.status === 'InProgress')).toEqual([]);

    const rest = worker(env);
    const report = await client!.waitForReport(diagnosis, 60_000);
    expect(report.findings.map((f) => f.status)).toEqual(Array(6).fill('ok'));
    // Each VM ran its check once: nothing the draining worker held was taken over and run again.
    expect(lab.emu.operations.filter((op) => op.kind === 'vmss-vm')).toHaveLength(6);
    const checks = new Queue(QUEUES.checks, {
      connection: { url: config.queue.redisUrl },
      prefix: config.queue.prefix,
    });
    const jobs = await Promise.all([...Array(6).keys()].map((i) => checks.getJob(childJobId(diagnosis, i))));
    await checks.close();
    const by = jobs.map((j) => j?.processedBy);
    expect(by.filter((n) => n === draining.name).length).toBeGreaterThanOrEqual(2);
    expect(by.every((n) => n === draining.name || n === rest.name)).toBe(true);
    expect(jobs.map((j) => j?.stalledCounter)).toEqual(Array(6).fill(0));
  });
});

describe('Redis', () => {
  it('crashing mid-flow with the AOF on loses nothing: the workers reconnect and the diagnosis completes', async () => {
    lab = await startQueueLab({ nodeCount: 6, aof: true, emulator: { runCommandLatencyMs: 1000 } });
    const env = lab.env({ AKSDIAG_MAX_NODES: '6' });
    const config = lab.config({ AKSDIAG_MAX_NODES: '6' });
    const w = worker(env, { tuning: { vmBusyGraceMs: 300 }, nodeDeadlineMs: 5000 });
    const { diagnosis } = await submitUfwSweep(lab, config);
    let started = 0;
    await lab.emu.waitForOperation('started', (op) => op.kind === 'vmss-vm' && ++started >= 2);
    await lab.redis.crash();
    await w.printed(/unreachable/);
    await lab.redis.start();
    await w.printed(/Redis is back/);

    const report = await client!.waitForReport(diagnosis, 60_000);
    expect(report.findings.map((f) => f.status)).toEqual(Array(6).fill('ok'));
    const events = await eventsOf(diagnosis);
    expect(events.filter((e) => e.type === 'planned')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'verdict')).toHaveLength(1);
    expect(w.proc.exitCode).toBeNull();
  });

  it('not reachable: the caller gets a queue-unavailable error at once, and it all works once Redis is up', async () => {
    lab = await startQueueLab();
    const env = lab.env();
    const config = lab.config();
    await lab.redis.stop();
    // Longer than the producer's longest pause between reconnects (1 s).
    client = new DiagnosisQueue(config.queue, { connectTimeoutMs: 1500 });
    const ask = () => client!.request({ cluster: 'aks-lab', symptom: 'tunnel-10250', entities: NO_ENTITIES });
    const err = await ask().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AksdiagError);
    expect(err).toMatchObject({
      code: 'queue-unavailable',
      message: expect.stringContaining(`127.0.0.1:${lab.redis.port}`),
      hint: expect.stringMatching(/REDIS_URL/),
    });
    // A worker started now waits for Redis instead of crashing.
    const w = worker(env);
    await w.printed(/unreachable/);

    await lab.redis.start();
    const diagnosis = await ask();
    const reader = client.progressReader('0');
    for (;;) {
      const events = await reader.read(5000);
      if (events.some((e) => e.diagnosis === diagnosis && e.type === 'verdict')) break;
    }
    expect((await client.report(diagnosis))?.findings.length).toBeGreaterThan(0);
    expect(w.proc.exitCode).toBeNull();
  });
});
