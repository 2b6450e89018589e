import { MAX_SCAN_CHARS, flatten, looksBinary, normalize } from './normalize.js';

describe('normalize', () => {
  it('undoes Slack formatting: entities, links, fences, quotes', () => {
    const slack =
      '&gt; ```\n&gt; Error from server: Get <https://aks-x:10250/containerLogs/a/b/c|https://aks-x:10250/…>: dial tcp 10.0.0.4:10250\n&gt; ```';
    expect(normalize(slack).text.trim()).toBe(
      'Error from server: Get https://aks-x:10250/containerLogs/a/b/c: dial tcp 10.0.0.4:10250',
    );
  });

  it('keeps kubectl placeholders such as <none> that are not Slack links', () => {
    expect(normalize('web   <none>   5m').text).toBe('web   <none>   5m');
  });

  it('unescapes a log line pasted from a JSON string, but not Windows paths', () => {
    expect(normalize('"Enable failed: exit status=50\\n[stdout]\\nok\\n"').text).toBe(
      '"Enable failed: exit status=50\n[stdout]\nok\n"',
    );
    const windows = 'C:\\Demo\\nginx>kubectl get pods\nUnable to connect to the server';
    expect(normalize(windows).text).toBe(windows);
  });

  it('unescapes such a line the same whether it is pasted alone or amid other lines', () => {
    const json = '{"msg":"sync failed:\\n  dial tcp 10.0.0.1:443: i/o timeout\\n  retrying"}';
    const lines = Array.from({ length: 20 }, (_, i) => `I1123 03:14:0${i % 10} reconciled cfg-${i}`);
    const alone = normalize(json).text;
    expect(alone).toBe('{"msg":"sync failed:\n  dial tcp 10.0.0.1:443: i/o timeout\n  retrying"}');
    expect(normalize([...lines, json, ...lines].join('\n')).text).toContain(alone);
    // One escape is not enough to tell JSON from a path or a regular expression.
    expect(normalize('grep -E "^a\\nb" file').text).toBe('grep -E "^a\\nb" file');
  });

  it('straightens typographic quotes and drops zero-width spaces', () => {
    expect(normalize('exec user process caused \u201cexec format error\u201d\u200b').text).toBe(
      'exec user process caused "exec format error"',
    );
  });

  it('cuts a huge paste to head and tail and says so', () => {
    const big = 'a'.repeat(MAX_SCAN_CHARS) + 'tail-marker';
    const n = normalize(big);
    expect(n.truncated).toBe(true);
    expect(n.scannedChars).toBeLessThanOrEqual(MAX_SCAN_CHARS + 1);
    expect(n.text.endsWith('tail-marker')).toBe(true);
    expect(n.chars).toBe(big.length);
  });

  it('flattens wrapped lines so a phrase split across lines still reads as one', () => {
    expect(flatten('Failed to\n  allocate address: No available\n  addresses')).toBe(
      'Failed to allocate address: No available addresses',
    );
  });

  it('tells binary from text', () => {
    expect(looksBinary('\u007fELF\u0000\u0001')).toBe(true);
    expect(looksBinary('plain text\twith tabs\r\n')).toBe(false);
  });
});

describe('normalize: Slack autolinks', () => {
  it('turns an autolinked e-mail address back into the address', () => {
    expect(
      normalize('User "<mailto:alice@contoso.com|alice@contoso.com>" cannot list resource "pods"').text,
    ).toBe('User "alice@contoso.com" cannot list resource "pods"');
  });
});

describe("normalize: Terraform's boxed diagnostics", () => {
  it('joins the lines Terraform wrapped, keeping its paragraphs apart', () => {
    const boxed = [
      '╷',
      '│ Error: prometheusrules.monitoring.coreos.com "pod-alerts" is forbidden: User',
      '│ "system:serviceaccount:ci:runner" cannot get resource "prometheusrules" in API',
      '│ group "monitoring.coreos.com" in the namespace "monitoring"',
      '│ ',
      '│   with kubernetes_manifest.alerts,',
      '│   on main.tf line 12, in resource "kubernetes_manifest" "alerts":',
      '╵',
      'Terraform exited with code 1.',
    ].join('\n');
    expect(normalize(boxed).text.split('\n')).toEqual([
      '',
      'Error: prometheusrules.monitoring.coreos.com "pod-alerts" is forbidden: User "system:serviceaccount:ci:runner" cannot get resource "prometheusrules" in API group "monitoring.coreos.com" in the namespace "monitoring"',
      '',
      'with kubernetes_manifest.alerts, on main.tf line 12, in resource "kubernetes_manifest" "alerts":',
      '',
      'Terraform exited with code 1.',
    ]);
  });

  it('leaves text without the box alone', () => {
    const text = 'Error: dial tcp 10.0.0.1:443: i/o timeout\n  on main.tf line 3';
    expect(normalize(text).text).toBe(text);
  });
});
