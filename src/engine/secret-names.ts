/**
 * Which setting, field, header or flag names hold a secret, and what kind of secret, read from
 * the name alone: `AZURE_CLIENT_SECRET`, `clientSecret`, `client-secret` and `--client-secret`
 * are one name once case and separators are dropped.
 */

export type SecretKind =
  | 'password'
  | 'client-secret'
  | 'token'
  | 'secret'
  | 'access-key'
  | 'connection-string-key'
  | 'kubeconfig-secret'
  | 'sas-signature'
  | 'authorization'
  | 'cookie';

/** Name endings, most specific first: `clientsecret` must win over `secret`. */
const ENDINGS: readonly (readonly [string, SecretKind])[] = [
  ['clientsecret', 'client-secret'],
  ['password', 'password'],
  ['passwd', 'password'],
  ['passphrase', 'password'],
  ['pwd', 'password'],
  ['keydata', 'kubeconfig-secret'],
  ['certificatedata', 'kubeconfig-secret'],
  ['authoritydata', 'kubeconfig-secret'],
  ['accountkey', 'connection-string-key'],
  ['sharedaccesskey', 'connection-string-key'],
  ['sharedaccesssignature', 'connection-string-key'],
  ['primarykey', 'connection-string-key'],
  ['secondarykey', 'connection-string-key'],
  ['apikey', 'access-key'],
  ['accesskey', 'access-key'],
  ['secretkey', 'access-key'],
  ['subscriptionkey', 'access-key'],
  ['functionskey', 'access-key'],
  ['masterkey', 'access-key'],
  ['storagekey', 'access-key'],
  ['signingkey', 'access-key'],
  ['encryptionkey', 'access-key'],
  ['privatekey', 'access-key'],
  ['token', 'token'],
  ['assertion', 'token'],
  ['secret', 'secret'],
];

/** Whole names only: `auth` is a secret in a docker config, `author` is not. */
const EXACT: Readonly<Record<string, SecretKind>> = {
  auth: 'authorization',
  authorization: 'authorization',
  proxyauthorization: 'authorization',
  cookie: 'cookie',
  setcookie: 'cookie',
  sig: 'sas-signature',
};

/** `AZURE_CLIENT_SECRET`, `client-secret`, `clientSecret` → `azureclientsecret`, `clientsecret`. */
export function compactName(name: string): string {
  let out = '';
  for (const ch of name.toLowerCase()) if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out += ch;
  return out;
}

/** The kind of secret a name holds, or null for an ordinary name. */
export function secretKindOf(name: string): SecretKind | null {
  const compact = compactName(name);
  if (compact.length === 0 || compact.length > 80) return null;
  const exact = EXACT[compact];
  if (exact) return exact;
  for (const [ending, kind] of ENDINGS) if (compact.endsWith(ending)) return kind;
  return null;
}
