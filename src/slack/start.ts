/**
 * `aksdiag bot` as a function: says how it starts (mode, store, checks), opens the store, verifies
 * the bot token, and connects (Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT,
 * /slack/events). Every step that waits on something outside ends within the start-up timeout
 * with an error naming what could not be reached.
 */
import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import type { Config, SlackSettings, StoreSettings } from '../config.js';
import { AksdiagError, describeError } from '../errors.js';
import { redisWhere } from '../queue/connection.js';
import type { CheckRunner } from '../run/runner.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/types.js';
import { createBot } from './bot.js';
import type { BotDeps } from './context.js';
import { verifyBotToken, within } from './identity.js';

export interface RunningBot {
  app: App;
  /** The HTTP port in HTTP mode; null in Socket Mode. */
  port: number | null;
  store: Store;
  stop(): Promise<void>;
}

export type StartOptions = Pick<BotDeps, 'log' | 'newId' | 'fixer' | 'listClusters' | 'now'>;

const describeStore = (s: StoreSettings): string =>
  s.kind === 'redis' ? `Redis at ${redisWhere(s.url)}` : `embedded (${s.path})`;

function slackOf(config: Config): SlackSettings {
  if (config.slack) return config.slack;
  throw new AksdiagError(
    'config-invalid',
    'SLACK_BOT_TOKEN is not set, so the bot cannot talk to Slack.',
    'Create the app from slack-app-manifest.yaml, install it, and set SLACK_BOT_TOKEN (xoxb-...) with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET.',
  );
}

export async function startBot(
  config: Config,
  runner: CheckRunner | null,
  extra: StartOptions = {},
): Promise<RunningBot> {
  const slack = slackOf(config);
  const log = extra.log ?? (() => undefined);
  const mode = slack.appToken ? 'Socket Mode' : `HTTP mode on port ${slack.port}`;
  const checks = runner ? slack.checks : 'off (no Azure subscription)';
  log('starting', { mode, store: describeStore(config.store), checks, timeoutMs: slack.startupTimeoutMs });
  const store = await openStore(config.store, slack.startupTimeoutMs);
  let app: App | null = null;
  try {
    const identity = await verifyBotToken(slack);
    app = createBot({ config, slack, store, runner, ...extra }, identity);
    const started = app;
    const result = await within(
      slack.startupTimeoutMs,
      () => (slack.appToken ? started.start() : started.start(slack.port)) as Promise<unknown>,
      () =>
        slack.appToken
          ? new AksdiagError(
              'slack-unreachable',
              `Socket Mode did not connect within ${slack.startupTimeoutMs / 1000} s: apps.connections.open or the WebSocket it returned could not be reached.`,
              'Check SLACK_APP_TOKEN (xapp-..., scope connections:write) and that this host may open WebSockets to wss-primary.slack.com.',
            )
          : new AksdiagError(
              'slack-unreachable',
              `Could not listen on port ${slack.port} within ${slack.startupTimeoutMs / 1000} s.`,
              'Give PORT a free port.',
            ),
    );
    const address = slack.appToken ? null : (result as Server).address();
    const port = address && typeof address === 'object' ? address.port : null;
    log('started', { mode: slack.appToken ? 'socket' : 'http', port, team: identity.teamId });
    return {
      app,
      port,
      store,
      async stop() {
        await started.stop().catch(() => undefined);
        await store.close();
      },
    };
  } catch (err) {
    await app?.stop().catch(() => undefined);
    await store.close();
    if (err instanceof AksdiagError) throw err;
    throw new AksdiagError('slack-unreachable', `The bot could not start: ${describeError(err)}`, '', {
      cause: err,
    });
  }
}
