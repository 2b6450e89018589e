import type { InterpretOptions, UfwRuleRef, UfwVerdict } from '../domain/verdicts.js';
import { listFixtures, loadFixture } from '../../test/support/fixtures.js';
import { outputLines, pasteWrappers } from '../../test/support/paste.js';
import { interpretUfw } from './ufw.js';

const KIND = 'ufw-status';

interface Expectation {
  options: InterpretOptions;
  verdict: UfwVerdict['verdict'];
  /** Rule number (what `ufw delete N` takes), to and action; null when the default policy decided. */
  rule?: Pick<UfwRuleRef, 'number' | 'to' | 'action'> | null;
  defaultIncoming?: UfwVerdict['defaultIncoming'];
  /** A fragment the evidence line must contain (the evidence must also be a line of the fixture). */
  evidence?: string;
  notes?: string[];
}

const rule = (number: number, to: string, action: string): Expectation['rule'] => ({ number, to, action });

const EXPECTED: Record<string, Expectation[]> = {
  inactive: [
    { options: { port: 10250 }, verdict: 'inactive', evidence: 'Status: inactive' },
    { options: {}, verdict: 'inactive', evidence: 'Status: inactive' },
  ],
  // From the fault lab: node-ufw-status (`ufw status verbose`) on a healthy node and under ufw-blocks-10250.
  'lab-inactive': [{ options: { port: 10250 }, verdict: 'inactive', evidence: 'Status: inactive' }],
  'lab-ufw-blocks-10250': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      rule: null,
      defaultIncoming: 'deny',
      evidence: 'Default: deny (incoming)',
    },
    {
      options: { port: 22 },
      verdict: 'allows-port',
      rule: rule(1, '22/tcp', 'ALLOW IN'),
      defaultIncoming: 'deny',
      evidence: '22/tcp',
    },
  ],
  'not-root': [
    { options: { port: 10250 }, verdict: 'unknown', evidence: 'You need to be root', notes: ['no `Status:'] },
  ],
  'ssh-only': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      rule: null,
      defaultIncoming: 'deny',
      evidence: 'Status: active',
      notes: ["ufw's shipped default (deny) is assumed"],
    },
    { options: { port: 22 }, verdict: 'allows-port', rule: rule(1, '22/tcp', 'ALLOW'), evidence: '22/tcp' },
  ],
  'ssh-only-verbose': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      rule: null,
      defaultIncoming: 'deny',
      evidence: 'Default: deny (incoming)',
    },
    {
      options: { port: 22 },
      verdict: 'allows-port',
      rule: rule(1, '22/tcp', 'ALLOW IN'),
      defaultIncoming: 'deny',
    },
  ],
  'ssh-only-numbered': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      rule: null,
      defaultIncoming: 'deny',
      evidence: 'Status: active',
      notes: ['assumed'],
    },
    {
      options: { port: 22 },
      verdict: 'allows-port',
      rule: rule(1, '22/tcp', 'ALLOW IN'),
      evidence: '[ 1] 22/tcp',
    },
  ],
  'allow-10250': [
    {
      options: { port: 10250 },
      verdict: 'allows-port',
      rule: rule(2, '10250/tcp', 'ALLOW'),
      evidence: '# kubelet',
    },
  ],
  'default-allow-deny-10250-verbose': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      rule: rule(1, '10250', 'DENY IN'),
      defaultIncoming: 'allow',
      evidence: 'DENY IN',
    },
    {
      options: { port: 22 },
      verdict: 'allows-port',
      rule: null,
      defaultIncoming: 'allow',
      evidence: 'Default: allow (incoming)',
    },
  ],
  'port-range-allow': [
    { options: { port: 10250 }, verdict: 'allows-port', rule: rule(2, '10000:10300/tcp', 'ALLOW') },
    { options: { port: 10000 }, verdict: 'allows-port', rule: rule(2, '10000:10300/tcp', 'ALLOW') },
    { options: { port: 10300 }, verdict: 'allows-port', rule: rule(2, '10000:10300/tcp', 'ALLOW') },
    { options: { port: 10301 }, verdict: 'blocks-port', rule: null, defaultIncoming: 'deny' },
  ],
  'allow-from-subnet-verbose': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      rule: null,
      defaultIncoming: 'deny',
      evidence: 'Default: deny (incoming)',
      notes: ['allows tcp/10250 only from 10.224.0.0/16'],
    },
    {
      options: { port: 10250, source: '10.224.10.5' },
      verdict: 'allows-port',
      rule: rule(1, 'Anywhere', 'ALLOW IN'),
      evidence: '10.224.0.0/16',
    },
    {
      options: { port: 10250, source: '192.0.2.7' },
      verdict: 'blocks-port',
      rule: null,
      defaultIncoming: 'deny',
    },
  ],
  'reject-10250': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      rule: rule(2, '10250/tcp', 'REJECT'),
      evidence: 'REJECT',
    },
    { options: { port: 22 }, verdict: 'allows-port', rule: rule(1, '22/tcp', 'ALLOW') },
  ],
  'limit-10250': [
    {
      options: { port: 10250 },
      verdict: 'allows-port',
      rule: rule(1, '10250/tcp', 'LIMIT'),
      notes: ['LIMIT'],
    },
  ],
  'ipv6-rows': [
    { options: { port: 10250 }, verdict: 'blocks-port', rule: rule(3, '10250/tcp', 'DENY') },
    {
      options: { port: 10250, source: '2001:db8::5' },
      verdict: 'allows-port',
      rule: rule(6, '10250/tcp', 'ALLOW'),
    },
    {
      options: { port: 10250, source: '2001:db9::5' },
      verdict: 'blocks-port',
      rule: rule(7, '10250/tcp (v6)', 'DENY'),
    },
    {
      options: { port: 10255, source: '2001:db9::5' },
      verdict: 'allows-port',
      rule: rule(5, '10255/tcp (v6)', 'ALLOW'),
    },
  ],
  'ipv6-rows-numbered': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      rule: rule(3, '10250/tcp', 'DENY IN'),
      evidence: '[ 3]',
    },
    {
      options: { port: 10250, source: '2001:db8::5' },
      verdict: 'allows-port',
      rule: rule(6, '10250/tcp', 'ALLOW IN'),
      evidence: '[ 6]',
    },
    {
      options: { port: 10250, source: '2001:db9::5' },
      verdict: 'blocks-port',
      rule: rule(7, '10250/tcp (v6)', 'DENY IN'),
      evidence: '[ 7]',
    },
  ],
  'ipv6-rows-verbose': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      rule: rule(3, '10250/tcp', 'DENY IN'),
      defaultIncoming: 'deny',
    },
    {
      options: { port: 10250, source: '2001:db8::5' },
      verdict: 'allows-port',
      rule: rule(6, '10250/tcp', 'ALLOW IN'),
      defaultIncoming: 'deny',
    },
  ],
  'in-out-rules': [
    // ufw lists the outgoing rule apart, so the plain listing cannot know it is rule 1: the number is a guess.
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      rule: rule(1, '10250/tcp', 'DENY'),
      notes: ['ufw status numbered'],
    },
  ],
  'in-out-rules-numbered': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      rule: rule(2, '10250/tcp', 'DENY IN'),
      evidence: '[ 2]',
    },
    { options: { port: 53 }, verdict: 'blocks-port', rule: null, defaultIncoming: 'deny' },
  ],
  'app-profiles': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      rule: null,
      defaultIncoming: 'deny',
      notes: ['application profile "Kubelet"', 'application profile "WWW Full"'],
    },
  ],
  'app-profiles-verbose': [
    { options: { port: 10250 }, verdict: 'allows-port', rule: rule(2, '10250/tcp (Kubelet)', 'ALLOW IN') },
    { options: { port: 443 }, verdict: 'allows-port', rule: rule(1, '80,443/tcp (WWW Full)', 'ALLOW IN') },
    { options: { port: 8080 }, verdict: 'blocks-port', rule: null, defaultIncoming: 'deny' },
  ],
  'iface-deny-verbose': [
    {
      options: { port: 10250 },
      verdict: 'allows-port',
      rule: null,
      defaultIncoming: 'allow',
      evidence: 'Default: allow (incoming)',
      notes: ['denies tcp/10250 only on interface eth0', 'only on interface eth1'],
    },
  ],
};

