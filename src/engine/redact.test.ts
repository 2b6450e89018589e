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
    ['token', '    token: 0123456789abcdef0123456789abcdef', '0123456789abcdef0123456789abcdef'],
    [
      'storage-key',
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

  it.each([
    // [kind, text, secret, what stays readable]
    [
      'entra-client-secret',
      'AZURE_CLIENT_SECRET=abc8Q~defghijklmnopqrstuvwxyz012345678',
      'abc8Q~def',
      'AZURE_CLIENT_SECRET=',
    ],
    [
      'client-secret',
      'export ARM_CLIENT_SECRET="p@ss;w0rd with space"',
      'p@ss;w0rd with space',
      'export ARM_CLIENT_SECRET="',
    ],
    [
      'client-secret',
      '{"clientId": "c1", "clientSecret": "x\\"y;z@1", "tenantId": "t1"}',
      'y;z@1',
      '"tenantId": "t1"',
    ],
    ['client-secret', '  clientSecret: Xy12;ab@cd', 'Xy12;ab@cd', 'clientSecret: '],
    [
      'client-secret',
      '- name: AZURE_CLIENT_SECRET\n  value: Zz9;q@w',
      'Zz9;q@w',
      'name: AZURE_CLIENT_SECRET',
    ],
    [
      'client-secret',
      'grant_type=client_credentials&client_secret=Ab%2Fcd%3B12&scope=x',
      'Ab%2Fcd',
      '&scope=x',
    ],
    ['password', 'az login --service-principal -u app1 -p Pw0rd;x@y --tenant t1', 'Pw0rd;x@y', '--tenant t1'],
    ['password', 'az login --service-principal -u app1 --password=Pw0rd;x@y', 'Pw0rd;x@y', '-u app1'],
    ['password', 'Server=db,1433;User ID=app;Password=ab;cd@ef;Encrypt=True;', 'ab;cd@ef', 'Encrypt=True'],
    ['password', 'Driver={ODBC};Pwd={ab;c}}d};Uid=me', 'ab;c}}d', 'Uid=me'],
    ['password', 'cache.redis.cache.windows.net:6380,password=Ab1;c@d,ssl=True', 'Ab1;c@d', 'ssl=True'],
    ['password', 'curl -u admin:P@ss1 https://x.example', 'P@ss1', 'admin:'],
    ['url-credentials', 'rediss://:p@ss;w0rd@cache.example:6380/0', 'p@ss;w0rd', '@cache.example:6380'],
    ['url-credentials', 'postgres://admin:Ab/cd+ef=@db.example:5432/app', 'Ab/cd+ef=', 'db.example:5432'],
    [
      'basic-auth',
      'curl -H "Authorization: Basic dXNlcjpwYXNz" https://x',
      'dXNlcjpwYXNz',
      'Authorization: Basic ',
    ],
    ['access-key', 'x-api-key: abc123def', 'abc123def', 'x-api-key: '],
    [
      'connection-string-key',
      'AccountName=diag;AccountKey=Abc+/def==;EndpointSuffix=x',
      'Abc+/def==',
      'EndpointSuffix=x',
    ],
  ])('masks %s whole and keeps the rest: %s', (kind, text, secret, kept) => {
    const r = redact(text);
    expect(r.text).not.toContain(secret);
    expect(r.text).toContain(kept);
    expect(r.counts).toEqual({ [kind]: 1 });
  });

  it.each([
    'Error: failed to get token: unexpected status 401',
    'Failed to acquire a token: acquiring a new fresh token: waiting',
    'the cause is authorization: the apiserver is not allowed',
    'E0101 kubelet: failed to get secret: secrets "x" not found',
    'docker run -p 8080:80 -u 1000:1000 nginx',
    'https://example.com:8443/x?mail=a@b.com and http://[::1]:8080/y?mail=a@b.com',
    'PWD=/home/azureuser',
    'password: <your-password>, AZURE_CLIENT_SECRET=$SP_SECRET, token: null',
    'Bearer authentication failed',
  ])('leaves prose, ports and placeholders alone: %s', (text) => {
    expect(redact(text)).toEqual({ text, counts: {} });
  });

  it('leaves its own mask as it is when the text is read again, punctuation after it or not', () => {
    const once = redact(
      '(RequestToken: 3de48686-ae6c-412b-abb5-a4cc3870640a, HandlerErrorCode: HelmInstall)',
    );
    expect(once.text).toBe('(RequestToken: [REDACTED:token], HandlerErrorCode: HelmInstall)');
    expect(redact(once.text)).toEqual({ text: once.text, counts: {} });
  });

  it('keeps a bracket pair inside a bare value and leaves the one around the pair', () => {
    expect(redact('(password=Qz8(vN3)kLp)').text).toBe('(password=[REDACTED:password])');
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
