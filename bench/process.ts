/**
 * A real `aksdiag` process for the benchmarks (`aksdiag worker`, `aksdiag bot`): the production
 * `main()` with the command line and environment it is given, so the process loads exactly what
 * the installed program loads. Only the Azure credential differs: DefaultAzureCredential has
 * nothing to log in with here, and the ARM emulator only wants a bearer token. It is written out
 * here rather than imported from the emulator, whose module would load every Azure SDK client.
 */
import type { TokenCredential } from '@azure/identity';
import { main } from '../src/cli/main.js';

const credential: TokenCredential = {
  getToken: async () => ({ token: 'bench-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};
// Production makes a DefaultAzureCredential when a command needs Azure: its module and the
// credentials it builds are part of what a process holds, so the benchmark makes one too.
const real = async (): Promise<void> => void new (await import('@azure/identity')).DefaultAzureCredential();
const needsAzure = ['worker', 'bot'].includes(process.argv[2] ?? '');
if (needsAzure) await real();

process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdinIsTTY: false,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  azureCredential: () => credential,
});