function check(text: string, e: Expectation): UfwVerdict {
  const v = interpretUfw(text, e.options);
  expect(v.kind).toBe('ufw-status');
  expect(v.verdict).toBe(e.verdict);
  if (e.rule === null) expect(v.decidedBy).toBeUndefined();
  if (e.rule) {
    expect(v.decidedBy).toMatchObject(e.rule);
  }
  if (e.defaultIncoming !== undefined) expect(v.defaultIncoming).toBe(e.defaultIncoming);
  if (e.evidence !== undefined) expect(v.evidence).toContain(e.evidence);
  for (const n of e.notes ?? []) expect(v.notes.join('\n')).toContain(n);
  return v;
}

const cases = Object.entries(EXPECTED).flatMap(([name, list]) =>
  list.map((e) => [`${name} ${JSON.stringify(e.options)}`, name, e] as const),
);

describe('interpretUfw on captured output', () => {
  it('has an expectation for every fixture, and a fixture for every expectation', () => {
    const fixtures = listFixtures(KIND);
    expect(fixtures.filter((f) => !(f in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((name) => !fixtures.includes(name))).toEqual([]);
  });

  it('fixtures were captured from the real tool', () => {
    for (const name of listFixtures(KIND)) {
      const { meta, text } = loadFixture(KIND, name);
      expect(meta.tool).toMatch(/^ufw \d+\.\d+(\.\d+)?$/);
      expect(meta.command).toMatch(/\bufw status\b/);
      expect(Number.isInteger(meta.exitCode)).toBe(true);
      expect(meta.setup.length).toBeGreaterThan(0);
      expect(text.length).toBeGreaterThan(0);
    }
  });

  it.each(cases)('%s', (_label, name, e) => {
    const { text } = loadFixture(KIND, name);
    const v = check(text, e);
    if (v.evidence !== null) expect(outputLines(text)).toContain(v.evidence);
    if (e.options.port !== undefined) expect(v.port).toBe(e.options.port);
  });

  // An inactive ufw blocks nothing, whatever the port: that verdict needs none.
  const INACTIVE = ['inactive', 'lab-inactive'];
  it.each(listFixtures(KIND).filter((n) => !INACTIVE.includes(n)))('%s: no port -> unknown', (name) => {
    const v = interpretUfw(loadFixture(KIND, name).text, {});
    expect(v.verdict).toBe('unknown');
    expect(v.decidedBy).toBeUndefined();
    expect(v.notes.length).toBeGreaterThan(0);
  });
});

describe('interpretUfw across the three listings of one rule set', () => {
  const sets = [
    ['ssh-only', 'ssh-only-verbose', 'ssh-only-numbered'],
    ['ipv6-rows', 'ipv6-rows-verbose', 'ipv6-rows-numbered'],
  ];
  const flows: InterpretOptions[] = [
    { port: 22 },
    { port: 10250 },
    { port: 10255 },
    { port: 10250, source: '2001:db8::5' },
    { port: 10250, source: '2001:db9::5' },
    { port: 22, source: '2001:db9::5' },
  ];
  it.each(sets)('%s, verbose and numbered agree on verdict and rule number', (...names) => {
    for (const options of flows) {
      const [first, ...rest] = names.map((n) => interpretUfw(loadFixture(KIND, n).text, options));
      for (const v of rest) {
        expect(v.verdict).toBe(first?.verdict);
        expect(v.decidedBy?.number).toBe(first?.decidedBy?.number);
        expect(v.decidedBy?.to).toBe(first?.decidedBy?.to);
      }
    }
  });

  it('numbers computed from a plain listing match the numbered listing, row by row', () => {
    // Each rule of the numbered listing, asked for its own port and source, is found under the same number.
    const numbered = loadFixture(KIND, 'ipv6-rows-numbered').text;
    const plain = loadFixture(KIND, 'ipv6-rows').text;
    for (const options of flows) {
      const a = interpretUfw(numbered, options);
      const b = interpretUfw(plain, options);
      expect(b.decidedBy?.number).toBe(a.decidedBy?.number);
    }
  });
});

describe('interpretUfw on pasted text', () => {
  const wrappers = pasteWrappers({
    ask: 'exec into pods on this node fails with 10250 timeouts. ufw says:',
    command: 'sudo ufw status verbose',
    reply: 'Status: not sure, ALLOW list looks fine to me',
  });
  const wrapped = cases.flatMap(([label, name, e]) =>
    wrappers.map(([how, wrap]) => [`${label} / ${how}`, name, e, wrap] as const),
  );

  it.each(wrapped)('%s: same verdict', (_label, name, e, wrap) => {
    const { text } = loadFixture(KIND, name);
    const plain = interpretUfw(text, e.options);
    const v = interpretUfw(wrap(text), e.options);
    expect({
      verdict: v.verdict,
      decidedBy: v.decidedBy,
      evidence: v.evidence,
      d: v.defaultIncoming,
    }).toEqual({
      verdict: plain.verdict,
      decidedBy: plain.decidedBy,
      evidence: plain.evidence,
      d: plain.defaultIncoming,
    });
  });

  it('text with no Status line is unknown', () => {
    const { text } = loadFixture(KIND, 'allow-10250');
    const v = interpretUfw(text.replace(/^Status: active\n/, ''), { port: 10250 });
    expect(v.verdict).toBe('unknown');
    expect(interpretUfw('', { port: 10250 }).verdict).toBe('unknown');
  });

  it('rejects a port that is not a TCP port', () => {
    const { text } = loadFixture(KIND, 'ssh-only');
    for (const port of [0, 65536, 2.5]) expect(interpretUfw(text, { port }).verdict).toBe('unknown');
  });

  // How fast, and how time grows with size, is measured by `npm run bench` (bench/interpreters.ts).
  it('reads a 100k-row listing with the same verdict', () => {
    const { text } = loadFixture(KIND, 'ipv6-rows-verbose');
    const all = text.split('\n');
    const firstRule = all.findIndex((l) => l.startsWith('22/tcp'));
    const row = all[firstRule + 1] ?? ''; // 10255/tcp ALLOW IN Anywhere
    const big = [
      ...all.slice(0, firstRule),
      ...new Array<string>(100_000).fill(row),
      ...all.slice(firstRule),
    ].join('\n');
    const v = interpretUfw(big, { port: 10250 });
    expect(v.verdict).toBe('blocks-port');
    expect(v.decidedBy?.number).toBe(100_003);
  });
});
