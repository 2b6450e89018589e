/**
 * Queue benchmark (`npm run bench`), on a real redis-server with two real `aksdiag worker`
 * processes (the production program, bench/process.ts):
 *
 * 1. Cluster sweep: one node check on each of 500 nodes against the ARM emulator, whose
 *    run-commands take L. Under two throttling models, each sweep run BENCH_QUEUE_SWEEPS times:
 *    - flat: 429 above R run-command POSTs in any one second; lower bound L + N/R (the last POST
 *      cannot go out before N/R, and then takes L);
 *    - ARM's documented write limit: a token bucket of 200 writes refilled at 10 a second; lower
 *      bound L + (N - 200)/10 (200 go at once, the rest at the refill rate, the last takes L).
 *    Each run is reported as wall time over its lower bound, with where the time went (POSTs,
 *    runs, polls) and whether any node was lost or run twice. Every run starts from a full bucket
 *    on both sides, as a quiet subscription would.
 * 2. Throughput with a no-op check: a flow of pure ARM judgements, jobs per second.
 * 3. Resident memory of each worker process, read from outside: idle once started, and the peak
 *    during the sweeps and during the no-op flow.
 *
 * Figures only, no assertions. BENCH_QUEUE_LATENCY_MS, BENCH_QUEUE_RATE, BENCH_QUEUE_NOOP_JOBS,
 * BENCH_QUEUE_SWEEPS change the setting; BENCH_QUEUE_MODELS=flat|bucket runs one model only.
 * Runs from dist/ (npm run bench builds first).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createAzureClients } from '../src/azure/clients.js';
import { loadConfig } from '../src/config.js';
import type { CheckRequest } from '../src/domain/checks.js';
import { NO_ENTITIES } from '../src/domain/diagnosis.js';
import { DiagnosisQueue } from '../src/queue/client.js';
import { QUEUES, childJobId, keys } from '../src/queue/keys.js';
import { type PreparedDiagnosis, prepareDiagnosis } from '../src/run/prepare.js';
import { SYMPTOMS } from '../src/symptoms/index.js';
import { fakeCredential, type ThrottleOptions } from '../test/emulators/arm/index.js';
import { startTestRedis } from '../test/support/redis.js';
import { type AksdiagProcess, imageNodeFlags, imageNodeOptions, startAksdiag } from './aksdiag-process.js';
import { type ArmProcess, startArmProcess } from './arm-process.js';
import { cpuMs, mb, rssNow, watchPeak } from './rss.js';
import { sweepFigures, sweepLine } from './sweep.js';

const NODES = 500;
const CONCURRENCY = 150;
const PREFIX = 'bench';

interface Model {
  name: string;
  throttle: ThrottleOptions;
  /** aksdiag's pacing for it. */
  env: Record<string, string>;
  boundMs: number;
}

