/**
 * A catalogue message as Slack mrkdwn. The catalogue's own text is escaped (`<cluster>` in a
 * message is shown as typed, never read as a link or a mention), while the values go in as they
 * are given: the caller has already made them safe, outside text through `slackText` and a
 * mention of the person acting as `<@U…>`. Numbers are passed on for plurals.
 */
import type { MessageId, MessageValues, Translator } from '../i18n/messages.js';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARK = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

/** `&`, `<` and `>` of our own text, as mrkdwn writes them. */
export const escapeOwn = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function say(tr: Translator, id: MessageId, values: MessageValues = {}): string {
  const given: string[] = [];
  const masked = Object.fromEntries(
    Object.entries(values).map(([k, v]) =>
      typeof v === 'number' ? [k, v] : [k, `${OPEN}${given.push(v) - 1}${CLOSE}`],
    ),
  );
  return escapeOwn(tr.t(id, masked)).replace(MARK, (_, i: string) => given[Number(i)] ?? '');
}
