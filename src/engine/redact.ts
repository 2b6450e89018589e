/**
 * Masks secrets in pasted text before anything of it is echoed, stored or logged (Slack, the
 * terminal, JSON, Redis, logs). Passes, in order: PEM blocks; secrets recognised by their own
 * shape wherever they stand (bearer tokens, JWTs, Slack, GitHub and Entra secrets, storage keys);
 * passwords in URLs; secret flags (`--password …`, `az login … -p …`); values after secret names
 * (settings, env lines, JSON, YAML, forms, query strings, connection strings, headers). Only the value
 * is replaced, by `[REDACTED:<kind>]`, so the line around it stays readable. Every pass is
 * linear-time: forward scans and patterns checked by the ReDoS test.
 */
import { maskFlags, maskPairs } from './redact-pairs.js';
import { maskUrlPasswords } from './redact-url.js';
import { MARK } from './secret-values.js';

export interface Redacted {
  text: string;
  /** Count of masked values per kind. */
  counts: Record<string, number>;
}

/** A secret recognised by its shape alone. */
interface RedactionRule {
  kind: string;
  pattern: RegExp;
  /** Builds the replacement from the match groups (the secret never in it); null leaves the match as it is. */
  replace: (match: string, ...groups: string[]) => string | null;
  /** A literal every match contains: when the text lacks it the pattern is not run (keeps 1 MB pastes fast). */
  needs?: string;
}

const RULES: RedactionRule[] = [
  {
    kind: 'bearer-token',
    pattern: /\b(bearer)[ \t]{1,5}([A-Za-z0-9._~+/=-]{8,})/gi,
    // "Bearer authentication" is prose: a token has a digit in it.
    replace: (_m, word, token) => (/\d/.test(token ?? '') ? `${word} ${MARK('bearer-token')}` : null),
  },
  {
    kind: 'jwt',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
    replace: () => MARK('jwt'),
  },
  {
    kind: 'storage-key',
    pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==/g,
    replace: () => MARK('storage-key'),
    needs: '==',
  },
  {
    kind: 'slack-token',
    pattern: /\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{10,}/g,
    replace: () => MARK('slack-token'),
  },
  {
    kind: 'entra-client-secret',
    pattern: /\b[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/g,
    replace: () => MARK('entra-client-secret'),
  },
  { kind: 'github-token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}/g, replace: () => MARK('github-token') },
];

const PEM_BEGIN = '-----BEGIN ';
const PEM_END = '-----END ';

/**
 * Masks PEM blocks (private keys, certificates), the one secret that spans lines. An unterminated
 * block is masked to the end. Cheap (a literal search), so a big paste has them masked whole
 * before any of it is cut to its error lines.
 */
export function redactPem(text: string, counts: Record<string, number> = {}): string {
  let out = '';
  let from = 0;
  for (;;) {
    const begin = text.indexOf(PEM_BEGIN, from);
    if (begin < 0) break;
    const end = text.indexOf(PEM_END, begin + PEM_BEGIN.length);
    const close = end < 0 ? -1 : text.indexOf('-----', end + PEM_END.length);
    const stop = close < 0 ? text.length : close + 5;
    out += text.slice(from, begin) + MARK('pem-block');
    counts['pem-block'] = (counts['pem-block'] ?? 0) + 1;
    from = stop;
  }
  return out + text.slice(from);
}

export function redact(input: string): Redacted {
  const counts: Record<string, number> = {};
  let text = redactPem(input, counts);
  // Shapes first, so a value is labelled by what it is (slack-token, jwt) rather than where it stood.
  for (const rule of RULES) {
    if (rule.needs && !text.includes(rule.needs)) continue;
    text = text.replace(rule.pattern, (match: string, ...groups: unknown[]) => {
      const masked = rule.replace(match, ...(groups.filter((g) => typeof g === 'string') as string[]));
      if (masked === null) return match;
      counts[rule.kind] = (counts[rule.kind] ?? 0) + 1;
      return masked;
    });
  }
  // URLs before names: a password in a URL may hold `name:` or `name=` of its own.
  text = maskUrlPasswords(text, counts);
  text = maskFlags(text, counts);
  text = maskPairs(text, counts);
  return { text, counts };
}

/** The shape patterns, for the ReDoS test (the passes' own patterns are literals it finds itself). */
export const REDACTION_PATTERNS: readonly RegExp[] = RULES.map((r) => r.pattern);
