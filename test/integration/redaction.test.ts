/**
 * No secret survives: secrets of every common shape, written the ways people paste them (env
 * lines, JSON, YAML, Kubernetes env entries, forms and query strings, CLI flags, connection
 * strings, URLs, headers, kubeconfig, PEM), are dropped into real pastes from the corpus. Neither
 * redact() nor anything diagnose() returns (and the terminal, JSON and Slack renderings of it, and
 * the log line of it) may hold any 8 characters of the secret; the rest of the paste is unchanged,
 * and the counts say one secret of the expected kind was masked.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { diagnose } from '../../src/engine/diagnose.js';
import { redact } from '../../src/engine/redact.js';
import { createLogger, lineDestination } from '../../src/observability/logger.js';
import { diagnosisMessage, fixMessage } from '../../src/report/slack-blocks.js';
import { renderDiagnosis } from '../../src/report/terminal.js';
import { loadCorpus } from '../support/corpus.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const LETTERS = LOWER + LOWER.toUpperCase();
const DIGITS = '0123456789';
const ALNUM = LETTERS + DIGITS;
/** What people put in passwords, minus what no unquoted value can hold (quotes, spaces, `=`, `#`, `$`). */
const SYMBOLS = ';@!*^~._-+:%,&()';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';

const chars = (set: string, minLength: number, maxLength = minLength) =>
  fc.noBias(fc.string({ unit: fc.constantFrom(...set), minLength, maxLength }));
const joined = (...parts: fc.Arbitrary<string>[]) => fc.tuple(...parts).map((p) => p.join(''));

/** A password: starts with a letter, holds a digit, ends with a letter or digit. */
const password = joined(
  chars(LETTERS, 1),
  chars(ALNUM + SYMBOLS, 6, 30),
  chars(DIGITS, 1),
  chars(ALNUM, 1, 3),
);
const passphrase = joined(password, fc.constant(' '), password);
const entraSecret = joined(chars(ALNUM, 3), chars(DIGITS, 1), fc.constant('Q~'), chars(ALNUM + '_~.-', 34));
const clientSecret = fc.oneof(password, entraSecret);
const storageKey = joined(chars(B64, 86), fc.constant('=='));
const sharedKey = joined(chars(B64, 43), fc.constant('='));
const keyData = joined(chars(B64, 60, 200), fc.constant('='));
const jwt = joined(
  fc.constant('eyJ'),
  chars(B64URL, 10, 40),
  fc.constant('.'),
  chars(B64URL, 10, 80),
  fc.constant('.'),
  chars(B64URL, 10, 60),
);
const opaqueToken = joined(
  chars(ALNUM, 10, 30),
  chars(DIGITS, 1),
  chars(ALNUM + '._-', 10, 40),
  chars(ALNUM, 1),
);
const bearer = fc.oneof(jwt, opaqueToken);
const slackToken = joined(fc.constant('xoxb-'), chars(DIGITS, 10, 12), fc.constant('-'), chars(ALNUM, 24));
const githubToken = joined(fc.constant('ghp_'), chars(ALNUM, 36));
const hex32 = chars('0123456789abcdef', 32);

const APP = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SUB = '9b2a1c3d-0000-4e5f-8a9b-123456789abc';
const enc = encodeURIComponent;

interface Context {
  name: string;
  secret: fc.Arbitrary<string>;
  line: (s: string) => string;
  /** How the secret appears in the text when not as itself (URL-encoded, inside Basic). */
  forms?: (s: string) => string[];
  /** Acceptable labels: where it stood, or what it is. */
  kinds: string[];
  /** Parts of the line that must stay readable. */
  kept: string[];
}

