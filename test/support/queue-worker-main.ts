/**
 * A real aksdiag worker process for the queue tests: the production `runWorkerProcess`, with
 * the emulator's fake credential (DefaultAzureCredential has nothing to log in with here).
 * Settings come from the environment as in production; argv[2] is JSON with test tuning and a
 * node deadline shorter than the setting allows.
 */
import { loadConfig } from '../../src/config.js';
import { runWorkerProcess } from '../../workers/process.js';
import type { WorkerTuning } from '../../workers/worker.js';
import { fakeCredential } from '../emulators/arm/clients.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as { tuning?: WorkerTuning; nodeDeadlineMs?: number };
const config = loadConfig(process.env);
if (opts.nodeDeadlineMs) config.nodeDeadlineMs = opts.nodeDeadlineMs;
const code = await runWorkerProcess(config, { credential: fakeCredential }, opts.tuning ?? {});
process.exit(code);
