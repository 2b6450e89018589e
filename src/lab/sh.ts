/**
 * Running the lab's commands: `ip`, `iptables`, `ufw`, `dnsmasq` and friends, as argument vectors (never a
 * shell line built from values), with the failing command and its stderr in the error.
 */
import { execFile, spawn } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** A lab command failed: which one, with what it printed. */
export class LabCommandError extends Error {
  override readonly name = 'LabCommandError';
  constructor(
    readonly argv: readonly string[],
    readonly result: RunResult,
  ) {
    super(
      `${argv.join(' ')} exited ${result.code}: ${(result.stderr || result.stdout).trim().slice(0, 600)}`,
    );
  }
}

/** A lab command ran past its time limit and was killed: what it ran and how long it was given. */
export class LabTimeoutError extends Error {
  override readonly name = 'LabTimeoutError';
  constructor(
    readonly argv: readonly string[],
    readonly timeoutMs: number,
    readonly partial: { stdout: string; stderr: string },
  ) {
    const said = (partial.stderr || partial.stdout).trim().slice(-400);
    super(
      `${argv.join(' ')} did not finish within ${timeoutMs / 1000} s and was killed${said ? `; it had printed: ${said}` : ' before printing anything'}`,
    );
  }
}

export interface RunOptions {
  /** Text for the command's stdin. */
  input?: string;
  /** Kill the command after this long (default 60 s). */
  timeoutMs?: number;
  /** Resolve with the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
  env?: Record<string, string>;
}

/**
 * Runs `argv` and collects its output; throws LabCommandError on a non-zero exit unless `allowFailure`,
 * and LabTimeoutError (always) when it had to be killed on its time limit.
 */
export function run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const [file, ...args] = argv;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = execFile(
      file!,
      args,
      {
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        ...(opts.env ? { env: opts.env } : {}),
      },
      (err, stdout, stderr) => {
        // `killed` is set only when Node itself sent the signal, which here means the time limit.
        if (err?.killed) return reject(new LabTimeoutError(argv, timeoutMs, { stdout, stderr }));
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        const result = { stdout, stderr: err && !stderr ? err.message : stderr, code };
        if (code !== 0 && !opts.allowFailure) reject(new LabCommandError(argv, result));
        else resolve(result);
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** `ip netns exec <ns> <argv...>`. */
export function inNs(ns: string, argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(['ip', 'netns', 'exec', ns, ...argv], opts);
}

/** Several commands in one namespace, one after the other. */
export async function inNsAll(ns: string, commands: readonly (readonly string[])[]): Promise<void> {
  for (const c of commands) await inNs(ns, c);
}

/**
 * Starts a long-running process (a listener, dnsmasq) detached from the caller's stdio; output goes to
 * `logFile`. Returns its pid. The lab kills it by pid, and by namespace on cleanup.
 */
export function startProcess(argv: readonly string[], logFd: number, env?: Record<string, string>): number {
  const [file, ...args] = argv;
  const child = spawn(file!, args, {
    stdio: ['ignore', logFd, logFd],
    detached: true,
    ...(env ? { env } : {}),
  });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${argv.join(' ')}`);
  return child.pid;
}
