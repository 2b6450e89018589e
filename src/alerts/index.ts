/**
 * The alert receiver as the bot starts it: the HTTP listener (server.ts) handing each routed alert
 * group to its thread (threads.ts). See `../../docs` and the README for the settings.
 */
import type { WebClient } from '@slack/web-api';
import type { Bot } from '../slack/context.js';
import { ALERT_PATHS, alertApp, listen } from './server.js';
import type { AlertSettings } from './settings.js';
import { AlertThreads } from './threads.js';

export { ALERT_PATHS } from './server.js';
export type { AlertSettings } from './settings.js';

export interface AlertReceiver {
  readonly port: number;
  /** Stops taking alerts, then waits for those taken to be posted. */
  close(): Promise<void>;
}

export async function startAlertReceiver(
  settings: AlertSettings,
  deps: { bot: Bot; client: WebClient; team: string },
): Promise<AlertReceiver> {
  const threads = new AlertThreads({ ...deps, repostMs: settings.repostMs });
  const app = alertApp(settings, (g, channel) => void threads.enqueue(g, channel), deps.bot.log);
  const listener = await listen(app, settings.port);
  deps.bot.log('alerts-listening', {
    port: listener.port,
    paths: Object.values(ALERT_PATHS),
    auth: [settings.token ? 'bearer' : null, settings.basic ? 'basic' : null].filter(Boolean),
    routes: settings.routes.length,
    defaultChannel: settings.defaultChannel,
  });
  return {
    port: listener.port,
    async close() {
      await listener.close();
      await threads.idle();
    },
  };
}
