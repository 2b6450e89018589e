import type { InterpretOptions, IptablesVerdict, RuleRef } from '../domain/verdicts.js';
import { listFixtures, loadFixture } from '../../test/support/fixtures.js';
import { outputLines, pasteWrappers, type PasteWrapper } from '../../test/support/paste.js';
import { interpretIptables } from './iptables.js';

const KIND = 'iptables-list';

interface Expectation {
  options: InterpretOptions;
  verdict: IptablesVerdict['verdict'];
  decidedBy?: RuleRef;
  /** A fragment the evidence line must contain (the evidence must also be a line of the fixture). */
  evidence?: string;
  /** Fragments some note must contain. */
  notes?: string[];
}

const policy = (target: 'ACCEPT' | 'DROP'): RuleRef => ({ chain: 'INPUT', rule: 'policy', target });
const at = (chain: string, rule: number, target: string): RuleRef => ({ chain, rule, target });

/** What a user relies on, for every captured fixture (a test below fails on a fixture missing here). */
const EXPECTED: Record<string, Expectation[]> = {
  'empty-policy-accept': [
    {
      options: { port: 10250 },
      verdict: 'allows-port',
      decidedBy: policy('ACCEPT'),
      evidence: 'policy ACCEPT',
    },
  ],
  // From the fault lab: node-iptables-input's filtered listing (its aksdiag-* fact lines first).
  'lab-healthy-node': [
    {
      options: { port: 10250 },
      verdict: 'allows-port',
      decidedBy: policy('ACCEPT'),
      evidence: 'Chain INPUT (policy ACCEPT)',
    },
  ],
  'lab-iptables-drops-10250': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 1, 'DROP'),
      evidence: 'security agent: block kubelet',
    },
    { options: { port: 22 }, verdict: 'allows-port', decidedBy: policy('ACCEPT') },
  ],
  'not-root': [
    {
      options: { port: 10250 },
      verdict: 'unknown',
      evidence: 'Permission denied (you must be root)',
      notes: ['INPUT'],
    },
  ],
  'ssh-accept-drop-10250': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 2, 'DROP'),
      evidence: 'dpt:10250',
    },
    {
      options: { port: 22 },
      verdict: 'allows-port',
      decidedBy: at('INPUT', 1, 'ACCEPT'),
      evidence: 'dpt:ssh',
    },
    { options: { port: 10255 }, verdict: 'allows-port', decidedBy: policy('ACCEPT') },
  ],
  'ssh-accept-drop-10250-n-line-numbers': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 2, 'DROP'),
      evidence: 'dpt:10250',
    },
    {
      options: { port: 22 },
      verdict: 'allows-port',
      decidedBy: at('INPUT', 1, 'ACCEPT'),
      evidence: 'dpt:22',
    },
  ],
  'dpts-webmin-range-drop': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 1, 'DROP'),
      evidence: 'dpts:webmin:11000',
    },
    { options: { port: 10000 }, verdict: 'blocks-port', decidedBy: at('INPUT', 1, 'DROP') },
    { options: { port: 11000 }, verdict: 'blocks-port', decidedBy: at('INPUT', 1, 'DROP') },
    { options: { port: 11001 }, verdict: 'allows-port', decidedBy: policy('ACCEPT') },
    { options: { port: 9999 }, verdict: 'allows-port', decidedBy: policy('ACCEPT') },
  ],
  'multiport-ssh-10250-10255-drop': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 1, 'DROP'),
      evidence: 'multiport dports ssh,10250,10255',
    },
    { options: { port: 22 }, verdict: 'blocks-port', decidedBy: at('INPUT', 1, 'DROP') },
    { options: { port: 10255 }, verdict: 'blocks-port', decidedBy: at('INPUT', 1, 'DROP') },
    { options: { port: 10251 }, verdict: 'allows-port', decidedBy: policy('ACCEPT') },
  ],
  'reject-10250-one-source': [
    {
      options: { port: 10250 },
      verdict: 'allows-port',
      decidedBy: policy('ACCEPT'),
      notes: ['rule 1 in INPUT rejects only from 192.0.2.7'],
    },
    {
      options: { port: 10250, source: '192.0.2.7' },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 1, 'REJECT'),
      evidence: '192.0.2.7',
    },
    { options: { port: 10250, source: '192.0.2.8' }, verdict: 'allows-port', decidedBy: policy('ACCEPT') },
  ],
  'custom-chain-aks-block': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('AKS-BLOCK', 2, 'DROP'),
      evidence: 'dpt:10250',
    },
    // RETURN in AKS-BLOCK goes back to INPUT, which ends in its policy.
    { options: { port: 22 }, verdict: 'allows-port', decidedBy: policy('ACCEPT'), evidence: 'Chain INPUT' },
  ],
  'policy-drop-ssh-only': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: policy('DROP'),
      evidence: 'Chain INPUT (policy DROP)',
      notes: ['-i lo -j ACCEPT'],
    },
    {
      options: { port: 22 },
      verdict: 'allows-port',
      decidedBy: at('INPUT', 3, 'ACCEPT'),
      evidence: 'dpt:ssh',
    },
  ],
  'accept-10250-before-drop-all': [
    {
      options: { port: 10250 },
      verdict: 'allows-port',
      decidedBy: at('INPUT', 1, 'ACCEPT'),
      evidence: 'dpt:10250',
    },
    { options: { port: 22 }, verdict: 'blocks-port', decidedBy: at('INPUT', 2, 'DROP'), evidence: 'DROP' },
  ],
  'verbose-v-n-line-numbers': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 5, 'REJECT'),
      evidence: 'reject-with icmp-port-unreachable',
      notes: [
        'rule 3 in INPUT accepts only from 10.224.0.0/16',
        'rule 4 in INPUT drops only on interface eth0',
      ],
    },
    {
      options: { port: 10250, source: '10.224.10.5' },
      verdict: 'allows-port',
      decidedBy: at('INPUT', 3, 'ACCEPT'),
      evidence: '10.224.0.0/16',
    },
    {
      options: { port: 10255 },
      verdict: 'allows-port',
      decidedBy: policy('ACCEPT'),
      notes: ['rule 2 in INPUT drops only on interface eth0'],
    },
  ],
  'traps-then-reject': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 13, 'REJECT'),
      evidence: 'multiport dports webmin:10999',
      notes: [
        'rule 9 in INPUT drops only from 192.0.2.0/24',
        'rule 10 in INPUT drops only to 10.224.10.4',
        'rule 11 in INPUT drops only with mark match 0x1/0x1',
        'rule 12 in INPUT drops only from source port 10250',
      ],
    },
    {
      options: { port: 10250, source: '192.0.2.7' },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 9, 'DROP'),
    },
    {
      options: { port: 10250, source: '10.224.10.5' },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 13, 'REJECT'),
    },
    // `dpt:!10250` drops every other port.
    {
      options: { port: 22 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 2, 'DROP'),
      evidence: 'dpt:!10250',
    },
  ],
  'kube-scale': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 5, 'DROP'),
      evidence: 'aks: block kubelet',
    },
    { options: { port: 32077 }, verdict: 'allows-port', decidedBy: at('KUBE-NODEPORTS', 77, 'ACCEPT') },
    { options: { port: 22 }, verdict: 'allows-port', decidedBy: policy('ACCEPT') },
  ],
  'kube-input-only': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 5, 'DROP'),
      evidence: 'dpt:10250',
      notes: ['KUBE-NODEPORTS, which is not in this listing'],
    },
    // Allowed by the policy only if the chains that are not shown let it through.
    { options: { port: 22 }, verdict: 'unknown', evidence: 'Chain INPUT', notes: ['not in this listing'] },
  ],
  'legacy-tables-warning': [
    { options: { port: 10250 }, verdict: 'unknown', evidence: 'dpt:10250', notes: ['iptables-legacy'] },
  ],
  'ufw-managed': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: policy('DROP'),
      evidence: 'Chain INPUT (policy DROP)',
      notes: ['rule 1 in ufw-before-input looks like "accept everything"'],
    },
    {
      options: { port: 22 },
      verdict: 'allows-port',
      decidedBy: at('ufw-user-input', 1, 'ACCEPT'),
      evidence: 'dpt:ssh',
    },
    // ufw-after-input sends SMB to ufw-skip-to-policy-input, which drops.
    { options: { port: 445 }, verdict: 'blocks-port', decidedBy: at('ufw-skip-to-policy-input', 1, 'DROP') },
  ],
  'ufw-managed-v-n': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: policy('DROP'),
      evidence: 'Chain INPUT (policy DROP',
      notes: ['rule 1 in ufw-before-input accepts only on interface lo'],
    },
    {
      options: { port: 22 },
      verdict: 'allows-port',
      decidedBy: at('ufw-user-input', 1, 'ACCEPT'),
      evidence: 'dpt:22',
    },
  ],
  // `iptables -S` and `iptables-save` of the same kinds of rules (scripts/fixtures/capture-rulesets.sh).
  'rules-ssh-accept-drop-10250': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 2, 'DROP'),
      evidence: '--dport 10250 -j DROP',
    },
    { options: { port: 22 }, verdict: 'allows-port', decidedBy: at('INPUT', 1, 'ACCEPT') },
    {
      options: { port: 443 },
      verdict: 'allows-port',
      decidedBy: policy('ACCEPT'),
      evidence: '-P INPUT ACCEPT',
    },
  ],
  'rules-input-ssh-accept-drop-10250': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 2, 'DROP'),
      evidence: '-j DROP',
    },
  ],
  'save-ssh-accept-drop-10250': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 2, 'DROP'),
      evidence: '-j DROP',
    },
    {
      options: { port: 443 },
      verdict: 'allows-port',
      decidedBy: policy('ACCEPT'),
      evidence: ':INPUT ACCEPT [0:0]',
    },
  ],
  'save-counters-ssh-accept-drop-10250': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 2, 'DROP'),
      evidence: '[0:0] -A INPUT',
    },
  ],
  'rules-policy-drop-custom-chain': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('AKS-BLOCK', 2, 'DROP'),
      evidence: '--dports 22,10250',
      notes: ['only on interface lo', 'only from 10.224.0.0/16'],
    },
    // From the node subnet AKS-BLOCK returns early and INPUT's rule 4 accepts.
    {
      options: { port: 10250, source: '10.224.1.5' },
      verdict: 'allows-port',
      decidedBy: at('INPUT', 4, 'ACCEPT'),
    },
    { options: { port: 8080 }, verdict: 'blocks-port', decidedBy: policy('DROP'), evidence: '-P INPUT DROP' },
  ],
  'save-policy-drop-custom-chain': [
    { options: { port: 10250 }, verdict: 'blocks-port', decidedBy: at('AKS-BLOCK', 2, 'DROP') },
    {
      options: { port: 8080 },
      verdict: 'blocks-port',
      decidedBy: policy('DROP'),
      evidence: ':INPUT DROP [0:0]',
    },
  ],
  'rules-traps-then-reject': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 15, 'REJECT'),
      evidence: '--dports 10000:10999 -j REJECT',
      notes: ['only from 192.0.2.0/24', 'only on interface eth0', 'only with mark match 0x1/0x1'],
    },
    {
      options: { port: 10250, source: '192.0.2.9' },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 9, 'DROP'),
    },
    {
      options: { port: 22 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 2, 'DROP'),
      evidence: '! --dport 10250',
    },
  ],
  // The nat table's DNATs to 10250 are not filter rules: INPUT's own DROP decides.
  'save-kube-nat-and-filter': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: at('INPUT', 3, 'DROP'),
      evidence: 'aks: block kubelet',
    },
    { options: { port: 32077 }, verdict: 'allows-port', decidedBy: at('KUBE-NODEPORTS', 77, 'ACCEPT') },
  ],
  // -g: once AKS-GOTO returns, INPUT's policy decides; its ACCEPT of 10250 is never reached.
  'goto-policy-drop': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: policy('DROP'),
      evidence: 'Chain INPUT (policy DROP)',
    },
    { options: { port: 22 }, verdict: 'allows-port', decidedBy: at('AKS-GOTO', 1, 'ACCEPT') },
  ],
  'rules-goto-policy-drop': [
    {
      options: { port: 10250 },
      verdict: 'blocks-port',
      decidedBy: policy('DROP'),
      evidence: '-P INPUT DROP',
    },
    { options: { port: 22 }, verdict: 'allows-port', decidedBy: at('AKS-GOTO', 1, 'ACCEPT') },
  ],
  'rules-legacy-tables-warning': [
    {
      options: { port: 10250 },
      verdict: 'unknown',
      evidence: '--dport 10250 -j ACCEPT',
      notes: ['iptables-legacy'],
    },
  ],
};

