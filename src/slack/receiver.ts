/**
 * The Bolt app and its receivers, built here rather than by Bolt:
 * - a payload Bolt's own routing would throw on (a view_submission without `view`, an action
 *   without `user`) never reaches it: HTTP answers 400, Socket Mode acks it (so Slack does not
 *   send it again), and the bot logs it once;
 * - Socket Mode uses the same Web API base URL as everything else (a proxy, or the emulator) and
 *   tries its connection a bounded number of times.
 */
import {
  App,
  type AppOptions,
  HTTPModuleFunctions,
  HTTPReceiver,
  LogLevel,
  type Receiver,
  type ReceiverEvent,
  SocketModeReceiver,
  defaultProcessEventErrorHandler,
} from '@slack/bolt';
import type { SlackSettings } from '../config.js';
import { payloadProblem } from './payloads.js';

export class MalformedPayload extends Error {}

/** Checks each payload's shape before Bolt routes it. */
export class GuardedApp extends App {
  constructor(
    options: AppOptions & { receiver: Receiver },
    private readonly onMalformed: (problem: string) => void,
  ) {
    super(options);
    this.ownReceiver = options.receiver;
  }

  private readonly ownReceiver: Receiver;

  /**
   * Stops, even half-connected: Socket Mode's client, stopped while its WebSocket is still
   * connecting, waits 30 s for a close handshake from a peer that never answered; a second
   * disconnect ends it at once.
   */
  async stopNow(): Promise<void> {
    await this.stop().catch(() => undefined);
    if (this.ownReceiver instanceof SocketModeReceiver) {
      const client = this.ownReceiver.client as unknown as { websocket?: { disconnect(): void } };
      client.websocket?.disconnect();
    }
  }

  override async processEvent(event: ReceiverEvent): Promise<void> {
    const problem = payloadProblem(event.body);
    if (problem) {
      this.onMalformed(problem);
      throw new MalformedPayload(problem);
    }
    return super.processEvent(event);
  }
}

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
      // Acked (true): Slack would only send the same malformed envelope again.
      processEventErrorHandler: async (args) =>
        args.error instanceof MalformedPayload ? true : defaultProcessEventErrorHandler(args),
    });
  }
  return new HTTPReceiver({
    signingSecret: slack.signingSecret ?? '',
    logLevel: LogLevel.ERROR,
    processEventErrorHandler: async (args) => {
      if (!(args.error instanceof MalformedPayload))
        return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
      if (!args.response.headersSent) {
        args.response.writeHead(400, { 'content-type': 'text/plain' });
        args.response.end(`malformed payload: ${args.error.message}`);
      }
      return true;
    },
  });
}
