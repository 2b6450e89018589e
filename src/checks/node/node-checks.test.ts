/**
 * Per node check: the registry matches the catalogue, the script renders and bash parses it, and its
 * interpret() gives the expected verdict on output the real tools printed (test/fixtures/<kind>/).
 * The scripts are never run here (they would read this machine's firewall and DNS): only `bash -n`/`sh -n`,
 * and, for the iptables check, its awk filters applied to captured listings.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { loadFixture } from '../../../test/support/fixtures.js';
import { runCommandEnvelope, withMarkers } from '../../../test/support/paste.js';
import { CHECKS } from '../catalogue.js';
import { unwrapRunCommand } from '../../interpreters/run-command.js';
import { renderScript } from '../node-script.js';
import {
  NODE_CHECKS,
  NODE_CHECK_IDS,
  nodeCheck,
  renderNodeCheck,
  type AnyNodeCheck,
  type NodeCheckId,
} from './index.js';
import { interpretIpamStore, LEAK_THRESHOLD } from './node-ipam-store.js';
import { JUMP_TARGETS_AWK, RULE_FILTER_AWK } from './node-iptables-input.js';
import { interpretKubeProxyRules } from './node-kube-proxy-rules.js';

const HERE = dirname(fileURLToPath(import.meta.url));

function syntaxOk(shell: string, script: string): boolean {
  return spawnSync(shell, ['-n'], { input: script }).status === 0;
}

function awk(program: string, input: string, port?: number): string {
  const args = port === undefined ? [program] : ['-v', `port=${port}`, program];
  const r = spawnSync('awk', args, { input, encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

const VALID: Record<NodeCheckId, Record<string, string | number>> = {
  'node-nc-kubelet': { host: 'fd00:10:224::5' },
  'node-ufw-status': {},
  'node-iptables-input': {},
  'node-nc-tunnel-egress': { host: '20.50.1.2', port: 1194 },
  'node-nc-apiserver': { host: 'myaks-dns-1a2b3c4d.hcp.westeurope.azmk8s.io' },
  'node-nslookup-apiserver': { name: 'myaks-1a2b3c4d.privatelink.westeurope.azmk8s.io' },
  'node-nslookup-cluster': { server: '10.0.0.10' },
  'node-nslookup-external': { name: 'mcr.microsoft.com', server: '168.63.129.16' },
  'node-resolv-conf': {},
  'node-curl-endpoint': { scheme: 'https', host: 'fd00::1', port: 8443 },
  'node-ipam-store': {},
  'node-kube-proxy-rules': { clusterIp: '10.0.12.34', port: 80 },
  'node-aks-check-network': {},
};

/** What the script's output looks like once run-command's envelope is taken off. */
function asReturned(stdout: string): string {
  // The script's lines each end in a newline, so the exit marker starts a line of its own.
  const lines = stdout === '' || stdout.endsWith('\n') ? stdout : `${stdout}\n`;
  const u = unwrapRunCommand(runCommandEnvelope(withMarkers(lines, 0), ''));
  return u.stderr ? `${u.stdout}\n${u.stderr}` : u.stdout;
}

/** When the catalogue lists a check's verdict vocabulary, what the check returns is in it. */
function inVocabulary(id: NodeCheckId, verdict: string): void {
  const vocabulary = (CHECKS[id] as { verdicts?: readonly string[] }).verdicts;
  if (vocabulary !== undefined) expect(vocabulary).toContain(verdict);
}

const fixture = (kind: string, name: string): string => asReturned(loadFixture(kind, name).text);

