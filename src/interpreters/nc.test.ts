import type { InterpretOptions, NcVerdict } from '../domain/verdicts.js';
import {
  listFixtures,
  listPublicSamples,
  loadFixture,
  loadPublicSample,
} from '../../test/support/fixtures.js';
import {
  outputLines,
  runCommandEnvelope,
  runCommandJson,
  withChatter,
  withMarkers,
} from '../../test/support/paste.js';
import { interpretNc } from './nc.js';
import { unwrapRunCommand } from './run-command.js';

interface Case {
  options?: InterpretOptions;
  verdict: NcVerdict['verdict'];
  /** A piece of the evidence line (the whole line must be a line of the fixture), or null for no evidence. */
  evidence: string | null;
  host?: string;
  port?: number;
}

/** Every fixture in test/fixtures/nc, with what a user relies on. */
const EXPECTED: Record<string, Case[]> = {
  'dns-no-address': [
    {
      verdict: 'dns-failure',
      evidence: 'No address associated with hostname',
      host: 'txtonly.fx.test',
      port: 10250,
    },
  ],
  'dns-nxdomain': [
    { verdict: 'dns-failure', evidence: 'Name or service not known', host: 'missing.fx.test', port: 10250 },
  ],
  'dns-timeout': [
    {
      verdict: 'dns-failure',
      evidence: 'Temporary failure in name resolution',
      host: 'app.fx.test',
      port: 10250,
    },
  ],
  // From the fault lab (scripts/fixtures/capture-lab.sh): node-nc-kubelet and node-nc-tunnel-egress as aksdiag runs them.
  'lab-kubelet-open': [{ verdict: 'open', evidence: 'succeeded!', host: '10.224.0.5', port: 10250 }],
  'lab-nsg-blocks-10250': [
    { verdict: 'timeout', evidence: 'timed out: Operation now in progress', host: '10.224.0.5', port: 10250 },
  ],
  'lab-ufw-blocks-10250': [
    { verdict: 'timeout', evidence: 'timed out: Operation now in progress', host: '10.224.0.5', port: 10250 },
  ],
  'lab-iptables-drops-10250': [
    { verdict: 'timeout', evidence: 'timed out: Operation now in progress', host: '10.224.0.5', port: 10250 },
  ],
  'lab-egress-port-blocked': [
    {
      verdict: 'timeout',
      evidence: '(192.0.2.10) port 443 (tcp) timed out',
      host: 'aks-lab-dns-a1b2c3d4.hcp.eastus.azmk8s.io',
      port: 443,
    },
  ],
  'multi-address-one-refused': [
    { verdict: 'open', evidence: '(198.51.100.10) 10250 port', host: 'multi.fx.test', port: 10250 },
  ],
  'network-unreachable-icmp': [
    { verdict: 'unreachable', evidence: 'Network is unreachable', host: '198.51.100.10', port: 9003 },
  ],
  'network-unreachable-no-route': [
    { verdict: 'unreachable', evidence: 'Network is unreachable', host: '203.0.113.200', port: 80 },
  ],
  'no-route-to-host': [
    { verdict: 'unreachable', evidence: 'No route to host', host: '198.51.100.10', port: 9001 },
  ],
  'open-10250': [{ verdict: 'open', evidence: 'succeeded!', host: '198.51.100.10', port: 10250 }],
  'open-443': [
    { verdict: 'open', evidence: 'succeeded!', host: '198.51.100.10', port: 443 },
    // Asked about another port, a line about 443 is no evidence.
    { options: { port: 9000 }, verdict: 'unknown', evidence: null, port: 9000 },
  ],
  'open-hostname': [{ verdict: 'open', evidence: 'succeeded!', host: 'app.fx.test', port: 80 }],
  'port-range': [
    { verdict: 'unknown', evidence: null },
    { options: { port: 10250 }, verdict: 'open', evidence: 'succeeded!', port: 10250 },
    { options: { port: 10248 }, verdict: 'refused', evidence: 'port 10248 (tcp) failed', port: 10248 },
    { options: { port: 22 }, verdict: 'unknown', evidence: null, port: 22 },
  ],
  'refused-by-firewall-reject': [
    { verdict: 'refused', evidence: 'Connection refused', host: '198.51.100.10', port: 9002 },
  ],
  refused: [{ verdict: 'refused', evidence: 'Connection refused', host: '198.51.100.10', port: 81 }],
  'several-ports': [
    { verdict: 'unknown', evidence: null },
    { options: { port: 80 }, verdict: 'open', evidence: '80 port [tcp/http] succeeded!', port: 80 },
    { options: { port: 81 }, verdict: 'refused', evidence: 'port 81 (tcp) failed', port: 81 },
    { options: { port: 10250 }, verdict: 'open', evidence: '10250 port', port: 10250 },
  ],
  'timeout-443': [
    {
      verdict: 'timeout',
      evidence: 'timed out: Operation now in progress',
      host: '198.51.100.10',
      port: 443,
    },
    {
      options: { port: 443 },
      verdict: 'timeout',
      evidence: 'timed out: Operation now in progress',
      port: 443,
    },
  ],
  timeout: [
    {
      verdict: 'timeout',
      evidence: 'timed out: Operation now in progress',
      host: '198.51.100.10',
      port: 9000,
    },
  ],
  // ncat (Nmap's netcat, `nc` on Azure Linux nodes): it names the port only when it connects.
  'ncat-open': [
    {
      verdict: 'open',
      evidence: 'Ncat: Connected to 198.51.100.10:10250.',
      host: '198.51.100.10',
      port: 10250,
    },
  ],
  'ncat-refused': [
    { verdict: 'refused', evidence: 'Ncat: Connection refused.' },
    { options: { port: 81 }, verdict: 'refused', evidence: 'Ncat: Connection refused.', port: 81 },
  ],
  'ncat-timeout': [{ verdict: 'timeout', evidence: 'Ncat: TIMEOUT.' }],
  'ncat-kernel-timeout': [{ verdict: 'timeout', evidence: 'Ncat: Connection timed out.' }],
  'ncat-no-route-to-host': [{ verdict: 'unreachable', evidence: 'Ncat: No route to host.' }],
  'ncat-network-unreachable': [{ verdict: 'unreachable', evidence: 'Ncat: Network is unreachable.' }],
  'ncat-dns-nxdomain': [
    { verdict: 'dns-failure', evidence: 'Name or service not known', host: 'missing.fx.test' },
  ],
  'ncat-dns-timeout': [
    { verdict: 'dns-failure', evidence: 'Temporary failure in name resolution', host: 'app.fx.test' },
  ],
  'ncat-next-address-open': [
    { verdict: 'open', evidence: 'Connected to 198.51.100.10:10250', host: '198.51.100.10', port: 10250 },
    { options: { port: 10250 }, verdict: 'open', evidence: 'Connected to 198.51.100.10:10250', port: 10250 },
  ],
  'ncat-next-address-refused': [{ verdict: 'refused', evidence: 'failed: Connection refused.' }],
  // netcat-traditional: `host [address] port (service) open` or `: reason`; refused ports only with -vv.
  'nc-traditional-open': [
    { verdict: 'open', evidence: '[198.51.100.10] 10250 (?) open', host: 'multi.fx.test', port: 10250 },
  ],
  'nc-traditional-hostname-open': [
    {
      verdict: 'open',
      evidence: 'app.fx.test [198.51.100.10] 80 (http) open',
      host: 'app.fx.test',
      port: 80,
    },
  ],
  'nc-traditional-refused': [{ verdict: 'refused', evidence: ': Connection refused', port: 81 }],
  'nc-traditional-timeout': [{ verdict: 'timeout', evidence: ': Connection timed out', port: 9000 }],
  'nc-traditional-no-route-to-host': [{ verdict: 'unreachable', evidence: ': No route to host', port: 9001 }],
  'nc-traditional-network-unreachable': [
    { verdict: 'unreachable', evidence: ': Network is unreachable', host: '203.0.113.200', port: 80 },
  ],
  'nc-traditional-dns-nxdomain': [
    { verdict: 'dns-failure', evidence: 'forward host lookup failed: Unknown host', host: 'missing.fx.test' },
  ],
  'nc-traditional-numeric-ports': [
    { verdict: 'open', evidence: '80 (http) open' },
    { options: { port: 10250 }, verdict: 'open', evidence: '10250 (?) open', port: 10250 },
    // Without -vv it prints nothing for a refused port: no evidence either way.
    { options: { port: 81 }, verdict: 'unknown', evidence: null, port: 81 },
  ],
};