function check(text: string, e: Expectation): IptablesVerdict {
  const v = interpretIptables(text, e.options);
  expect(v.kind).toBe('iptables-list');
  expect(v.verdict).toBe(e.verdict);
  expect(v.decidedBy).toEqual(e.decidedBy);
  if (e.evidence !== undefined) {
    expect(v.evidence).toContain(e.evidence);
  }
  for (const n of e.notes ?? []) expect(v.notes.join('\n')).toContain(n);
  return v;
}

const cases = Object.entries(EXPECTED).flatMap(([name, list]) =>
  list.map((e) => [`${name} ${JSON.stringify(e.options)}`, name, e] as const),
);

describe('interpretIptables on captured output', () => {
  it('has an expectation for every fixture, and a fixture for every expectation', () => {
    const fixtures = listFixtures(KIND);
    expect(fixtures.filter((f) => !(f in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((name) => !fixtures.includes(name))).toEqual([]);
  });

  it('fixtures were captured from the real tool', () => {
    for (const name of listFixtures(KIND)) {
      const { meta, text } = loadFixture(KIND, name);
      expect(meta.tool).toMatch(/^iptables v1\.\d+\.\d+ \((nf_tables|legacy)\)$/);
      // node-iptables-input waits for the xtables lock: `iptables -w 5 -L <chain>`.
      expect(meta.command).toMatch(/\biptables (-w \d+ )?(-L|--list|-S)\b|^iptables-save\b/);
      expect(Number.isInteger(meta.exitCode)).toBe(true);
      expect(meta.setup.length).toBeGreaterThan(0);
      expect(text.length).toBeGreaterThan(0);
    }
  });

  it.each(cases)('%s', (_label, name, e) => {
    const { text } = loadFixture(KIND, name);
    const v = check(text, e);
    // The evidence is a line of the output as printed (trimmed).
    if (v.evidence !== null) expect(outputLines(text)).toContain(v.evidence);
    if (e.options.port !== undefined) expect(v.port).toBe(e.options.port);
  });

  it.each(listFixtures(KIND))('%s: no port -> unknown', (name) => {
    const v = interpretIptables(loadFixture(KIND, name).text, {});
    expect(v.verdict).toBe('unknown');
    expect(v.decidedBy).toBeUndefined();
    expect(v.notes.length).toBeGreaterThan(0);
  });
});

describe('interpretIptables on pasted text', () => {
  const wrappers: PasteWrapper[] = [
    ...pasteWrappers({
      ask: 'kubectl logs keeps timing out on this node, here is the firewall:',
      command: 'sudo iptables -L',
      reply: 'anything weird in there? Chain of events started after the upgrade (policy change?)',
    }),
    ['chatter right after the last rule', (t) => `${t.trimEnd()}\nthat's all it printed`],
  ];

  const wrapped = cases.flatMap(([label, name, e]) =>
    wrappers.map(([how, wrap]) => [`${label} / ${how}`, name, e, wrap] as const),
  );

  it.each(wrapped)('%s: same verdict', (_label, name, e, wrap) => {
    const { text } = loadFixture(KIND, name);
    const plain = interpretIptables(text, e.options);
    const v = interpretIptables(wrap(text), e.options);
    expect({ verdict: v.verdict, decidedBy: v.decidedBy, evidence: v.evidence }).toEqual({
      verdict: plain.verdict,
      decidedBy: plain.decidedBy,
      evidence: plain.evidence,
    });
  });

  it('without the legacy-tables warning the same listing allows the port', () => {
    const { text } = loadFixture(KIND, 'legacy-tables-warning');
    const warning = text.split('\n').find((l) => l.includes('iptables-legacy'));
    expect(warning).toBeDefined();
    const v = interpretIptables(text.replace(`${warning}\n`, ''), { port: 10250 });
    expect(v.verdict).toBe('allows-port');
    expect(v.decidedBy).toEqual(at('INPUT', 1, 'ACCEPT'));
  });

  it('rule numbers without --line-numbers count the rules of the chain', () => {
    const numbered = interpretIptables(loadFixture(KIND, 'ssh-accept-drop-10250-n-line-numbers').text, {
      port: 10250,
    });
    const counted = interpretIptables(loadFixture(KIND, 'ssh-accept-drop-10250').text, { port: 10250 });
    expect(counted.decidedBy).toEqual(numbered.decidedBy);
  });

  it('the source only matters for source-scoped rules', () => {
    const { text } = loadFixture(KIND, 'dpts-webmin-range-drop');
    for (const source of ['192.0.2.7', '10.224.10.5', '2001:db8::1']) {
      expect(interpretIptables(text, { port: 10250, source }).decidedBy).toEqual(at('INPUT', 1, 'DROP'));
    }
    expect(interpretIptables(text, { port: 10250, source: '2001:db8::1' }).notes.join()).toContain(
      'not an IPv4',
    );
  });

  it('rejects a port that is not a TCP port', () => {
    const { text } = loadFixture(KIND, 'empty-policy-accept');
    for (const port of [0, 65536, 1.5]) expect(interpretIptables(text, { port }).verdict).toBe('unknown');
  });

  it('text with no INPUT chain is unknown', () => {
    const { text } = loadFixture(KIND, 'custom-chain-aks-block');
    const withoutInput = text.slice(text.indexOf('Chain FORWARD'));
    const v = interpretIptables(withoutInput, { port: 10250 });
    expect(v.verdict).toBe('unknown');
    expect(v.notes.join()).toContain('no `Chain INPUT`');
    expect(interpretIptables('', { port: 10250 }).verdict).toBe('unknown');
  });
});

describe('interpretIptables on big and hostile inputs', () => {
  /** kube-scale with KUBE-NODEPORTS grown to `count` rules (copies of its real rule lines). */
  function grown(count: number): string {
    const { text } = loadFixture(KIND, 'kube-scale');
    const all = text.split('\n');
    const start = all.findIndex((l) => l.startsWith('Chain KUBE-NODEPORTS')) + 2;
    let end = start;
    while (end < all.length && all[end] !== '') end++;
    const body = all.slice(start, end);
    const extra: string[] = [];
    for (let i = 0; extra.length < count; i++) {
      const line = body[i % body.length] ?? '';
      extra.push(line.replace(/^\d+/, String(body.length + extra.length + 1)));
    }
    return [...all.slice(0, end), ...extra, ...all.slice(end)].join('\n');
  }

  // How fast, and how time grows with size, is measured by `npm run bench` (bench/interpreters.ts).
  it('reads a 100k-line listing with the same verdict', () => {
    const big = grown(100_000);
    expect(big.split('\n').length).toBeGreaterThan(100_000);
    const v = interpretIptables(big, { port: 10250 });
    expect(v.verdict).toBe('blocks-port');
    expect(v.decidedBy).toEqual(at('INPUT', 5, 'DROP'));
    expect(interpretIptables(big, { port: 32077 }).decidedBy).toEqual(at('KUBE-NODEPORTS', 77, 'ACCEPT'));
  });

  it('survives long hostile lines', () => {
    const { text } = loadFixture(KIND, 'ssh-accept-drop-10250');
    const rule = text.split('\n').find((l) => l.includes('dpt:10250')) ?? '';
    const hostile = [
      rule + ' /*'.repeat(50_000),
      rule + ' "'.repeat(50_000),
      rule + ' multiport dports ' + '1,'.repeat(50_000),
      'iptables v' + '1.'.repeat(50_000),
      'Chain ' + '('.repeat(50_000),
    ];
    // Junk after the rule: a comment that never closes hides it, quotes make the rule uncertain, a port
    // list without 10250 rules it out; junk lines in place of the rule leave INPUT's policy.
    const expected: (RuleRef | undefined)[] = [
      at('INPUT', 2, 'DROP'),
      policy('ACCEPT'),
      policy('ACCEPT'),
      policy('ACCEPT'),
      policy('ACCEPT'),
    ];
    hostile.forEach((h, i) => {
      expect(interpretIptables(text.replace(rule, h), { port: 10250 }).decidedBy).toEqual(expected[i]);
    });
  });
});
