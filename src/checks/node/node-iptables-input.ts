/**
 * node-iptables-input: which rule of the node's INPUT chain decides a new TCP connection to kubelet's 10250.
 *
 * A real node has thousands of kube-proxy rules and run-command returns only the last 4,096 bytes, so the
 * script filters on the node: it lists INPUT and the chains INPUT reaches (three jumps deep), each in the
 * exact `iptables -L <chain> -n --line-numbers` format the iptables interpreter reads, and drops the rules
 * that cannot decide the flow (UDP/ICMP rules, rules for one other destination port: the bulk of
 * KUBE-SERVICES, KUBE-NODEPORTS and KUBE-EXTERNAL-SERVICES). `--line-numbers` keeps every kept rule's real
 * position, which is what `iptables -D INPUT <n>` takes. Before the listing it prints the backend (nft or
 * legacy) and whether Cilium replaced kube-proxy (./facts.ts).
 */
import { interpret, type Judged } from '../../interpreters/index.js';
import { nodeParams } from '../params.js';
import { factNotes, NODE_FACTS_SCRIPT, readNodeFacts } from './facts.js';
import type { NodeCheck } from './node-check.js';

/** The port judged: kubelet's. */
export const KUBELET_PORT = 10250;
/** Chains listed besides INPUT, at most (a ufw node reaches about 20). */
const MAX_CHAINS = 30;
/** Above this many characters of listing, only INPUT is sent (plus ~400 bytes of facts, under 4,096). */
const MAX_LISTING = 3500;

/**
 * awk, run on `iptables -L <chain> -n --line-numbers` output (never -v: the columns are fixed as
 * `num target prot opt source destination [matches]`). Prints every line except a rule that cannot match a new
 * TCP connection to `port`: one whose protocol is UDP or ICMP, or whose only port match is a single numeric
 * `dpt:N` with N != port. Ranges (`dpts:`), lists (`multiport`), negations (`dpt:!N`) and anything unsure are
 * kept. Words inside `/* comments *\/` are not read as matches. Contains no single quote (it sits inside one).
 */
export const RULE_FILTER_AWK = [
  'function cannot_match(   i, n, dpt, incomment) {',
  '  if ($1 !~ /^[0-9]+$/) return 0',
  '  if ($3 == "udp" || $3 == "17" || $3 == "icmp" || $3 == "1" || $3 == "ipv6-icmp" || $3 == "58") return 1',
  '  n = 0; incomment = 0',
  '  for (i = 2; i <= NF; i++) {',
  '    if (incomment) { if ($i == "*/") incomment = 0; continue }',
  '    if ($i == "/*") { incomment = 1; continue }',
  '    if ($i ~ /^dpts:/ || $i ~ /^dpt:!/ || $i == "multiport") return 0',
  '    if ($i ~ /^dpt:[0-9]+$/) { n++; dpt = substr($i, 5) + 0 }',
  '  }',
  '  return n == 1 && dpt != port + 0',
  '}',
  '!cannot_match() { print }',
].join('\n');

/**
 * awk: the chains a listing jumps to: the target column of each rule, when it is a name iptables allows for a
 * chain and not a built-in target. Only [A-Za-z0-9_-] names are printed, so the shell can split the list safely.
 */
export const JUMP_TARGETS_AWK = [
  '$1 ~ /^[0-9]+$/ && $2 ~ /^[A-Za-z0-9_][A-Za-z0-9_-]*$/ &&',
  '$2 !~ /^(ACCEPT|DROP|REJECT|RETURN|LOG|NFLOG|ULOG|MARK|CONNMARK|CT|NOTRACK|TRACE|AUDIT|SET|TCPMSS|NFQUEUE|QUEUE|all|tcp|udp|icmp|[0-9]+)$/ { print $2 }',
].join('\n');