describe('interpretNc on captured netcat-openbsd, ncat and netcat-traditional output', () => {
  it('has an expectation for every fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(listFixtures('nc'));
  });

  describe.each(listFixtures('nc'))('%s', (name) => {
    const fx = loadFixture('nc', name);
    const cases = EXPECTED[name] ?? [];

    it.each(cases.map((c) => [JSON.stringify(c.options ?? {}), c] as const))('options %s', (_label, c) => {
      const v = interpretNc(fx.text, c.options);
      expect(v.kind).toBe('nc');
      expect(v.verdict).toBe(c.verdict);
      if (c.evidence === null) {
        expect(v.evidence).toBeNull();
      } else {
        expect(v.evidence).toContain(c.evidence);
        expect(outputLines(fx.text)).toContain(v.evidence);
      }
      if (c.host !== undefined) expect(v.host).toBe(c.host);
      if (c.port !== undefined) expect(v.port).toBe(c.port);
      if (v.verdict === 'unknown') expect(v.notes.length).toBeGreaterThan(0);
    });

    it('agrees with nc exit status (0 only when a connection succeeded)', () => {
      const v = interpretNc(fx.text);
      if (v.verdict === 'open') expect(fx.meta.exitCode).toBe(0);
      if (v.verdict !== 'open' && v.verdict !== 'unknown') expect(fx.meta.exitCode).not.toBe(0);
    });

    it('ignores a prompt and chatter around the output', () => {
      for (const c of cases)
        expect(interpretNc(withChatter(fx), c.options)).toEqual(interpretNc(fx.text, c.options));
    });

    it('unwraps from a run-command envelope to the same stdout and verdict', () => {
      for (const wrapped of [runCommandEnvelope(fx.text), runCommandJson(fx.text)]) {
        const u = unwrapRunCommand(wrapped);
        expect(u.wrapped).toBe(true);
        expect(u.stdout).toBe(fx.text);
        expect(interpretNc(u.stdout)).toEqual(interpretNc(fx.text));
      }
      const marked = unwrapRunCommand(runCommandEnvelope(withMarkers(fx.text, 1)));
      expect(marked.stdout).toBe(fx.text);
      expect(marked.exitCode).toBe(1);
    });
  });

  it('says why when there is nothing to read', () => {
    const v = interpretNc('');
    expect(v.verdict).toBe('unknown');
    expect(v.evidence).toBeNull();
    expect(v.notes.join(' ')).toMatch(/-v/);
  });

  it('names the failed address next to an open one', () => {
    const v = interpretNc(loadFixture('nc', 'multi-address-one-refused').text);
    expect(v.notes.join(' ')).toContain('198.51.100.11');
  });
});

