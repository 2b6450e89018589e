/**
 * How the bot gets a cluster checked: in this process (no queue), or through the queue's workers.
 * Both take the same input and give the same CheckReport; the bot does not care which.
 */
import type { TokenCredential } from '@azure/identity';
import type { Config } from '../config.js';
import type { Finding } from '../domain/checks.js';
import { type CheckClusterInput, type CheckReport, checkCluster } from './check-cluster.js';

export interface CheckRunner {
  run(
    input: CheckClusterInput,
    onProgress: (done: number, total: number, finding: Finding) => void,
  ): Promise<CheckReport>;
}

export function inProcessRunner(config: Config, credential: TokenCredential): CheckRunner {
  return {
    run: (input, onProgress) => checkCluster(input, { config, credential, onProgress }),
  };
}
