/**
 * Reads `iptables -S [chain]` and `iptables-save [-c]` output into the rule model iptables-listing.ts reads
 * `iptables --list` into, so one walk judges both. What they print (iptables 1.8.9; see
 * test/fixtures/iptables-list/rules-* and save-*):
 *   -P INPUT DROP                           | :INPUT DROP [0:0]          (a built-in chain and its policy)
 *   -N AKS-BLOCK                            | :AKS-BLOCK - [0:0]         (a user chain)
 *   -A INPUT -p tcp -m tcp --dport 10250 -j DROP                         ([12:720] in front with -c)
 *   -A AKS-BLOCK -p tcp -m multiport --dports 22,10250 -m comment --comment "aks: block node ports" -j DROP
 * iptables-save prints every table (`*nat` ... `COMMIT`); only `*filter` decides what reaches the node, and
 * `iptables -S` prints the filter table without saying so.
 *
 * Each rule's options are written as `--list` would print its match text (`--dport 10250` as `dpt:10250`,
 * `--dports` as `multiport dports`, `--ctstate` as `ctstate`, `--syn` as `flags:FIN,SYN,RST,ACK/SYN`), so
 * iptables-match.ts judges them the same way. Options it does not know are kept as they are: a rule with
 * one is a rule that may or may not apply, and the verdict says so.
 * Pure, linear in the input, no regular expressions.
 */
import { LEGACY_WARNING, type Chain, type Listing, type Rule } from './iptables-listing.js';
import { cleanLine, isSpace } from './paste-text.js';

/** Options whose value the match text shows under another name, and that name. */
const PORT_OPTIONS: Record<string, string> = {
  '--dport': 'dpt',
  '--destination-port': 'dpt',
  '--sport': 'spt',
  '--source-port': 'spt',
};
const MULTIPORT_OPTIONS: Record<string, string> = {
  '--dports': 'dports',
  '--destination-ports': 'dports',
  '--sports': 'sports',
  '--source-ports': 'sports',
  '--ports': 'ports',
};

/** Whitespace tokens, a double-quoted string (a comment) kept as one token. */
function ruleTokens(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isSpace(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    if (s[i] === '"') {
      const end = s.indexOf('"', i + 1);
      i = end < 0 ? s.length : end + 1;
    } else {
      while (i < s.length && !isSpace(s[i])) i++;
    }
    out.push(s.slice(start, i));
  }
  return out;
}

interface Draft {
  target: string;
  goto: boolean;
  prot: string;
  opt: string;
  inIface: string | null;
  outIface: string | null;
  source: string;
  destination: string;
  extras: string[];
}

/** The values after an option, up to the next option. */
function valuesFrom(t: string[], i: number): string[] {
  const values: string[] = [];
  for (let j = i; j < t.length && !(t[j] ?? '').startsWith('-') && t[j] !== '!'; j++) values.push(t[j] ?? '');
  return values;
}

/** Writes one option as `--list` prints it; returns how many value tokens it took. */
function translate(d: Draft, opt: string, neg: boolean, t: string[], at: number): number {
  const value = t[at] ?? '';
  const not = neg ? '!' : '';
  if (opt === '-s' || opt === '--source') d.source = not + value;
  else if (opt === '-d' || opt === '--destination') d.destination = not + value;
  else if (opt === '-i' || opt === '--in-interface') d.inIface = not + value;
  else if (opt === '-o' || opt === '--out-interface') d.outIface = not + value;
  else if (opt === '-p' || opt === '--protocol') d.prot = not + value;
  else if (opt === '-f' || opt === '--fragment') {
    d.opt = neg ? '!f' : '-f';
    return 0;
  } else if (opt === '-m' || opt === '--match')
    return 1; // the module's options follow
  else if (PORT_OPTIONS[opt])
    d.extras.push(`${PORT_OPTIONS[opt]}${value.includes(':') ? 's' : ''}:${not}${value}`);
  else if (MULTIPORT_OPTIONS[opt]) d.extras.push(`multiport ${MULTIPORT_OPTIONS[opt]} ${not}${value}`);
  else if (opt === '--syn') {
    d.extras.push(`flags:${not}FIN,SYN,RST,ACK/SYN`);
    return 0;
  } else if (opt === '--tcp-flags') {
    d.extras.push(`flags:${not}${value}/${t[at + 1] ?? ''}`);
    return 2;
  } else if (opt === '--state' || opt === '--ctstate')
    d.extras.push(`${neg ? '! ' : ''}${opt.slice(2)} ${value}`);
  else if (opt === '--dst-type' || opt === '--src-type')
    d.extras.push(`ADDRTYPE match ${opt.slice(2)} ${not}${value}`);
  else if (opt === '--mark') d.extras.push(`mark match ${neg ? '! ' : ''}${value}`);
  else if (opt === '--comment') d.extras.push(`/* ${value.replace(/^"|"$/g, '')} */`);
  else {
    // Not known: kept as printed, so the rule reads as one that may or may not apply.
    const values = valuesFrom(t, at);
    d.extras.push([neg ? '!' : '', opt, ...values].filter((x) => x !== '').join(' '));
    return values.length;
  }
  return 1;
}

