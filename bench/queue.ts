/**
 * Queue benchmark (`npm run bench`), on a real redis-server with two real worker processes:
 *
 * 1. Cluster sweep: one node check on each of 500 nodes against the ARM emulator, whose
 *    run-commands take L and which answers 429 above R POSTs per second. Reported as wall time
 *    over the lower bound L + 500/R (the last POST cannot go out before 500/R, and then takes L),
 *    and as speed-up over the sequential loop of the troubleshooting articles (one
 *    `az vmss run-command invoke` per instance: at least 500 × L).
 * 2. Throughput with a no-op check: a flow of pure ARM judgements, jobs per second.
 * 3. Peak RSS of each worker process.
 *
 * Figures only, no assertions. BENCH_QUEUE_LATENCY_MS, BENCH_QUEUE_RATE, BENCH_QUEUE_NOOP_JOBS
 * change the setting. Runs from dist/ (npm run bench builds first).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAzureClients } from '../src/azure/clients.js';
import { loadConfig } from '../src/config.js';
import type { CheckRequest } from '../src/domain/checks.js';
import { DiagnosisQueue } from '../src/queue/client.js';
import { prepareDiagnosis } from '../src/run/prepare.js';
import { SYMPTOMS } from '../src/symptoms/index.js';
import { startWorker, type WorkerTuning } from '../workers/worker.js';
import { aksCluster, fakeCredential, startArmEmulator } from '../test/emulators/arm/index.js';
import { startTestRedis } from '../test/support/redis.js';
import { NO_ENTITIES } from '../src/domain/diagnosis.js';

const WORKER_FLAG = '--queue-bench-worker';

/** Child mode: an aksdiag worker that answers 'rss' with its peak RSS and stops on 'stop'. */
async function workerMain(): Promise<void> {
  const tuning = JSON.parse(process.argv[3] ?? '{}') as WorkerTuning;
  const worker = startWorker(
    loadConfig(process.env),
    { credential: fakeCredential, log: () => undefined },
    tuning,
  );
  process.on('message', (m: unknown) => {
    if (m === 'rss') process.send?.({ peakRss: process.resourceUsage().maxRSS * 1024 });
    if (m === 'stop') void worker.close().then(() => process.exit(0));
  });
  process.send?.('ready');
}

function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message);
  });
}