const template: readonly string[] = [
  // No slots: the flow judged is fixed (a new TCP connection to 10250).
  `port=${KUBELET_PORT}`,
  `aksdiag_filter='${RULE_FILTER_AWK}'`,
  `aksdiag_jumps='${JUMP_TARGETS_AWK}'`,
  ...NODE_FACTS_SCRIPT,
  'if ! command -v iptables >/dev/null 2>&1; then return 127; fi',
  // -n: numbers, no DNS or /etc/services lookups (fast, and `dpt:10250` reads the same on every node).
  'input=$(iptables -w 5 -L INPUT -n --line-numbers 2>&1)',
  // The main command's status is the script's status (4 = not root, 1 = no such chain).
  'rc=$?',
  'listing=$(printf "%s\\n" "$input" | awk -v port="$port" "$aksdiag_filter")',
  'inputonly=$listing',
  // Breadth-first over the chains INPUT reaches; `seen` is a space-delimited set.
  "seen=' INPUT '",
  'queue=$(printf "%s\\n" "$input" | awk "$aksdiag_jumps")',
  'depth=0',
  'count=0',
  'while [ -n "$queue" ] && [ "$depth" -lt 3 ]; do',
  "  next=''",
  // Unquoted on purpose: split into names; the awk above only lets [A-Za-z0-9_-] through, so nothing globs.
  '  for c in $queue; do',
  '    case $seen in *" $c "*) continue ;; esac',
  '    seen="$seen$c "',
  `    if [ "$count" -ge ${MAX_CHAINS} ]; then break; fi`,
  // A target that is no chain (an extension target this list does not name) fails here and is skipped.
  '    out=$(iptables -w 5 -L "$c" -n --line-numbers 2>/dev/null) || continue',
  '    count=$((count + 1))',
  // A blank line ends a chain for the interpreter, as between chains in `iptables -L`.
  '    listing=$(printf "%s\\n\\n%s" "$listing" "$(printf "%s\\n" "$out" | awk -v port="$port" "$aksdiag_filter")")',
  '    next="$next $(printf "%s\\n" "$out" | awk "$aksdiag_jumps")"',
  '  done',
  '  queue=$next',
  '  depth=$((depth + 1))',
  'done',
  // Too long for run-command's 4,096 bytes: send INPUT alone. An allow then reads as unknown (the chains it
  // passes are missing), a block in INPUT still reads as a block.
  `if [ "\${#listing}" -gt ${MAX_LISTING} ]; then`,
  '  echo "aksdiag-listing: input-only (${#listing} characters with the chains it jumps to)"',
  '  listing=$inputonly',
  'fi',
  'printf "%s\\n" "$listing"',
  'return "$rc"',
];

/**
 * `ufw-blocks`: iptables drops the port, but in ufw's chains (or by the INPUT policy DROP that ufw sets
 * while active): that is ufw's doing, which node-ufw-status judges, not a rule someone added by hand.
 */
export type NodeIptablesInputVerdict = Omit<Judged<'iptables-list'>, 'verdict'> & {
  verdict: Judged<'iptables-list'>['verdict'] | 'ufw-blocks';
};

/** INPUT jumping to ufw's chains: ufw is active, and INPUT's policy is the one ufw set. */
const UFW_JUMP = /\bufw-(?:before|after|reject|track)-(?:logging-)?input\b/;

/** ufw keeps its rules in chains named ufw-*; while INPUT jumps there, INPUT's policy is ufw's too. */
function droppedByUfw(verdict: Judged<'iptables-list'>, output: string): boolean {
  if (verdict.verdict !== 'blocks-port' || !verdict.decidedBy) return false;
  const { chain, rule } = verdict.decidedBy;
  return chain.startsWith('ufw-') || (rule === 'policy' && UFW_JUMP.test(output));
}

export const nodeIptablesInput: NodeCheck<Record<string, never>, NodeIptablesInputVerdict> = {
  id: 'node-iptables-input',
  params: nodeParams({}),
  template,
  interpret(output) {
    const verdict = interpret('iptables-list', output, { port: KUBELET_PORT });
    const facts = readNodeFacts(output);
    const notes = [...factNotes(facts), ...verdict.notes];
    if (/^aksdiag-listing: input-only/m.test(output)) {
      notes.push(
        'the node sent INPUT alone: with the chains it jumps to, the listing was too long for run-command',
      );
    }
    if (facts.backend === 'not-installed') notes.unshift('iptables is not installed on the node');
    if (droppedByUfw(verdict, output)) {
      notes.push("the drop is ufw's (its chains, or the INPUT policy it sets): see node-ufw-status");
      return { ...verdict, verdict: 'ufw-blocks', notes };
    }
    return { ...verdict, notes };
  },
};
