/**
 * Starts real worker processes (test/support/queue-worker-main.ts run by node's own TypeScript
 * support) and tells the test what they print and how they end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { WorkerTuning } from '../../workers/worker.js';
import { REPO_ROOT } from './paths.js';

export interface WorkerProcess {
  readonly name: string;
  readonly proc: ChildProcess;
  /** Everything it wrote to stderr so far. */
  log(): string;
  /** Resolves when a line matching `pattern` has been printed. */
  printed(pattern: RegExp): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

export function spawnWorker(
  env: Record<string, string>,
  options: { tuning?: WorkerTuning; nodeDeadlineMs?: number } = {},
): WorkerProcess {
  const name = options.tuning?.name ?? `w-${Math.random().toString(36).slice(2, 8)}`;
  const args = [
    '--experimental-transform-types',
    '--no-warnings',
    '--import',
    join(REPO_ROOT, 'test/support/ts-hooks.mjs'),
    join(REPO_ROOT, 'test/support/queue-worker-main.ts'),
    JSON.stringify({ ...options, tuning: { ...options.tuning, name } }),
  ];
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (d: Buffer): void => {
    text += d.toString();
    for (const w of [...waiters]) {
      if (w.pattern.test(text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    name,
    proc,
    log: () => text,
    printed: (pattern) =>
      pattern.test(text)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ pattern, resolve });
            void exited.then(({ code, signal }) => {
              if (!pattern.test(text))
                reject(
                  new Error(`worker ${name} exited (${code ?? signal}) before printing ${pattern}:\n${text}`),
                );
            });
          }),
    exited,
    kill: (signal) => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
  };
}
