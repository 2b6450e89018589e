import { redact } from './redact.js';

// Secret-shaped values below are made up for the test; none is a real credential.
const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiI2ZGFlNDJmOC00MzY4In0.SGVsbG8tdGhpcy1pcy1ub3QtYS1zaWduYXR1cmU';
const KEY88 = `${'A1b2C3d4E5'.repeat(8)}xyzw01==`.slice(0, 88);

describe('redact', () => {
  it.each([
    ['bearer-token', `Authorization: Bearer ${JWT}`, JWT],
    ['jwt', `token from cache: ${JWT}`, JWT],
    [
      'kubeconfig-secret',
      '    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=',
      'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=',
    ],
    ['kubeconfig-secret', '    token: 0123456789abcdef0123456789abcdef', '0123456789abcdef0123456789abcdef'],
    [
      'connection-string-key',
      `DefaultEndpointsProtocol=https;AccountName=diag;AccountKey=${KEY88};EndpointSuffix=core.windows.net`,
      KEY88,
    ],
    [
      'sas-signature',
      'https://diag.blob.core.windows.net/logs/a.txt?sv=2022-11-02&se=2026-12-01&sp=r&sig=AbCdEf%2B0123456789abcdefXYZ%3D',
      'AbCdEf%2B0123456789abcdefXYZ%3D',
    ],
    [
      'url-credentials',
      'REDIS_URL=rediss://:s3cretPassw0rd@cache.redis.cache.windows.net:6380',
      's3cretPassw0rd',
    ],
    ['password', 'Server=tcp:db;User ID=app;Password=hunter2hunter2;', 'hunter2hunter2'],
    [
      'slack-token',
      'SLACK_BOT_TOKEN=xoxb-1111111111-2222222222-abcdefghijklmnopqrstuvwx',
      'xoxb-1111111111-2222222222',
    ],
    [
      'pem-block',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtest\n-----END RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEAtest',
    ],
  ])('masks %s', (kind, text, secret) => {
    const r = redact(text);
    expect(r.text).not.toContain(secret);
    expect(r.text).toContain(`[REDACTED:${kind}]`);
    expect(r.counts[kind]).toBeGreaterThanOrEqual(1);
  });

  it('masks an unterminated PEM block to the end', () => {
    const r = redact('key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(r.text).toBe('key:\n[REDACTED:pem-block]');
  });

  it('leaves ordinary error text alone', () => {
    const text =
      'failed to fetch anonymous token: unexpected status from GET request to https://x.azurecr.io/oauth2/token?scope=repository%3Amain: 401 Unauthorized\nError from server (Forbidden): pods is forbidden: User "a@b.com" cannot list resource "pods"';
    const r = redact(text);
    expect(r.text).toBe(text);
    expect(r.counts).toEqual({});
  });
});
