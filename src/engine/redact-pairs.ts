/**
 * Secrets written after their name: settings and env lines (`AZURE_CLIENT_SECRET=…`), JSON and
 * YAML fields, forms and query strings, connection strings, HTTP headers, Kubernetes env entries
 * (`name: X_SECRET` then `value: …`), and command-line flags (`--password …`, `az login … -p …`).
 * The name decides whether a value is a secret; the name and everything around the value stay.
 */
import { compactName, secretKindOf, type SecretKind } from './secret-names.js';
import { isPlaceholder, looksLikeCredential, Masker, valueSpan, type ValueSpan } from './secret-values.js';

/**
 * A name, an optional closing quote, and `:` or `=`. The look-behind lets a match start only at
 * the start of a name, so a long word is tried once.
 */
const PAIR = /(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]{0,80})(\\?["']?)([ \t]{0,5}[:=][ \t]{0,20})/g;

/**
 * What every secret name of secret-names.ts contains (`pass` covers password, passwd, passphrase;
 * `sig` covers signature), and a Kubernetes env entry's `name`, whose value names the secret. As
 * compactName drops `_`, `.` and `-`, so do these: `p_w_d` is `pwd`.
 */
const spelled = (word: string): string => word.split('').join('[_.-]*');
const MAY_NAME_SECRET = new RegExp(
  ['pass', 'pwd', 'secret', 'key', 'data', 'sig', 'token', 'assertion', 'auth', 'cookie']
    .map(spelled)
    .join('|'),
  'i',
);
const ENTRY_NAME = new RegExp(`^[_.-]*${spelled('name')}[_.-]*$`, 'i');

/** A flag at the start of a word: `--password`, `-p`, `--client-secret=`. */
const FLAG = /(?<![^\s"'])(--?[A-Za-z][A-Za-z0-9-]{0,40})(=|[ \t]{1,5})/g;

/** Authorization schemes: the scheme stays readable, the credential after it is masked. */
const SCHEMES: Readonly<Record<string, string>> = {
  basic: 'basic-auth',
  bearer: 'bearer-token',
  digest: 'authorization',
  negotiate: 'authorization',
  ntlm: 'authorization',
  sharedkey: 'authorization',
  sharedkeylite: 'authorization',
  sharedaccesssignature: 'authorization',
  token: 'authorization',
  pop: 'authorization',
  signature: 'authorization',
};
const SCHEME = /^([A-Za-z][A-Za-z0-9-]{1,30})[ \t]{1,5}(?=\S)/;

/**
 * A name written as a setting rather than in prose: assigned with `=`, quoted, compound
 * (`client_secret`, `clientSecret`, `client-key-data`) or in capitals (`PASSWORD`).
 */
function writtenAsSetting(name: string, quotedName: boolean, sep: string): boolean {
  return quotedName || sep.includes('=') || /[_.-]/.test(name) || /[A-Z]/.test(name.slice(1));
}

/** `Authorization: Basic …` keeps `Basic`; an unknown scheme is masked whole only when written as a setting. */
function maskAuthorization(text: string, span: ValueSpan, setting: boolean, m: Masker): void {
  const value = text.slice(span.start, span.end);
  const scheme = SCHEME.exec(value);
  const kind = scheme ? SCHEMES[compactName(scheme[1] as string)] : undefined;
  if (scheme && kind) {
    if (!isPlaceholder(value.slice(scheme[0].length))) m.mask(span.start + scheme[0].length, span.end, kind);
  } else if (setting || span.quoted) m.mask(span.start, span.end, 'authorization');
}

/** `name: AZURE_CLIENT_SECRET`: the `value:` that follows (Kubernetes env) holds that secret. */
function envEntryAt(text: string, at: number): { kind: SecretKind; until: number } | null {
  const span = valueSpan(text, at, null);
  if (!span || span.end - span.start > 120) return null;
  const kind = secretKindOf(text.slice(span.start, span.end));
  return kind ? { kind, until: span.end + 200 } : null;
}

/** Masks the values of secret-named settings, fields and headers. */
export function maskPairs(text: string, counts: Record<string, number>): string {
  const m = new Masker(text, counts);
  let envEntry: { kind: SecretKind; until: number } | null = null;
  PAIR.lastIndex = 0;
  for (let hit = PAIR.exec(text); hit; hit = PAIR.exec(text)) {
    const [whole, name = '', quote = '', sep = ''] = hit;
    const valueAt = hit.index + whole.length;
    const entry = envEntry;
    envEntry = null;
    // Most names in a log are ordinary (`pod=`, `"ID":`): ruled out by one test before any other work.
    if (entry === null && !MAY_NAME_SECRET.test(name) && !ENTRY_NAME.test(name)) continue;
    const fromEntry = entry !== null && compactName(name) === 'value' && hit.index <= entry.until;
    // `https://x-access-token:…@host`: a user name in a URL, whose password the URL pass masks.
    const inUrl = text.startsWith('//', hit.index - 2);
    const kind = fromEntry ? entry.kind : inUrl ? null : secretKindOf(name);
    if (!kind) {
      if (compactName(name) === 'name') envEntry = envEntryAt(text, valueAt);
      continue;
    }
    const before = text[hit.index - 1];
    const quotedName = quote !== '' && (before === '"' || before === "'");
    const header = kind === 'authorization' || kind === 'cookie';
    const quoteAround = before === '"' || before === "'" ? before : null;
    const span = valueSpan(text, valueAt, header ? { quote: quotedName ? null : quoteAround } : null);
    if (!span) continue;
    PAIR.lastIndex = span.end;
    const value = text.slice(span.start, span.end);
    if (isPlaceholder(value)) continue;
    // PWD and OLDPWD in an environment dump are directories, not ODBC passwords.
    if (compactName(name).endsWith('pwd') && (value.startsWith('/') || value.startsWith('~'))) continue;
    const setting = fromEntry || writtenAsSetting(name, quotedName, sep);
    if (kind === 'authorization') maskAuthorization(text, span, setting, m);
    else if (setting || span.quoted || looksLikeCredential(value)) m.mask(span.start, span.end, kind);
  }
  return m.done();
}

/** Finds `login` on the line of a flag, moving forward only (flags come in order). */
class LoginLines {
  private lastLogin = -1;
  private nextLogin: number;
  private lastBreak = -1;
  private nextBreak: number;

  constructor(private readonly text: string) {
    this.nextLogin = text.indexOf('login');
    this.nextBreak = text.indexOf('\n');
  }

  before(at: number): boolean {
    while (this.nextLogin !== -1 && this.nextLogin < at) {
      this.lastLogin = this.nextLogin;
      this.nextLogin = this.text.indexOf('login', this.nextLogin + 1);
    }
    while (this.nextBreak !== -1 && this.nextBreak < at) {
      this.lastBreak = this.nextBreak;
      this.nextBreak = this.text.indexOf('\n', this.nextBreak + 1);
    }
    return this.lastLogin > this.lastBreak;
  }
}

const USER_FLAGS = new Set(['u', 'user', 'proxyuser']);
const LOOKS_LIKE_FLAG = /^--?[A-Za-z][A-Za-z-]*$/;

/**
 * Masks the values of secret flags: `--password`, `--client-secret`, `--token`, `--account-key`, …;
 * `-p` on a line that logs in (`az login`, `docker login`), where it is the password and not a port;
 * and the password half of `curl -u user:password`.
 */
export function maskFlags(text: string, counts: Record<string, number>): string {
  const m = new Masker(text, counts);
  const login = new LoginLines(text);
  FLAG.lastIndex = 0;
  for (let hit = FLAG.exec(text); hit; hit = FLAG.exec(text)) {
    const flag = hit[1] as string;
    const name = compactName(flag);
    const kind =
      name === 'p' ? (flag === '-p' && login.before(hit.index) ? 'password' : null) : secretKindOf(name);
    if (!kind && !USER_FLAGS.has(name)) continue;
    const span = valueSpan(text, hit.index + hit[0].length, null);
    if (!span) continue;
    const value = text.slice(span.start, span.end);
    if (isPlaceholder(value) || LOOKS_LIKE_FLAG.test(value)) continue;
    FLAG.lastIndex = span.end;
    if (kind) {
      m.mask(span.start, span.end, kind);
      continue;
    }
    const colon = value.indexOf(':');
    const password = colon < 0 ? '' : value.slice(colon + 1);
    // `-u 1000:1000` is a uid:gid (docker run), not a user and password.
    if (password && !/^\d+$/.test(password) && !isPlaceholder(password))
      m.mask(span.start + colon + 1, span.end, 'password');
  }
  return m.done();
}
