#!/usr/bin/env node
/**
 * The image's HEALTHCHECK: exits 0 when this container's /healthz answers 200, 1 otherwise. Node
 * itself asks (the slim base image has no curl or wget), on the port the settings give.
 */
import { loadConfig } from '../config.js';
import { describeError } from '../errors.js';
import { HEALTH_PATHS } from './health-server.js';

async function healthy(): Promise<string | null> {
  const port = loadConfig(process.env).observability.healthPort;
  if (port === 0) return 'AKSDIAG_HEALTH_PORT is 0 (a random port): nothing to ask';
  const res = await fetch(`http://127.0.0.1:${port}${HEALTH_PATHS.live}`, {
    signal: AbortSignal.timeout(3000),
  });
  return res.ok ? null : `${HEALTH_PATHS.live} answered ${res.status}`;
}

const problem = await healthy().catch((err: unknown) => describeError(err));
if (problem) process.stderr.write(`aksdiag healthcheck: ${problem}\n`);
process.exitCode = problem ? 1 : 0;
