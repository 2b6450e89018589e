import type { NslookupVerdict } from '../domain/verdicts.js';
import {
  listFixtures,
  listPublicSamples,
  loadFixture,
  loadPublicSample,
} from '../../test/support/fixtures.js';
import { outputLines, runCommandEnvelope, runCommandJson, withChatter } from '../../test/support/paste.js';
import { interpretNslookup } from './nslookup.js';
import { unwrapRunCommand } from './run-command.js';

interface Case {
  verdict: NslookupVerdict['verdict'];
  /** A piece of the evidence line (the whole line must be a line of the fixture), or null for none. */
  evidence: string | null;
  name?: string;
  server?: string;
  addresses?: string[];
  note?: string;
}

/** Every fixture in test/fixtures/nslookup, with what a user relies on. */
const EXPECTED: Record<string, Case> = {
  // From the fault lab: the node-nslookup-* checks, healthy and under the DNS faults.
  'lab-apiserver-resolved': {
    verdict: 'resolved',
    evidence: 'Address: 192.0.2.10',
    name: 'aks-lab-dns-a1b2c3d4.hcp.eastus.azmk8s.io',
    server: '168.63.129.16',
    addresses: ['192.0.2.10'],
  },
  'lab-external-resolved': {
    verdict: 'resolved',
    evidence: 'Address: 198.51.100.60',
    name: 'mcr.microsoft.com',
    server: '168.63.129.16',
    addresses: ['198.51.100.60'],
  },
  'lab-cluster-resolved': {
    verdict: 'resolved',
    evidence: 'Address: 10.0.0.1',
    name: 'kubernetes.default.svc.cluster.local',
    server: '10.0.0.10',
    addresses: ['10.0.0.1'],
  },
  'lab-custom-dns-misconfigured': {
    verdict: 'nxdomain',
    evidence: "server can't find mcr.microsoft.com: NXDOMAIN",
    name: 'mcr.microsoft.com',
    server: '10.224.0.200',
  },
  'lab-upstream-dns-failure': {
    verdict: 'timeout',
    evidence: 'communications error to 168.63.129.16#53: timed out',
    server: '168.63.129.16',
  },
  // kube-proxy REJECTs kube-dns's address once CoreDNS has no ready endpoints: ICMP, not a DNS answer.
  'lab-cluster-dns-failure': {
    verdict: 'refused',
    evidence: 'communications error to 10.0.0.10#53: connection refused',
    server: '10.0.0.10',
    note: 'not a DNS REFUSED',
  },
  'lab-private-dns': {
    verdict: 'nxdomain',
    evidence: '.privatelink.eastus.azmk8s.io: NXDOMAIN',
    name: 'aks-lab-dns-a1b2c3d4.5e6f7a8b-0000-4000-8000-000000000001.privatelink.eastus.azmk8s.io',
    server: '168.63.129.16',
  },
  'no-answer': { verdict: 'unknown', evidence: 'No answer', name: 'txtonly.fx.test', server: '203.0.113.53' },
  nxdomain: { verdict: 'nxdomain', evidence: 'NXDOMAIN', name: 'missing.fx.test', server: '203.0.113.53' },
  refused: { verdict: 'refused', evidence: ': REFUSED', name: 'aks.example.org', server: '203.0.113.53' },
  'resolved-explicit-server': {
    verdict: 'resolved',
    evidence: 'Address: 198.51.100.10',
    name: 'app.fx.test',
    server: '203.0.113.53',
    addresses: ['198.51.100.10'],
    note: 'AAAA',
  },
  'resolved-non-authoritative': {
    verdict: 'resolved',
    evidence: 'Address: 198.51.100.10',
    name: 'api.fwd.test',
    server: '203.0.113.53',
    addresses: ['198.51.100.10'],
    note: 'Non-authoritative',
  },
  'resolved-search-domain': {
    verdict: 'resolved',
    evidence: 'Address: 198.51.100.10',
    name: 'app.fx.test',
    server: '203.0.113.53',
    addresses: ['198.51.100.10'],
  },
  'resolved-two-addresses': {
    verdict: 'resolved',
    evidence: 'Address: 198.51.100.1',
    name: 'multi.fx.test',
    server: '203.0.113.53',
    addresses: ['198.51.100.10', '198.51.100.11'],
  },
  'resolved-with-aaaa-nxdomain': {
    verdict: 'resolved',
    evidence: 'Address: 198.51.100.10',
    name: 'app.fx.test',
    server: '203.0.113.53',
    addresses: ['198.51.100.10'],
    note: 'AAAA',
  },
  'server-refuses-connection': {
    verdict: 'refused',
    evidence: 'connection refused',
    server: '203.0.113.1',
    note: 'not a DNS REFUSED',
  },
  servfail: { verdict: 'servfail', evidence: 'SERVFAIL', name: 'api.fwd.test', server: '203.0.113.55' },
  timeout: { verdict: 'timeout', evidence: 'timed out', server: '203.0.113.56' },
  'network-unreachable': {
    verdict: 'timeout',
    evidence: 'failed: network unreachable.',
    server: '203.0.113.200',
    note: 'no route to the DNS server',
  },
  // busybox 1.35 (scripts/fixtures/capture-platforms.sh): bind9's shape, with `:53` after the server address.
  'busybox-resolved': {
    verdict: 'resolved',
    evidence: 'Address: 198.51.100.10',
    name: 'app.fx.test',
    server: '203.0.113.53',
    addresses: ['198.51.100.10'],
    note: 'AAAA',
  },
  'busybox-resolved-two-addresses': {
    verdict: 'resolved',
    evidence: 'Address: 198.51.100.11',
    name: 'multi.fx.test',
    server: '203.0.113.53',
    addresses: ['198.51.100.10', '198.51.100.11'],
  },
  'busybox-nxdomain': {
    verdict: 'nxdomain',
    evidence: 'NXDOMAIN',
    name: 'missing.fx.test',
    server: '203.0.113.53',
  },
  // busybox prints an empty answer section for a name with no address record.
  'busybox-no-answer': {
    verdict: 'unknown',
    evidence: null,
    server: '203.0.113.53',
    note: 'no address record',
  },
  'busybox-refused': {
    verdict: 'refused',
    evidence: ': REFUSED',
    name: 'aks.example.org',
    server: '203.0.113.53',
  },
  'busybox-servfail': {
    verdict: 'servfail',
    evidence: 'SERVFAIL',
    name: 'api.fwd.test',
    server: '203.0.113.55',
  },
  'busybox-timeout': { verdict: 'timeout', evidence: 'no servers could be reached' },
  'busybox-network-unreachable': {
    verdict: 'timeout',
    evidence: "can't connect to remote host (203.0.113.200): Network is unreachable",
    server: '203.0.113.200',
    note: 'no route to the DNS server',
  },
  'busybox-port-unreachable': {
    verdict: 'refused',
    evidence: "write to '198.51.100.10': Connection refused",
    server: '198.51.100.10',
    note: 'not a DNS REFUSED',
  },
};

