#!/usr/bin/env node
/** `node dist/workers/main.js`: a queue worker, configured from the environment like `aksdiag worker`. */
import { DefaultAzureCredential } from '@azure/identity';
import { loadConfig } from '../src/config.js';
import { AksdiagError, describeError } from '../src/errors.js';
import { runWorkerProcess } from './process.js';

let code: number;
try {
  const config = loadConfig(process.env);
  code = await runWorkerProcess(config, { credential: new DefaultAzureCredential() });
} catch (err) {
  process.stderr.write(`aksdiag worker: ${describeError(err)}\n`);
  code = err instanceof AksdiagError && err.code === 'config-invalid' ? 2 : 1;
}
// Drained: idle HTTP keep-alive sockets and the like need not hold the exit.
process.exit(code);
