/**
 * The scheduling rules every worker follows, on a real redis-server against the ARM emulator:
 * someone else's run on a VM (409) and Azure throttling (429) put a check off without spending
 * an attempt; two checks of ours never share a VM; the per-subscription rate keeps under Azure's
 * limit; the check's deadline turns "could not start" and "never answered" into could-not-check.
 * Tests wait on events (emulator requests, job completion), never on sleeps.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Queue } from 'bullmq';
import { DiagnosisQueue } from '../../src/queue/client.js';
import { childJobId, QUEUES } from '../../src/queue/keys.js';
import { prepareDiagnosis, type PreparedDiagnosis } from '../../src/run/prepare.js';
import type { CheckRequest } from '../../src/domain/checks.js';
import type { Config } from '../../src/config.js';
import { SYMPTOMS } from '../../src/symptoms/index.js';
import { type AksdiagWorker, type WorkerTuning, startWorker } from '../../workers/worker.js';
import {
  type ArmEmulatorOptions,
  type RecordedRequest,
  type RunCommandExecutor,
  createArmClients,
  fakeCredential,
} from '../emulators/arm/index.js';
import { tunnelNodes } from '../support/node-answers.js';
import { NO_ENTITIES, type QueueLab, startQueueLab } from '../support/queue-lab.js';

jest.setTimeout(60_000);

const tunnel = SYMPTOMS.find((s) => s.id === 'tunnel-10250')!;
const isRunPost = (r: { method: string; path: string }): boolean =>
  r.method === 'POST' && /\/virtualMachines\/\d+\/runCommand$/i.test(r.path);

let lab: QueueLab | undefined;
const workers: AksdiagWorker[] = [];
let client: DiagnosisQueue | undefined;

afterEach(async () => {
  await client?.close();
  await Promise.all(workers.splice(0).map((w) => w.close()));
  await lab?.cleanup();
  client = lab = undefined;
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function setup(
  options: { nodeCount?: number; emulator?: ArmEmulatorOptions; env?: Record<string, string> } = {},
): Promise<{ lab: QueueLab; config: Config }> {
  lab = await startQueueLab({
    ...(options.nodeCount ? { nodeCount: options.nodeCount } : {}),
    ...(options.emulator ? { emulator: options.emulator } : {}),
  });
  const config = lab.config(options.env);
  client = new DiagnosisQueue(config.queue);
  return { lab, config };
}

function work(config: Config, tuning: WorkerTuning = {}): AksdiagWorker {
  const w = startWorker(config, { credential: fakeCredential, log: () => undefined }, tuning);
  workers.push(w);
  return w;
}

/** The diagnosis of the lab cluster, keeping only the requests `keep` selects. */
async function prepared(
  l: QueueLab,
  config: Config,
  keep: (r: CheckRequest) => boolean,
): Promise<PreparedDiagnosis> {
  const p = await prepareDiagnosis(
    { cluster: 'aks-lab', symptom: tunnel, entities: NO_ENTITIES },
    { config, credential: fakeCredential, azure: l.azure() },
  );
  return { ...p, plan: { ...p.plan, requests: p.plan.requests.filter(keep) } };
}

const ufwOn =
  (...instances: string[]) =>
  (r: CheckRequest): boolean =>
    r.check === 'node-ufw-status' && r.target.kind === 'node' && instances.includes(r.target.instanceId);

async function childJob(config: Config, diagnosis: string, index: number) {
  const q = new Queue(QUEUES.checks, {
    connection: { url: config.queue.redisUrl },
    prefix: config.queue.prefix,
  });
  try {
    return (await q.getJob(childJobId(diagnosis, index)))!;
  } finally {
    await q.close();
  }
}

/** A run-command someone else started on instance `id` of the lab's scale set. */
function foreignRun(l: QueueLab, id: string): Promise<unknown> {
  const other = createArmClients(l.emu, l.lab.subscriptionId, {
    retryOptions: { maxRetries: 0, retryDelayInMs: 10, maxRetryDelayInMs: 10 },
  });
  return other.compute.virtualMachineScaleSetVMs
    .runCommand(
      `MC_rg-lab_aks-lab_eastus`,
      'aks-nodepool1-12345678-vmss',
      id,
      { commandId: 'RunShellScript', script: ['theirs'] },
      { updateIntervalInMs: 20 },
    )
    .catch(() => undefined);
}