const CONTEXTS: Context[] = [
  {
    name: 'env line',
    secret: clientSecret,
    line: (s) => `AZURE_CLIENT_SECRET=${s}`,
    kinds: ['client-secret', 'entra-client-secret'],
    kept: ['AZURE_CLIENT_SECRET='],
  },
  {
    name: 'export with quotes',
    secret: passphrase,
    line: (s) => `export ARM_CLIENT_SECRET="${s}"`,
    kinds: ['client-secret'],
    kept: ['export ARM_CLIENT_SECRET="'],
  },
  {
    name: 'PowerShell env',
    secret: clientSecret,
    line: (s) => `PS C:\\> $env:AZURE_CLIENT_SECRET = '${s}'`,
    kinds: ['client-secret', 'entra-client-secret'],
    kept: ['$env:AZURE_CLIENT_SECRET = '],
  },
  {
    name: 'docker run -e',
    secret: clientSecret,
    line: (s) =>
      `docker run -e AZURE_CLIENT_ID=${APP} -e AZURE_CLIENT_SECRET=${s} mcr.microsoft.com/azure-cli az login`,
    kinds: ['client-secret', 'entra-client-secret'],
    kept: [`AZURE_CLIENT_ID=${APP}`, 'mcr.microsoft.com/azure-cli az login'],
  },
  {
    name: 'az ad sp create-for-rbac JSON',
    secret: clientSecret,
    line: (s) => `{"appId": "${APP}", "displayName": "aks-sp", "password": "${s}", "tenant": "${TENANT}"}`,
    kinds: ['password', 'entra-client-secret'],
    kept: [`"appId": "${APP}"`, `"tenant": "${TENANT}"`],
  },
  {
    name: 'AZURE_CREDENTIALS JSON',
    secret: clientSecret,
    line: (s) =>
      `AZURE_CREDENTIALS={"clientId":"${APP}","clientSecret":"${s}","subscriptionId":"${SUB}","tenantId":"${TENANT}"}`,
    kinds: ['client-secret', 'entra-client-secret'],
    kept: [`"subscriptionId":"${SUB}"`],
  },
  {
    name: 'escaped JSON in a log line',
    secret: clientSecret,
    line: (s) =>
      `{"level":"error","msg":"token request failed: {\\"clientSecret\\":\\"${s}\\",\\"tenantId\\":\\"${TENANT}\\"}"}`,
    kinds: ['client-secret', 'entra-client-secret'],
    kept: ['"level":"error"', TENANT],
  },
  {
    name: 'YAML camelCase',
    secret: clientSecret,
    line: (s) => `  clientSecret: ${s}`,
    kinds: ['client-secret', 'entra-client-secret'],
    kept: ['clientSecret: '],
  },
  {
    name: 'YAML password',
    secret: password,
    line: (s) => `stringData:\n  username: app\n  password: ${s}`,
    kinds: ['password'],
    kept: ['username: app', 'password: '],
  },
  {
    name: 'Kubernetes env entry (YAML)',
    secret: clientSecret,
    line: (s) => `        - name: AZURE_CLIENT_SECRET\n          value: ${s}`,
    kinds: ['client-secret', 'entra-client-secret'],
    kept: ['- name: AZURE_CLIENT_SECRET', 'value: '],
  },
  {
    name: 'Kubernetes env entry (JSON)',
    secret: password,
    line: (s) => `"env":[{"name":"SQL_PASSWORD","value":"${s}"},{"name":"SQL_USER","value":"app"}]`,
    kinds: ['password'],
    kept: ['{"name":"SQL_USER","value":"app"}'],
  },
  {
    name: 'token request form',
    secret: clientSecret,
    line: (s) =>
      `client_id=${APP}&client_secret=${enc(s)}&grant_type=client_credentials&scope=https%3A%2F%2Fmanagement.azure.com%2F.default`,
    forms: (s) => [enc(s)],
    kinds: ['client-secret', 'entra-client-secret'],
    kept: [`client_id=${APP}`, '&grant_type=client_credentials'],
  },
  {
    name: 'query string',
    secret: clientSecret,
    line: (s) =>
      `GET https://login.microsoftonline.com/${TENANT}/oauth2/token?client_id=${APP}&client_secret=${enc(s)}&resource=https%3A%2F%2Fmanagement.azure.com%2F HTTP/1.1`,
    forms: (s) => [enc(s)],
    kinds: ['client-secret', 'entra-client-secret'],
    kept: [`/oauth2/token?client_id=${APP}`, 'HTTP/1.1'],
  },
  {
    name: 'az login -p',
    secret: clientSecret,
    line: (s) => `$ az login --service-principal -u ${APP} -p ${s} --tenant ${TENANT}`,
    kinds: ['password', 'entra-client-secret'],
    kept: [`-u ${APP} -p `, `--tenant ${TENANT}`],
  },
  {
    name: 'az login --password=',
    secret: clientSecret,
    line: (s) =>
      `az login --service-principal --username ${APP} --password=${s} --tenant contoso.onmicrosoft.com`,
    kinds: ['password', 'entra-client-secret'],
    kept: ['--password=', '--tenant contoso.onmicrosoft.com'],
  },
  {
    name: 'az --client-secret',
    secret: passphrase,
    line: (s) =>
      `az aks update-credentials -g rg1 -n aks1 --reset-service-principal --service-principal ${APP} --client-secret "${s}"`,
    kinds: ['client-secret'],
    kept: [`--service-principal ${APP} --client-secret "`],
  },
  {
    name: 'docker login -p',
    secret: password,
    line: (s) => `docker login aksdiagacr.azurecr.io -u ${APP} -p ${s}`,
    kinds: ['password'],
    kept: [`aksdiagacr.azurecr.io -u ${APP} -p `],
  },
  {
    name: 'ADO.NET connection string',
    secret: password,
    line: (s) =>
      `Server=tcp:aksdiag.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=${s};Encrypt=True;Connection Timeout=30;`,
    kinds: ['password'],
    kept: ['User ID=app;Password=', ';Encrypt=True;Connection Timeout=30;'],
  },
  {
    name: 'quoted connection-string password',
    secret: passphrase,
    line: (s) => `Server=db;Database=orders;User Id=app;Password="${s}";`,
    kinds: ['password'],
    kept: ['User Id=app;Password="'],
  },
  {
    name: 'storage connection string',
    secret: storageKey,
    line: (s) =>
      `DefaultEndpointsProtocol=https;AccountName=aksdiagdiag;AccountKey=${s};EndpointSuffix=core.windows.net`,
    kinds: ['storage-key', 'connection-string-key'],
    kept: ['AccountName=aksdiagdiag;AccountKey=', ';EndpointSuffix=core.windows.net'],
  },
  {
    name: 'Service Bus connection string',
    secret: sharedKey,
    line: (s) =>
      `Endpoint=sb://aksdiag.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${s}`,
    kinds: ['connection-string-key'],
    kept: ['SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey='],
  },
  {
    name: 'Redis URL',
    secret: password,
    line: (s) => `REDIS_URL=rediss://:${s}@aksdiag.redis.cache.windows.net:6380/0`,
    kinds: ['url-credentials'],
    kept: ['REDIS_URL=rediss://:', '@aksdiag.redis.cache.windows.net:6380/0'],
  },
  {
    name: 'database URL in an error',
    secret: password,
    line: (s) => `Error: connect ECONNREFUSED postgres://app:${s}@10.224.0.7:5432/orders`,
    kinds: ['url-credentials'],
    kept: ['Error: connect ECONNREFUSED postgres://app:', '@10.224.0.7:5432/orders'],
  },
  {
    name: 'StackExchange.Redis configuration',
    secret: password,
    line: (s) => `aksdiag.redis.cache.windows.net:6380,password=${s},ssl=True,abortConnect=False`,
    kinds: ['password'],
    kept: ['aksdiag.redis.cache.windows.net:6380,password=', ',ssl=True,abortConnect=False'],
  },
  {
    name: 'Authorization: Basic (curl -v)',
    secret: password,
    line: (s) => `> GET /api HTTP/1.1\n> Host: aksdiag.example\n> Authorization: Basic ${btoa(`admin:${s}`)}`,
    forms: (s) => [btoa(`admin:${s}`)],
    kinds: ['basic-auth'],
    kept: ['> Host: aksdiag.example', '> Authorization: Basic '],
  },
  {
    name: 'Authorization: Bearer (curl -H)',
    secret: bearer,
    line: (s) => `curl -sS -H "Authorization: Bearer ${s}" https://aksdiag.example/api/v1/pods`,
    kinds: ['bearer-token', 'jwt'],
    kept: ['curl -sS -H "Authorization: Bearer ', '" https://aksdiag.example/api/v1/pods'],
  },
  {
    name: 'API key header',
    secret: hex32,
    line: (s) => `Ocp-Apim-Subscription-Key: ${s}`,
    kinds: ['access-key'],
    kept: ['Ocp-Apim-Subscription-Key: '],
  },
  {
    name: 'curl -u',
    secret: password,
    line: (s) => `curl -u admin:${s} https://aksdiag.example/api`,
    kinds: ['password'],
    kept: ['curl -u admin:', ' https://aksdiag.example/api'],
  },
  {
    name: 'kubeconfig token',
    secret: bearer,
    line: (s) => `users:\n- name: clusterUser_rg1_aks1\n  user:\n    token: ${s}`,
    kinds: ['token', 'jwt'],
    kept: ['- name: clusterUser_rg1_aks1', 'token: '],
  },
  {
    name: 'kubeconfig client-key-data',
    secret: keyData,
    line: (s) => `    client-key-data: ${s}`,
    kinds: ['kubeconfig-secret'],
    kept: ['client-key-data: '],
  },
  {
    name: 'kubectl --from-literal',
    secret: password,
    line: (s) => `kubectl create secret generic db --from-literal=username=app --from-literal=password=${s}`,
    kinds: ['password'],
    kept: ['--from-literal=username=app --from-literal=password='],
  },
  {
    name: 'helm --set',
    secret: password,
    line: (s) =>
      `helm upgrade --install redis bitnami/redis --set auth.password=${s} --set architecture=standalone`,
    kinds: ['password'],
    kept: ['--set auth.password=', ' --set architecture=standalone'],
  },
  {
    name: 'a JWT in a log line',
    secret: jwt,
    line: (s) => `E0612 10:20:30.123456 1 auth.go:88] token ${s} was rejected by the API server`,
    kinds: ['jwt'],
    kept: ['auth.go:88] token ', ' was rejected by the API server'],
  },
  {
    name: 'Slack token',
    secret: slackToken,
    line: (s) => `SLACK_BOT_TOKEN=${s}`,
    kinds: ['slack-token'],
    kept: ['SLACK_BOT_TOKEN='],
  },
  {
    name: 'GitHub token in a clone URL',
    secret: githubToken,
    line: (s) => `fatal: unable to access 'https://x-access-token:${s}@github.com/org/repo.git/': timed out`,
    kinds: ['github-token', 'url-credentials'],
    kept: ["fatal: unable to access 'https://x-access-token:", '@github.com/org/repo.git/'],
  },
  {
    name: 'SAS URL',
    secret: sharedKey,
    line: (s) =>
      `GET https://aksdiag.blob.core.windows.net/logs/kubelet.log?sv=2022-11-02&se=2030-01-01&sr=b&sp=r&sig=${enc(s)} 403`,
    forms: (s) => [enc(s)],
    kinds: ['sas-signature'],
    kept: ['/logs/kubelet.log?sv=2022-11-02&se=2030-01-01&sr=b&sp=r&sig='],
  },
  {
    name: 'PEM private key',
    secret: keyData,
    line: (s) => `apiserver.key:\n-----BEGIN RSA PRIVATE KEY-----\n${s}\n-----END RSA PRIVATE KEY-----\nmore`,
    kinds: ['pem-block'],
    kept: ['apiserver.key:\n', '\nmore'],
  },
];

