/**
 * The real `aksdiag` command line as a process, for tests that need one (`aksdiag bot` runs until
 * SIGTERM): production `main`, with the ARM emulator's fake credential because
 * DefaultAzureCredential has nothing to log in with here. Settings come from the environment.
 */
import { main } from '../../src/cli/main.js';
import { fakeCredential } from '../emulators/arm/clients.js';

process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  azureCredential: () => fakeCredential,
});
