/**
 * `aksdiag lab` as an engineer uses it, through the built CLI (dist/, made by `npm run build`, which
 * `npm test` runs first): `eval "$(aksdiag lab up)"`, inject, `aksdiag check` authenticating the ordinary
 * way (DefaultAzureCredential, through the lab's managed identity endpoint), clear, down. Then the promises
 * about the host: `lab down` leaves no namespace, process, /etc/netns entry or lab directory, a crashed lab
 * is cleaned up by the next `lab up` (and by `lab down`), and the host's own iptables, nftables and ufw
 * are exactly as before.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/paths.js';
import { acquireLabLock } from '../lab/support.js';

const exec = promisify(execFile);
const BIN = join(REPO_ROOT, 'dist', 'src', 'cli', 'bin.js');
const LAB_DIR = '/run/aksdiag-lab';

async function aksdiag(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string }> {
  return exec(process.execPath, [BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', ...env },
    timeout: 240_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** `export K='v'` lines, as `eval` would set them. */
function evalExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z_]+)=(?:'((?:[^']|'\\'')*)'|(\S*))$/.exec(line);
    if (m) env[m[1]!] = m[2] !== undefined ? m[2].replace(/'\\''/g, "'") : (m[3] ?? '');
  }
  return env;
}

const sh = async (cmd: string, args: string[]) =>
  (await exec(cmd, args).catch((e: { stdout?: string }) => e)).stdout ?? '';
const counterless = (t: string) => t.replace(/^#.*$/gm, '').replace(/\[\d+:\d+\]/g, '');

/** Everything of the host's own the lab must not change. */
async function hostState(): Promise<Record<string, string>> {
  return {
    iptables: counterless(await sh('iptables-save', [])),
    ip6tables: counterless(await sh('ip6tables-save', [])),
    nft: (await sh('nft', ['list', 'ruleset'])).replace(/counter packets \d+ bytes \d+/g, ''),
    ufw: await sh('ufw', ['status', 'verbose']),
    ufwFiles: await sh('bash', [
      '-c',
      'find /etc/ufw /etc/default/ufw -type f -print0 | sort -z | xargs -0 sha256sum',
    ]),
    etcNetns: existsSync('/etc/netns') ? readdirSync('/etc/netns').sort().join(' ') : '(absent)',
    netns: await sh('ip', ['netns', 'list']),
  };
}

/** What a lab leaves while running and must not after `down`. */
async function labTraces(): Promise<string[]> {
  const traces: string[] = [];
  const netns = await sh('ip', ['netns', 'list']);
  for (const line of netns.split('\n'))
    if (/^(akslab-|aks-nodepool1-)/.test(line)) traces.push(`namespace ${line.split(' ')[0]}`);
  if (existsSync(LAB_DIR)) traces.push(LAB_DIR);
  if (existsSync('/run/aksdiag-lab-netns')) traces.push('/run/aksdiag-lab-netns');
  if (existsSync('/etc/netns'))
    for (const e of readdirSync('/etc/netns')) if (/^(akslab-|aks-)/.test(e)) traces.push(`/etc/netns/${e}`);
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (cmd.includes('lab/daemon.js') || cmd.includes('/run/aksdiag-lab'))
      traces.push(`process ${pid}: ${cmd.slice(0, 120)}`);
  }
  return traces;
}