describe('the node check registry', () => {
  it('has exactly one module per catalogue node check, each under its own id', () => {
    const catalogue = Object.entries(CHECKS)
      .filter(([, spec]) => spec.target === 'node')
      .map(([id]) => id)
      .sort();
    expect([...NODE_CHECK_IDS].sort()).toEqual(catalogue);
    expect(Object.keys(NODE_CHECKS).sort()).toEqual(catalogue);
    for (const id of NODE_CHECK_IDS) expect(nodeCheck(id).id).toBe(id);
  });

  it('every check module in this folder is registered, and each has its own file', () => {
    const modules = readdirSync(HERE)
      .filter((f) => f.startsWith('node-') && f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .filter((f) => f !== 'node-check.ts')
      .map((f) => f.slice(0, -'.ts'.length))
      .sort();
    expect(modules).toEqual(Object.keys(NODE_CHECKS).sort());
    const others = readdirSync(HERE).filter(
      (f) => f.endsWith('.ts') && !f.startsWith('node-') && !f.endsWith('.test.ts'),
    );
    expect(others.sort()).toEqual(['facts.ts', 'index.ts']);
  });
});

describe.each(NODE_CHECK_IDS.map((id) => [id]))('%s', (id) => {
  const check = NODE_CHECKS[id] as AnyNodeCheck;
  const script = renderNodeCheck(check, VALID[id]);

  it('renders with valid parameters into a script bash (and POSIX sh) parse', () => {
    expect(syntaxOk('bash', script)).toBe(true);
    expect(syntaxOk('dash', script)).toBe(true);
  });

  it('leaves no slot unfilled and follows the marker convention', () => {
    expect(script).not.toContain('{{');
    expect(script).not.toContain('}}');
    expect(script.startsWith('#!/bin/bash\nset -u\necho aksdiag-begin\n')).toBe(true);
    expect(script).toContain(`trap 'echo "aksdiag-exit=$?"' EXIT`);
  });

  it('refuses to render with invalid parameters', () => {
    expect(() => renderNodeCheck(check, { ...VALID[id], extra: 'x' })).toThrow();
    for (const key of Object.keys(VALID[id])) {
      const { [key]: _gone, ...rest } = VALID[id];
      expect((check.params as z.ZodType).safeParse(rest).success).toBe(false);
    }
  });
});

describe('interpreting real output', () => {
  it.each([
    ['open-10250', 'open'],
    ['dns-nxdomain', 'dns-failure'],
    ['multi-address-one-refused', 'open'],
  ])('node-nc-kubelet on nc/%s: %s', (name, verdict) => {
    const v = NODE_CHECKS['node-nc-kubelet'].interpret(fixture('nc', name), { host: 'x' });
    expect(v).toMatchObject({ kind: 'nc', verdict, port: 10250 });
  });

  it('node-nc-kubelet judges 10250 only', () => {
    expect(NODE_CHECKS['node-nc-kubelet'].interpret(fixture('nc', 'timeout'), { host: 'x' }).verdict).toBe(
      'unknown',
    );
  });

  it('node-nc-kubelet reads run-command’s own captured envelope', () => {
    const u = unwrapRunCommand(loadFixture('run-command', 'succeeded-nc-open').text);
    expect(NODE_CHECKS['node-nc-kubelet'].interpret(u.stdout, { host: '198.51.100.10' }).verdict).toBe(
      'open',
    );
  });

  it.each([
    ['timeout', 9000, 'timeout'],
    ['no-route-to-host', 9001, 'unknown'], // 9001 is no tunnel port: judged for the port asked about
  ] as const)('node-nc-tunnel-egress on nc/%s', (name, port, verdict) => {
    const p = { host: '198.51.100.10', port: (port === 9000 ? 9000 : 443) as 443 | 9000 | 1194 };
    expect(NODE_CHECKS['node-nc-tunnel-egress'].interpret(fixture('nc', name), p).verdict).toBe(verdict);
  });

  it('node-nc-apiserver judges 443 (no captured nc output on 443: a 10250 success does not count)', () => {
    const v = NODE_CHECKS['node-nc-apiserver'].interpret(fixture('nc', 'open-10250'), { host: 'x' });
    expect(v).toMatchObject({ verdict: 'unknown', port: 443 });
  });

  it.each([
    ['inactive', 'inactive'],
    ['reject-10250', 'blocks-port'],
    ['allow-10250', 'allows-port'],
    ['default-allow-deny-10250-verbose', 'blocks-port'],
    ['ssh-only-verbose', 'blocks-port'],
    ['not-root', 'unknown'],
  ])('node-ufw-status on ufw-status/%s: %s', (name, verdict) => {
    const v = NODE_CHECKS['node-ufw-status'].interpret(fixture('ufw-status', name), {});
    expect(v).toMatchObject({ kind: 'ufw-status', verdict, port: 10250 });
  });

  it('node-ufw-status: ufw not installed cannot block', () => {
    const v = NODE_CHECKS['node-ufw-status'].interpret(asReturned('aksdiag-ufw: not-installed\n'), {});
    expect(v).toMatchObject({ verdict: 'inactive', evidence: 'aksdiag-ufw: not-installed' });
  });

  it.each([
    ['resolved-explicit-server', 'resolved'],
    ['nxdomain', 'nxdomain'],
    ['timeout', 'timeout'],
    ['servfail', 'servfail'],
  ])('node-nslookup-* on nslookup/%s: %s', (name, verdict) => {
    const out = fixture('nslookup', name);
    expect(NODE_CHECKS['node-nslookup-apiserver'].interpret(out, { name: 'x' }).verdict).toBe(verdict);
    expect(NODE_CHECKS['node-nslookup-cluster'].interpret(out, { server: '10.0.0.10' }).verdict).toBe(
      verdict,
    );
    expect(
      NODE_CHECKS['node-nslookup-external'].interpret(out, { name: 'x', server: '1.1.1.1' }).verdict,
    ).toBe(verdict);
  });

  it.each([
    ['azure-dns', 'azure-dns'],
    ['custom-dns', 'custom-dns'],
    ['stub-resolver', 'stub-resolver'],
    ['no-nameserver', 'no-nameserver'],
  ])('node-resolv-conf on resolv-conf/%s (after the script’s # aksdiag-file line): %s', (name, verdict) => {
    const out = asReturned(
      `# aksdiag-file: /run/systemd/resolve/resolv.conf\n${loadFixture('resolv-conf', name).text}`,
    );
    expect(NODE_CHECKS['node-resolv-conf'].interpret(out, {}).verdict).toBe(verdict);
  });

  it.each([
    ['telnet-open-10250', 'connected'],
    ['http-200', 'http-status'],
    ['timeout', 'timeout'],
    ['refused', 'refused'],
    ['tls-self-signed', 'tls-error'],
    ['dns-nxdomain', 'dns-failure'],
  ])('node-curl-endpoint on curl/%s: %s', (name, verdict) => {
    const p = { scheme: 'http' as const, host: 'x', port: 80 };
    expect(NODE_CHECKS['node-curl-endpoint'].interpret(fixture('curl', name), p).verdict).toBe(verdict);
  });
});

describe('node-iptables-input', () => {
  const FACTS_NFT = [
    'aksdiag-iptables-version: iptables v1.8.9 (nf_tables)',
    'aksdiag-cilium: absent',
    'aksdiag-kube-proxy: running',
  ].join('\n');

  /** Splits an `iptables -L` listing into chains (text of each, as `iptables -L <chain>` prints it). */
  function chains(listing: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const block of listing.split(/\n\s*\n/)) {
      const name = /^Chain (\S+) /.exec(block.trim())?.[1];
      if (name) out.set(name, block.trim());
    }
    return out;
  }

  /** What the script does on the node, with the listings taken from a captured `iptables -L -n --line-numbers`. */
  function onTheNode(listing: string, port = 10250): string {
    const all = chains(listing);
    const input = all.get('INPUT') ?? '';
    const parts = [awk(RULE_FILTER_AWK, `${input}\n`, port).trimEnd()];
    const seen = new Set(['INPUT']);
    let queue = awk(JUMP_TARGETS_AWK, `${input}\n`).split(/\s+/).filter(Boolean);
    for (let depth = 0; depth < 3 && queue.length > 0; depth++) {
      const next: string[] = [];
      for (const c of queue) {
        if (seen.has(c)) continue;
        seen.add(c);
        const text = all.get(c);
        if (text === undefined) continue; // `iptables -L <target>` fails: not a chain
        parts.push(awk(RULE_FILTER_AWK, `${text}\n`, port).trimEnd());
        next.push(...awk(JUMP_TARGETS_AWK, `${text}\n`).split(/\s+/).filter(Boolean));
      }
      queue = next;
    }
    return `${FACTS_NFT}\n${parts.join('\n\n')}\n`;
  }

  it('the awk programs fit inside single quotes and hold no slot braces', () => {
    for (const p of [RULE_FILTER_AWK, JUMP_TARGETS_AWK]) {
      expect(p).not.toContain("'");
      expect(p).not.toContain('{{');
      expect(p).not.toContain('}}');
    }
  });

  it('filters a kube-proxy-sized table to what fits run-command, with the same verdict and rule number', () => {
    const full = loadFixture('iptables-list', 'kube-scale').text;
    expect(full.length).toBeGreaterThan(4096);
    const sent = onTheNode(full);
    expect(Buffer.byteLength(sent)).toBeLessThan(3500);
    // The KUBE-NODEPORTS / KUBE-EXTERNAL-SERVICES bulk is gone; the chains are still listed (headers kept).
    expect(sent).toContain('Chain KUBE-NODEPORTS');
    expect(sent).not.toContain('dpt:32001');
    expect(sent).not.toContain('Chain KUBE-SERVICES'); // INPUT does not jump there
    const v = NODE_CHECKS['node-iptables-input'].interpret(asReturned(sent), {});
    expect(v).toMatchObject({
      verdict: 'blocks-port',
      port: 10250,
      decidedBy: { chain: 'INPUT', rule: 5, target: 'DROP' },
    });
    expect(v.notes).toContain('iptables backend: nf_tables');
    const unfiltered = NODE_CHECKS['node-iptables-input'].interpret(full, {});
    expect(unfiltered).toMatchObject({ verdict: v.verdict, decidedBy: v.decidedBy });
  });

  it("ufw's own chains and policy dropping the port read as ufw-blocks, not a hand-made iptables rule", () => {
    const v = NODE_CHECKS['node-iptables-input'].interpret(
      asReturned(onTheNode(loadFixture('iptables-list', 'ufw-managed-v-n').text)),
      {},
    );
    expect(v.verdict).toBe('ufw-blocks');
    expect(v.notes.join('\n')).toContain('node-ufw-status');
    // A DROP someone put straight into INPUT is still the iptables cause, ufw or not.
    const manual = NODE_CHECKS['node-iptables-input'].interpret(
      asReturned(onTheNode(loadFixture('iptables-list', 'ssh-accept-drop-10250-n-line-numbers').text)),
      {},
    );
    expect(manual.verdict).toBe('blocks-port');
  });

  it('keeps rule positions when it drops rules', () => {
    const v = NODE_CHECKS['node-iptables-input'].interpret(
      asReturned(onTheNode(loadFixture('iptables-list', 'ssh-accept-drop-10250-n-line-numbers').text)),
      {},
    );
    expect(v).toMatchObject({ verdict: 'blocks-port', decidedBy: { chain: 'INPUT', rule: 2 } });
  });

  it('keeps ranges, lists, negations and port-less rules; drops UDP and single other ports', () => {
    const listing = [
      'Chain X (1 references)',
      'num  target     prot opt source               destination',
      '1    ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:22',
      '2    ACCEPT     17   --  0.0.0.0/0            0.0.0.0/0            udp dpt:10250',
      '3    DROP       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpts:10000:11000',
      '4    DROP       6    --  0.0.0.0/0            0.0.0.0/0            multiport dports 22,10250',
      '5    DROP       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:!22',
      '6    DROP       0    --  0.0.0.0/0            0.0.0.0/0            /* says dpt:80 */',
      '7    DROP       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:10250',
      '8    LOG        0    --  0.0.0.0/0            0.0.0.0/0',
      '9    ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:443',
    ].join('\n');
    const kept = awk(RULE_FILTER_AWK, `${listing}\n`, 10250)
      .split('\n')
      .filter((l) => /^\d/.test(l))
      .map((l) => Number(l.split(/\s+/)[0]));
    expect(kept).toEqual([3, 4, 5, 6, 7, 8]);
    expect(awk(JUMP_TARGETS_AWK, `${listing}\n`).trim()).toBe('');
    expect(awk(JUMP_TARGETS_AWK, loadFixture('iptables-list', 'kube-scale').text).split('\n')).toEqual(
      expect.arrayContaining([
        'KUBE-PROXY-FIREWALL',
        'KUBE-NODEPORTS',
        'KUBE-EXTERNAL-SERVICES',
        'KUBE-FIREWALL',
      ]),
    );
  });

  it('an allow with legacy tables present is unknown', () => {
    const v = NODE_CHECKS['node-iptables-input'].interpret(
      fixture('iptables-list', 'legacy-tables-warning'),
      {},
    );
    expect(v.verdict).toBe('unknown');
    const facts = `${FACTS_NFT}\naksdiag-legacy-tables: filter (iptables-legacy tables present)\n`;
    const w = NODE_CHECKS['node-iptables-input'].interpret(
      asReturned(facts + loadFixture('iptables-list', 'accept-10250-before-drop-all').text),
      {},
    );
    expect(w.verdict).toBe('unknown');
    expect(w.notes.join('\n')).toMatch(/legacy tables are loaded \(filter\)/);
  });

  it('INPUT alone (too long to send more) still reads a block, and says why it is alone', () => {
    const text = `${FACTS_NFT}\naksdiag-listing: input-only (9000 characters with the chains it jumps to)\n${loadFixture('iptables-list', 'kube-input-only').text}`;
    const v = NODE_CHECKS['node-iptables-input'].interpret(asReturned(text), {});
    expect(v.verdict).toBe('blocks-port');
    expect(v.notes.join('\n')).toMatch(/INPUT alone/);
  });

  it('notes Cilium replacing kube-proxy', () => {
    const text = `aksdiag-iptables-version: iptables v1.8.7 (legacy)\naksdiag-cilium: present\naksdiag-kube-proxy: not-running\n${loadFixture('iptables-list', 'ssh-accept-drop-10250-n-line-numbers').text}`;
    const v = NODE_CHECKS['node-iptables-input'].interpret(asReturned(text), {});
    expect(v.notes.join('\n')).toMatch(/Cilium replaces kube-proxy/);
    expect(v.notes).toContain('iptables backend: legacy');
  });

  it('not root: unknown, with iptables’ own error', () => {
    const v = NODE_CHECKS['node-iptables-input'].interpret(fixture('iptables-list', 'not-root'), {});
    expect(v.verdict).toBe('unknown');
  });
});