/** Output pasted in public threads (test/fixtures/public/nslookup): Windows in English and Chinese, old busybox. */
const PUBLIC: Record<string, Case> = {
  'windows-resolved-addresses': {
    verdict: 'resolved',
    evidence: 'Addresses:  2a00:1450:4017:800::200e',
    name: 'google.com',
    server: '8.8.8.8',
    addresses: ['216.58.212.14', '2a00:1450:4017:800::200e'],
  },
  'windows-resolved-router-dns': {
    verdict: 'resolved',
    evidence: 'Address:  172.217.24.68',
    name: 'www.google.com',
    server: '192.168.100.1',
    addresses: ['172.217.24.68'],
  },
  'windows-quoted-azure-dns': {
    verdict: 'resolved',
    evidence: 'Address:  10.6.0.5',
    name: 'sqlvm1919link4.ifwggme2fgduna4m3zfpeum2oh.cx.internal.cloudapp.net',
    server: '168.63.129.16',
    addresses: ['10.6.0.5'],
  },
  // "DNS request timed out." before the answer is the lookup of the server's own name: the name resolved.
  'windows-zh-resolved-after-ptr-timeout': {
    verdict: 'resolved',
    evidence: 'Addresses:  199.16.158.179',
    name: 'twitter.com',
    server: '127.0.0.1',
    addresses: ['199.16.158.168', '199.16.158.179'],
    note: 'DNS request timed out',
  },
  'windows-zh-quoted-slow-answer': {
    verdict: 'resolved',
    evidence: 'Address:  172.*.*.132',
    name: 'wwW.GooGLE.COm',
    server: '127.0.0.1',
    addresses: ['172.*.*.132'],
  },
  'windows-request-timed-out': {
    verdict: 'timeout',
    evidence: '*** Request to UnKnown timed-out',
    server: '94.140.14.14',
  },
  'windows-zh-request-timed-out': {
    verdict: 'timeout',
    evidence: '*** 请求 UnKnown 超时',
    server: '127.0.0.1',
  },
  'windows-no-response': {
    verdict: 'timeout',
    evidence: 'No response from server',
    name: 'kv-krcg-tst.vault.azure.net',
    server: '2a02:1800:100::42:1',
  },
  'windows-name-without-address': {
    verdict: 'unknown',
    evidence: null,
    name: 'api.partnercenter.microsoft.com',
    server: '168.63.129.16',
    note: 'no address record',
  },
  'busybox-old-resolved': {
    verdict: 'resolved',
    evidence: 'Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local',
    name: 'kubernetes.default',
    server: '10.96.0.10',
    addresses: ['10.96.0.1'],
  },
  'busybox-old-null-resolved': {
    verdict: 'resolved',
    evidence: 'Address 1: 2a00:1450:4007:812::2003',
    name: 'www.google.fr',
    addresses: ['216.58.213.131', '2a00:1450:4007:812::2003'],
    note: 'failing to name the DNS server',
  },
  'busybox-old-cant-resolve': {
    verdict: 'unknown',
    evidence: "nslookup: can't resolve 'kubernetes.default'",
    name: 'kubernetes.default',
    server: '10.233.0.3',
    note: 'not why',
  },
  'busybox-old-null-try-again': {
    verdict: 'timeout',
    evidence: "can't resolve 'kubernetes.default': Try again",
    name: 'kubernetes.default',
  },
  'busybox-nxdomain-kubectl': {
    verdict: 'nxdomain',
    evidence: "** server can't find kubernetes.default: NXDOMAIN",
    name: 'kubernetes.default',
    server: '10.96.0.10',
  },
  'busybox-resolved-aaaa-no-answer': {
    verdict: 'resolved',
    evidence: 'Address: 10.0.0.1',
    name: 'kubernetes.default.svc.cluster.local',
    server: '10.0.0.10',
    addresses: ['10.0.0.1'],
  },
};

