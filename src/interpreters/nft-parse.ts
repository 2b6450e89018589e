/**
 * Reads `nft list ruleset` (also `nft -a list ruleset`, `nft list table ...`, `nft list chain ...`) into its
 * tables, sets, chains and rules. What nft 1.0 prints (see test/fixtures/nft-ruleset):
 *   table inet filter {                                   # handle 1   (with -a)
 *   	set kubelet_sources {
 *   		type ipv4_addr
 *   		flags interval
 *   		elements = { 10.224.0.0/16, 192.0.2.0/24 }        (long sets continue on the next lines)
 *   	}
 *   	chain input {
 *   		type filter hook input priority filter; policy drop;   (only a base chain has this line)
 *   		ct state established,related accept
 *   		tcp dport { 10250, 10255 } counter packets 0 bytes 0 drop
 *   	}
 *   }
 * Blocks it does not read (flowtables, named counters, ct helpers) are skipped by their braces.
 * Pure, linear in the input, no regular expressions that can backtrack.
 */
import { cleanLine, isSpace } from './paste-text.js';

export interface NftRule {
  /** The line as printed, trimmed (its `# handle N` comment included). */
  line: string;
  /** 1-based position in its chain. */
  position: number;
  handle?: number;
  /** The statement, tokenised: `{ ... }` groups and quoted strings are one token each. */
  tokens: string[];
}

export interface NftChain {
  name: string;
  family: string;
  table: string;
  /** Base chains only: `type filter hook input priority filter; policy drop;` as printed, and its parts. */
  base: { line: string; type: string; hook: string; priority: number; policy: 'accept' | 'drop' } | null;
  rules: NftRule[];
}

export interface NftTable {
  family: string;
  name: string;
  chains: Map<string, NftChain>;
  /** Named sets and maps: their elements as printed, or null when the text does not show them. */
  sets: Map<string, string[] | null>;
}

export interface NftRuleset {
  tables: NftTable[];
  /** `# Warning: table ip filter is managed by iptables-nft, do not touch!` and the like. */
  warnings: string[];
  /** A line where nft reported an error instead of listing (`Error: ...`, `Operation not permitted`). */
  errorLine: string | null;
}

/** Priorities nft prints by name (nft(8), "PRIORITY"), for the families that hook input. */
const PRIORITY_NAMES: Record<string, number> = {
  raw: -300,
  mangle: -150,
  dstnat: -100,
  filter: 0,
  security: 50,
  srcnat: 100,
};

/** Whitespace tokens; `{ ... }` (one level) and `"..."` stay whole. */
export function nftTokens(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isSpace(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    const close = s[i] === '{' ? '}' : s[i] === '"' ? '"' : null;
    if (close) {
      const end = s.indexOf(close, i + 1);
      i = end < 0 ? s.length : end + 1;
    } else {
      while (i < s.length && !isSpace(s[i])) i++;
    }
    out.push(s.slice(start, i));
  }
  return out;
}

/** `filter`, `-10`, `filter - 10`, `mangle + 5` -> a number (NaN when not understood). */
function priorityValue(text: string): number {
  const t = text
    .trim()
    .split(' ')
    .filter((x) => x !== '');
  const base = (w: string | undefined): number => (w === undefined ? NaN : (PRIORITY_NAMES[w] ?? Number(w)));
  if (t.length === 1) return base(t[0]);
  if (t.length === 3 && (t[1] === '+' || t[1] === '-'))
    return base(t[0]) + (t[1] === '-' ? -1 : 1) * Number(t[2]);
  return NaN;
}

/** `type filter hook input priority filter; policy drop;` -> its parts. */
function baseChain(line: string): NftChain['base'] {
  const parts = line.split(';').map((p) => p.trim());
  const t = (parts[0] ?? '').split(' ');
  if (t[0] !== 'type' || t[2] !== 'hook' || t[4] !== 'priority') return null;
  const policyPart = parts.find((p) => p.startsWith('policy '));
  return {
    line,
    type: t[1] ?? '',
    hook: t[3] ?? '',
    priority: priorityValue(t.slice(5).join(' ')),
    policy: policyPart === 'policy drop' ? 'drop' : 'accept',
  };
}

/** Elements between `{` and `}` of `elements = { a, b }`, possibly over several lines. */
function elementsOf(text: string): string[] {
  return text
    .replace('elements = ', '')
    .replace(/[{}]/g, ' ')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

interface State {
  r: NftRuleset;
  table: NftTable | null;
  chain: NftChain | null;
  set: { name: string; text: string | null } | null;
  /** Depth inside a block this reader skips. */
  skip: number;
}

function handleOf(line: string): { text: string; handle?: number } {
  const at = line.lastIndexOf('# handle ');
  if (at < 0) return { text: line };
  const handle = Number(line.slice(at + 9).trim());
  return { text: line.slice(0, at).trim(), ...(Number.isInteger(handle) ? { handle } : {}) };
}

function closeBlock(st: State): void {
  if (st.set && st.table) {
    st.table.sets.set(st.set.name, st.set.text === null ? null : elementsOf(st.set.text));
    st.set = null;
  } else if (st.chain) st.chain = null;
  else st.table = null;
}

function readInSet(st: State, text: string): void {
  const set = st.set as { name: string; text: string | null };
  if (set.text !== null && !set.text.includes('}')) set.text += ` ${text}`;
  else if (text.startsWith('elements = ')) set.text = text;
}

function readLine(st: State, line: string): void {
  const { text, handle } = handleOf(line);
  if (st.skip > 0) {
    if (text.endsWith('{')) st.skip++;
    else if (text === '}') st.skip--;
    return;
  }
  const words = text.split(' ');
  if (text === '}' && !(st.set?.text && !st.set.text.includes('}'))) return closeBlock(st);
  if (st.set) return readInSet(st, text);
  if (words[0] === 'table' && text.endsWith('{')) {
    st.table = { family: words[1] ?? '', name: words[2] ?? '', chains: new Map(), sets: new Map() };
    st.r.tables.push(st.table);
  } else if (st.table && !st.chain && words[0] === 'chain' && text.endsWith('{')) {
    st.chain = { name: words[1] ?? '', family: st.table.family, table: st.table.name, base: null, rules: [] };
    st.table.chains.set(st.chain.name, st.chain);
  } else if (st.table && !st.chain && (words[0] === 'set' || words[0] === 'map') && text.endsWith('{')) {
    st.set = { name: words[1] ?? '', text: null };
  } else if (text.endsWith('{')) {
    st.skip = 1; // a flowtable, a named counter or quota, a ct helper: nothing that filters
  } else if (st.chain) {
    const base = st.chain.rules.length === 0 && !st.chain.base ? baseChain(text) : null;
    if (base) st.chain.base = base;
    else if (text !== '' && !text.startsWith('comment ')) {
      const rule: NftRule = { line, position: st.chain.rules.length + 1, tokens: nftTokens(text) };
      if (handle !== undefined) rule.handle = handle;
      st.chain.rules.push(rule);
    }
  }
}

export function parseNftRuleset(output: string): NftRuleset {
  const st: State = {
    r: { tables: [], warnings: [], errorLine: null },
    table: null,
    chain: null,
    set: null,
    skip: 0,
  };
  for (const raw of output.split('\n')) {
    const line = cleanLine(raw).trim();
    if (line === '') continue;
    if (line.startsWith('# Warning:')) st.r.warnings.push(line);
    else if (line.startsWith('Error: ') || line.includes('Operation not permitted')) st.r.errorLine ??= line;
    else if (!line.startsWith('#')) readLine(st, line);
  }
  return st.r;
}
