/**
 * Reads `iptables --list` output (with or without -n, -v, --line-numbers; one chain or all), or
 * `iptables -S` / `iptables-save` output (iptables-rules.ts reads it into the same model), and
 * decides whether a new inbound TCP connection to a port is blocked: walk INPUT in order, follow
 * jumps into the chains the listing shows, first ACCEPT / DROP / REJECT wins, else INPUT's policy.
 *
 * Pure: no I/O. Linear in the input: each line is read once, each chain is evaluated at most once
 * (its outcome for the one flow being judged is memoised), and no regular expression can backtrack.
 *
 * The flow is the first packet of a new connection from outside to the node itself, so some
 * conditions are known and evaluated: `state`/`ctstate` (it is NEW), `flags:` (a SYN),
 * `ADDRTYPE match dst-type` (LOCAL), `-f` (not a fragment), ports (names from /etc/services).
 * Conditions it may or may not meet (source unless `options.source` is IPv4, destination,
 * interface, source port, mark, anything unrecognised) keep a rule from being applied; a note
 * records each such rule that would have decided. Without -v, iptables prints no interfaces, so
 * `-i lo -j ACCEPT` reads as "ACCEPT all anywhere anywhere": that exact shape is read as loopback.
 * A jump to a chain the text does not show is passed over; an allow reached after one becomes
 * `unknown`, as does any allow when iptables-nft warns that legacy tables exist.
 */
import type { InterpretOptions, IptablesVerdict, RuleRef } from '../domain/verdicts.js';
import { parseListing } from './iptables-listing.js';
import { looksLikeRules, parseRules } from './iptables-rules.js';
import { parseIpv4 } from './iptables-values.js';
import { Evaluator } from './iptables-walk.js';

function unknown(notes: string[], evidence: string | null = null, port?: number): IptablesVerdict {
  const v: IptablesVerdict = { kind: 'iptables-list', verdict: 'unknown', evidence, notes };
  if (port !== undefined) v.port = port;
  return v;
}

export function interpretIptables(output: string, options: InterpretOptions): IptablesVerdict {
  const listing = looksLikeRules(output) ? parseRules(output) : parseListing(output);
  const port = options.port;
  const input = listing.chains.get('INPUT');

  if (!input) {
    const notes = [
      'no `Chain INPUT` in the text (nor `-P INPUT` or `:INPUT` from iptables -S / iptables-save): pass the output of `iptables -L INPUT`, `iptables -S` or `iptables-save`',
    ];
    if (listing.errorLine)
      notes.unshift(`iptables reported an error instead of listing rules: ${listing.errorLine}`);
    return unknown(notes, listing.errorLine, port);
  }
  if (port === undefined) return unknown(['no port given: say which TCP port to judge (--port N)']);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return unknown([`${port} is not a TCP port number (1-65535)`], null, port);
  }

  const notes: string[] = [];
  let source: number | null = null;
  if (options.source !== undefined) {
    source = parseIpv4(options.source);
    if (source === null)
      notes.push(`source ${options.source} is not an IPv4 address: source-scoped rules are not evaluated`);
  }
  if (listing.duplicates.has('INPUT'))
    notes.push('the text holds more than one INPUT chain: read the first one');

  const outcome = new Evaluator(listing, { port, source }).evaluate('INPUT', 0);
  notes.push(...outcome.notes);

  let verdict: IptablesVerdict['verdict'];
  let decidedBy: RuleRef;
  let evidence: string;
  if (outcome.decision !== 'return' && outcome.rule && outcome.chain) {
    verdict = outcome.decision === 'accept' ? 'allows-port' : 'blocks-port';
    decidedBy = { chain: outcome.chain, rule: outcome.rule.position, target: outcome.rule.target };
    evidence = outcome.rule.line;
  } else if (input.policy === 'ACCEPT' || input.policy === 'DROP') {
    verdict = input.policy === 'ACCEPT' ? 'allows-port' : 'blocks-port';
    decidedBy = { chain: 'INPUT', rule: 'policy', target: input.policy };
    evidence = input.header;
    notes.push(`no rule decided tcp/${port}: INPUT's policy ${input.policy} applies`);
  } else {
    notes.push(`no rule decided tcp/${port} and the INPUT header shows no policy`);
    return unknown(notes, input.header, port);
  }

  const unlisted = [...new Set(outcome.unlisted)];
  if (unlisted.length > 0) {
    const chains = unlisted.join(', ');
    if (verdict === 'allows-port') {
      notes.push(
        `would be allowed, but the packet first passes ${chains}, not in this listing, which could drop it: ` +
          `list ${unlisted.length > 1 ? 'them' : 'it'} too (iptables -L ${unlisted[0]})`,
      );
      return unknown(notes, evidence, port);
    }
    notes.push(
      `the packet first passes ${chains}, not in this listing; only an ACCEPT there would change this`,
    );
  }
  if (listing.legacyWarning) {
    if (verdict === 'allows-port') {
      notes.push(
        'iptables-nft warns that iptables-legacy tables are present: their rules are not in this listing and ' +
          'could drop the port (list them with iptables-legacy -L)',
      );
      return unknown(notes, evidence, port);
    }
    notes.push(
      'iptables-legacy tables are present as well (not in this listing); they cannot undo this drop',
    );
  }
  return { kind: 'iptables-list', verdict, evidence, notes, port, decidedBy };
}
