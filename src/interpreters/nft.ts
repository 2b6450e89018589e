/**
 * Reads `nft list ruleset` (nft-parse.ts) and decides whether a new inbound TCP connection to a port reaches
 * the node: every base chain of type filter on the prerouting and input hooks sees the packet, in hook order
 * and then by priority (lowest first). In each one the first rule that applies decides (nft-match.ts), and the
 * chain's policy when none does. `accept` only ends that chain: the next base chain still sees the packet; a
 * `drop` or `reject` anywhere is final. So the port is allowed only when every base chain lets it through.
 * Only the tables for the flow's family count (ip and inet for IPv4; ip6 and inet for IPv6).
 *
 * The verdicts are iptables-list's: `blocks-port` (with the family, table, chain and rule position, or
 * `policy`, and the handle when `nft -a` printed it), `allows-port`, `unknown`.
 * Pure: no I/O. Linear in the input: each chain is evaluated at most once (memoised for the one flow).
 */
import type { InterpretOptions, NftRuleRef, NftVerdict } from '../domain/verdicts.js';
import { parseIpv4 } from './iptables-values.js';
import { matchNftRule, type Ctx, type NftFlow } from './nft-match.js';
import { parseNftRuleset, type NftChain, type NftRule, type NftTable } from './nft-parse.js';

const MAX_NOTES = 12;
const MAX_DEPTH = 64;

interface Outcome {
  decision: 'accept' | 'block' | 'return';
  chain?: NftChain;
  rule?: NftRule;
  target?: string;
  notes: string[];
  unlisted: string[];
}

function addNote(notes: string[], note: string): void {
  if (notes.includes(note)) return;
  if (notes.length < MAX_NOTES) notes.push(note);
  else if (notes.length === MAX_NOTES) notes.push('further skipped rules not listed');
}

const where = (chain: NftChain, rule: NftRule): string =>
  `rule ${rule.position} in ${chain.family} ${chain.table} ${chain.name}`;

class Walk {
  private readonly memo = new Map<NftChain, Outcome>();
  private readonly active = new Set<NftChain>();

  constructor(
    private readonly table: NftTable,
    private readonly ctx: Ctx,
  ) {}

  evaluate(chain: NftChain, depth: number): Outcome {
    const cached = this.memo.get(chain);
    if (cached) return cached;
    this.active.add(chain);
    const outcome = this.walk(chain, depth);
    this.active.delete(chain);
    this.memo.set(chain, outcome);
    return outcome;
  }

  /** A jump or goto: the chain it names, walked, or why not. */
  private enter(
    name: string,
    depth: number,
    notes: string[],
    unlisted: string[],
    from: string,
  ): Outcome | null {
    const target = this.table.chains.get(name);
    if (!target || this.active.has(target) || depth >= MAX_DEPTH) {
      addNote(
        notes,
        `${from} jumps to ${name}, ${target ? 'in a loop or too deep to follow' : 'which is not in this listing'}`,
      );
      if (!target) unlisted.push(name);
      return null;
    }
    const inner = this.evaluate(target, depth + 1);
    for (const n of inner.notes) addNote(notes, n);
    unlisted.push(...inner.unlisted.filter((u) => !unlisted.includes(u)));
    return inner;
  }

  private walk(chain: NftChain, depth: number): Outcome {
    const notes: string[] = [];
    const unlisted: string[] = [];
    for (const rule of chain.rules) {
      const m = matchNftRule(rule.tokens, this.ctx);
      if (m.kind === 'no' || m.action === null) continue;
      const act = m.action;
      if (act.kind === 'continue') continue;
      if (m.kind === 'maybe') {
        const what =
          act.kind === 'jump' || act.kind === 'goto'
            ? `${act.kind}s to ${act.chain}`
            : `${act.kind === 'other' ? act.text : act.kind}s`;
        addNote(notes, `${where(chain, rule)} ${what} only ${m.conditions.join(' and ')}: skipped`);
        continue;
      }
      if (act.kind === 'accept')
        return { decision: 'accept', chain, rule, target: 'accept', notes, unlisted };
      if (act.kind === 'drop' || act.kind === 'reject')
        return { decision: 'block', chain, rule, target: act.kind, notes, unlisted };
      if (act.kind === 'return') return { decision: 'return', notes, unlisted };
      if (act.kind === 'other') {
        addNote(notes, `${where(chain, rule)} hands the packet to "${act.text}": skipped`);
        continue;
      }
      if (act.kind !== 'jump' && act.kind !== 'goto') continue;
      const inner = this.enter(act.chain, depth, notes, unlisted, where(chain, rule));
      if (inner && inner.decision !== 'return') return { ...inner, notes, unlisted };
      if (inner && act.kind === 'goto') return { decision: 'return', notes, unlisted };
    }
    return { decision: 'return', notes, unlisted };
  }
}

