/**
 * Posts to the Bolt app the way Slack does: the exact body signed with the signing secret
 * (`v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`), events as JSON, commands and interactivity as
 * `application/x-www-form-urlencoded`.
 */
import { createHmac } from 'node:crypto';

export interface SignedPost {
  url: string;
  secret: string;
  /** Unix seconds; default now. Older than 5 minutes is refused by Bolt. */
  timestamp?: number;
  retryNum?: number;
  /** Sign with another secret (a forged request). */
  forgeWith?: string;
}

export async function postSigned(
  target: SignedPost,
  body: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
): Promise<{ status: number; text: string }> {
  const ts = target.timestamp ?? Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', target.forgeWith ?? target.secret)
    .update(`v0:${ts}:${body}`)
    .digest('hex')}`;
  const res = await fetch(target.url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sig,
      ...(target.retryNum
        ? { 'x-slack-retry-num': String(target.retryNum), 'x-slack-retry-reason': 'http_timeout' }
        : {}),
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

let seq = 0;

/** An Events API envelope around `event`. */
export function eventEnvelope(event: Record<string, unknown>, eventId = `Ev${Date.now()}${seq++}`): string {
  return JSON.stringify({
    token: 'verification-token-unused',
    team_id: 'TAKSDIAG',
    api_app_id: 'AAKSDIAG',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
}

export function commandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'verification-token-unused',
    team_id: 'TAKSDIAG',
    team_domain: 'lab',
    api_app_id: 'AAKSDIAG',
    response_url: 'http://127.0.0.1:1/unused',
    trigger_id: `trig-${seq++}`,
    user_name: 'oncall',
    channel_name: 'aks-oncall',
    ...fields,
  }).toString();
}

export function actionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
