/**
 * Interpreter benchmark (`npm run bench`): firewall listings far beyond a node's size, grown from captured
 * output (test/fixtures) by repeating its real rule lines: `iptables --list`, `iptables-save`, `nft list
 * ruleset` and `ufw status`. Reported per format: median time at N and 4N rules, and the growth between them
 * (about 4 when linear; about 16 would be quadratic). Figures only, no assertions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpret } from '../src/interpreters/index.js';
import type { InterpreterKind } from '../src/domain/verdicts.js';

/** `npm run bench` runs from the repository's root. */
const fixture = (kind: string, name: string): string =>
  readFileSync(join(process.cwd(), 'test', 'fixtures', kind, `${name}.txt`), 'utf8');

/** The text with `count` more lines like the `sample` line inserted after it. */
function grow(
  text: string,
  isSample: (line: string) => boolean,
  count: number,
  make: (line: string, i: number) => string,
): string {
  const lines = text.split('\n');
  const at = lines.findIndex(isSample);
  const sample = lines[at] ?? '';
  const extra = Array.from({ length: count }, (_, i) => make(sample, i));
  return [...lines.slice(0, at + 1), ...extra, ...lines.slice(at + 1)].join('\n');
}

/** Ports 40000-59999 over and over: rules that never match 10250, so every one is read. */
const port = (i: number): number => 40000 + (i % 20000);

const FORMATS: { label: string; kind: InterpreterKind; text: (n: number) => string }[] = [
  {
    label: 'iptables --list',
    kind: 'iptables-list',
    text: (n) =>
      grow(
        fixture('iptables-list', 'kube-scale'),
        (l) => l.includes('dpt:32001'),
        n,
        (l, i) => l.replace('dpt:32001', `dpt:${port(i)}`),
      ),
  },
  {
    label: 'iptables-save',
    kind: 'iptables-list',
    text: (n) =>
      grow(
        fixture('iptables-list', 'save-kube-nat-and-filter'),
        (l) => l.includes('--dport 32001'),
        n,
        (l, i) => l.replace('--dport 32001', `--dport ${port(i)}`),
      ),
  },
  {
    label: 'nft list ruleset',
    kind: 'nft-ruleset',
    text: (n) =>
      grow(
        fixture('nft-ruleset', 'native-policy-drop-10250-drop'),
        (l) => l.includes('tcp dport 22 accept'),
        n,
        (l, i) => l.replace('dport 22', `dport ${port(i)}`),
      ),
  },
  {
    label: 'ufw status',
    kind: 'ufw-status',
    text: (n) =>
      grow(
        fixture('ufw-status', 'ipv6-rows-verbose'),
        (l) => l.startsWith('22/tcp'),
        n,
        (l, i) => l.replace('22/tcp', `${port(i)}/tcp`),
      ),
  },
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function time(kind: InterpreterKind, text: string): number {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    interpret(kind, text, { port: 10250 });
    runs.push(performance.now() - started);
  }
  return median(runs);
}

export function runInterpreterBench(n = 100_000): void {
  process.stdout.write(`\naksdiag interpreter benchmark: firewall listings of ${n} and ${4 * n} rules\n`);
  process.stdout.write('format              ms (N)   ms (4N)   growth\n');
  for (const f of FORMATS) {
    const small = f.text(n);
    const large = f.text(4 * n);
    time(f.kind, small); // warm up
    const a = time(f.kind, small);
    const b = time(f.kind, large);
    process.stdout.write(
      `${f.label.padEnd(18)} ${a.toFixed(1).padStart(7)}  ${b.toFixed(1).padStart(8)}  ${(b / a).toFixed(1).padStart(7)}\n`,
    );
  }
}