let release: () => void = () => {};
let before: Record<string, string>;

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first (npm test does)`);
  release = await acquireLabLock();
  // What a crashed earlier run left is the lab's to clean (`down` promises that); the host's own state
  // is measured after it.
  await aksdiag(['lab', 'down']).catch(() => {});
  before = await hostState();
}, 600_000);

afterAll(async () => {
  await aksdiag(['lab', 'down']).catch(() => {});
  release();
}, 120_000);

describe('aksdiag lab, through the built CLI', () => {
  it('up, inject, check (DefaultAzureCredential), clear, down: the cause comes and goes', async () => {
    const up = await aksdiag(['lab', 'up', '--nodes', '2']);
    const env = evalExports(up.stdout);
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'AKSDIAG_SUBSCRIPTIONS',
        'AKSDIAG_ARM_ENDPOINT',
        'AKSDIAG_ARM_CA_FILE',
        'IDENTITY_ENDPOINT',
      ]),
    );
    const injected = await aksdiag(['lab', 'inject', 'iptables-drops-10250', '--node', '1']);
    expect(injected.stdout).toMatch(/^injected iptables-drops-10250 on aks-nodepool1-12345678-vmss000001:/);
    const check = async () => {
      const r = await aksdiag(['check', 'aks-lab', '--symptom', 'tunnel-10250', '--json'], env);
      const report = JSON.parse(r.stdout) as { causes: { id: string; status: string }[] };
      return Object.fromEntries(report.causes.map((c) => [c.id, c.status]));
    };
    expect((await check())['iptables-drops-10250']).toBe('confirmed');
    const status = await aksdiag(['lab', 'status', '--json']);
    expect((JSON.parse(status.stdout) as { faults: { id: string }[] }).faults.map((f) => f.id)).toEqual([
      'iptables-drops-10250',
    ]);
    await aksdiag(['lab', 'clear', 'iptables-drops-10250']);
    expect((await check())['iptables-drops-10250']).toBe('ruled-out');
    const down = await aksdiag(['lab', 'down']);
    expect(down.stdout).toMatch(/no namespaces, processes or \/etc\/netns entries left/);
    expect(await labTraces()).toEqual([]);
    expect(await hostState()).toEqual(before);
  }, 300_000);

  it('a crashed lab (daemon killed) is cleaned up by the next up, and by down', async () => {
    await aksdiag(['lab', 'up', '--nodes', '2']);
    await aksdiag(['lab', 'inject', 'ufw-blocks-10250']);
    const crash = () => {
      const { pid } = JSON.parse(readFileSync(join(LAB_DIR, 'daemon.json'), 'utf8')) as { pid: number };
      process.kill(pid, 'SIGKILL');
    };
    crash();
    expect((await labTraces()).some((t) => t.startsWith('namespace '))).toBe(true);
    await aksdiag(['lab', 'up', '--nodes', '2']);
    const status = JSON.parse((await aksdiag(['lab', 'status', '--json'])).stdout) as { faults: unknown[] };
    expect(status.faults).toEqual([]);
    crash();
    await aksdiag(['lab', 'down']);
    expect(await labTraces()).toEqual([]);
    expect(await hostState()).toEqual(before);
  }, 300_000);

  it('a lab up killed half-way (client and daemon) is cleaned up by down', async () => {
    const up = aksdiag(['lab', 'up', '--nodes', '2']).catch((e: { code: number; stderr: string }) => e);
    // Wait for the first namespace: the daemon is building the lab.
    while (!(await labTraces()).some((t) => t.startsWith('namespace ')))
      await new Promise((r) => setTimeout(r, 50));
    for (const t of await labTraces()) {
      const pid = /^process (\d+):.*lab\/daemon\.js/.exec(t)?.[1];
      if (pid) process.kill(Number(pid), 'SIGKILL');
    }
    expect(await up).toMatchObject({ code: 2, stderr: expect.stringMatching(/The lab did not start/) });
    await aksdiag(['lab', 'down']);
    expect(await labTraces()).toEqual([]);
    expect(await hostState()).toEqual(before);
  }, 300_000);

  it('names what is missing instead of failing obscurely', async () => {
    const r = await aksdiag(['lab', 'status']).catch((e: { stderr: string; code: number }) => e);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/No lab is running.*aksdiag lab up/) });
    const inject = await aksdiag(['lab', 'inject', 'no-such-fault']).catch((e: { stderr: string }) => e);
    expect(inject.stderr).toMatch(/No lab is running/);
  }, 60_000);
});
