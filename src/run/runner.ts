/**
 * How the bot gets a cluster checked: in this process (no queue), or through the queue's workers.
 * Both take the same input and give the same CheckReport; the bot does not care which. In-process
 * runs keep the queue's rules: one run-command at a time per VM, AKSDIAG_RUN_COMMANDS_PER_SECOND
 * (after a burst of AKSDIAG_RUN_COMMAND_BURST) per subscription across every run of the process,
 * and AKSDIAG_CHECK_DEADLINE_SECONDS per run.
 */
import type { TokenCredential } from '@azure/identity';
import type { Config } from '../config.js';
import type { Finding } from '../domain/checks.js';
import type { CheckClusterInput, CheckReport } from './check-cluster.js';
import { RunCommandPacer, pacedVmLock } from './pacing.js';

export interface CheckRunner {
  run(
    input: CheckClusterInput,
    onProgress: (done: number, total: number, finding: Finding) => void,
  ): Promise<CheckReport>;
}

export function inProcessRunner(config: Config, credential: TokenCredential): CheckRunner {
  const q = config.queue;
  const lock = pacedVmLock(new RunCommandPacer(q.runCommandsPerSecond, Date.now, q.runCommandBurst));
  return {
    // Loaded with the first check: Azure's and Kubernetes' clients are most of a bot's memory.
    run: async (input, onProgress) =>
      (await import('./check-cluster.js')).checkCluster(input, {
        config,
        credential,
        onProgress,
        lock,
        deadlineAt: Date.now() + config.queue.checkDeadlineMs,
      }),
  };
}
