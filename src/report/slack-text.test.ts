import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { slackText } from './slack-text.js';

describe('slackText', () => {
  it('makes mentions, channel pings and links inert, as Slack shows them typed', () => {
    expect(slackText('<!channel> <@U123> <https://evil.example|aks-lab> a&b', 200)).toBe(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|aks-lab&gt; a&amp;b',
    );
  });

  it('never returns more than max characters, never a half escape, never a control character', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.integer({ min: 1, max: 300 }),
        (text, max) => {
          const out = slackText(text, max);
          expect(out.length).toBeLessThanOrEqual(max);
          expect(out).not.toMatch(/[<>]/);
          expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
          // eslint-disable-next-line no-control-regex
          expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
        },
      ),
    );
  });

  it('keeps text that fits as it is, and marks a cut', () => {
    expect(slackText('aks-lab', 200)).toBe('aks-lab');
    expect(slackText('x'.repeat(10_000), 20)).toBe(`${'x'.repeat(19)}…`);
    expect(slackText('<<<<<<', 8)).toBe('&lt;…');
  });
});
