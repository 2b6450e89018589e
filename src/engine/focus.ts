/**
 * A big log is mostly noise around a few error lines. Above FOCUS_MIN_CHARS the matcher reads
 * only the lines that say something went wrong (one literal prefilter pass), each with a few
 * lines either side so wrapped errors and `curl -v` traces stay whole. Small pastes are read whole.
 * The cut is made before the line-by-line redaction (only PEM blocks, which span lines, are
 * masked first), so a 1 MB log is redacted on the few kilobytes that are read.
 */
import { OUTCOME_PHRASES, SAID_WORDS } from './events/outcomes.js';
import { phraseTrie } from './phrase-trie.js';

export const FOCUS_MIN_CHARS = 64_000;
/** curl -v prints `Connected to` several lines before the failure that ends it. */
const CONTEXT_LINES = 12;

/** Words any error line carries, beyond the outcome phrases themselves. */
const TROUBLE_WORDS = [
  'error',
  'err',
  'fail',
  'failed',
  'failure',
  'unable',
  'cannot',
  "can't",
  'could not',
  "couldn't",
  'denied',
  'deny',
  'forbidden',
  'warning',
  'warn',
  'fatal',
  'panic',
  'exit status',
  'exit code',
  'still waiting',
  'backend',
  'webhook',
  'unreachable',
  'exhausted',
  'exhaustion',
  'not available',
  'exceeded',
  'nameserver',
  'chain',
  'status',
  'tunnel',
  'konnectivity',
  'endpoints',
  'subnet',
  'ipam',
  // kubectl's "The connection to the server <host:port> was refused" has no outcome phrase whole.
  'refused',
  'the connection to the server',
  // A load balancer's probes and traffic policy, said in words (lb-service-timeout's signals).
  'health probe',
  'health probes',
  'health-probe',
  'health check',
  'healthchecknodeport',
  'externaltrafficpolicy',
  // SNAT ports said in words (outbound-egress's signals).
  'snat',
  'aksoutboundrule',
  // What the paste says its addresses are: kubectl's Service tables and describe output
  // (see events/paste-context.ts), read with the error however far apart they sit.
  'clusterip',
  'loadbalancer',
  'nodeport',
  'external-ip',
  // ping's summary (its `100% packet loss` starts with a digit: costly as a phrase to look for).
  'packet loss',
  // The words a person's own account of a failure starts with ("the IP doesn't respond").
  ...SAID_WORDS,
];
/**
 * The same as a pattern, with what is not a word: an AKS host, the kubelet's port, klog's `E0123 `,
 * a 5xx in an access log, curl's exit code, and curl -v's `*   Trying <address>...` (a connect
 * that may never have finished: see events/read-events.ts).
 */
const TROUBLE = new RegExp(
  `\\b${phraseTrie(TROUBLE_WORDS)}\\b|azmk8s|10250|[EWF]\\d{4} |" 50[234] |curl: \\(|\\* {1,4}trying `,
  'i',
);

/**
 * The outcome phrases the words above do not already find (`connection failed` has `failed`):
 * a line is kept for any of them, so the scan needs only the rest.
 */
const HAS_TROUBLE_WORD = new RegExp(
  // As \b would see it: `err_connection_refused` does not contain the word `err`.
  `(?:^|\\W)(?:${TROUBLE_WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?:$|\\W)`,
);
const OUTCOME_ONLY = OUTCOME_PHRASES.filter((p) => !HAS_TROUBLE_WORD.test(p) && !TROUBLE.test(p));

/**
 * One pass: each hit jumps the scan to the next line, so the text is read about once. Both the
 * words and the outcome phrases are tries (phrase-trie.ts): a flat alternation of some 300
 * phrases cost most of a 1 MB scan.
 */
const HIT = new RegExp(`${TROUBLE.source}|${phraseTrie(OUTCOME_ONLY)}`, 'gi');

function lineStart(text: string, pos: number, back: number): number {
  let start = text.lastIndexOf('\n', pos - 1) + 1;
  for (let k = 0; k < back && start > 0; k++) start = text.lastIndexOf('\n', start - 2) + 1;
  // A Kubernetes env entry's `value:` is a secret only by the `name:` above it, which the
  // redaction (run on the lines kept) must see too.
  if (start > 0 && ENTRY_VALUE.test(text.slice(start, start + 40)))
    start = text.lastIndexOf('\n', start - 2) + 1;
  return start;
}

const ENTRY_VALUE = /^[ \t]{0,30}(?:- )?value:/;

function lineEnd(text: string, pos: number, ahead: number): number {
  let end = text.indexOf('\n', pos);
  for (let k = 0; k < ahead && end >= 0; k++) end = text.indexOf('\n', end + 1);
  return end < 0 ? text.length : end;
}

export function focusText(text: string): string {
  if (text.length < FOCUS_MIN_CHARS) return text;
  const spans: [number, number][] = [];
  HIT.lastIndex = 0;
  for (let m = HIT.exec(text); m; m = HIT.exec(text)) {
    const from = lineStart(text, m.index, CONTEXT_LINES);
    const to = lineEnd(text, m.index, CONTEXT_LINES);
    const last = spans.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else spans.push([from, to]);
    HIT.lastIndex = lineEnd(text, m.index, 0) + 1;
  }
  return spans.map(([a, b]) => text.slice(a, b)).join('\n');
}

export const FOCUS_REGEXES: readonly RegExp[] = [TROUBLE, HIT];
