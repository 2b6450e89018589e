/**
 * The Slack bot: a Bolt app whose listeners turn a paste into a threaded diagnosis, run the checks
 * when asked (the same CheckRunner as the CLI or the queue), and keep one message per run updated
 * with progress and then the verdict. One file per Slack surface under `listeners/`, each with a
 * `register(app, bot)`; the rules they all follow are in `guard.ts`. Every listener acks first.
 */
import { LogLevel } from '@slack/bolt';
import { type BotDeps, botOf } from './context.js';
import { answerOnce } from './guard.js';
import type { SlackIdentity } from './identity.js';
import * as actions from './listeners/actions.js';
import * as commands from './listeners/commands.js';
import * as home from './listeners/home.js';
import * as messages from './listeners/messages.js';
import * as shortcuts from './listeners/shortcuts.js';
import * as views from './listeners/views.js';
import { GuardedApp, receiverFor } from './receiver.js';

export type { BotDeps } from './context.js';
export { HELP } from './listeners/commands.js';

/** `identity` comes from start-up's auth.test, so the app itself makes no call before an event. */
export function createBot(deps: BotDeps, identity: SlackIdentity): GuardedApp {
  const { slack } = deps;
  const bot = botOf(deps);
  const app = new GuardedApp(
    {
      token: slack.botToken,
      botId: identity.botId,
      botUserId: identity.botUserId,
      receiver: receiverFor(slack),
      ...(slack.apiUrl ? { clientOptions: { slackApiUrl: slack.apiUrl } } : {}),
      logLevel: LogLevel.ERROR,
    },
    (problem) => bot.log('malformed-payload', { kind: 'payload', problem }),
  );
  app.use(answerOnce(bot));
  for (const surface of [messages, commands, actions, views, shortcuts, home]) surface.register(app, bot);
  return app;
}