/** The part of `-A CHAIN ...` after the chain name, as a rule. */
function parseRuleArgs(args: string[], line: string, position: number): Rule {
  const d: Draft = {
    target: '',
    goto: false,
    prot: 'all',
    opt: '--',
    inIface: null,
    outIface: null,
    source: '0.0.0.0/0',
    destination: '0.0.0.0/0',
    extras: [],
  };
  let neg = false;
  for (let i = 0; i < args.length; i++) {
    const tok = args[i] ?? '';
    if (tok === '!') {
      neg = true;
      continue;
    }
    if (tok === '-j' || tok === '--jump' || tok === '-g' || tok === '--goto') {
      d.target = args[i + 1] ?? '';
      d.goto = tok === '-g' || tok === '--goto';
      // What follows the target are its own options (--reject-with, --log-prefix, --to-destination).
      if (args[i + 2] === '--reject-with') d.extras.push(`reject-with ${args[i + 3] ?? ''}`);
      break;
    }
    if (tok.startsWith('-')) i += translate(d, tok, neg, args, i + 1);
    else d.extras.push(tok); // a value the option before it did not take
    neg = false;
  }
  return {
    line,
    position,
    target: d.target,
    prot: d.prot,
    opt: d.opt,
    inIface: d.inIface,
    outIface: d.outIface,
    source: d.source,
    destination: d.destination,
    extras: d.extras.join(' '),
    ...(d.goto ? { goto: true } : {}),
  };
}

function chainOf(listing: Listing, name: string, header: string): Chain {
  let chain = listing.chains.get(name);
  if (!chain) {
    chain = { name, header, policy: null, rules: [], ifaces: true, unreadable: null };
    listing.chains.set(name, chain);
  }
  return chain;
}

/** True when the text holds `iptables -S` / `iptables-save` lines (and no `--list` chain headers). */
export function looksLikeRules(output: string): boolean {
  for (const raw of output.split('\n')) {
    const line = cleanLine(raw).trim();
    if (line.startsWith('Chain ')) return false;
    if (line.startsWith('-P ') || line.startsWith(':INPUT ') || line.startsWith('-A INPUT ')) return true;
  }
  return false;
}

export function parseRules(output: string): Listing {
  const listing: Listing = {
    chains: new Map(),
    duplicates: new Set(),
    legacyWarning: false,
    errorLine: null,
  };
  let table = 'filter';
  for (const raw of output.split('\n')) {
    let line = cleanLine(raw).trim();
    if (line.includes(LEGACY_WARNING)) listing.legacyWarning = true;
    if (line.startsWith('*')) table = line.slice(1);
    if (table !== 'filter' || line === '' || line.startsWith('#')) continue;
    const printed = line;
    // iptables-save -c puts the rule's counters in front: `[12:720] -A INPUT ...`.
    if (line.startsWith('[')) line = line.slice(line.indexOf(']') + 1).trim();
    const t = ruleTokens(line);
    const [first, name = ''] = [t[0] ?? '', t[1] ?? ''];
    if (first === '-A' || first === '--append') {
      const chain = chainOf(listing, name, printed);
      chain.rules.push(parseRuleArgs(t.slice(2), printed, chain.rules.length + 1));
    } else if (first === '-P' || first === '--policy') {
      const chain = chainOf(listing, name, printed);
      chain.header = printed;
      chain.policy = t[2] ?? null;
    } else if (first === '-N' || first === '--new-chain') {
      chainOf(listing, name, printed);
    } else if (first.startsWith(':') && first.length > 1) {
      const chain = chainOf(listing, first.slice(1), printed);
      chain.header = printed;
      chain.policy = name === '-' ? null : name;
    } else if (listing.errorLine === null && /^ip6?tables(-\w+)?(:| v)/.test(line) && line.includes(': ')) {
      listing.errorLine = line;
    }
  }
  return listing;
}
