import type { CurlVerdict } from '../domain/verdicts.js';
import {
  listFixtures,
  listPublicSamples,
  loadFixture,
  loadPublicSample,
} from '../../test/support/fixtures.js';
import { runCommandEnvelope, runCommandJson, withChatter } from '../../test/support/paste.js';
import { interpretCurl } from './curl.js';
import { unwrapRunCommand } from './run-command.js';

interface Case {
  verdict: CurlVerdict['verdict'];
  /** A piece of the evidence line (which must appear in the fixture as printed). */
  evidence: string;
  status?: number;
  /** A piece of some note, when the note is what the user needs. */
  note?: string;
  /** The exit code curl printed (public samples have no meta with the process's own). */
  exitCode?: number;
}

/** Every fixture in test/fixtures/curl, with what a user relies on. */
const EXPECTED: Record<string, Case> = {
  'dns-nxdomain': { verdict: 'dns-failure', evidence: 'Could not resolve host: missing.fx.test' },
  'dns-nxdomain-silent': { verdict: 'dns-failure', evidence: 'Could not resolve host: missing.fx.test' },
  'dns-timeout': { verdict: 'dns-failure', evidence: 'Resolving timed out', note: 'No DNS answer' },
  'http-200': { verdict: 'http-status', evidence: '< HTTP/1.1 200', status: 200 },
  'http-503': { verdict: 'http-status', evidence: '< HTTP/1.1 503', status: 503 },
  'https-200-insecure': { verdict: 'http-status', evidence: '< HTTP/1.1 200', status: 200 },
  // Same summary line for refused, no-route and unreachable: only -v tells them apart.
  // From the fault lab: node-curl-endpoint's telnet:// probe of the external API.
  'lab-external-api-open': { verdict: 'connected', evidence: '* Connected to 198.51.100.50' },
  'lab-egress-firewall-blocks': {
    verdict: 'timeout',
    evidence: 'curl: (28) Failed to connect to 198.51.100.50',
  },
  'lab-endpoint-down': { verdict: 'refused', evidence: 'port 443 failed: Connection refused' },
  'network-unreachable': { verdict: 'unreachable', evidence: 'Network is unreachable' },
  'network-unreachable-silent': { verdict: 'unknown', evidence: "Couldn't connect to server", note: '-v' },
  'no-route-to-host': { verdict: 'unreachable', evidence: 'failed: No route to host' },
  'no-route-to-host-silent': { verdict: 'unknown', evidence: "Couldn't connect to server", note: '-v' },
  refused: { verdict: 'refused', evidence: 'port 81 failed: Connection refused' },
  'refused-silent': { verdict: 'unknown', evidence: "Couldn't connect to server", note: '-v' },
  // The reset raced curl's check that the connect completed: curl calls it a failed connect.
  'reset-during-connect': {
    verdict: 'unknown',
    evidence: 'failed: Connection reset by peer',
    note: 'handshake',
  },
  'telnet-open-10250': { verdict: 'connected', evidence: '* Connected to 198.51.100.10', note: 'exit 28' },
  'telnet-open-reset': { verdict: 'connected', evidence: '* Connected to 198.51.100.10', note: '(56)' },
  'telnet-timeout': { verdict: 'timeout', evidence: 'curl: (28) Connection timed out' },
  timeout: { verdict: 'timeout', evidence: 'curl: (28)' },
  'timeout-max-time': { verdict: 'timeout', evidence: 'curl: (28) Connection timed out' },
  // No -s or -v: the progress meter (its rows redrawn with \r) comes before the summary line.
  'timeout-progress-meter': { verdict: 'timeout', evidence: 'after 2001 ms: Timeout was reached' },
  'refused-progress-meter': { verdict: 'unknown', evidence: "Couldn't connect to server", note: '-v' },
  'timeout-silent': { verdict: 'timeout', evidence: 'Timeout was reached' },
  'tls-self-signed': {
    verdict: 'tls-error',
    evidence: 'curl: (60) SSL certificate problem',
    note: 'TCP connection',
  },
  'tls-self-signed-silent': { verdict: 'tls-error', evidence: 'curl: (60) SSL certificate problem' },
  'tls-wrong-version': { verdict: 'tls-error', evidence: 'curl: (35)', note: 'TCP connection' },
  // No --connect-timeout: the kernel gives up on the unanswered SYN and curl exits 28 with the generic text.
  'kernel-timeout': { verdict: 'timeout', evidence: 'port 9000 failed: Connection timed out' },
  'kernel-timeout-silent': {
    verdict: 'timeout',
    evidence: 'curl: (28) Failed to connect',
    note: 'unanswered',
  },
  'max-time-silent': { verdict: 'timeout', evidence: 'curl: (28) Connection timed out after' },
  // --trace / --trace-ascii: `== Info:` lines and the status line inside the received header's dump.
  'trace-ascii-http-200': { verdict: 'http-status', evidence: '0000: HTTP/1.1 200 OK', status: 200 },
  'trace-http-200': { verdict: 'http-status', evidence: 'HTTP/1.1 200 OK.', status: 200 },
  'trace-ascii-refused': { verdict: 'refused', evidence: '== Info: connect to 198.51.100.10 port 81 failed' },
  'trace-refused': { verdict: 'refused', evidence: 'port 81 failed: Connection refused' },
  'trace-ascii-timeout': { verdict: 'timeout', evidence: 'Timeout was reached' },
  'trace-ascii-time-tls-self-signed': {
    verdict: 'tls-error',
    evidence: 'SSL certificate problem',
    note: 'TCP connection',
  },
  'trace-ascii-dns-nxdomain': { verdict: 'dns-failure', evidence: 'Could not resolve host: missing.fx.test' },
};

