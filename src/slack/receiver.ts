/**
 * The Bolt receivers, built here rather than by Bolt so that Socket Mode uses the same Web API
 * base URL as everything else (a proxy, or the emulator) and retries its connection a bounded
 * number of times.
 */
import { HTTPReceiver, LogLevel, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { SlackSettings } from '../config.js';

export function receiverFor(slack: SlackSettings): Receiver {
  if (slack.appToken) {
    return new SocketModeReceiver({
      appToken: slack.appToken,
      logLevel: LogLevel.ERROR,
      installerOptions: {
        clientOptions: {
          ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
          // apps.connections.open: a few quick tries, not the client's hundred.
          retryConfig: { retries: 3, factor: 1.5, minTimeout: 200, maxTimeout: 2000 },
        },
      },
    });
  }
  return new HTTPReceiver({ signingSecret: slack.signingSecret ?? '', logLevel: LogLevel.ERROR });
}
