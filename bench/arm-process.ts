/**
 * The queue benchmark's ARM emulator in a process of its own, as Azure is: in the benchmark's own
 * process it would stall whenever the benchmark does work of its own (adding a 500-job flow takes
 * the event loop for a while), and POSTs that left the workers on time would reach it late and
 * together. The parent sets the throttling model and fetches the records over IPC.
 */
import { fork } from 'node:child_process';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';
import {
  aksCluster,
  startArmEmulator,
  type OperationRecord,
  type RecordedRequest,
  type ThrottleOptions,
} from '../test/emulators/arm/index.js';

const FLAG = '--bench-arm-emulator';

/** What the benchmark reads of a request: no bodies (scripts), which it has no use for. */
export type RequestRecord = Pick<RecordedRequest, 'method' | 'path' | 'status' | 'at' | 'pollStatus'>;
export type OpRecord = Pick<OperationRecord, 'id' | 'kind' | 'startTime' | 'endTime'> & { vm: string };

export interface ArmProcess {
  readonly pid: number;
  readonly endpoint: string;
  readonly caPem: string;
  readonly subscriptionId: string;
  /** A new throttling setting: it starts afresh (full bucket, empty window). */
  throttle(t: ThrottleOptions): Promise<void>;
  /** Requests from number `from` on, and every run-command operation so far. */
  records(from: number): Promise<{ requests: RequestRecord[]; operations: OpRecord[]; total: number }>;
  stop(): Promise<void>;
}

type Message =
  { type: 'throttle'; throttle: ThrottleOptions } | { type: 'records'; from: number } | { type: 'stop' };

/**
 * Azure is never cold; a freshly started emulator is (its first TLS handshakes and routes run on
 * cold code, so it answers the first sweep's POSTs late and together, and its one-second window then
 * throttles requests that left the workers on pace). So it serves a few hundred requests, each on a
 * new connection, before the benchmark starts. The workers stay cold: their first sweep is real.
 */
async function warmUp(endpoint: string, ca: string, subscription: string): Promise<void> {
  const url = new URL(
    `/subscriptions/${subscription}/providers/Microsoft.ContainerService/managedClusters?api-version=2024-05-01`,
    endpoint,
  );
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const req = request(url, { method: 'GET', ca, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', () => resolve());
      req.end();
    });
  for (let i = 0; i < 30; i++) await Promise.all(Array.from({ length: 10 }, one));
}

/** Child side: the emulator over `nodes` nodes, each run-command taking `latencyMs`. */
async function child(nodes: number, latencyMs: number): Promise<void> {
  const lab = aksCluster({ nodeCount: nodes });
  const emu = await startArmEmulator(lab.state, {
    runCommandLatencyMs: latencyMs,
    runCommandExecutor: async () => ({ stdout: 'Status: inactive\n', stderr: '' }),
  });
  await warmUp(emu.endpoint, emu.caPem, lab.subscriptionId);
  process.on('message', (m: Message) => {
    if (m.type === 'throttle') {
      emu.options.throttle = m.throttle;
      process.send?.({ type: 'ok' });
    } else if (m.type === 'records') {
      process.send?.({
        requests: emu.requests.slice(m.from).map((r) => ({
          method: r.method,
          path: r.path,
          status: r.status,
          at: r.at,
          ...(r.pollStatus ? { pollStatus: r.pollStatus } : {}),
        })),
        operations: emu.operations.map((o) => ({
          id: o.id,
          kind: o.kind,
          startTime: o.startTime,
          ...(o.endTime ? { endTime: o.endTime } : {}),
          vm: `${o.vm?.vmss}/${o.vm?.instanceId}`,
        })),
        total: emu.requests.length,
      });
    } else void emu.stop().then(() => process.exit(0));
  });
  process.send?.({ endpoint: emu.endpoint, caPem: emu.caPem, subscriptionId: lab.subscriptionId });
}

export async function startArmProcess(nodes: number, latencyMs: number): Promise<ArmProcess> {
  const p = fork(fileURLToPath(import.meta.url), [FLAG, String(nodes), String(latencyMs)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(m: Message): Promise<T> =>
    new Promise((resolve) => {
      p.once('message', (r) => resolve(r as T));
      p.send(m);
    });
  const started = await new Promise<{ endpoint: string; caPem: string; subscriptionId: string }>(
    (resolve, reject) => {
      p.once('message', (m) => resolve(m as { endpoint: string; caPem: string; subscriptionId: string }));
      p.once('exit', (code) => reject(new Error(`the ARM emulator process exited (${code})`)));
    },
  );
  return {
    pid: p.pid!,
    ...started,
    throttle: async (throttle) => void (await ask({ type: 'throttle', throttle })),
    records: (from) => ask({ type: 'records', from }),
    stop: () =>
      new Promise((resolve) => {
        p.once('exit', () => resolve());
        p.send({ type: 'stop' });
      }),
  };
}

if (process.argv[2] === FLAG) await child(Number(process.argv[3]), Number(process.argv[4]));