describe('node-ipam-store (its own interpreter: no captured output exists for it)', () => {
  it.each([
    ['ipam-store: absent', 'unknown', /not kubenet/],
    [
      'ipam-store: host-local\nallocated: 40\nsandboxes: 31\nleaked: 12\nleaked-sample: 10.244.1.7 10.244.1.9',
      'leak',
      /12 addresses/,
    ],
    ['ipam-store: host-local\nallocated: 20\nsandboxes: 25\nleaked: 0\nleaked-sample:', 'ok', /20 addresses/],
    [
      'ipam-store: host-local\nallocated: 20\nsandboxes: 25\nleaked: 1\nleaked-sample: 10.244.1.3',
      'ok',
      /not a leak yet/,
    ],
    [
      'ipam-store: host-local\nallocated: 20\nsandboxes: unknown (crictl missing or failed)',
      'unknown',
      /crictl/,
    ],
    ['', 'unknown', /did not run/],
  ])('%j -> %s', (out, verdict, note) => {
    const v = interpretIpamStore(asReturned(`${out}\n`));
    expect(v.verdict).toBe(verdict);
    inVocabulary('node-ipam-store', v.verdict);
    expect(v.notes.join('\n')).toMatch(note);
  });

  it('reports counts and a sample', () => {
    const v = NODE_CHECKS['node-ipam-store'].interpret(
      'ipam-store: host-local\nallocated: 40\nsandboxes: 31\nleaked: 12\nleaked-sample: 10.244.1.7 10.244.1.9\n',
      {},
    );
    expect(v).toMatchObject({
      verdict: 'leak',
      allocated: 40,
      sandboxes: 31,
      leaked: 12,
      evidence: 'leaked: 12',
    });
    expect(v.leakedSample).toEqual(['10.244.1.7', '10.244.1.9']);
    expect(LEAK_THRESHOLD).toBeGreaterThan(1);
  });
});