/** Most timestamps within any one-second window (the emulator's throttle counts that way). */
function busiestSecond(times: number[]): number {
  const ts = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < ts.length; i++) {
    while (ts[i]! - ts[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export async function runQueueBench(): Promise<void> {
  const L = Number(process.env['BENCH_QUEUE_LATENCY_MS'] ?? 2000);
  const R = Number(process.env['BENCH_QUEUE_RATE'] ?? 100);
  const NOOP = Number(process.env['BENCH_QUEUE_NOOP_JOBS'] ?? 5000);
  const NODES = 500;
  // A limit a little under Azure's: POSTs leave on time but arrive with jitter.
  const ours = Math.floor(R * 0.9);
  const concurrency = 150;

  const redis = await startTestRedis();
  const lab = aksCluster({ nodeCount: NODES });
  const emu = await startArmEmulator(lab.state, {
    runCommandLatencyMs: L,
    throttle: { runCommandsPerSecond: R, retryAfterSeconds: 1 },
    runCommandExecutor: async () => ({ stdout: 'Status: inactive\n', stderr: '' }),
  });
  const dir = mkdtempSync(join(tmpdir(), 'aksdiag-bench-'));
  writeFileSync(join(dir, 'ca.pem'), emu.caPem);
  const env = {
    AKSDIAG_SUBSCRIPTIONS: lab.subscriptionId,
    AKSDIAG_ARM_ENDPOINT: emu.endpoint,
    AKSDIAG_ARM_CA_FILE: join(dir, 'ca.pem'),
    AKSDIAG_RUN_COMMAND_POLL_SECONDS: '1',
    AKSDIAG_MAX_NODES: String(NODES),
    AKSDIAG_RUN_COMMANDS_PER_SECOND: String(ours),
    AKSDIAG_WORKER_CONCURRENCY: String(concurrency),
    REDIS_URL: redis.url,
    AKSDIAG_QUEUE_PREFIX: 'bench',
  };
  const config = loadConfig(env);
  const workers = [0, 1].map((i) =>
    fork(fileURLToPath(import.meta.url), [WORKER_FLAG, JSON.stringify({ name: `bench-${i}` })], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
  const client = new DiagnosisQueue(config.queue);
  try {
    process.stdout.write(
      `\naksdiag queue benchmark (node ${process.version}, redis-server on loopback, 2 worker processes × concurrency ${concurrency})\n`,
    );
    const symptom = SYMPTOMS.find((x) => x.id === 'tunnel-10250')!;
    const azure = createAzureClients({
      credential: fakeCredential,
      endpoint: emu.endpoint,
      extraCaPem: emu.caPem,
    });
    const prepared = await prepareDiagnosis(
      { cluster: 'aks-lab', symptom, entities: NO_ENTITIES },
      { config, credential: fakeCredential, azure },
    );

    // 1. The sweep.
    const sweep = prepared.plan.requests.filter((r) => r.check === 'node-ufw-status');
    const postsBefore = emu.requests.length;
    const t0 = performance.now();
    const { diagnosis } = await client.submit({ ...prepared, plan: { ...prepared.plan, requests: sweep } });
    const report = await client.waitForReport(diagnosis, 30 * 60_000);
    const wall = performance.now() - t0;
    const posts = emu.requests
      .slice(postsBefore)
      .filter((r) => r.method === 'POST' && /\/virtualMachines\/\d+\/runCommand$/i.test(r.path));
    const bound = L + (NODES / R) * 1000;
    const busiest = busiestSecond(
      emu.operations.filter((o) => o.kind === 'vmss-vm').map((o) => Date.parse(o.startTime)),
    );
    const failed = report.findings.filter((f) => f.status === 'could-not-check').length;
    const sweepRss = await Promise.all(workers.map((w) => ask<{ peakRss: number }>(w, 'rss')));
    process.stdout.write(
      [
        `cluster sweep: ${sweep.length} nodes, run-command latency L ${s(L)}, Azure throttle R ${R}/s (aksdiag's limit ${ours}/s)`,
        `  wall ${s(wall)}, lower bound L + ${NODES}/R = ${s(bound)}: ratio ${(wall / bound).toFixed(2)}`,
        `  sequential loop (${NODES} × L) ${s(NODES * L)}: speed-up ${((NODES * L) / wall).toFixed(0)}×`,
        `  findings ${report.findings.length}, could-not-check ${failed}; run-command POSTs ${posts.length}: ${posts.filter((p) => p.status === 202).length} accepted, ${posts.filter((p) => p.status === 429).length} answered 429 (rescheduled), ${posts.filter((p) => p.status === 409).length} answered 409`,
        `  busiest second at the emulator: ${busiest} runs started (its limit ${R})`,
        `  worker peak RSS: ${sweepRss.map((r) => mb(r.peakRss)).join(', ')}`,
        '',
      ].join('\n'),
    );

    // 2. No-op checks: pure ARM judgements, so the figure is the queue's own cost.
    const arm = prepared.plan.requests.find((r) => r.target.kind === 'arm')!;
    const many: CheckRequest[] = Array.from({ length: NOOP }, () => arm);
    const t1 = performance.now();
    // Over a three-node inventory: the judgement itself costs next to nothing.
    const small = { ...prepared.inventory, nodes: prepared.inventory.nodes.slice(0, 3) };
    const noop = await client.submit({
      ...prepared,
      inventory: small,
      plan: { ...prepared.plan, requests: many },
    });
    const added = performance.now() - t1;
    await client.waitForReport(noop.diagnosis, 30 * 60_000);
    const total = performance.now() - t1;
    const allRss = await Promise.all(workers.map((w) => ask<{ peakRss: number }>(w, 'rss')));
    process.stdout.write(
      [
        `no-op checks: ${NOOP} ARM judgements (${arm.check} over three nodes) in one flow`,
        `  flow added in ${s(added)}; all judged and the verdict out after ${s(total)}: ${(NOOP / (total / 1000)).toFixed(0)} jobs/s (${(NOOP / ((total - added) / 1000)).toFixed(0)} jobs/s after the add)`,
        `  worker peak RSS: ${allRss.map((r) => mb(r.peakRss)).join(', ')}`,
        '',
      ].join('\n'),
    );
  } finally {
    await client.close();
    await Promise.all(
      workers.map(
        (w) =>
          new Promise((r) => {
            w.once('exit', r);
            w.send('stop');
          }),
      ),
    );
    await emu.stop();
    await redis.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === WORKER_FLAG) await workerMain();
