import type { ResolvConfVerdict } from '../domain/verdicts.js';
import { listFixtures, loadFixture } from '../../test/support/fixtures.js';
import { runCommandEnvelope, withChatter } from '../../test/support/paste.js';
import { interpretResolvConf } from './resolv-conf.js';
import { unwrapRunCommand } from './run-command.js';

interface Case {
  verdict: ResolvConfVerdict['verdict'];
  evidence: string | null;
  nameservers: string[];
  searchDomains: string[];
  note?: string;
}

const AKS_SEARCH = '2lzq4x1cbgxujnrbg1e2fs4ezc.ax.internal.cloudapp.net';

/** Every fixture in test/fixtures/resolv-conf, with what a user relies on. */
const EXPECTED: Record<string, Case> = {
  'azure-dns': {
    verdict: 'azure-dns',
    evidence: 'nameserver 168.63.129.16',
    nameservers: ['168.63.129.16'],
    searchDomains: [AKS_SEARCH],
  },
  'custom-dns': {
    verdict: 'custom-dns',
    evidence: 'nameserver 203.0.113.53',
    nameservers: ['203.0.113.53'],
    searchDomains: ['fx.test'],
  },
  // From the fault lab: node-resolv-conf's output (its `# aksdiag-file:` line, the file without comments).
  'lab-azure-dns': {
    verdict: 'azure-dns',
    evidence: 'nameserver 168.63.129.16',
    nameservers: ['168.63.129.16'],
    searchDomains: [],
  },
  'lab-custom-dns-misconfigured': {
    verdict: 'custom-dns',
    evidence: 'nameserver 10.224.0.200',
    nameservers: ['10.224.0.200'],
    searchDomains: [],
    note: 'forward to 168.63.129.16',
  },
  'mixed-azure-and-custom': {
    verdict: 'custom-dns',
    evidence: 'nameserver 203.0.113.53',
    nameservers: ['168.63.129.16', '203.0.113.53'],
    searchDomains: ['fx.test'],
    note: 'Mixed with Azure DNS',
  },
  'no-nameserver': {
    verdict: 'no-nameserver',
    evidence: 'search fx.test',
    nameservers: [],
    searchDomains: ['fx.test'],
  },
  'stub-resolver': {
    verdict: 'stub-resolver',
    evidence: 'nameserver 127.0.0.53',
    nameservers: ['127.0.0.53'],
    searchDomains: [AKS_SEARCH],
    note: '/run/systemd/resolve/resolv.conf',
  },
};

describe('interpretResolvConf on captured resolv.conf files', () => {
  it('has an expectation for every fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(listFixtures('resolv-conf'));
  });

  describe.each(listFixtures('resolv-conf'))('%s', (name) => {
    const fx = loadFixture('resolv-conf', name);
    const c = EXPECTED[name] as Case;

    it('gives the verdict, evidence, nameservers and search domains', () => {
      const v = interpretResolvConf(fx.text);
      expect(v.kind).toBe('resolv-conf');
      expect(v.verdict).toBe(c.verdict);
      expect(v.evidence).toBe(c.evidence);
      expect(v.nameservers).toEqual(c.nameservers);
      expect(v.searchDomains).toEqual(c.searchDomains);
      if (c.note) expect(v.notes.join(' ')).toContain(c.note);
    });

    it('ignores a prompt around the file', () => {
      expect(interpretResolvConf(withChatter(fx))).toEqual(interpretResolvConf(fx.text));
    });

    it('reads the same from a run-command envelope', () => {
      const u = unwrapRunCommand(runCommandEnvelope(fx.text));
      expect(u.stdout).toBe(fx.text);
      expect(interpretResolvConf(u.stdout)).toEqual(interpretResolvConf(fx.text));
    });
  });

  it('ignores commented-out nameservers', () => {
    const text = loadFixture('resolv-conf', 'azure-dns').text.replace('nameserver', '# nameserver');
    const v = interpretResolvConf(text);
    expect(v.nameservers).toEqual([]);
    expect(v.verdict).toBe('no-nameserver');
  });

  it('is unknown for text that is not a resolv.conf', () => {
    const v = interpretResolvConf(loadFixture('nc', 'refused').text);
    expect(v.verdict).toBe('unknown');
    expect(v.nameservers).toEqual([]);
  });
});
