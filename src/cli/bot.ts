/**
 * `aksdiag bot` (the Slack bot until SIGTERM) and `aksdiag audit` (the log of every attempt to
 * act from Slack). Without REDIS_URL both use the embedded store under AKSDIAG_DATA_DIR and the
 * bot runs checks itself; with it, the store is Redis and checks go to `aksdiag worker`s.
 */
import { existsSync } from 'node:fs';
import type { TokenCredential } from '@azure/identity';
import { type Command, InvalidArgumentError } from 'commander';
import { type Config, loadConfig } from '../config.js';
import type { CheckRunner } from '../run/runner.js';
import type { AuditRecord, Store } from '../store/types.js';
import { azureCredential } from './credential.js';
import type { CliIo } from './main.js';

/** The checks' runner the settings ask for, and how to let go of it; null without Azure. */
async function botRunner(
  config: Config,
  credential: TokenCredential | null,
): Promise<{ runner: CheckRunner | null; close: () => Promise<void> }> {
  if (!config.azure || !credential) return { runner: null, close: async () => undefined };
  if (config.slack?.checks === 'in-process') {
    const { inProcessRunner } = await import('../run/runner.js');
    return { runner: inProcessRunner(config, credential), close: async () => undefined };
  }
  const { DiagnosisQueue } = await import('../queue/client.js');
  const { queueRunner } = await import('../queue/runner.js');
  const queue = new DiagnosisQueue(config.queue);
  return { runner: queueRunner(queue, config.queue), close: () => queue.close() };
}

const storeReadiness = (store: Store) => async () => {
  try {
    await store.ping();
    return { ok: true, checks: { store: 'ok' } };
  } catch (err) {
    return { ok: false, checks: { store: err instanceof Error ? err.message : String(err) } };
  }
};

async function runBot(io: CliIo): Promise<void> {
  const config = loadConfig(io.env ?? {});
  // Loaded here so that explain and interpret do not load Bolt.
  const { startBot } = await import('../slack/start.js');
  // The credential only when there is a bot to serve and Azure to ask (it starts MSAL machinery).
  const credential = config.azure && config.slack ? await azureCredential(io) : null;
  const { runner, close } = await botRunner(config, credential);
  const { createAzureClients } = await import('../azure/clients.js');
  const { listClusters } = await import('../azure/find-cluster.js');
  const azure = config.azure && credential ? createAzureClients({ credential, ...config.azure }) : null;
  const { createObservability } = await import('../observability/index.js');
  const obs = createObservability(config, { role: 'bot', write: io.stderr });
  const bot = await startBot(config, runner, {
    log: obs.botLog,
    // Fixes are offered only to someone on the approver list, and only when there is one.
    fixer:
      azure && credential && config.slack?.fixApprovers.length
        ? // Fixes are rare and reach for the Kubernetes client (some 50 MB): loaded with the first.
          async (action) =>
            (await import('../run/apply-fix.js')).applyFix(action, { azure, credential, config })
        : null,
    listClusters: azure && config.azure ? () => listClusters(azure, config.azure!.subscriptions) : null,
  }).catch(async (err: unknown) => {
    await Promise.allSettled([close(), obs.stop()]);
    throw err;
  });
  obs.watchBot(bot.app);
  await obs
    .serve(config.store.kind === 'sqlite' ? storeReadiness(bot.store) : undefined)
    .catch(async (err) => {
      await Promise.allSettled([bot.stop(), close(), obs.stop()]);
      throw err;
    });
  obs.logger.info(
    bot.port === null
      ? 'aksdiag bot: connected in Socket Mode'
      : `aksdiag bot: listening on :${bot.port}/slack/events`,
  );
  if (!runner) obs.logger.warn('aksdiag bot: no Azure subscription configured: diagnosing only');
  await new Promise<void>((resolve) => {
    const stop = () => void bot.stop().then(resolve, resolve);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await Promise.allSettled([close(), obs.stop()]);
}

const UNITS: Record<string, number> = { m: 60_000, h: 3600_000, d: 86_400_000 };

/** `30m`, `12h`, `7d` before now, or an ISO 8601 date or time. */
export function parseSince(value: string, now: Date = new Date()): Date {
  const rel = /^(\d{1,6})([mhd])$/.exec(value);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNITS[rel[2]!]!);
  const at = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(at))
    throw new InvalidArgumentError('give a time (2025-06-01, 2025-06-01T08:00Z) or an age (30m, 12h, 7d)');
  return new Date(at);
}

function auditLines(records: AuditRecord[]): string {
  if (records.length === 0) return 'No audit entries.\n';
  return records
    .map(
      (r) =>
        `${r.at}  ${r.who}  ${r.what}  [${r.where}]  ${r.result}${r.diagnosis ? `  (${r.diagnosis})` : ''}\n`,
    )
    .join('');
}

async function showAudit(io: CliIo, opts: { since?: Date; json?: boolean; limit?: number }): Promise<void> {
  const config = loadConfig(io.env ?? {});
  if (config.store.kind === 'sqlite' && !existsSync(config.store.path)) {
    io.stderr(
      `aksdiag: no audit log at ${config.store.path}: the bot has not run with this AKSDIAG_DATA_DIR (or it keeps its state in Redis: set REDIS_URL).\n`,
    );
    if (opts.json) io.stdout('[]\n');
    return;
  }
  const { openStore } = await import('../store/open.js');
  const store = await openStore(config.store, (config.slack?.startupTimeoutMs ?? 30_000) / 3);
  try {
    const records = await store.auditLog({
      ...(opts.since ? { since: opts.since } : {}),
      ...(opts.limit ? { limit: opts.limit } : {}),
    });
    io.stdout(opts.json ? `${JSON.stringify(records, null, 2)}\n` : auditLines(records));
  } finally {
    await store.close();
  }
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!/^\d{1,6}$/.test(value) || n < 1) throw new InvalidArgumentError('give a number from 1 to 999999');
  return n;
}

export function registerBotCommands(cli: Command, io: CliIo): void {
  cli
    .command('bot')
    .description(
      'run the Slack bot (SLACK_BOT_TOKEN, with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET) until SIGTERM',
    )
    .action(() => runBot(io));
  cli
    .command('audit')
    .description(
      'print who tried to act from Slack (run checks, apply fixes, refused attempts), oldest first',
    )
    .option('--since <time>', 'from this time (2025-06-01T08:00Z) or age (30m, 12h, 7d) on', (v) =>
      parseSince(v),
    )
    .option('--limit <n>', 'the newest n entries (default 1000)', parseLimit)
    .option('--json', 'print the entries as JSON')
    .action((opts: { since?: Date; json?: boolean; limit?: number }) => showAudit(io, opts));
}
