/**
 * The built `aksdiag` started by the machine's own Node (`/usr/bin/node`: Node 20 here and on CI's
 * fresh machine), as `node dist/src/cli/bin.js ...` or a shebang finding that node first would
 * start it. It must run the program on the project's Node 24 (the `node` package npm ci installs),
 * or, where that is not installed, print one line that says what to do: never a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

const MACHINE_NODE = '/usr/bin/node';
const BIN = join(REPO_ROOT, 'dist', 'src', 'cli', 'bin.js');
/** Two Node start-ups on a busy machine, one of them loading the whole program. */
const SLOW = 120_000;
const TUNNEL =
  'Error from server: Get "https://aks-nodepool1-12345678-vmss00000a:10250/containerLogs/shop/web-1/web": dial tcp 10.224.0.5:10250: i/o timeout\n';

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

const children: ChildProcess[] = [];
let redis: TestRedis | undefined;
let lonely: string | undefined;
/** The machine node's version, without the v. */
let machineVersion = '';

/** Starts `node bin args` with only the settings given, feeding `input` to its stdin. */
function launch(node: string, bin: string, args: string[], settings: Record<string, string> = {}) {
  // Its own process group, so that afterAll can end the launcher and the Node 24 it started at once.
  const child = spawn(node, [bin, ...args], {
    env: { PATH: '/usr/bin:/bin', HOME: tmpdir(), ...settings },
    detached: true,
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ended = new Promise<Ended>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, ended, err: () => err };
}

function run(node: string, bin: string, args: string[], input = ''): Promise<Ended> {
  const { child, ended } = launch(node, bin, args);
  child.stdin.end(input);
  return ended;
}

beforeAll(() => {
  machineVersion = execFileSync(MACHINE_NODE, ['--version'], { encoding: 'utf8' }).trim().slice(1);
  if (Number(machineVersion.split('.')[0]) >= 24)
    throw new Error(`${MACHINE_NODE} is ${machineVersion}: these tests need a machine Node older than 24`);
});

afterAll(async () => {
  for (const c of children)
    if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, 'SIGKILL');
  await redis?.cleanup();
  if (lonely) rmSync(lonely, { recursive: true, force: true });
});

describe("aksdiag started by the machine's older Node", () => {
  it(
    'explains a paste exactly as on Node 24, with nothing on stderr',
    async () => {
      const old = await run(MACHINE_NODE, BIN, ['explain'], TUNNEL);
      const current = await run(process.execPath, BIN, ['explain'], TUNNEL);
      expect(old).toEqual({ code: 0, signal: null, out: current.out, err: '' });
      expect(old.out).toMatch(/^tunnel-10250 {2}\(confidence 0\.\d\d\)/);
    },
    SLOW,
  );

  it(
    'prints --help, and a usage error with its message and exit status 2, as on Node 24',
    async () => {
      const help = await run(MACHINE_NODE, BIN, ['--help']);
      expect([help.code, help.err]).toEqual([0, '']);
      expect(help.out).toMatch(/^Usage: aksdiag /);
      const bad = await run(MACHINE_NODE, BIN, ['interpret', 'tcpdump'], 'x');
      expect(bad).toEqual({ ...(await run(process.execPath, BIN, ['interpret', 'tcpdump'], 'x')), code: 2 });
      expect(bad.err).toMatch(/^error: .*'tcpdump' is invalid/);
    },
    SLOW,
  );

  it(
    'passes SIGTERM on to a worker, which drains and exits 0',
    async () => {
      redis = await startTestRedis();
      const worker = launch(MACHINE_NODE, BIN, ['worker'], {
        REDIS_URL: redis.url,
        AKSDIAG_SUBSCRIPTIONS: '00000000-0000-0000-0000-00000000a11c',
        AKSDIAG_HEALTH_PORT: '0',
        AZURE_TENANT_ID: '00000000-0000-0000-0000-000000000001',
        AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000002',
        AZURE_CLIENT_SECRET: 'not-used-no-check-runs',
      });
      // Serving health means the program runs (on Node 24) behind the launcher.
      await new Promise<void>((resolve, reject) => {
        worker.child.stderr.on('data', () => {
          if (worker.err().includes('"event":"health-server"')) resolve();
        });
        void worker.ended.then((e) => reject(new Error(`worker ended before serving: ${e.err}`)));
      });
      worker.child.kill('SIGTERM');
      const ended = await worker.ended;
      expect([ended.code, ended.signal]).toEqual([0, null]);
      expect(ended.err).toMatch(/drained, exiting/);
    },
    SLOW,
  );
});

describe('aksdiag on an older Node where the project Node 24 is not installed', () => {
  it(
    'says in one line which Node it needs and how to get it, exit 1',
    async () => {
      // The launcher alone, outside the repository: no node_modules/node to hand over to.
      lonely = mkdtempSync(join(tmpdir(), 'aksdiag-launcher-'));
      copyFileSync(BIN, join(lonely, 'bin.js'));
      for (const args of [['--help'], ['explain']]) {
        const r = await run(MACHINE_NODE, join(lonely, 'bin.js'), args, TUNNEL);
        expect(r.code).toBe(1);
        expect(r.out).toBe('');
        const [line, ...rest] = r.err.split('\n');
        expect(rest).toEqual(['']);
        expect(line).toContain(`aksdiag: needs Node.js 24 or later, and this is Node.js ${machineVersion}: `);
        expect(line).toMatch(/install Node\.js 24 .*, or run npm ci in the aksdiag repository/);
      }
    },
    SLOW,
  );
});
