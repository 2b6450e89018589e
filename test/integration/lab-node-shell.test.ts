/**
 * A lab node's commands get exactly the environment the lab declares, whatever the host's shell
 * start-up files do, and a command killed on its time limit is reported as such. Needs root (a
 * mount namespace for the hostile start-up files, and the lab): it fails, never skips, without it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Lab } from '../../src/lab/lab.js';
import { LabTimeoutError, run } from '../../src/lab/sh.js';
import { labForTests } from '../lab/support.js';
import { REPO_ROOT } from '../support/paths.js';

const exec = promisify(execFile);
const NODE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** What a careless host has in its start-up files: output, a PATH of its own, and a wait. */
const HOSTILE_RC = 'echo HOSTILE-RC-RAN\nexport PATH="/hostile/bin:$PATH"\nsleep 600\n';

/**
 * In a private mount namespace: an empty /root holding the hostile .bashrc, and the same file over
 * /etc/bash.bashrc; then the lab's own code runs a command and a script on `node`.
 */
const IN_HOSTILE_HOST = [
  'set -e',
  'rc=$1; shift',
  'mount -t tmpfs aksdiag-test-root /root',
  'cp "$rc" /root/.bashrc',
  'if [ -e /etc/bash.bashrc ]; then mount --bind "$rc" /etc/bash.bashrc; fi',
  'exec "$@"',
].join('\n');

describe('lab nodes ignore the host shell start-up files', () => {
  let running: { lab: Lab; stop: () => Promise<void> } | null = null;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aksdiag-rc-'));
    writeFileSync(join(dir, 'bashrc'), HOSTILE_RC);
    running = await labForTests(2);
  }, 600_000);
  afterAll(async () => {
    await running?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('a .bashrc that prints, changes PATH and sleeps has no effect on a node command or script', async () => {
    const node = running!.lab.world.nodes[0]!.name;
    const { stdout } = await exec(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        '--',
        'sh',
        '-c',
        IN_HOSTILE_HOST,
        'in-hostile-host',
        join(dir, 'bashrc'),
        process.execPath,
        '--experimental-transform-types',
        '--no-warnings',
        '--import',
        join(REPO_ROOT, 'test/support/ts-hooks.mjs'),
        join(REPO_ROOT, 'test/support/node-shell-main.ts'),
        node,
      ],
      { cwd: REPO_ROOT, timeout: 120_000 },
    );
    const r = JSON.parse(stdout) as {
      error?: string;
      command: { stdout: string; stderr: string; code: number };
      script: { stdout: string; stderr: string; code: number };
    };
    expect(r.error).toBeUndefined();
    expect(r.command).toEqual({ stdout: `${NODE_PATH}\n`, stderr: '', code: 0 });
    expect(r.script).toEqual({ stdout: `${NODE_PATH}\nscript-ran\n`, stderr: '', code: 0 });
  }, 180_000);
});

describe('a lab command killed on its time limit', () => {
  it('is reported as a timeout naming the command and the wait, not as an exit status', async () => {
    const err = await run(['sh', '-c', 'echo started; sleep 30'], { timeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LabTimeoutError);
    expect((err as Error).message).toBe(
      'sh -c echo started; sleep 30 did not finish within 0.3 s and was killed; it had printed: started',
    );
  });

  it('is a timeout even when a non-zero exit would be accepted', async () => {
    const err = await run(['sleep', '30'], { timeoutMs: 200, allowFailure: true }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'sleep 30 did not finish within 0.2 s and was killed before printing anything',
    );
  });
});
