/**
 * The Slack bot: a Bolt app whose listeners turn a paste into a threaded diagnosis, run the checks
 * when asked (the same CheckRunner as the CLI or the queue), and keep one message per run updated
 * with progress and then the verdict. One file per Slack surface under `listeners/`, each with a
 * `register(app, bot)`; the rules they all follow are in `guard.ts`. Every listener acks first.
 */
import { App, LogLevel } from '@slack/bolt';
import { type BotDeps, botOf } from './context.js';
import { answerOnce } from './guard.js';
import * as actions from './listeners/actions.js';
import * as commands from './listeners/commands.js';
import * as messages from './listeners/messages.js';
import * as views from './listeners/views.js';

export type { BotDeps } from './context.js';
export { HELP } from './listeners/commands.js';

export function createBot(deps: BotDeps): App {
  const { slack } = deps;
  const app = new App({
    token: slack.botToken,
    ...(slack.appToken
      ? { socketMode: true, appToken: slack.appToken }
      : { signingSecret: slack.signingSecret ?? '' }),
    ...(slack.apiUrl ? { clientOptions: { slackApiUrl: slack.apiUrl } } : {}),
    logLevel: LogLevel.ERROR,
    // startBot awaits init(): the token is verified (auth.test) before the bot says it is up.
    deferInitialization: true,
  });
  const bot = botOf(deps);
  app.use(answerOnce(bot));
  for (const surface of [messages, commands, actions, views]) surface.register(app, bot);
  return app;
}
