/**
 * `aksdiag bot` as a function: says how it starts (mode, store, checks), opens the store, verifies
 * the bot token, and connects (Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT,
 * /slack/events). Every step that waits on something outside ends within the start-up timeout
 * with an error naming what could not be reached.
 */
import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import { ErrorCode } from '@slack/web-api';
import { type AlertReceiver, startAlertReceiver } from '../alerts/index.js';
import type { Config, SlackSettings, StoreSettings } from '../config.js';
import { AksdiagError } from '../errors.js';
import { redisWhere } from '../queue/connection.js';
import type { CheckRunner } from '../run/runner.js';
import { openStore } from '../store/open.js';
import { ResilientStore } from '../store/resilient-store.js';
import type { Store } from '../store/types.js';
import { createBot } from './bot.js';
import { botOf } from './context.js';
import type { GuardedApp } from './receiver.js';
import type { BotDeps } from './context.js';
import { networkReason, verifyBotToken, within } from './identity.js';

export interface RunningBot {
  app: App;
  /** The HTTP port in HTTP mode; null in Socket Mode. */
  port: number | null;
  /** The alert receiver's port (in either mode); null when no alert credential is set. */
  alertsPort: number | null;
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

/** A start-up failure as the user can act on it. */
function startError(err: unknown, slack: SlackSettings): AksdiagError {
  if (err instanceof AksdiagError) return err;
  const code = (err as { code?: string; data?: { error?: string } }).data?.error;
  if (slack.appToken && (err as { code?: string }).code === ErrorCode.PlatformError) {
    return new AksdiagError(
      'config-invalid',
      `Slack refused SLACK_APP_TOKEN (${code ?? 'unknown'}) when opening the Socket Mode connection.`,
      'Create an app-level token (Basic Information → App-Level Tokens) with the connections:write scope, and turn Socket Mode on.',
      { cause: err },
    );
  }
  const where = slack.appToken ? 'Socket Mode' : `HTTP mode on port ${slack.port}`;
  return new AksdiagError(
    'slack-unreachable',
    `The bot could not start in ${where}: ${networkReason(err, slack.startupTimeoutMs / 1000)}.`,
    slack.appToken
      ? 'Check SLACK_APP_TOKEN and that this host may open WebSockets to Slack.'
      : 'Give PORT a free port.',
    { cause: err },
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
  // An outage after start-up is ridden out (see ResilientStore); at start-up it is an error.
  const store = new ResilientStore(await openStore(config.store, slack.startupTimeoutMs), log);
  let app: GuardedApp | null = null;
  let alerts: AlertReceiver | null = null;
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
    // Its own listener in both modes: Socket Mode has no HTTP server to share.
    alerts = config.alerts
      ? await startAlertReceiver(config.alerts, {
          bot: botOf({ config, slack, store, runner, ...extra }),
          client: started.client,
          team: identity.teamId,
        })
      : null;
    const receiver = alerts;
    log('started', { mode: slack.appToken ? 'socket' : 'http', port, team: identity.teamId });
    return {
      app,
      port,
      alertsPort: receiver?.port ?? null,
      store,
      async stop() {
        await receiver?.close();
        await started.stopNow();
        await store.close();
      },
    };
  } catch (err) {
    await alerts?.close();
    await app?.stopNow();
    await store.close();
    throw startError(err, slack);
  }
}
