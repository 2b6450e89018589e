/**
 * A diagnosis through the queue: BullMQ flows on a real redis-server, workers calling the same
 * runCheck as `aksdiag check`, the real Azure SDK clients against the ARM emulator.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fakeCredential } from '../emulators/arm/index.js';
import { DiagnosisQueue } from '../../src/queue/client.js';
import { prepareDiagnosis } from '../../src/run/prepare.js';
import { queueRunner } from '../../src/queue/runner.js';
import type { ProgressEvent } from '../../src/queue/payloads.js';
import { checkCluster } from '../../src/run/check-cluster.js';
import { SYMPTOMS } from '../../src/symptoms/index.js';
import { type AksdiagWorker, startWorker } from '../../workers/worker.js';
import { NO_ENTITIES, type QueueLab, startQueueLab } from '../support/queue-lab.js';

jest.setTimeout(60_000);

const tunnel = SYMPTOMS.find((s) => s.id === 'tunnel-10250')!;

let lab: QueueLab;
let worker: AksdiagWorker | undefined;
let client: DiagnosisQueue | undefined;

beforeEach(async () => {
  lab = await startQueueLab();
});

afterEach(async () => {
  await client?.close();
  await worker?.close();
  client = worker = undefined;
  await lab.cleanup();
});

describe('a diagnosis as a BullMQ flow', () => {
  it('reaches the same report as aksdiag check', async () => {
    const config = lab.config();
    const direct = await checkCluster(
      { cluster: 'aks-lab', symptom: tunnel, entities: NO_ENTITIES },
      { config, credential: fakeCredential },
    );
    worker = startWorker(config, { credential: fakeCredential, log: () => undefined });
    client = new DiagnosisQueue(config.queue);
    const prepared = await prepareDiagnosis(
      { cluster: 'aks-lab', symptom: tunnel, entities: NO_ENTITIES },
      { config, credential: fakeCredential, azure: lab.azure() },
    );
    const { diagnosis, total } = await client.submit(prepared);
    expect(total).toBe(direct.findings.length);
    const queued = await client.waitForReport(diagnosis, 60_000);
    expect(queued).toEqual(direct);
    expect(queued.causes.find((c) => c.id === 'ufw-blocks-10250')?.status).toBe('confirmed');
  });
});

/** Reads the progress stream until `diagnosis` has a verdict or failed. */
async function eventsUntilEnd(
  client: DiagnosisQueue,
  diagnosis: string,
  from = '0',
): Promise<ProgressEvent[]> {
  const reader = client.progressReader(from);
  const seen: ProgressEvent[] = [];
  for (;;) {
    for (const e of await reader.read(5000)) {
      if (e.diagnosis !== diagnosis) continue;
      seen.push(e);
      if (e.type === 'verdict' || e.type === 'failed') return seen;
    }
  }
}

describe('the queue runner (what the bot calls)', () => {
  it('gives the report aksdiag check gives, with progress n of m for every finding', async () => {
    const config = lab.config();
    const input = { cluster: 'aks-lab', symptom: tunnel, entities: NO_ENTITIES };
    const direct = await checkCluster(input, { config, credential: fakeCredential });
    worker = startWorker(config, { credential: fakeCredential, log: () => undefined });
    client = new DiagnosisQueue(config.queue);
    const seen: [number, number][] = [];
    const report = await queueRunner(client, config.queue).run(input, (done, total) =>
      seen.push([done, total]),
    );
    expect(report).toEqual(direct);
    const total = direct.findings.length;
    expect(seen).toEqual([...Array(total).keys()].map((i) => [i + 1, total]));
  });

  it("fails with the worker's coded error when the cluster does not exist", async () => {
    const config = lab.config();
    worker = startWorker(config, { credential: fakeCredential, log: () => undefined });
    client = new DiagnosisQueue(config.queue);
    const run = queueRunner(client, config.queue).run(
      { cluster: 'no-such-aks', symptom: tunnel, entities: NO_ENTITIES },
      () => undefined,
    );
    await expect(run).rejects.toMatchObject({ code: 'cluster-not-found' });
  });
});