describe('node-kube-proxy-rules (its own interpreter: no captured output exists for it)', () => {
  const facts =
    'aksdiag-iptables-version: iptables v1.8.9 (nf_tables)\naksdiag-cilium: absent\naksdiag-kube-proxy: running\n';
  const rule =
    'aksdiag-rule: -A KUBE-SERVICES -d 10.0.12.34/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-ABCDEF';
  it.each([
    [
      `aksdiag-proxy-mode: iptables\naksdiag-service-rules: 1\n${rule}\naksdiag-endpoints: 3\naksdiag-reject-rules: 0`,
      'rules-present',
    ],
    // No endpoints: kube-proxy writes only a REJECT for the ClusterIP, which is it doing its part.
    [
      'aksdiag-proxy-mode: iptables\naksdiag-service-rules: 0\naksdiag-endpoints: 0\naksdiag-reject-rules: 1',
      'rules-present',
    ],
    [
      `aksdiag-proxy-mode: iptables\naksdiag-service-rules: 1\n${rule}\naksdiag-endpoints: 0\naksdiag-reject-rules: 0`,
      'rules-present',
    ],
    // Neither a service rule nor kube-proxy's REJECT: kube-proxy has not written this Service at all.
    [
      'aksdiag-proxy-mode: iptables\naksdiag-service-rules: 0\naksdiag-endpoints: 0\naksdiag-reject-rules: 0',
      'rules-missing',
    ],
    ['aksdiag-proxy-mode: nftables\naksdiag-service-rules: 2', 'rules-present'],
    ['', 'unknown'],
  ])('%#: %s', (out, verdict) => {
    const v = interpretKubeProxyRules(asReturned(facts + out));
    expect(v.verdict).toBe(verdict);
    inVocabulary('node-kube-proxy-rules', v.verdict);
  });

  it('a programmed Service without endpoints: rules present, endpoints 0, and the note says so', () => {
    const v = interpretKubeProxyRules(
      asReturned(
        `${facts}aksdiag-proxy-mode: iptables\naksdiag-service-rules: 1\n${rule}\naksdiag-endpoints: 0\n`,
      ),
    );
    expect(v).toMatchObject({ verdict: 'rules-present', endpoints: 0, evidence: 'aksdiag-endpoints: 0' });
    expect(v.notes.join('\n')).toMatch(/no ready endpoints/);
  });

  it('Cilium without kube-proxy: replaced', () => {
    const out =
      'aksdiag-iptables-version: iptables v1.8.9 (nf_tables)\naksdiag-cilium: present\naksdiag-kube-proxy: not-running\naksdiag-proxy-mode: iptables\naksdiag-service-rules: 0\n';
    expect(interpretKubeProxyRules(out)).toMatchObject({
      verdict: 'kube-proxy-replaced',
      evidence: 'aksdiag-cilium: present',
    });
  });

  it('the rendered script greps for the exact ClusterIP and port', () => {
    const s = renderScript(NODE_CHECKS['node-kube-proxy-rules'].template, {
      clusterIp: '10.0.12.34',
      port: 80,
    });
    expect(s).toContain('ip=10.0.12.34\nport=80\n');
  });
});
