/**
 * The pieces every queue test starts: a real redis-server, the ARM emulator with a cluster, the
 * emulator's CA in a file (AKSDIAG_ARM_CA_FILE, as production would point at a proxy's CA), and
 * the settings that put it all together, with a key prefix of its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AzureClientFactory, createAzureClients } from '../../src/azure/clients.js';
import { type Config, loadConfig } from '../../src/config.js';
import {
  type AksLab,
  type ArmEmulator,
  type ArmEmulatorOptions,
  aksCluster,
  fakeCredential,
  startArmEmulator,
} from '../emulators/arm/index.js';
import { tunnelNodes } from './node-answers.js';
import { type TestRedis, startTestRedis } from './redis.js';

export interface QueueLab {
  redis: TestRedis;
  emu: ArmEmulator;
  lab: AksLab;
  prefix: string;
  /** Settings as environment variables (for worker processes). */
  env(extra?: Record<string, string>): Record<string, string>;
  /** The same settings, loaded. */
  config(extra?: Record<string, string>): Config;
  /** SDK clients pointed at the emulator, with fast retries. */
  azure(): AzureClientFactory;
  cleanup(): Promise<void>;
}

export interface QueueLabOptions {
  nodeCount?: number;
  emulator?: ArmEmulatorOptions;
  aof?: boolean;
}

let labs = 0;

export async function startQueueLab(options: QueueLabOptions = {}): Promise<QueueLab> {
  const redis = await startTestRedis({ aof: options.aof ?? false });
  const lab = aksCluster({ nodeCount: options.nodeCount ?? 3 });
  const emu = await startArmEmulator(lab.state, {
    runCommandExecutor: tunnelNodes({ ufwBlocksOn: '1' }),
    ...options.emulator,
  });
  const dir = mkdtempSync(join(tmpdir(), 'aksdiag-queue-'));
  writeFileSync(join(dir, 'ca.pem'), emu.caPem);
  const prefix = `t${process.pid}-${++labs}`;
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    AKSDIAG_SUBSCRIPTIONS: lab.subscriptionId,
    AKSDIAG_ARM_ENDPOINT: emu.endpoint,
    AKSDIAG_ARM_CA_FILE: join(dir, 'ca.pem'),
    AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.02',
    REDIS_URL: redis.url,
    AKSDIAG_QUEUE_PREFIX: prefix,
    // Fast unless a test is about the rate.
    AKSDIAG_RUN_COMMANDS_PER_SECOND: '100',
    ...extra,
  });
  return {
    redis,
    emu,
    lab,
    prefix,
    env,
    config: (extra) => loadConfig(env(extra)),
    azure: () =>
      createAzureClients({
        credential: fakeCredential,
        endpoint: emu.endpoint,
        extraCaPem: emu.caPem,
        retryOptions: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
      }),
    async cleanup() {
      await emu.stop();
      await redis.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { NO_ENTITIES } from '../../src/domain/diagnosis.js';