/** Real pastes to hide the secret in (any of them, first to last). */
const PASTES = loadCorpus().map((i) => i.text);

/** Any 8 characters of a secret (in any form it was written) found in `output`, else null. */
function leak(output: string, forms: string[]): string | null {
  for (const form of forms) {
    if (form.length <= 8) {
      if (output.includes(form)) return form;
      continue;
    }
    for (let i = 0; i + 8 <= form.length; i++)
      if (output.includes(form.slice(i, i + 8))) return form.slice(i, i + 8);
  }
  return null;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** A secret in a context, put between two parts of a real paste cut at a line. */
const scenario = fc
  .record({
    context: fc.constantFrom(...CONTEXTS),
    paste: fc.integer({ min: 0, max: PASTES.length - 1 }).map((i) => PASTES[i] as string),
    cut: fc.nat(),
  })
  .chain(({ context, paste, cut }) =>
    context.secret.map((secret) => {
      const lines = paste.split('\n');
      const at = cut % (lines.length + 1);
      const before = lines.slice(0, at).join('\n');
      const after = lines.slice(at).join('\n');
      const line = context.line(secret);
      const text = [before, line, after].join('\n');
      const forms = [secret, ...(context.forms?.(secret) ?? [])];
      // Plain data only, so a counterexample prints readably.
      const { name, kinds, kept } = context;
      return { name, kinds, kept, secret, before, line, after, text, forms };
    }),
  );

describe('secrets never survive', () => {
  it('redact() masks the secret whole, counts it once with its kind, and leaves the rest as it was', () => {
    fc.assert(
      fc.property(scenario, ({ kinds, kept, before, line, after, text, forms }) => {
        const r = redact(text);
        expect(leak(r.text, forms)).toBeNull();
        // Everything around the secret's line is what it was on its own (line by line), and readable.
        const alone = [redact(before).text, redact(line).text, redact(after).text].join('\n');
        expect(r.text).toBe(alone);
        for (const part of kept) expect(r.text).toContain(part);
        // One secret added, one counted, under a label that says what it is or where it stood.
        const own = redact(line);
        expect(total(own.counts)).toBe(1);
        expect(kinds).toContain(Object.keys(own.counts)[0]);
        expect(total(r.counts)).toBe(total(redact(before).counts) + 1 + total(redact(after).counts));
        // Masked text is left as it is: the counts stay those of the paste, not of the masks.
        expect(redact(r.text)).toEqual({ text: r.text, counts: {} });
      }),
      { numRuns: 600 },
    );
  });

  it('nothing diagnose() returns, renders or logs holds the secret', () => {
    const logged: string[] = [];
    const logger = createLogger({
      role: 'bot',
      level: 'info',
      destination: lineDestination((l) => logged.push(l)),
    });
    fc.assert(
      fc.property(scenario, ({ text, forms }) => {
        const d = diagnose(text);
        expect(total(d.input.redactions)).toBeGreaterThanOrEqual(1);
        logged.length = 0;
        logger.info({ paste: text, diagnosis: 'd-test' }, `received paste: ${text}`);
        const slack = JSON.stringify([
          diagnosisMessage(d, 'd-test', { kind: 'pick' }),
          fixMessage(d, 'd-test'),
        ]);
        const outputs = {
          json: JSON.stringify(d),
          terminal: renderDiagnosis(d),
          // Slack text is mrkdwn-escaped: read it back as the user sees it.
          slack: slack.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
          log: logged.join(''),
        };
        for (const [where, output] of Object.entries(outputs))
          expect({ where, leaked: leak(output, forms) }).toEqual({ where, leaked: null });
      }),
      { numRuns: 200 },
    );
  });
});

describe('secrets in a big log', () => {
  // Above 64,000 characters only the lines around an error are read, and only those are redacted
  // line by line (PEM blocks first, over the whole text): a secret at any distance from the error
  // line, in any context, either falls outside what is read or is masked in it.
  const noise = (n: number, seed: number) =>
    Array.from(
      { length: n },
      (_, i) =>
        `I1123 03:14:${String((i + seed) % 60).padStart(2, '0')}.123456    1867 kubelet.go:2183] "SyncLoop (PLEG): event for pod" pod="default/web-${(i * 7919 + seed) % 100000}"`,
    ).join('\n');
  const bigScenario = fc
    .record({
      context: fc.constantFrom(...CONTEXTS),
      gap: fc.integer({ min: 0, max: 30 }),
      secretFirst: fc.boolean(),
      seed: fc.nat(1000),
    })
    .chain(({ context, gap, secretFirst, seed }) =>
      context.secret.map((secret) => {
        const error =
          'Error from server: Get "https://10.224.0.5:10250/containerLogs/default/web-1/web": dial tcp 10.224.0.5:10250: i/o timeout';
        const between = noise(gap, seed + 1);
        const middle = secretFirst
          ? [context.line(secret), between, error]
          : [error, between, context.line(secret)];
        const text = [noise(450, seed), ...middle.filter((x) => x !== ''), noise(450, seed + 2)].join('\n');
        return {
          name: context.name,
          gap,
          secretFirst,
          text,
          forms: [secret, ...(context.forms?.(secret) ?? [])],
        };
      }),
    );

  it('nothing diagnose() returns or renders holds the secret', () => {
    fc.assert(
      fc.property(bigScenario, ({ text, forms }) => {
        expect(text.length).toBeGreaterThan(64_000);
        const d = diagnose(text);
        expect(d.symptom).toBe('tunnel-10250');
        const outputs = {
          json: JSON.stringify(d),
          terminal: renderDiagnosis(d),
          slack: JSON.stringify([diagnosisMessage(d, 'd-test', { kind: 'pick' }), fixMessage(d, 'd-test')]),
        };
        for (const [where, output] of Object.entries(outputs))
          expect({ where, leaked: leak(output, forms) }).toEqual({ where, leaked: null });
      }),
      { numRuns: 150 },
    );
  });
});
