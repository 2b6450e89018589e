/**
 * Text an attacker (or an unlucky paste) can put in front of the bot, for property tests: Slack
 * markup that pings, mentions or links, pre-escaped markup, formatting characters, control
 * characters, any Unicode, and lengths far past every Block Kit limit. And the check every
 * message the bot sends must pass: no markup came through, and Slack would accept it.
 */
import fc from 'fast-check';
import { blockErrors, viewErrors } from '../emulators/slack/index.js';

const MARKUP = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S0ADMINS>',
  '<@U0ADMIN01>',
  '<#C0SECRET|general>',
  '<https://evil.example|aks-lab>',
  '<mailto:x@evil.example|support>',
  '&lt;!channel&gt;',
  '&amp;',
  '```',
  '*',
  '_',
  '~',
  '>',
  '\n',
  '\u0000',
  '\u001b[31m',
];

/** One piece of hostile text: markup, any string, or a very long run. */
export const hostileText = (maxPieces = 12): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .array(fc.oneof(fc.constantFrom(...MARKUP), fc.string({ unit: 'grapheme', maxLength: 20 })), {
          minLength: 1,
          maxLength: maxPieces,
        })
        .map((xs) => xs.join('')),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...MARKUP), fc.integer({ min: 3000, max: 12_000 }))
        .map(([m, n]) => `${m}${'x'.repeat(n)}${m}`),
    },
  );

/** The mrkdwn (and fallback) texts of a message or modal: what Slack parses for markup. */
export function mrkdwnTexts(args: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof args['text'] === 'string') out.push(args['text']);
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o['type'] === 'mrkdwn' && typeof o['text'] === 'string') out.push(o['text']);
    for (const [k, v] of Object.entries(o)) if (k !== 'metadata') walk(v);
  };
  walk(args['blocks']);
  walk((args['view'] as { blocks?: unknown } | undefined)?.blocks);
  return out;
}

/**
 * Our own mentions are the only markup: of the person acting (`<@U…>` from Slack's signed payload),
 * and, on App Home, of channels and people by the ids Slack gave (`<#C…>`).
 */
const OWN_MENTION = /<@[UW][A-Z0-9]{2,40}>|<#[CGD][A-Z0-9]{2,40}>/g;

/** What is wrong with a message for Slack: markup that came through, or what Slack would refuse. */
export function slackProblems(
  args: Record<string, unknown>,
  where: 'message' | 'modal' | 'home' = 'message',
): string[] {
  const problems = mrkdwnTexts(args)
    .filter((t) => t.replace(OWN_MENTION, '').includes('<'))
    .map((t) => `markup came through: ${t.slice(0, 120)}`);
  const text = args['text'];
  if (typeof text === 'string' && text.length > 40_000) problems.push('text longer than 40,000');
  if (where !== 'message') return [...problems, ...viewErrors(args['view'], where)];
  if (args['blocks'] !== undefined) problems.push(...blockErrors(args['blocks'], where));
  return problems;
}
