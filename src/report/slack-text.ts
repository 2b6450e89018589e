/**
 * The one rule for text aksdiag did not write itself (a paste, a cluster name typed in Slack, a
 * node's output, an error that quotes either) on its way into Slack mrkdwn: Slack reads `<...>`
 * as a mention, a channel-wide ping (`<!channel>`) or a link, and `&` as the start of an escape,
 * so those three are escaped (Slack shows them as typed); control characters other than newline
 * and tab are dropped; and the result is cut to `max` characters, never inside an escape.
 * Every renderer and listener puts outside text through here, so none can ping or link.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function slackText(text: string, max: number, marker = '…'): string {
  // eslint-disable-next-line no-control-regex -- dropping control characters is the point
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  const pieces: string[] = [];
  let length = 0;
  for (const ch of clean) {
    const piece = ESCAPES[ch] ?? ch;
    if (length + piece.length > max) {
      // Whole characters and whole escapes go until the marker fits: no half `&amp;`, no half emoji.
      while (pieces.length > 0 && length + marker.length > max) length -= pieces.pop()!.length;
      return `${pieces.join('')}${marker}`.slice(0, max);
    }
    pieces.push(piece);
    length += piece.length;
  }
  return pieces.join('');
}

/** Slack's Block Kit text limits, for callers choosing `max`. */
export const TEXT_LIMITS = {
  /** A name (cluster, resource group, node) inside a sentence. */
  name: 200,
  /** One line of evidence. */
  evidence: 300,
  /** A section block's text. */
  section: 3000,
} as const;
