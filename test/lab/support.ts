/**
 * Shared by the lab's end-to-end tests: one lab at a time on the machine (a lock, since Jest runs test
 * files in parallel and every lab uses the same namespace names), and `aksdiag check` run in-process
 * against it with the real SDK clients.
 */
import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createAzureClients } from '../../src/azure/clients.js';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import type { FixAction } from '../../src/engine/fix-action.js';
import { applyFix } from '../../src/run/apply-fix.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { run } from '../../src/lab/sh.js';
import { fakeCredential } from '../emulators/arm/index.js';

const LOCK = '/run/aksdiag-lab-test.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for the machine-wide lab lock (a directory holding the owner's pid); frees a dead owner's. */
export async function acquireLabLock(): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(`${LOCK}/pid`, String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(readFileSync(`${LOCK}/pid`, 'utf8'));
      } catch {
        // being written: wait
      }
      if (Number.isInteger(owner) && !alive(owner)) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Starts a lab under the lock; `stop` stops it and frees the lock. */
export async function labForTests(nodes = 3): Promise<{ lab: Lab; stop: () => Promise<void> }> {
  const release = await acquireLabLock();
  try {
    const lab = await startLab({ nodes, path: process.env['PATH'] ?? '' });
    return {
      lab,
      stop: async () => {
        try {
          await lab.stop();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * One lab for the whole test file (started under the lock; a slow machine may wait for another file's
 * lab), handed to `use`; every fault is cleared after each test, and the lab stopped after the last.
 */
export function useSharedLab(use: (lab: Lab) => void): void {
  let running: { lab: Lab; stop: () => Promise<void> } | null = null;
  beforeAll(async () => {
    running = await labForTests();
    use(running.lab);
  }, 600_000);
  afterEach(() => running?.lab.clearAll(), 60_000);
  afterAll(() => running?.stop(), 60_000);
}

export interface LabReport {
  causes: {
    id: string;
    status: string;
    evidence: { check: string; evidence: string | null }[];
    /** The values the findings filled, which an applied fix uses. */
    values: Record<string, string>;
  }[];
  findings: { check: string; target: string; verdict: string; evidence: string | null; notes: string[] }[];
  kube: { read: string };
}

/** `aksdiag check aks-lab --symptom <s> [args] --json` against the lab. */
export async function checkLab(lab: Lab, symptom: string, args: readonly string[] = []): Promise<LabReport> {
  let out = '';
  let err = '';
  const code = await main(['check', 'aks-lab', '--symptom', symptom, ...args, '--json'], {
    stdin: Readable.from([]),
    stdinIsTTY: true,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { ...lab.env, AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.05' },
    azureCredential: () => fakeCredential,
  });
  if (code !== 0) throw new Error(`aksdiag check exited ${code}: ${err}`);
  return JSON.parse(out) as LabReport;
}

/** Applies a fix to the lab the way the bot does after a person confirms (src/run/apply-fix.ts). */
export async function applyLabFix(lab: Lab, action: FixAction): Promise<string> {
  const config = loadConfig({ ...lab.env, AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.05' });
  const azure = createAzureClients({ credential: fakeCredential, ...config.azure! });
  const done = await applyFix(action, { azure, credential: fakeCredential, config });
  await lab.settled();
  return done;
}

export const statuses = (r: LabReport): Record<string, string> =>
  Object.fromEntries(r.causes.map((c) => [c.id, c.status]));

/** The causes confirmed in a report, sorted. */
export const confirmed = (r: LabReport): string[] =>
  r.causes
    .filter((c) => c.status === 'confirmed')
    .map((c) => c.id)
    .sort();

/** The findings of one check, for a failure message that shows what the tools said. */
export const findingsOf = (r: LabReport, check: string) =>
  r.findings.filter((f) => f.check === check).map((f) => `${f.target}: ${f.verdict} <- ${f.evidence}`);

export interface LabScenario {
  fault: string;
  symptom: string;
  args?: string[];
  /** The check whose findings explain a failure. */
  check: string;
  /**
   * Other causes the same fault also confirms, because the checks cannot tell them apart yet. Listed so the
   * test fails (and the entry goes) when a check learns to.
   */
  alsoConfirmed?: string[];
  /** What the packets do while the fault is on (`true`) and off (`false`), asserted beside the check. */
  packets?: (lab: Lab, broken: boolean) => Promise<void>;
}

/** Inject, check (confirmed, nothing else), clear, check (ruled out). */
export async function provesCause(getLab: () => Lab, s: LabScenario): Promise<void> {
  const l = getLab();
  await l.inject(s.fault);
  const broken = await checkLab(l, s.symptom, s.args);
  const why = findingsOf(broken, s.check).join('\n');
  expect({ [s.fault]: statuses(broken)[s.fault], why }).toEqual({ [s.fault]: 'confirmed', why });
  expect(confirmed(broken)).toEqual([s.fault, ...(s.alsoConfirmed ?? [])].sort());
  await s.packets?.(l, true);
  await l.clear(s.fault);
  const healthy = await checkLab(l, s.symptom, s.args);
  expect({
    [s.fault]: statuses(healthy)[s.fault],
    why: findingsOf(healthy, s.check).join('\n'),
  }).toMatchObject({
    [s.fault]: 'ruled-out',
  });
  expect(confirmed(healthy)).toEqual([]);
  await s.packets?.(l, false);
}

/** Whether a TCP connection from namespace `ns` to host:port opens within two seconds (nc -z). */
export async function reaches(ns: string, host: string, port: number): Promise<boolean> {
  const r = await run(['ip', 'netns', 'exec', ns, 'nc', '-z', '-w', '2', host, String(port)], {
    allowFailure: true,
  });
  return r.code === 0;
}
