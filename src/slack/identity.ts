/**
 * Who the bot is, asked of Slack once at start-up (auth.test) with a bounded wait and no retries:
 * a wrong token and an unreachable Slack are told apart and named, instead of a silent retry loop.
 */
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { SlackSettings } from '../config.js';
import { AksdiagError, describeError } from '../errors.js';

export interface SlackIdentity {
  botUserId: string;
  botId: string;
  teamId: string;
}

const SLACK_API = 'https://slack.com/api/';

/** `fn()`, or the error `onTimeout` makes once `ms` have passed. */
export async function within<T>(ms: number, fn: () => Promise<T>, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(onTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function verifyBotToken(slack: SlackSettings): Promise<SlackIdentity> {
  const url = slack.apiUrl ?? SLACK_API;
  const seconds = slack.startupTimeoutMs / 1000;
  const client = new WebClient(slack.botToken, {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: { retries: 0 },
    timeout: slack.startupTimeoutMs,
    logLevel: LogLevel.ERROR,
  });
  const unreachable = (why: string, cause?: unknown) =>
    new AksdiagError(
      'slack-unreachable',
      `Slack's Web API at ${url} could not be reached (auth.test): ${why}.`,
      `Check this host's network or proxy to ${url}${slack.apiUrl ? ' and SLACK_API_URL' : ''}.`,
      { cause },
    );
  try {
    const r = await within(
      slack.startupTimeoutMs,
      () => client.auth.test(),
      () => unreachable(`no answer within ${seconds} s`),
    );
    return { botUserId: r.user_id ?? '', botId: r.bot_id ?? '', teamId: r.team_id ?? '' };
  } catch (err) {
    if (err instanceof AksdiagError) throw err;
    const e = err as { code?: string; data?: { error?: string } };
    if (e.code === ErrorCode.PlatformError) {
      throw new AksdiagError(
        'config-invalid',
        `Slack refused SLACK_BOT_TOKEN (${e.data?.error ?? 'unknown'}): ${describeError(err)}`,
        'Copy the Bot User OAuth Token (xoxb-...) from OAuth & Permissions after installing the app to the workspace.',
        { cause: err },
      );
    }
    throw unreachable(networkReason(err, seconds), err);
  }
}

/** What went wrong on the way to Slack, in words: a timeout, or the system's error code. */
export function networkReason(err: unknown, seconds: number): string {
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    const x = e as { name?: unknown; code?: unknown; message?: unknown; original?: unknown; cause?: unknown };
    if (x.name === 'TimeoutError' || /timeout|timed out/i.test(String(x.message ?? '')))
      return `no answer within ${seconds} s`;
    if (typeof x.code === 'string' && /^E[A-Z]{3,}$/.test(x.code))
      return `${x.code} (${String(x.message ?? '').slice(0, 120)})`;
    e = x.original ?? x.cause;
  }
  return describeError(err);
}