/** curl output from public threads (test/fixtures/public/curl). */
const PUBLIC: Record<string, Case> = {
  // A script's own "Error: " in front of curl's line.
  'macos-operation-timed-out': { verdict: 'timeout', evidence: 'port 80: Operation timed out', exitCode: 28 },
  'timeout-was-reached-8x': {
    verdict: 'timeout',
    evidence: 'after 5006 ms: Timeout was reached',
    exitCode: 28,
  },
  // Older curl wrote its error right after the meter's last row, on the same line.
  'progress-meter-then-error': {
    verdict: 'timeout',
    evidence: 'curl: (7) Failed to connect to 1.2.3.4 port 80: Operation timed out',
    exitCode: 7,
  },
};

/** How CI logs and chat hand curl's lines over: each line behind a timestamp, or quoted. */
const PREFIXES: [string, (line: string) => string][] = [
  ['GitHub Actions timestamps', (l) => `2024-01-01T00:00:00.0000000Z ${l}`],
  ['ISO timestamps in milliseconds', (l) => `2024-01-01T00:00:00.000Z ${l}`],
  ['Slack quotes', (l) => `> ${l}`],
  ['HTML-escaped quotes', (l) => `&gt; ${l}`],
];

const prefixed = (text: string, prefix: (line: string) => string): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : prefix(l)))
    .join('\n');

describe('interpretCurl on captured curl output', () => {
  it('has an expectation for every fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(listFixtures('curl'));
  });

  describe.each(listFixtures('curl'))('%s', (name) => {
    const fx = loadFixture('curl', name);
    const c = EXPECTED[name] as Case;

    it('gives the verdict, evidence and fields a user relies on', () => {
      const v = interpretCurl(fx.text);
      expect(v.kind).toBe('curl');
      expect(v.verdict).toBe(c.verdict);
      expect(v.evidence).toContain(c.evidence);
      expect(fx.text).toContain(v.evidence);
      expect(v.evidence).toBe(v.evidence?.trim());
      expect(v.status).toBe(c.status);
      if (c.note) expect(v.notes.join(' ')).toContain(c.note);
      // curl printed `curl: (N)` exactly when it failed, and N is its exit status.
      expect(v.curlExitCode ?? 0).toBe(fx.meta.exitCode);
    });

    it('ignores a prompt and chatter around the output', () => {
      expect(interpretCurl(withChatter(fx))).toEqual(interpretCurl(fx.text));
    });

    it.each(PREFIXES)('reads the same through %s', (_how, prefix) => {
      expect(interpretCurl(prefixed(fx.text, prefix))).toEqual(interpretCurl(fx.text));
    });

    it('unwraps from a run-command envelope to the same stdout and verdict', () => {
      for (const wrapped of [runCommandEnvelope(fx.text), runCommandJson(fx.text)]) {
        const u = unwrapRunCommand(wrapped);
        expect(u.wrapped).toBe(true);
        expect(u.stdout).toBe(fx.text);
        expect(interpretCurl(u.stdout)).toEqual(interpretCurl(fx.text));
      }
    });
  });

  it('reads the reason on Windows curl, whose summary names it', () => {
    // Pasted in the public issue MicrosoftDocs/azure-docs#87454 (Windows curl against an Azure load balancer).
    const v = interpretCurl('curl: (28) Failed to connect to 20.86.236.94 port 80 after 21027 ms: Timed out');
    expect(v.verdict).toBe('timeout');
    expect(v.curlExitCode).toBe(28);
  });

  it('says why when there is nothing to read', () => {
    const v = interpretCurl('');
    expect(v.verdict).toBe('unknown');
    expect(v.evidence).toBeNull();
    expect(v.notes.length).toBeGreaterThan(0);
  });
});

describe('interpretCurl on curl output from public threads', () => {
  it('has an expectation for every sample, each with its source', () => {
    expect(Object.keys(PUBLIC).sort()).toEqual(listPublicSamples('curl'));
    for (const name of listPublicSamples('curl'))
      expect(loadPublicSample('curl', name).meta.source).toMatch(/^https:\/\//);
  });

  it.each(listPublicSamples('curl'))('%s', (name) => {
    const { text } = loadPublicSample('curl', name);
    const c = PUBLIC[name] as Case;
    const v = interpretCurl(text);
    expect(v.verdict).toBe(c.verdict);
    expect(v.evidence).toContain(c.evidence);
    expect(text).toContain(v.evidence);
    expect(v.curlExitCode).toBe(c.exitCode);
  });
});
