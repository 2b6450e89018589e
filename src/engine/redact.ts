/**
 * Masks secrets in pasted text before anything of it is echoed (Slack, terminal, logs, JSON).
 * Every pattern is linear-time; the PEM block scan is done with indexOf, not a regex.
 */

export interface Redacted {
  text: string;
  /** Count of masked values per kind. */
  counts: Record<string, number>;
}

const MARK = (kind: string) => `[REDACTED:${kind}]`;

/** Each rule masks group `keep` ... and replaces the secret; `keep` is the prefix to leave visible. */
interface RedactionRule {
  kind: string;
  pattern: RegExp;
  /** Builds the replacement from the match groups (the secret itself is never in the output). */
  replace: (match: string, ...groups: string[]) => string;
  /** A literal every match contains: when the text lacks it the pattern is not run (keeps 1 MB pastes fast). */
  needs?: string;
}

const RULES: RedactionRule[] = [
  {
    kind: 'bearer-token',
    pattern: /\b(bearer)\s{1,5}[A-Za-z0-9._~+/=-]{8,}/gi,
    replace: (_m, word) => `${word} ${MARK('bearer-token')}`,
  },
  {
    kind: 'jwt',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
    replace: () => MARK('jwt'),
  },
  {
    kind: 'kubeconfig-secret',
    pattern:
      /\b(client-key-data|client-certificate-data|certificate-authority-data|id-token|refresh-token|access-token|token|client-secret|secret|api-?key)(["']?[ \t]{0,5}[:=][ \t]{0,5}["']?)[A-Za-z0-9._~+/=-]{16,}/gi,
    replace: (_m, key, sep) => `${key}${sep}${MARK('kubeconfig-secret')}`,
  },
  {
    kind: 'password',
    pattern: /\b(password|passwd|pwd)(["']?[ \t]{0,5}[:=][ \t]{0,5}["']?)[^\s"',;]{1,256}/gi,
    replace: (_m, key, sep) => `${key}${sep}${MARK('password')}`,
  },
  {
    kind: 'connection-string-key',
    pattern:
      /\b(AccountKey|SharedAccessKey|SharedAccessSignature|PrimaryKey|SecondaryKey)=[^;\s"']{1,2048}/gi,
    replace: (_m, key) => `${key}=${MARK('connection-string-key')}`,
  },
  {
    kind: 'sas-signature',
    pattern: /([?&]sig=)[^&\s"'<>]{1,2048}/gi,
    replace: (_m, key) => `${key}${MARK('sas-signature')}`,
  },
  {
    kind: 'url-credentials',
    pattern: /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{1,20}:\/\/)([^\s:@/]{0,256}):[^\s:@/]{1,256}@/gi,
    replace: (_m, scheme, user) => `${scheme}${user}:${MARK('url-credentials')}@`,
    needs: '@',
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

/** Masks PEM blocks (private keys, certificates). An unterminated block is masked to the end. */
function redactPem(text: string, counts: Record<string, number>): string {
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
  for (const rule of RULES) {
    if (rule.needs && !text.includes(rule.needs)) continue;
    text = text.replace(rule.pattern, (match: string, ...groups: unknown[]) => {
      counts[rule.kind] = (counts[rule.kind] ?? 0) + 1;
      return rule.replace(match, ...(groups.filter((g) => typeof g === 'string') as string[]));
    });
  }
  return { text, counts };
}

/** Every pattern the redactor runs, for the ReDoS test. */
export const REDACTION_PATTERNS: readonly RegExp[] = RULES.map((r) => r.pattern);
