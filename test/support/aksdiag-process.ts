/** Starts `aksdiag <args>` as a process (test/support/aksdiag-main.ts) and follows what it prints. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

export interface AksdiagProcess {
  readonly proc: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in what it printed, once there is one. */
  printed(pattern: RegExp): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

/** `env` replaces the environment (plus PATH), so a test says exactly which settings are set. */
export function spawnAksdiag(args: string[], env: Record<string, string>): AksdiagProcess {
  const proc = spawn(
    process.execPath,
    [
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      join(REPO_ROOT, 'test/support/ts-hooks.mjs'),
      join(REPO_ROOT, 'test/support/aksdiag-main.ts'),
      ...args,
    ],
    { cwd: REPO_ROOT, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const onData = (d: Buffer): void => {
    text += d.toString();
    for (const w of [...waiters]) {
      const m = w.pattern.exec(text);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    output: () => text,
    printed(pattern) {
      const seen = pattern.exec(text);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then(({ code, signal }) => {
          if (!pattern.test(text))
            reject(
              new Error(
                `aksdiag ${args.join(' ')} exited (${code ?? signal}) before printing ${pattern}:\n${text}`,
              ),
            );
        });
      });
    },
    exited,
    kill: (signal) => void proc.kill(signal),
  };
}