function models(L: number, R: number): Model[] {
  return [
    {
      // A limit a little under Azure's: POSTs leave on time but arrive with jitter.
      name: `flat: Azure ${R}/s, aksdiag ${Math.floor(R * 0.9)}/s`,
      throttle: { runCommandsPerSecond: R, retryAfterSeconds: 1 },
      env: { AKSDIAG_RUN_COMMANDS_PER_SECOND: String(Math.floor(R * 0.9)), AKSDIAG_RUN_COMMAND_BURST: '1' },
      boundMs: L + (NODES / R) * 1000,
    },
    {
      // The same refill as Azure's; the 20 tokens aksdiag leaves in the bucket absorb the jitter.
      name: 'ARM write bucket: Azure 200 + 10/s, aksdiag 180 + 10/s',
      throttle: { writeBucket: { capacity: 200, refillPerSecond: 10 } },
      env: { AKSDIAG_RUN_COMMANDS_PER_SECOND: '10', AKSDIAG_RUN_COMMAND_BURST: '180' },
      boundMs: L + (Math.max(0, NODES - 200) / 10) * 1000,
    },
  ];
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const out = (text: string): void => void process.stdout.write(text);

async function startWorkers(env: Record<string, string>): Promise<AksdiagProcess[]> {
  return Promise.all(
    [0, 1].map(() =>
      startAksdiag(['worker', '--concurrency', String(CONCURRENCY)], env, /health server listening/),
    ),
  );
}

/** RSS of each process now, once it has been left alone for a moment. */
async function idleRss(ps: AksdiagProcess[]): Promise<string> {
  await new Promise((r) => setTimeout(r, 2000));
  return ps.map((p) => mb(rssNow(p.pid))).join(', ');
}

/** BullMQ's own timestamps of one diagnosis's jobs (epoch ms). */
async function jobTimes(
  checks: Queue,
  verdicts: Queue,
  diagnosis: string,
  n: number,
): Promise<{ checksDone: number[]; verdictStart: number; verdictDone: number }> {
  const children = await Promise.all(
    Array.from({ length: n }, (_, i) => checks.getJob(childJobId(diagnosis, i))),
  );
  const verdict = await verdicts.getJob(diagnosis);
  return {
    checksDone: children.map((c) => c?.finishedOn ?? NaN),
    verdictStart: verdict?.processedOn ?? NaN,
    verdictDone: verdict?.finishedOn ?? NaN,
  };
}

async function sweeps(
  workers: AksdiagProcess[],
  emu: ArmProcess,
  client: DiagnosisQueue,
  redis: Redis,
  prepared: PreparedDiagnosis,
  model: Model,
  runs: number,
): Promise<number[]> {
  const ratios: number[] = [];
  const sweep = prepared.plan.requests.filter((r) => r.check === 'node-ufw-status');
  const subscription = sweep[0]?.target.kind === 'node' ? sweep[0].target.subscription : '';
  const checks = new Queue(QUEUES.checks, { connection: redis, prefix: PREFIX });
  const verdicts = new Queue(QUEUES.verdicts, { connection: redis, prefix: PREFIX });
  for (let i = 0; i < runs; i++) {
    // A full bucket on both sides: a new throttle state at the emulator, no pacing state in Redis.
    await emu.throttle({ ...model.throttle });
    const k = keys(PREFIX);
    await redis.del(k.rate(subscription), k.sending(subscription), k.hold(subscription));
    const before = await emu.records(Infinity);
    const opsBefore = new Set(before.operations.map((o) => o.id));
    const load = loadavg()[0] ?? 0;
    const pids = [...workers.map((w) => w.pid), emu.pid, process.pid];
    const cpu0 = pids.map((p) => cpuMs(p) ?? 0);
    const t0 = performance.timeOrigin + performance.now();
    const { diagnosis } = await client.submit({ ...prepared, plan: { ...prepared.plan, requests: sweep } });
    const report = await client.waitForReport(diagnosis, 30 * 60_000);
    const wallMs = performance.timeOrigin + performance.now() - t0;
    const jobs = await jobTimes(checks, verdicts, diagnosis, sweep.length);
    const cpu = pids.map((p, j) => ((cpuMs(p) ?? 0) - cpu0[j]!) / 1000);
    const after = await emu.records(before.total);
    const f = sweepFigures(
      after.requests,
      after.operations.filter((o) => o.kind === 'vmss-vm' && !opsBefore.has(o.id)),
      { t0, wallMs, boundMs: model.boundMs, nodes: sweep.length, findings: report.findings, jobs },
    );
    ratios.push(wallMs / model.boundMs);
    const [bench, arm, ...mine] = [cpu.pop()!, cpu.pop()!, ...cpu];
    out(
      `${sweepLine(i, f, load)}\n    CPU s: workers ${mine.map((c) => c.toFixed(1)).join(' + ')}, ARM emulator ${arm.toFixed(1)}, bench ${bench.toFixed(1)}\n`,
    );
  }
  await Promise.all([checks.close(), verdicts.close()]);
  return ratios;
}

export async function runQueueBench(): Promise<void> {
  const L = Number(process.env['BENCH_QUEUE_LATENCY_MS'] ?? 2000);
  const R = Number(process.env['BENCH_QUEUE_RATE'] ?? 100);
  const NOOP = Number(process.env['BENCH_QUEUE_NOOP_JOBS'] ?? 5000);
  const RUNS = Number(process.env['BENCH_QUEUE_SWEEPS'] ?? 5);
  // `flat`, `bucket` or both.
  const only = process.env['BENCH_QUEUE_MODELS'];

  const redisServer = await startTestRedis();
  const redis = new Redis(redisServer.url);
  const emu = await startArmProcess(NODES, L);
  const dir = mkdtempSync(join(tmpdir(), 'aksdiag-bench-'));
  writeFileSync(join(dir, 'ca.pem'), emu.caPem);
  const env = {
    AKSDIAG_SUBSCRIPTIONS: emu.subscriptionId,
    AKSDIAG_ARM_ENDPOINT: emu.endpoint,
    AKSDIAG_ARM_CA_FILE: join(dir, 'ca.pem'),
    AKSDIAG_RUN_COMMAND_POLL_SECONDS: '1',
    AKSDIAG_MAX_NODES: String(NODES),
    // Every run of the sweep runs every check: no result shared from the run before.
    AKSDIAG_RESULT_CACHE_SECONDS: '0',
    REDIS_URL: redisServer.url,
    AKSDIAG_QUEUE_PREFIX: PREFIX,
  };
  const config = loadConfig(env);
  const client = new DiagnosisQueue(config.queue);
  let workers: AksdiagProcess[] = [];
  try {
    out(
      `\naksdiag queue benchmark (node ${process.version}, redis-server on loopback, 2 aksdiag worker processes × concurrency ${CONCURRENCY}, node as the image runs it: ${[...imageNodeFlags(), imageNodeOptions()].join(' ')})\n`,
    );
    const azure = createAzureClients({
      credential: fakeCredential,
      endpoint: emu.endpoint,
      extraCaPem: emu.caPem,
    });
    const prepared = await prepareDiagnosis(
      { cluster: 'aks-lab', symptom: SYMPTOMS.find((x) => x.id === 'tunnel-10250')!, entities: NO_ENTITIES },
      { config, credential: fakeCredential, azure },
    );
    out(`cluster sweep: ${NODES} nodes, run-command latency L ${s(L)}, polled every 1 s\n`);
    const summary: string[] = [];
    for (const [m, model] of models(L, R).entries()) {
      if (only && !model.name.toLowerCase().includes(only)) continue;
      workers = await startWorkers({ ...env, ...model.env });
      const idle = await idleRss(workers);
      const peaks = workers.map((w) => watchPeak(w.pid));
      out(`${model.name}; lower bound ${s(model.boundMs)}\n`);
      const ratios = await sweeps(workers, emu, client, redis, prepared, model, RUNS);
      const sweepPeak = peaks.map((p) => mb(p.stop())).join(', ');
      summary.push(
        `  ${model.name}: ratio ${ratios.map((r) => r.toFixed(2)).join(', ')} (worst ${Math.max(...ratios).toFixed(2)})`,
      );
      out(`  worker RSS: idle ${idle}; peak during the sweeps ${sweepPeak}\n`);
      if (m === 0) await noop(client, prepared, NOOP, workers);
      await Promise.all(workers.map((w) => w.stop()));
      workers = [];
    }
    out(`sweep ratios to the lower bound, per run:\n${summary.join('\n')}\n`);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await client.close();
    redis.disconnect();
    await emu.stop();
    await redisServer.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** No-op checks: pure ARM judgements, so the figure is the queue's own cost. */
async function noop(
  client: DiagnosisQueue,
  prepared: PreparedDiagnosis,
  n: number,
  workers: AksdiagProcess[],
): Promise<void> {
  const arm = prepared.plan.requests.find((r) => r.target.kind === 'arm')!;
  const many: CheckRequest[] = Array.from({ length: n }, () => arm);
  const peaks = workers.map((w) => watchPeak(w.pid));
  const t1 = performance.now();
  // Over a three-node inventory: the judgement itself costs next to nothing.
  const small = { ...prepared.inventory, nodes: prepared.inventory.nodes.slice(0, 3) };
  const flow = await client.submit({
    ...prepared,
    inventory: small,
    plan: { ...prepared.plan, requests: many },
  });
  const added = performance.now() - t1;
  await client.waitForReport(flow.diagnosis, 30 * 60_000);
  const total = performance.now() - t1;
  out(
    [
      `no-op checks: ${n} ARM judgements (${arm.check} over three nodes) in one flow`,
      `  flow added in ${s(added)}; all judged and the verdict out after ${s(total)}: ${(n / (total / 1000)).toFixed(0)} jobs/s (${(n / ((total - added) / 1000)).toFixed(0)} jobs/s after the add)`,
      `  worker RSS peak: ${peaks.map((p) => mb(p.stop())).join(', ')}`,
      '',
    ].join('\n'),
  );
}
