/**
 * Metrics and log lines of the Slack bot, from the outside of the Bolt app: a global middleware
 * counts what Slack delivers, the app's error handler counts Slack API errors that reached it, and
 * the bot's own `log(event, fields)` hook becomes structured lines (and counts diagnoses).
 */
import type { App } from '@slack/bolt';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/** The code in @slack/web-api's platform error message: "An API error occurred: invalid_blocks". */
const PLATFORM_ERROR = /An API error occurred: ([a-z_]{1,60})/;

/** Which kind of delivery a Bolt request body is: the event type, `slash_command`, or the interaction type. */
export function deliveryType(body: unknown): string {
  const b = body as { type?: unknown; command?: unknown; event?: { type?: unknown } } | null;
  if (b?.type === 'event_callback' && typeof b.event?.type === 'string') return b.event.type;
  if (typeof b?.command === 'string') return 'slash_command';
  if (typeof b?.type === 'string') return b.type;
  return 'unknown';
}

/** The bot's `log` hook: one structured line per event; `diagnosis` events count the symptom. */
export function botLog(logger: Logger, metrics: Metrics) {
  return (event: string, fields: Record<string, unknown>): void => {
    if (event === 'diagnosis' && typeof fields['symptom'] === 'string') {
      metrics.diagnoses.inc({ symptom: fields['symptom'] });
    }
    const error = typeof fields['error'] === 'string' ? fields['error'] : '';
    const code = PLATFORM_ERROR.exec(error)?.[1];
    if (code) metrics.slackApiErrors.inc({ error: code });
    const level = error || /fail|unavailable/.test(event) ? 'warn' : 'info';
    logger[level]({ event, ...fields }, event);
  };
}

/** Counts deliveries and Slack API errors of a started bot; logs what Bolt's default handler logged. */
export function watchBot(app: App, metrics: Metrics, logger: Logger): void {
  app.use(async ({ body, next }) => {
    metrics.slackEvents.inc({ type: deliveryType(body) });
    await next();
  });
  app.error(async (error) => {
    const e = error as Error & { code?: string; data?: { error?: unknown } };
    // HTTP errors and rate limits were counted from the HTTP answer itself (http-watch.ts).
    if (e.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string') {
      metrics.slackApiErrors.inc({ error: e.data.error });
    } else if (e.code === 'slack_webapi_request_error') {
      metrics.slackApiErrors.inc({ error: 'request_error' });
    }
    logger.error({ event: 'listener-error', code: e.code, err: error }, 'a Slack listener failed');
    // As Bolt's default handler does: the receiver answers Slack with an error.
    throw error;
  });
}
