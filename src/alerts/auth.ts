/**
 * Who may post alerts: what Alertmanager and Azure action groups can send, and nothing else.
 * - `Authorization: Bearer <AKSDIAG_ALERTS_TOKEN>`: Alertmanager's `http_config.authorization`;
 * - `Authorization: Basic` with AKSDIAG_ALERTS_BASIC_AUTH: Alertmanager's `basic_auth`, and an
 *   action group's webhook, whose only way to authenticate is credentials in its URI;
 * - `?token=<AKSDIAG_ALERTS_TOKEN>` on the Azure path only, for an action group whose URI cannot
 *   carry a user and password.
 * Secrets are compared as SHA-256 digests with timingSafeEqual: equal lengths, constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AlertSettings } from './settings.js';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const same = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

function basicOk(encoded: string, basic: NonNullable<AlertSettings['basic']>): boolean {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Both compared whatever the first says, so the time taken does not tell which was wrong.
  const user = same(decoded.slice(0, colon), basic.user);
  const password = same(decoded.slice(colon + 1), basic.password);
  return user && password;
}

export interface Presented {
  authorization: string | undefined;
  /** The `token` query parameter, when the path accepts one. */
  queryToken: string | undefined;
}

export function authorised(p: Presented, s: Pick<AlertSettings, 'token' | 'basic'>): boolean {
  const header = p.authorization?.trim() ?? '';
  const space = header.indexOf(' ');
  const scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';
  const value = space > 0 ? header.slice(space + 1).trim() : '';
  if (scheme === 'bearer' && s.token) return same(value, s.token);
  if (scheme === 'basic' && s.basic) return basicOk(value, s.basic);
  if (!header && p.queryToken !== undefined && s.token) return same(p.queryToken, s.token);
  return false;
}
