/**
 * Runs the `aksdiag` CLI in-process against the ARM emulator the way a user's shell would: the
 * settings in the environment, the emulator's CA in a file named by AKSDIAG_ARM_CA_FILE.
 */
import type { TokenCredential } from '@azure/identity';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { fakeCredential, type ArmEmulator } from '../emulators/arm/index.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(
  arm: Pick<ArmEmulator, 'endpoint' | 'caPem'>,
  subscription: string,
  args: string[],
  options: { env?: Record<string, string>; credential?: TokenCredential } = {},
): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'aksdiag-cli-'));
  try {
    writeFileSync(join(dir, 'ca.pem'), arm.caPem);
    let out = '';
    let err = '';
    const code = await main(args, {
      stdin: Readable.from([]),
      stdinIsTTY: true,
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      env: {
        AKSDIAG_SUBSCRIPTIONS: subscription,
        AKSDIAG_ARM_ENDPOINT: arm.endpoint,
        AKSDIAG_ARM_CA_FILE: join(dir, 'ca.pem'),
        AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.02',
        ...options.env,
      },
      azureCredential: () => options.credential ?? fakeCredential,
    });
    return { code, out, err };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