/** macOS nc output from public threads (test/fixtures/public/nc). */
const PUBLIC: Record<string, Case> = {
  'macos-succeeded-443': {
    verdict: 'open',
    evidence: 'Connection to blog.toshima.ru port 443 [tcp/https] succeeded!',
    host: 'blog.toshima.ru',
    port: 443,
  },
  'macos-succeeded-apple-timeout': {
    verdict: 'open',
    evidence: 'port 443 [tcp/https] succeeded!',
    host: 'www.example.com',
    port: 443,
  },
  'macos-connectx-refused-localhost': {
    verdict: 'refused',
    evidence: 'nc: connectx to localhost port 8000 (tcp) failed: Connection refused',
    host: 'localhost',
    port: 8000,
  },
};

describe('interpretNc on macOS nc output from public threads', () => {
  it('has an expectation for every sample, each with its source', () => {
    expect(Object.keys(PUBLIC).sort()).toEqual(listPublicSamples('nc'));
    for (const name of listPublicSamples('nc'))
      expect(loadPublicSample('nc', name).meta.source).toMatch(/^https:\/\//);
  });

  it.each(listPublicSamples('nc'))('%s', (name) => {
    const { text } = loadPublicSample('nc', name);
    const c = PUBLIC[name] as Case;
    const v = interpretNc(text, c.options);
    expect(v.verdict).toBe(c.verdict);
    expect(v.evidence).toContain(c.evidence);
    expect(outputLines(text)).toContain(v.evidence);
    expect(v.host).toBe(c.host);
    expect(v.port).toBe(c.port);
  });
});