describe('diagnose this (the bot enqueues, a worker prepares)', () => {
  it('plans, reports n of m with every finding once, throttled, and ends with one verdict', async () => {
    const config = lab.config();
    worker = startWorker(
      config,
      { credential: fakeCredential, log: () => undefined },
      { progressGateMs: 600_000 },
    );
    client = new DiagnosisQueue(config.queue);
    const diagnosis = await client.request({
      cluster: 'aks-lab',
      symptom: 'tunnel-10250',
      entities: NO_ENTITIES,
    });
    // A Slack retry of the same event adds nothing.
    expect(
      await client.request({ diagnosis, cluster: 'aks-lab', symptom: 'tunnel-10250', entities: NO_ENTITIES }),
    ).toBe(diagnosis);

    const events = await eventsUntilEnd(client, diagnosis);
    const planned = events.filter((e) => e.type === 'planned');
    expect(planned).toHaveLength(1);
    const total = planned[0]!.type === 'planned' ? planned[0]!.total : 0;
    expect(total).toBeGreaterThan(0);
    const verdicts = events.filter((e) => e.type === 'verdict');
    expect(verdicts).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'verdict', done: total, total });

    // Every finding arrives exactly once, across the progress events and the verdict.
    const announced = events.flatMap((e) =>
      e.type === 'progress' || e.type === 'verdict' ? e.findings : [],
    );
    expect(announced.map((f) => f.index).sort((a, b) => a - b)).toEqual([...Array(total).keys()]);
    // The gate is longer than the whole run: the first finding goes out at once, the rest wait
    // for the verdict. (In production the gate is a second.)
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress).toEqual([expect.objectContaining({ done: 1, total })]);

    const report = await client.report(diagnosis);
    expect(report?.findings).toHaveLength(total);
    expect(report?.findings).toEqual([...announced].sort((a, b) => a.index - b.index).map((f) => f.finding));
    expect(verdicts[0]).toMatchObject({
      causes: expect.arrayContaining([{ id: 'ufw-blocks-10250', status: 'confirmed' }]),
    });
  });

  it('says on the stream when the cluster does not exist, with the error code', async () => {
    const config = lab.config();
    worker = startWorker(config, { credential: fakeCredential, log: () => undefined });
    client = new DiagnosisQueue(config.queue);
    const diagnosis = await client.request({
      cluster: 'no-such-aks',
      symptom: 'tunnel-10250',
      entities: NO_ENTITIES,
    });
    const events = await eventsUntilEnd(client, diagnosis);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'failed',
        code: 'cluster-not-found',
        message: expect.stringMatching(/aks-lab/),
      }),
    ]);
  });
});

describe('the result cache', () => {
  it('runs identical checks of two diagnoses within the window once, and both get the findings', async () => {
    const config = lab.config();
    client = new DiagnosisQueue(config.queue);
    const prepared = await prepareDiagnosis(
      { cluster: 'aks-lab', symptom: tunnel, entities: NO_ENTITIES },
      { config, credential: fakeCredential, azure: lab.azure() },
    );
    const nodeChecks = prepared.plan.requests.filter((r) => r.target.kind === 'node').length;
    expect(nodeChecks).toBeGreaterThan(0);
    // Both flows are in the queue before any worker runs, so their children race for the same checks.
    const a = await client.submit(prepared);
    const b = await client.submit(prepared);
    worker = startWorker(config, { credential: fakeCredential, log: () => undefined });
    const [ra, rb] = await Promise.all([
      client.waitForReport(a.diagnosis, 60_000),
      client.waitForReport(b.diagnosis, 60_000),
    ]);
    expect(rb.findings).toEqual(ra.findings);
    expect(rb.causes).toEqual(ra.causes);
    expect(lab.emu.operations.filter((op) => op.kind === 'vmss-vm')).toHaveLength(nodeChecks);
  });

  it('runs them again after the window', async () => {
    const config = lab.config({ AKSDIAG_RESULT_CACHE_SECONDS: '0' });
    worker = startWorker(config, { credential: fakeCredential, log: () => undefined });
    client = new DiagnosisQueue(config.queue);
    const prepared = await prepareDiagnosis(
      { cluster: 'aks-lab', symptom: tunnel, entities: NO_ENTITIES },
      { config, credential: fakeCredential, azure: lab.azure() },
    );
    const nodeChecks = prepared.plan.requests.filter((r) => r.target.kind === 'node').length;
    const a = await client.submit(prepared);
    await client.waitForReport(a.diagnosis, 60_000);
    const b = await client.submit(prepared);
    await client.waitForReport(b.diagnosis, 60_000);
    expect(lab.emu.operations.filter((op) => op.kind === 'vmss-vm')).toHaveLength(2 * nodeChecks);
  });
});