/** The base chains a packet to the node goes through, in the order the kernel runs them. */
function baseChains(tables: NftTable[], v6: boolean): { chain: NftChain; table: NftTable }[] {
  const families = new Set(v6 ? ['ip6', 'inet'] : ['ip', 'inet']);
  const hookOrder = (h: string): number => (h === 'prerouting' ? 0 : 1);
  return tables
    .filter((t) => families.has(t.family))
    .flatMap((table) => [...table.chains.values()].map((chain) => ({ chain, table })))
    .filter(
      ({ chain }) =>
        chain.base?.type === 'filter' && (chain.base.hook === 'input' || chain.base.hook === 'prerouting'),
    )
    .sort(
      (a, b) =>
        hookOrder(a.chain.base?.hook ?? '') - hookOrder(b.chain.base?.hook ?? '') ||
        (a.chain.base?.priority ?? 0) - (b.chain.base?.priority ?? 0),
    );
}

function ref(chain: NftChain, rule: NftRule | 'policy', target: string): NftRuleRef {
  const r: NftRuleRef = {
    family: chain.family,
    table: chain.table,
    chain: chain.name,
    rule: rule === 'policy' ? 'policy' : rule.position,
    target,
  };
  if (rule !== 'policy' && rule.handle !== undefined) r.handle = rule.handle;
  return r;
}

function unknown(notes: string[], evidence: string | null, port?: number): NftVerdict {
  return {
    kind: 'nft-ruleset',
    verdict: 'unknown',
    evidence,
    notes,
    ...(port === undefined ? {} : { port }),
  };
}

interface Decided {
  verdict: 'blocks-port' | 'allows-port';
  evidence: string;
  decidedBy: NftRuleRef;
}

/** Runs the packet through each base chain in turn; the first block is final. */
function judge(
  chains: { chain: NftChain; table: NftTable }[],
  flow: NftFlow,
  notes: string[],
  unlisted: string[],
): Decided | null {
  let last: Decided | null = null;
  for (const { chain, table } of chains) {
    const out = new Walk(table, { flow, sets: table.sets }).evaluate(chain, 0);
    for (const n of out.notes) addNote(notes, n);
    unlisted.push(...out.unlisted);
    const base = chain.base as NonNullable<NftChain['base']>;
    if (out.decision !== 'return' && out.rule && out.chain) {
      const decided: Decided = {
        verdict: out.decision === 'block' ? 'blocks-port' : 'allows-port',
        evidence: out.rule.line,
        decidedBy: ref(out.chain, out.rule, out.target ?? ''),
      };
      if (decided.verdict === 'blocks-port') return decided;
      last = decided;
    } else {
      const decided: Decided = {
        verdict: base.policy === 'drop' ? 'blocks-port' : 'allows-port',
        evidence: base.line,
        decidedBy: ref(chain, 'policy', base.policy),
      };
      addNote(
        notes,
        `no rule in ${chain.family} ${chain.table} ${chain.name} decided tcp/${flow.port}: its policy ${base.policy} applies`,
      );
      if (decided.verdict === 'blocks-port') return decided;
      last = decided;
    }
  }
  return last;
}

export function interpretNft(output: string, options: InterpretOptions = {}): NftVerdict {
  const ruleset = parseNftRuleset(output);
  const port = options.port;
  const notes: string[] = [];
  if (port === undefined) return unknown(['no port given: say which TCP port to judge (--port N)'], null);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return unknown([`${port} is not a TCP port number (1-65535)`], null, port);
  const v6 = options.source?.includes(':') ?? false;
  const source = options.source === undefined || v6 ? null : parseIpv4(options.source);
  if (options.source !== undefined && !v6 && source === null)
    notes.push(`source ${options.source} is not an IP address: source-scoped rules are not evaluated`);

  const chains = baseChains(ruleset.tables, v6);
  if (chains.length === 0) {
    const why = ruleset.errorLine
      ? `nft reported an error instead of listing: ${ruleset.errorLine}`
      : ruleset.tables.length === 0
        ? 'no tables in the text: an empty ruleset filters nothing, but pass the output of `nft list ruleset` to be sure'
        : `no filter chain on the input or prerouting hook for ${v6 ? 'IPv6' : 'IPv4'} in the text: nothing shown filters traffic to the node`;
    return unknown([why], ruleset.errorLine, port);
  }
  const unlisted: string[] = [];
  const decided = judge(chains, { port, source, v6 }, notes, unlisted);
  if (!decided) return unknown(notes, null, port);
  for (const w of ruleset.warnings) notes.push(w.replace(/^# /, ''));
  const missing = [...new Set(unlisted)];
  if (missing.length > 0) {
    if (decided.verdict === 'allows-port') {
      notes.push(
        `would be allowed, but the packet first passes ${missing.join(', ')}, not in this listing, which could drop it: list the whole ruleset (nft list ruleset)`,
      );
      return unknown(notes, decided.evidence, port);
    }
    notes.push(
      `the packet first passes ${missing.join(', ')}, not in this listing; only an accept there would change this`,
    );
  }
  return {
    kind: 'nft-ruleset',
    verdict: decided.verdict,
    evidence: decided.evidence,
    notes,
    port,
    decidedBy: decided.decidedBy,
  };
}
