/**
 * Starts `aksdiag <command>` (bench/process.ts: the production program) as a process of its own for
 * a benchmark, and waits until its log says it is serving. The log goes nowhere else: at the
 * production level (info) the bot logs every diagnosis, which is part of the load measured.
 * They run with the image's NODE_OPTIONS and its ENTRYPOINT's node flags, as deployed;
 * BENCH_NODE_OPTIONS adds Node flags (--cpu-prof, say) when looking into one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./process.js', import.meta.url));

const dockerfile = (): string => readFileSync(join(process.cwd(), 'Dockerfile'), 'utf8');

/** The image's NODE_OPTIONS (the Dockerfile's ENV; `npm run bench` runs from the repository's root). */
export function imageNodeOptions(): string {
  const m = /NODE_OPTIONS=(?:"([^"]*)"|(\S+))/.exec(dockerfile());
  return m?.[1] ?? m?.[2] ?? '';
}

/** The flags the image's ENTRYPOINT gives node before the program (those NODE_OPTIONS does not take). */
export function imageNodeFlags(): string[] {
  const m = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(dockerfile());
  const argv = m ? (JSON.parse(m[1]!) as string[]) : [];
  const flags: string[] = [];
  for (const a of argv.slice(1)) {
    if (!a.startsWith('-')) break;
    flags.push(a);
  }
  return flags;
}

export interface AksdiagProcess {
  readonly pid: number;
  /** The first log line matching `re` (waits for it; fails if the process ends first). */
  line(re: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then waits for the exit (a worker drains first). */
  stop(): Promise<void>;
}

export async function startAksdiag(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<AksdiagProcess> {
  const child: ChildProcess = spawn(process.execPath, [...imageNodeFlags(), ENTRY, ...args], {
    env: {
      PATH: process.env['PATH'] ?? '',
      AKSDIAG_LOG_LEVEL: 'info',
      AKSDIAG_HEALTH_PORT: '0',
      NODE_OPTIONS: `${imageNodeOptions()} ${process.env['BENCH_NODE_OPTIONS'] ?? ''}`.trim(),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let tail = '';
  let exited: number | null = null;
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    const parts = (tail + chunk).split('\n');
    tail = parts.pop() ?? '';
    // Keep only what a waiter may still ask about: start-up lines and warnings.
    for (const l of parts) if (lines.length < 200 || /"level":(40|50|60)/.test(l)) lines.push(l);
    for (const w of waiters) w();
  });
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code ?? 1;
      for (const w of waiters) w();
      resolve();
    }),
  );
  const p: AksdiagProcess = {
    pid: child.pid!,
    line: (re, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`no log line ${re} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = (): void => {
          const hit = lines.find((l) => re.test(l));
          if (hit) done(null, hit);
          else if (exited !== null)
            done(new Error(`aksdiag ${args.join(' ')} exited (${exited}):\n${lines.slice(-20).join('\n')}`));
        };
        const done = (err: Error | null, line?: string): void => {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) reject(err);
          else resolve(line!);
        };
        waiters.add(check);
        check();
      }),
    async stop() {
      if (exited === null) child.kill('SIGTERM');
      await exit;
    },
  };
  await p.line(ready).catch(async (err: unknown) => {
    await p.stop();
    throw err;
  });
  return p;
}
