import type { InterpretOptions, NftRuleRef, NftVerdict } from '../domain/verdicts.js';
import { listFixtures, loadFixture } from '../../test/support/fixtures.js';
import { outputLines, pasteWrappers, runCommandEnvelope } from '../../test/support/paste.js';
import { interpret } from './index.js';
import { interpretNft } from './nft.js';

const KIND = 'nft-ruleset';

interface Expectation {
  options: InterpretOptions;
  verdict: NftVerdict['verdict'];
  decidedBy?: NftRuleRef;
  /** A fragment the evidence line must contain (the evidence must also be a line of the fixture). */
  evidence?: string;
  /** Fragments some note must contain. */
  notes?: string[];
}

const inetFilter = (chain: string, rule: number | 'policy', target: string, handle?: number): NftRuleRef => ({
  family: 'inet',
  table: 'filter',
  chain,
  rule,
  target,
  ...(handle === undefined ? {} : { handle }),
});

/** What a user relies on, for every captured ruleset (scripts/fixtures/capture-rulesets.sh). */
const EXPECTED: Record<string, Expectation[]> = {
  'native-policy-drop-10250-drop': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: inetFilter('input', 5, 'drop'),
      evidence: 'tcp dport { 10250, 10255 }',
    },
    { options: { port: 22 }, verdict: 'allows-port', decidedBy: inetFilter('input', 4, 'accept') },
    // Neither loopback nor established traffic is a new connection from outside: the policy decides.
    {
      options: { port: 443 },
      verdict: 'blocks-port',
      decidedBy: inetFilter('input', 'policy', 'drop'),
      evidence: 'policy drop;',
    },
  ],
  // With -a the handle comes along: what `nft delete rule inet filter input handle 7` takes.
  'native-policy-drop-10250-drop-handles': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: inetFilter('input', 5, 'drop', 7),
      evidence: '# handle 7',
    },
  ],
  'native-set-and-jump': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: inetFilter('ports', 1, 'reject'),
      evidence: 'reject with tcp reset',
      notes: ['accepts only from @kubelet_sources'],
    },
    // From the node subnet (in the named set) the accept comes first.
    {
      options: { port: 10250, source: '10.224.3.4' },
      verdict: 'allows-port',
      decidedBy: inetFilter('input', 2, 'accept'),
    },
    {
      options: { port: 10250, source: '203.0.113.9' },
      verdict: 'blocks-port',
      decidedBy: inetFilter('ports', 1, 'reject'),
    },
    // The jumped-to chain returns for other ports in the range; the policy decides.
    { options: { port: 10500 }, verdict: 'blocks-port', decidedBy: inetFilter('input', 'policy', 'drop') },
    { options: { port: 22 }, verdict: 'allows-port', decidedBy: inetFilter('input', 4, 'accept') },
  ],
  // An accept in one base chain does not save the packet from another: the guard chain runs first and drops.
  'two-base-chains-vmap-drop': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: { family: 'ip', table: 'aks-guard', chain: 'guard', rule: 1, target: 'drop' },
      evidence: 'vmap { 22 : accept, 10250 : drop }',
    },
    { options: { port: 22 }, verdict: 'allows-port', decidedBy: inetFilter('input', 'policy', 'accept') },
    // The guard table is ip (IPv4) only: an IPv6 client meets inet filter alone, which accepts 10250.
    {
      options: { port: 10250, source: '2001:db8::5' },
      verdict: 'allows-port',
      decidedBy: inetFilter('input', 1, 'accept'),
    },
  ],
  // What iptables-nft's rules look like to nft: the multiport match became an anonymous set.
  'iptables-nft-multiport-drop': [
    {
      options: { port: 10255 },
      verdict: 'blocks-port',
      decidedBy: { family: 'ip', table: 'filter', chain: 'INPUT', rule: 2, target: 'drop' },
      evidence: 'meta l4proto tcp tcp dport { 10250, 10255 }',
      notes: ['managed by iptables-nft'],
    },
    {
      options: { port: 443 },
      verdict: 'allows-port',
      decidedBy: { family: 'ip', table: 'filter', chain: 'INPUT', rule: 'policy', target: 'accept' },
    },
  ],
  empty: [{ options: { port: 10250 }, verdict: 'unknown', notes: ['no tables'] }],
};

