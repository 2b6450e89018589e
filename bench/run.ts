/**
 * Matcher benchmark: median latency of `diagnose` on realistic pastes of 1 KB to 1 MB,
 * throughput, and how time grows with size (1 MB / 64 KB: 16 when linear). Every figure is
 * also given against a baseline measured in the same run: one whitespace-collapsing pass over
 * the same text, the least any scanner must do.
 */
import { diagnose } from '../src/engine/diagnose.js';

/** Deterministic pseudo-random numbers, so every run measures the same text. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Lines of the kind that fill a node's or a pod's log around the one error that matters. */
const NOISE = [
  (r: () => number) =>
    `I1123 03:14:${String(Math.floor(r() * 60)).padStart(2, '0')}.123456    1867 kubelet.go:2183] "SyncLoop (PLEG): event for pod" pod="default/web-${Math.floor(r() * 1e6)}" event={"ID":"a1b2","Type":"ContainerStarted"}`,
  (r: () => number) =>
    `[INFO] 10.244.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}:${40000 + Math.floor(r() * 20000)} - ${Math.floor(r() * 65535)} "A IN api.example.com. udp 32 false 512" NOERROR qr,rd,ra 60 0.00${Math.floor(r() * 9)}s`,
  (r: () => number) =>
    `2026-11-23T03:14:15.${Math.floor(r() * 999)}Z\tinfo\tcontroller\treconciled object\t{"name": "cfg-${Math.floor(r() * 1000)}", "namespace": "team-${Math.floor(r() * 9)}", "duration": "${Math.floor(r() * 900)}ms"}`,
  (r: () => number) =>
    `  Normal   Pulled     ${Math.floor(r() * 59)}m   kubelet  Container image "mcr.microsoft.com/oss/nginx:1.${Math.floor(r() * 30)}" already present on machine`,
  () => `GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.33"`,
];
const ERRORS = [
  'Error from server: Get "https://aks-nodepool1-12345678-vmss00000a:10250/containerLogs/default/web-1/web": dial tcp 10.224.0.5:10250: i/o timeout',
  '[ERROR] plugin/errors: 2 example.com. A: read udp 10.244.1.5:53211->168.63.129.16:53: i/o timeout',
  'Warning  FailedCreatePodSandBox  kubelet  Failed to create pod sandbox: plugin type="azure-vnet" failed (add): Failed to get IP address from CNS: AllocateIPConfig failed: not enough IPs available',
];

function paste(bytes: number, seed: number): string {
  const r = prng(seed);
  const lines: string[] = [];
  let size = 0;
  const errorAt = Math.floor(bytes * 0.7);
  let errorPlaced = false;
  while (size < bytes) {
    const line =
      !errorPlaced && size >= errorAt
        ? (ERRORS[seed % ERRORS.length] ?? '')
        : (NOISE[Math.floor(r() * NOISE.length)] ?? NOISE[0]!)(r);
    if (line.startsWith('Error') || line.startsWith('[ERROR]') || line.startsWith('Warning'))
      errorPlaced = true;
    lines.push(line);
    size += line.length + 1;
  }
  if (!errorPlaced) lines.push(ERRORS[seed % ERRORS.length] ?? '');
  return lines.join('\n').slice(0, bytes);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Median wall time of fn over enough runs to fill about `budgetMs`. */
function measure(fn: () => void, budgetMs: number): number {
  fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 5 || (performance.now() - start < budgetMs && times.length < 2000)) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

const SIZES = [
  ['1 KB', 1_000],
  ['4 KB', 4_000],
  ['40 KB', 40_000],
  ['64 KB', 64_000],
  ['1 MB', 1_000_000],
] as const;

const rows: { label: string; bytes: number; ms: number; baselineMs: number }[] = [];
for (const [label, bytes] of SIZES) {
  const texts = [0, 1, 2].map((seed) => paste(bytes, seed));
  let i = 0;
  const ms = measure(() => void diagnose(texts[i++ % texts.length] ?? ''), bytes >= 1_000_000 ? 4000 : 1500);
  let j = 0;
  const baselineMs = measure(() => void (texts[j++ % texts.length] ?? '').replace(/\s+/g, ' '), 500);
  const check = diagnose(texts[0] ?? '');
  if (!check.symptom)
    throw new Error(
      `benchmark paste of ${label} was not recognised: the benchmark would measure the wrong path`,
    );
  rows.push({ label, bytes, ms, baselineMs });
}

const fmt = (n: number) => (n < 1 ? n.toFixed(3) : n.toFixed(2));
process.stdout.write(`aksdiag matcher benchmark (node ${process.version})\n`);
process.stdout.write('paste    median ms   baseline ms   x baseline   MB/s\n');
for (const r of rows) {
  const mbps = r.bytes / 1e6 / (r.ms / 1000);
  process.stdout.write(
    `${r.label.padEnd(8)} ${fmt(r.ms).padStart(9)}   ${fmt(r.baselineMs).padStart(11)}   ${(r.ms / r.baselineMs).toFixed(1).padStart(10)}   ${mbps.toFixed(1).padStart(5)}\n`,
  );
}
const big = rows.find((r) => r.label === '1 MB');
const mid = rows.find((r) => r.label === '64 KB');
if (big && mid) {
  process.stdout.write(
    `growth 1 MB / 64 KB: ${(big.ms / mid.ms).toFixed(1)} (size ratio 15.6; linear is about that)\n`,
  );
}

// The interpreters: firewall listings far beyond a node's size, and how time grows with them.
(await import('./interpreters.js')).runInterpreterBench();

// The queue: a 500-node sweep and no-op throughput on a real redis-server with worker processes.
await (await import('./queue.js')).runQueueBench();

// The Slack bot: ack latency and time to the threaded reply under load.
await (await import('./slack.js')).runSlackBench();
