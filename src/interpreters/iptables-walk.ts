/**
 * Walks the chains of an iptables filter table for one flow, as the kernel would: INPUT in order,
 * into the chains it jumps to, first ACCEPT / DROP / REJECT wins, RETURN goes back to the caller.
 * Each chain is evaluated at most once (its outcome for the one flow is memoised), so the walk is
 * linear in the number of rules. A jump to a chain the text does not show is passed over and named.
 */
import type { Chain, Listing, Rule } from './iptables-listing.js';
import { HIDDEN_INTERFACE, matchRule, type Flow } from './iptables-match.js';

/** Targets that do something to the packet and let it continue down the chain. */
const NON_TERMINATING = new Set([
  'LOG',
  'NFLOG',
  'ULOG',
  'MARK',
  'CONNMARK',
  'CONNSECMARK',
  'SECMARK',
  'CLASSIFY',
  'DSCP',
  'TOS',
  'TTL',
  'HL',
  'TCPMSS',
  'TCPOPTSTRIP',
  'CT',
  'NOTRACK',
  'TRACE',
  'AUDIT',
  'SET',
  'IDLETIMER',
  'LED',
  'CHECKSUM',
  'RATEEST',
  'TEE',
]);

/** At most this many notes about skipped rules; the rest are counted. */
export const MAX_RULE_NOTES = 12;
/** Deeper chain nesting than this is not followed (iptables itself stops well before). */
const MAX_DEPTH = 200;

export interface Outcome {
  decision: 'accept' | 'block' | 'return';
  chain?: string;
  rule?: Rule;
  notes: string[];
  /** Chains jumped to on the way that the listing does not show. */
  unlisted: string[];
}

function verb(target: string): string {
  if (target === 'ACCEPT') return 'accepts';
  if (target === 'DROP') return 'drops';
  if (target === 'REJECT') return 'rejects';
  if (target === 'RETURN') return `returns early (skipping the rest of the chain)`;
  return `jumps to ${target}`;
}

function addNote(notes: string[], note: string): void {
  if (notes.includes(note)) return;
  if (notes.length < MAX_RULE_NOTES) notes.push(note);
  else if (notes.length === MAX_RULE_NOTES) notes.push('further skipped rules not listed');
}

export class Evaluator {
  private readonly memo = new Map<string, Outcome>();
  private readonly active = new Set<string>();

  constructor(
    private readonly listing: Listing,
    private readonly flow: Flow,
  ) {}

  evaluate(name: string, depth: number): Outcome {
    const cached = this.memo.get(name);
    if (cached) return cached;
    const chain = this.listing.chains.get(name);
    if (!chain) return { decision: 'return', notes: [], unlisted: [name] };
    this.active.add(name);
    const outcome = this.walk(chain, depth);
    this.active.delete(name);
    this.memo.set(name, outcome);
    return outcome;
  }

  private walk(chain: Chain, depth: number): Outcome {
    const notes: string[] = [];
    const unlisted: string[] = [];
    const where = (rule: Rule): string => `rule ${rule.position} in ${chain.name}`;
    if (chain.unreadable !== null) {
      addNote(
        notes,
        `could not read a line of chain ${chain.name}, stopped there: "${chain.unreadable.slice(0, 80)}"`,
      );
    }

    for (const rule of chain.rules) {
      const target = rule.target;
      if (target === '' || NON_TERMINATING.has(target)) continue;
      const match = matchRule(rule, this.flow, chain.ifaces === true);
      if (match.kind === 'no') continue;
      const terminal = target === 'ACCEPT' || target === 'DROP' || target === 'REJECT' || target === 'RETURN';
      const known = this.listing.chains.has(target);

      if (match.kind === 'maybe') {
        if (match.conditions.includes(HIDDEN_INTERFACE)) {
          addNote(
            notes,
            `${where(rule)} looks like "accept everything", but a listing without -v does not show interfaces ` +
              'and `-i lo -j ACCEPT` prints exactly like this: read as loopback only (list with -v to be sure)',
          );
          continue;
        }
        const only = `only ${match.conditions.join(' and ')}`;
        if (terminal) {
          addNote(notes, `${where(rule)} ${verb(target)} ${only}: skipped`);
        } else if (!known) {
          addNote(notes, `${where(rule)} jumps to ${target} (not in this listing) ${only}: skipped`);
        } else if (depth < MAX_DEPTH && !this.active.has(target)) {
          const inner = this.evaluate(target, depth + 1);
          if (inner.decision !== 'return' && inner.rule) {
            const what = inner.decision === 'block' ? 'would block the port' : 'would accept it';
            addNote(
              notes,
              `${where(rule)} jumps to ${target} ${only} (rule ${inner.rule.position} in ${inner.chain} ${what}): skipped`,
            );
          }
        }
        continue;
      }

      if (target === 'ACCEPT') return { decision: 'accept', chain: chain.name, rule, notes, unlisted };
      if (target === 'DROP' || target === 'REJECT')
        return { decision: 'block', chain: chain.name, rule, notes, unlisted };
      if (target === 'RETURN') return { decision: 'return', notes, unlisted };
      if (!known || this.active.has(target) || depth >= MAX_DEPTH) {
        const why = !known
          ? target === 'NFQUEUE' || target === 'QUEUE'
            ? 'hands the packet to a userspace program'
            : `jumps to ${target}, which is not in this listing`
          : `jumps to ${target} in a loop or too deep to follow`;
        addNote(notes, `${where(rule)} ${why}`);
        unlisted.push(target);
        continue;
      }
      const inner = this.evaluate(target, depth + 1);
      for (const n of inner.notes) addNote(notes, n);
      unlisted.push(...inner.unlisted.filter((u) => !unlisted.includes(u)));
      if (inner.decision !== 'return') return { ...inner, notes, unlisted };
      if (rule.goto) return { decision: 'return', notes, unlisted }; // -g: no coming back to this chain
    }
    return { decision: 'return', notes, unlisted };
  }
}