function check(text: string, e: Expectation): NftVerdict {
  const v = interpretNft(text, e.options);
  expect(v.kind).toBe(KIND);
  expect(v.verdict).toBe(e.verdict);
  expect(v.decidedBy).toEqual(e.decidedBy);
  if (e.evidence !== undefined) expect(v.evidence).toContain(e.evidence);
  for (const n of e.notes ?? []) expect(v.notes.join('\n')).toContain(n);
  if (v.verdict === 'unknown') expect(v.notes.length).toBeGreaterThan(0);
  return v;
}

const cases = Object.entries(EXPECTED).flatMap(([name, list]) =>
  list.map((e) => [`${name} ${JSON.stringify(e.options)}`, name, e] as const),
);

describe('interpretNft on captured nft list ruleset output', () => {
  it('has an expectation for every fixture, and a fixture for every expectation', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(listFixtures(KIND));
  });

  it('fixtures were captured from the real tool', () => {
    for (const name of listFixtures(KIND)) {
      const { meta } = loadFixture(KIND, name);
      expect(meta.tool).toMatch(/^nftables v1\.\d+\.\d+/);
      expect(meta.command).toMatch(/^nft (-a )?list ruleset$/);
      expect(meta.exitCode).toBe(0);
    }
  });

  it.each(cases)('%s', (_label, name, e) => {
    const { text } = loadFixture(KIND, name);
    const v = check(text, e);
    if (v.evidence !== null) expect(outputLines(text)).toContain(v.evidence);
    expect(v.port).toBe(e.options.port);
  });

  it.each(listFixtures(KIND))('%s: no port -> unknown', (name) => {
    const v = interpretNft(loadFixture(KIND, name).text, {});
    expect(v.verdict).toBe('unknown');
    expect(v.notes.join()).toContain('no port given');
  });
});

describe('interpretNft on pasted text', () => {
  const wrappers = pasteWrappers({
    ask: 'this node is on nftables, kubectl logs times out:',
    command: 'sudo nft list ruleset',
    reply: 'table looks fine to me? chain input { is what I expected',
  });
  const wrapped = cases.flatMap(([label, name, e]) =>
    wrappers.map(([how, wrap]) => [`${label} / ${how}`, name, e, wrap] as const),
  );

  it.each(wrapped)('%s: same verdict', (_label, name, e, wrap) => {
    const { text } = loadFixture(KIND, name);
    const plain = interpretNft(text, e.options);
    const v = interpretNft(wrap(text), e.options);
    expect({ verdict: v.verdict, decidedBy: v.decidedBy, evidence: v.evidence }).toEqual({
      verdict: plain.verdict,
      decidedBy: plain.decidedBy,
      evidence: plain.evidence,
    });
  });

  it('is registered as an interpreter kind, and reads the ruleset inside a run-command envelope', () => {
    const { text } = loadFixture(KIND, 'native-policy-drop-10250-drop');
    const v = interpret(KIND, runCommandEnvelope(text), { port: 10250 });
    expect(v.verdict).toBe('blocks-port');
    expect(v.port).toBe(10250);
  });

  it('a chain the listing does not show makes an allow unknown', () => {
    // `nft list chain inet filter input` of a ruleset whose input jumps elsewhere: the jump target is not shown.
    const text = loadFixture(KIND, 'native-set-and-jump').text.replace(/\tchain ports \{[^}]*\}\n/, '');
    const v = interpretNft(text, { port: 10100 });
    expect(v.verdict).toBe('blocks-port'); // the policy still drops it
    const allowed = interpretNft(text.replace('policy drop;', 'policy accept;'), { port: 10100 });
    expect(allowed.verdict).toBe('unknown');
    expect(allowed.notes.join()).toContain('ports, not in this listing');
  });

  it('rejects a port that is not a TCP port', () => {
    const { text } = loadFixture(KIND, 'native-policy-drop-10250-drop');
    for (const port of [0, 65536, 1.5]) expect(interpretNft(text, { port }).verdict).toBe('unknown');
  });
});