describe('scheduling node checks', () => {
  it('puts a check off while someone else runs on its VM (409), spending no attempt, then runs it', async () => {
    const release = deferred();
    const base = tunnelNodes({ ufwBlocksOn: '0' });
    const { lab, config } = await setup({
      emulator: {
        runCommandExecutor: async (ctx) => {
          if (ctx.script[0] === 'theirs') await release.promise;
          return base(ctx);
        },
      },
    });
    const theirs = foreignRun(lab, '0');
    await lab.emu.waitForOperation('started', (op) => op.vm?.script[0] === 'theirs');

    work(config);
    const { diagnosis } = await client!.submit(await prepared(lab, config, ufwOn('0')));
    let conflicts = 0;
    await lab.emu.waitForRequest(
      (r: RecordedRequest) => isRunPost(r) && r.status === 409 && ++conflicts >= 2,
    );
    release.resolve();

    const report = await client!.waitForReport(diagnosis, 30_000);
    expect(report.findings).toEqual([
      expect.objectContaining({ check: 'node-ufw-status', status: 'ok', verdict: 'blocks-port' }),
    ]);
    const job = await childJob(config, diagnosis, 0);
    expect(job.attemptsMade).toBe(1); // the run that finished; the reschedules cost nothing
    expect(job.attemptsStarted).toBeGreaterThanOrEqual(3);
    expect(job.data.sched.conflicts).toBeGreaterThanOrEqual(2);
    await theirs;
  });

  it('puts a check off when Azure throttles the POST (429), and holds the whole subscription off until Retry-After', async () => {
    const { lab, config } = await setup();
    lab.emu.throttleNext(1, { match: isRunPost, retryAfterSeconds: 2 });
    work(config);
    const first = await client!.submit(await prepared(lab, config, ufwOn('0')));
    await lab.emu.waitForRequest((r) => isRunPost(r) && r.status === 429);
    const throttledAt = Date.now();
    // Checks queued after the 429, by another diagnosis, wait for Retry-After too.
    const second = await client!.submit(await prepared(lab, config, ufwOn('1', '2')));

    const [a, b] = await Promise.all([
      client!.waitForReport(first.diagnosis, 30_000),
      client!.waitForReport(second.diagnosis, 30_000),
    ]);
    expect(a.findings.map((f) => f.verdict)).toEqual(['inactive']);
    expect(b.findings.map((f) => f.verdict)).toEqual(['blocks-port', 'inactive']);
    expect(lab.emu.requests.filter(isRunPost).map((r) => r.status)).toEqual([429, 202, 202, 202]);
    // Without the hold-off they would have started within milliseconds; a second of slack for
    // how late this test saw the 429.
    const runs = lab.emu.operations.filter((op) => op.kind === 'vmss-vm');
    expect(runs).toHaveLength(3);
    for (const op of runs) expect(Date.parse(op.startTime)).toBeGreaterThan(throttledAt + 1000);
    const job = await childJob(config, first.diagnosis, 0);
    expect(job.attemptsMade).toBe(1);
    expect(job.data.sched.throttles).toBe(1);
  });

  it('puts a check off when Azure answers the POST with a 5xx, spending no attempt, then runs it', async () => {
    const { lab, config } = await setup();
    lab.emu.failNext(2, 503, isRunPost);
    work(config);
    const { diagnosis } = await client!.submit(await prepared(lab, config, ufwOn('0')));
    const report = await client!.waitForReport(diagnosis, 30_000);
    expect(report.findings.map((f) => f.status)).toEqual(['ok']);
    expect(lab.emu.requests.filter(isRunPost).map((r) => r.status)).toEqual([503, 503, 202]);
    const job = await childJob(config, diagnosis, 0);
    expect(job.attemptsMade).toBe(1);
  });

  it('runs one run-command at a time per VM across workers, without a single 409', async () => {
    let running = 0;
    let most = 0;
    const base = tunnelNodes({ ufwBlocksOn: '1' });
    const executor: RunCommandExecutor = async (ctx) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 150));
      running--;
      return base(ctx);
    };
    const { lab, config } = await setup({ emulator: { runCommandExecutor: executor } });
    work(config);
    work(config);
    // Every node check of the symptom on instance 1: several checks, one VM.
    const p = await prepared(lab, config, (r) => r.target.kind === 'node' && r.target.instanceId === '1');
    expect(p.plan.requests.length).toBeGreaterThanOrEqual(3);
    const { diagnosis } = await client!.submit(p);
    const report = await client!.waitForReport(diagnosis, 30_000);
    expect(report.findings).toHaveLength(p.plan.requests.length);
    expect(lab.emu.operations.filter((op) => op.vm?.instanceId === '1')).toHaveLength(p.plan.requests.length);
    expect(most).toBe(1);
    expect(lab.emu.requests.filter((r) => isRunPost(r) && r.status !== 202)).toEqual([]);
  });

  it("keeps under Azure's run-command limit for the subscription: no 429 at all", async () => {
    const { lab, config } = await setup({
      nodeCount: 8,
      emulator: { throttle: { runCommandsPerSecond: 8, retryAfterSeconds: 1 } },
      env: { AKSDIAG_RUN_COMMANDS_PER_SECOND: '4', AKSDIAG_MAX_NODES: '8' },
    });
    work(config);
    work(config);
    const p = await prepared(lab, config, (r) => r.check === 'node-ufw-status');
    expect(p.plan.requests).toHaveLength(8);
    const { diagnosis } = await client!.submit(p);
    const report = await client!.waitForReport(diagnosis, 30_000);
    expect(report.findings.every((f) => f.status !== 'could-not-check')).toBe(true);
    const posts = lab.emu.requests.filter(isRunPost);
    expect(posts.map((r) => r.status)).toEqual(Array(8).fill(202));
  });
});

