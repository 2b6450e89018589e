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
