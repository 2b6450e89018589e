import type { NslookupVerdict } from '../domain/verdicts.js';
import { listFixtures, loadFixture } from '../../test/support/fixtures.js';
import { outputLines, runCommandEnvelope, runCommandJson, withChatter } from '../../test/support/paste.js';
import { interpretNslookup } from './nslookup.js';
import { unwrapRunCommand } from './run-command.js';

interface Case {
  verdict: NslookupVerdict['verdict'];
  /** A piece of the evidence line (the whole line must be a line of the fixture). */
  evidence: string;
  name?: string;
  server: string;
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
};

describe('interpretNslookup on captured bind9 nslookup output', () => {
  it('has an expectation for every fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(listFixtures('nslookup'));
  });

  describe.each(listFixtures('nslookup'))('%s', (name) => {
    const fx = loadFixture('nslookup', name);
    const c = EXPECTED[name] as Case;

    it('gives the verdict, evidence and fields a user relies on', () => {
      const v = interpretNslookup(fx.text);
      expect(v.kind).toBe('nslookup');
      expect(v.verdict).toBe(c.verdict);
      expect(v.evidence).toContain(c.evidence);
      expect(outputLines(fx.text)).toContain(v.evidence);
      expect(v.server).toBe(c.server);
      expect(v.name).toBe(c.name);
      // Sorted: the DNS server may rotate the order of several addresses between runs.
      expect(v.addresses ? [...v.addresses].sort() : undefined).toEqual(c.addresses);
      expect(v.addresses ?? []).not.toContain(`${c.server}#53`);
      if (c.note) expect(v.notes.join(' ')).toContain(c.note);
      if (v.verdict === 'unknown') expect(v.notes.length).toBeGreaterThan(0);
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