describe("ARM's write bucket", () => {
  it('lets the burst go at once and keeps under the bucket after it: no 429 at all', async () => {
    const { lab, config } = await setup({
      nodeCount: 8,
      env: { AKSDIAG_RUN_COMMANDS_PER_SECOND: '4', AKSDIAG_RUN_COMMAND_BURST: '3', AKSDIAG_MAX_NODES: '8' },
    });
    work(config);
    work(config);
    const p = await prepared(lab, config, (r) => r.check === 'node-ufw-status');
    expect(p.plan.requests).toHaveLength(8);
    // A full bucket when the checks start: reading the cluster took writes of its own (POSTs).
    lab.emu.options.throttle = { writeBucket: { capacity: 4, refillPerSecond: 4 } };
    const { diagnosis } = await client!.submit(p);
    const report = await client!.waitForReport(diagnosis, 30_000);
    expect(report.findings.every((f) => f.status !== 'could-not-check')).toBe(true);
    expect(lab.emu.requests.filter(isRunPost).map((r) => r.status)).toEqual(Array(8).fill(202));
  });
});

describe("a check's deadline", () => {
  it('makes a check that could not start, and one whose node never answered, could-not-check', async () => {
    const { lab, config } = await setup({
      emulator: {
        neverAnswer: [{ vmss: 'aks-nodepool1-12345678-vmss', instanceId: '1' }],
        runCommandExecutor: async (ctx) => {
          if (ctx.script[0] === 'theirs') await new Promise(() => undefined); // never finishes
          return tunnelNodes({ ufwBlocksOn: '9' })(ctx);
        },
      },
    });
    void foreignRun(lab, '0');
    await lab.emu.waitForOperation('started', (op) => op.vm?.script[0] === 'theirs');
    config.queue.checkDeadlineMs = 4000;
    config.nodeDeadlineMs = 2000;
    work(config, { vmBusyGraceMs: 100 });
    const { diagnosis } = await client!.submit(await prepared(lab, config, ufwOn('0', '1', '2')));
    const report = await client!.waitForReport(diagnosis, 30_000);
    const [busy, silent, fine] = report.findings;
    expect(busy).toMatchObject({
      status: 'could-not-check',
      notes: [expect.stringMatching(/busy until the check's deadline/)],
    });
    expect(silent).toMatchObject({
      status: 'could-not-check',
      notes: [expect.stringMatching(/did not report back/)],
    });
    expect(fine).toMatchObject({ status: 'ok' });
    // No second run was started on the node that never answered.
    expect(lab.emu.operations.filter((op) => op.vm?.instanceId === '1')).toHaveLength(1);
  });
});