/** Checks what a user relies on in one verdict. */
function expectCase(v: NslookupVerdict, c: Case, text: string): void {
  expect(v.kind).toBe('nslookup');
  expect(v.verdict).toBe(c.verdict);
  if (c.evidence === null) {
    expect(v.evidence).toBeNull();
  } else {
    expect(v.evidence).toContain(c.evidence);
    // The evidence is a line of the output (a pasted one may carry quote markers in front).
    expect(outputLines(text).some((l) => l.endsWith(v.evidence as string))).toBe(true);
  }
  expect(v.server).toBe(c.server);
  expect(v.name).toBe(c.name);
  // Sorted: the DNS server may rotate the order of several addresses between runs.
  expect(v.addresses ? [...v.addresses].sort() : undefined).toEqual(c.addresses);
  expect(v.addresses ?? []).not.toContain(`${c.server}#53`);
  if (c.note) expect(v.notes.join(' ')).toContain(c.note);
  if (v.verdict === 'unknown') expect(v.notes.length).toBeGreaterThan(0);
}

describe('interpretNslookup on captured bind9 and busybox nslookup output', () => {
  it('has an expectation for every fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(listFixtures('nslookup'));
  });

  describe.each(listFixtures('nslookup'))('%s', (name) => {
    const fx = loadFixture('nslookup', name);
    const c = EXPECTED[name] as Case;

    it('gives the verdict, evidence and fields a user relies on', () => {
      expectCase(interpretNslookup(fx.text), c, fx.text);
    });

    it('ignores a prompt and chatter around the output', () => {
      expect(interpretNslookup(withChatter(fx))).toEqual(interpretNslookup(fx.text));
    });

    it('unwraps from a run-command envelope to the same stdout and verdict', () => {
      for (const wrapped of [runCommandEnvelope(fx.text), runCommandJson(fx.text)]) {
        const u = unwrapRunCommand(wrapped);
        expect(u.wrapped).toBe(true);
        expect(u.stdout).toBe(fx.text);
        expect(interpretNslookup(u.stdout)).toEqual(interpretNslookup(fx.text));
      }
    });
  });

  it('reads the answer inside a run-command fixture', () => {
    const u = unwrapRunCommand(loadFixture('run-command', 'succeeded-nslookup').text);
    const v = interpretNslookup(u.stdout);
    expect(v.verdict).toBe('resolved');
    expect([...(v.addresses ?? [])].sort()).toEqual(['198.51.100.10', '198.51.100.11']);
  });

  it('says why when there is nothing to read', () => {
    const v = interpretNslookup('');
    expect(v.verdict).toBe('unknown');
    expect(v.evidence).toBeNull();
    expect(v.notes.length).toBeGreaterThan(0);
  });
});

describe('interpretNslookup on Windows and old busybox output from public threads', () => {
  it('has an expectation for every sample, each with its source', () => {
    expect(Object.keys(PUBLIC).sort()).toEqual(listPublicSamples('nslookup'));
    for (const name of listPublicSamples('nslookup'))
      expect(loadPublicSample('nslookup', name).meta.source).toMatch(/^https:\/\//);
  });

  describe.each(listPublicSamples('nslookup'))('%s', (name) => {
    const sample = loadPublicSample('nslookup', name);
    const c = PUBLIC[name] as Case;

    it('gives the verdict, evidence and fields a user relies on', () => {
      expectCase(interpretNslookup(sample.text), c, sample.text);
    });

    it('reads the same from CRLF line ends and from inside a run-command envelope', () => {
      const plain = interpretNslookup(sample.text);
      expect(interpretNslookup(sample.text.replace(/\n/g, '\r\n'))).toEqual(plain);
      expect(interpretNslookup(unwrapRunCommand(runCommandEnvelope(sample.text)).stdout)).toEqual(plain);
    });
  });
});
