/**
 * `aksdiag bot`: reads the settings, connects Redis, and starts the Bolt app in Socket Mode
 * (SLACK_APP_TOKEN) or HTTP mode (PORT, /slack/events). Checks run through the given runner; without
 * Azure settings the bot still diagnoses pastes and says which setting live checks need.
 */
import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import type { Config } from '../config.js';
import { AksdiagError, describeError } from '../errors.js';
import { producerConnection, whenReady } from '../queue/connection.js';
import type { CheckRunner } from '../run/runner.js';
import { type BotDeps, createBot } from './bot.js';
import { BotStore } from './store.js';

export interface RunningBot {
  app: App;
  /** The HTTP port in HTTP mode; null in Socket Mode. */
  port: number | null;
  stop(): Promise<void>;
}

export async function startBot(
  config: Config,
  runner: CheckRunner | null,
  extra: Pick<BotDeps, 'log' | 'newId' | 'fixer' | 'listClusters'> = {},
): Promise<RunningBot> {
  const slack = config.slack;
  if (!slack) {
    throw new AksdiagError(
      'config-invalid',
      'SLACK_BOT_TOKEN is not set, so the bot cannot talk to Slack.',
      'Create the app from slack-app-manifest.yaml, install it, and set SLACK_BOT_TOKEN (xoxb-...) with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET.',
    );
  }
  const redis = producerConnection(config.queue.redisUrl);
  // The bot remembers threads and dedupes Slack's retries in Redis: start only once it is there.
  await whenReady(redis, config.queue.redisUrl, 10_000).catch((err: unknown) => {
    redis.disconnect();
    throw err;
  });
  const store = new BotStore(redis, config.queue.prefix);
  const app = createBot({ config, slack, store, runner, ...extra });
  try {
    await app.init();
  } catch (err) {
    redis.disconnect();
    const code = (err as { data?: { error?: string } }).data?.error;
    throw new AksdiagError(
      'config-invalid',
      `Slack refused SLACK_BOT_TOKEN${code ? ` (${code})` : ''}: ${describeError(err)}`,
      'Copy the Bot User OAuth Token (xoxb-...) from OAuth & Permissions after installing the app to the workspace.',
      { cause: err },
    );
  }
  const started = (slack.appToken ? await app.start() : await app.start(slack.port)) as unknown;
  const address = slack.appToken ? null : (started as Server).address();
  return {
    app,
    port: address && typeof address === 'object' ? address.port : null,
    async stop() {
      await app.stop();
      redis.disconnect();
    },
  };
}
