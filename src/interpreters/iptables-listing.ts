/**
 * The rule model of an iptables filter table, and the reader of `iptables --list` output (with or
 * without -n, -v, --line-numbers; one chain or all). `iptables -S` / `iptables-save` text is read
 * into the same model by iptables-rules.ts.
 *
 * Pure: no I/O. Linear in the input: each line is read once, and no regular expression can backtrack.
 */
import { cleanLine, isDigits, tokens } from './paste-text.js';

/** Printed by iptables-nft (on stderr) when iptables-legacy rules also exist: those are not in the listing. */
export const LEGACY_WARNING = 'iptables-legacy tables present';

interface Layout {
  num: boolean;
  counters: boolean;
  ifaces: boolean;
}

export interface Rule {
  /** The line as printed, trimmed. */
  line: string;
  /** 1-based position in its chain (from the num column when present). */
  position: number;
  /** Empty when the rule has no target (a counting rule). */
  target: string;
  prot: string;
  opt: string;
  inIface: string | null;
  outIface: string | null;
  source: string;
  destination: string;
  extras: string;
  /** `-g` (printed `[goto]` by --list): when the chain it goes to returns, this chain returns too. */
  goto?: boolean;
}

export interface Chain {
  name: string;
  /** `Chain INPUT (policy DROP)` as printed, trimmed. */
  header: string;
  /** Built-in chains only. */
  policy: string | null;
  rules: Rule[];
  /** Whether the listing has in/out columns (-v); null when the column header was missing. */
  ifaces: boolean | null;
  /** Set when a line inside the chain could not be read as a rule. */
  unreadable: string | null;
}

export interface Listing {
  chains: Map<string, Chain>;
  duplicates: Set<string>;
  legacyWarning: boolean;
  /** A line where iptables reported an error instead of listing (e.g. not root). */
  errorLine: string | null;
}

function parseChainHeader(line: string): { name: string; policy: string | null } | null {
  if (!line.startsWith('Chain ')) return null;
  const open = line.indexOf(' (', 6);
  if (open < 0 || !line.trimEnd().endsWith(')')) return null;
  const name = line.slice(6, open);
  if (name.length === 0 || name.includes(' ')) return null;
  const inside = line.slice(open + 2, line.trimEnd().length - 1);
  if (inside.startsWith('policy ')) {
    const policy = tokens(inside.slice(7), 1)[0]?.text ?? null;
    return { name, policy };
  }
  return { name, policy: null };
}

function parseColumnHeader(line: string): Layout | null {
  const t = tokens(line).map((x) => x.text);
  let i = 0;
  const num = t[i] === 'num';
  if (num) i++;
  const counters = t[i] === 'pkts' && t[i + 1] === 'bytes';
  if (counters) i += 2;
  if (t[i] !== 'target' || t[i + 1] !== 'prot' || t[i + 2] !== 'opt') return null;
  i += 3;
  const ifaces = t[i] === 'in' && t[i + 1] === 'out';
  if (ifaces) i += 2;
  if (t[i] !== 'source' || t[i + 1] !== 'destination' || t.length !== i + 2) return null;
  return { num, counters, ifaces };
}

function isCounter(s: string): boolean {
  const last = s[s.length - 1];
  return isDigits(s) || (s.length > 1 && 'KMGTP'.includes(last ?? '') && isDigits(s.slice(0, -1)));
}

function isOpt(s: string | undefined): boolean {
  return s === '--' || s === '-f' || s === '!f';
}

/** The match text, with `[goto]` (how --list shows `-g`) taken out as a flag. */
function extrasOf(text: string): { extras: string; goto?: boolean } {
  if (text !== '[goto]' && !text.endsWith(' [goto]')) return { extras: text };
  return { extras: text.slice(0, -'[goto]'.length).trim(), goto: true };
}

function parseRule(raw: string, layout: Layout, counted: number): Rule | null {
  const line = raw.trim();
  const t = tokens(line, 12);
  let i = 0;
  let position = counted + 1;
  if (layout.num) {
    const n = t[i++]?.text;
    if (n === undefined || !isDigits(n)) return null;
    position = Number(n);
  }
  if (layout.counters) {
    if (!isCounter(t[i]?.text ?? '') || !isCounter(t[i + 1]?.text ?? '')) return null;
    i += 2;
  }
  let target = '';
  if (!isOpt(t[i + 1]?.text)) {
    if (!isOpt(t[i + 2]?.text)) return null;
    target = t[i++]?.text ?? '';
  }
  const prot = t[i++]?.text ?? '';
  const opt = t[i++]?.text ?? '';
  let inIface: string | null = null;
  let outIface: string | null = null;
  if (layout.ifaces) {
    inIface = t[i++]?.text ?? null;
    outIface = t[i++]?.text ?? null;
  }
  const source = t[i++];
  const destination = t[i];
  if (source === undefined || destination === undefined || inIface === '' || outIface === '') return null;
  return {
    line,
    position,
    target,
    prot,
    opt,
    inIface,
    outIface,
    source: source.text,
    destination: destination.text,
    ...extrasOf(line.slice(destination.end).trim()),
  };
}

export function parseListing(output: string): Listing {
  const chains = new Map<string, Chain>();
  const duplicates = new Set<string>();
  let legacyWarning = false;
  let errorLine: string | null = null;
  let current: Chain | null = null;
  let layout: Layout | null = null;
  let expectColumns = false;

  for (const raw of output.split('\n')) {
    const line = cleanLine(raw);
    const trimmed = line.trim();
    if (trimmed.includes(LEGACY_WARNING)) legacyWarning = true;

    const header = parseChainHeader(trimmed);
    if (header) {
      current = {
        name: header.name,
        header: trimmed,
        policy: header.policy,
        rules: [],
        ifaces: null,
        unreadable: null,
      };
      if (chains.has(header.name)) duplicates.add(header.name);
      else chains.set(header.name, current);
      layout = null;
      expectColumns = true;
      continue;
    }
    if (current && expectColumns) {
      expectColumns = false;
      layout = parseColumnHeader(trimmed);
      if (layout) {
        current.ifaces = layout.ifaces;
        continue;
      }
      current.unreadable = trimmed;
      current = null;
    }
    if (current && layout) {
      if (trimmed === '') {
        current = null;
        continue;
      }
      const rule = parseRule(trimmed, layout, current.rules.length);
      if (rule) {
        current.rules.push(rule);
        continue;
      }
      current.unreadable = trimmed;
      current = null;
    }
    // `iptables v1.8.9 (nf_tables): Could not fetch ...`, `iptables: No chain/target/match by that name.`
    if (errorLine === null && /^ip6?tables(-\w+)?(:| v)/.test(trimmed) && trimmed.includes(': '))
      errorLine = trimmed;
  }
  return { chains, duplicates, legacyWarning, errorLine };
}
