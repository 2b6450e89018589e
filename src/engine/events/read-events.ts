/**
 * paste → network events: one pass over the lines that carry an outcome phrase, binding each
 * outcome to the destination it was about, the destination to its role, and the attempt to
 * its vantage. Pure and linear: each candidate line is read a bounded number of times.
 */
import { DNS_FAILURES, type NetEvent, type Outcome, type Role } from '../../domain/events.js';
import { destinationsOn, type DestinationAt } from './destinations.js';
import { pasteContext, refineRoles } from './paste-context.js';
import { ANY_OUTCOME_LOWER, type OutcomeAt, outcomeOf } from './outcomes.js';
import { roleOf, strongestRole } from './roles.js';
import { toolOutputEvents } from './tool-output.js';
import { lineCue, lineRole, textCue, topicRole, vantageOf, WEAK_CUE } from './vantage.js';

/** Events kept per paste: enough for any rule, bounded for a 2 MB log. */
const MAX_EVENTS = 200;
const MAX_LINE = 2_000;
/** Up to this many lines every line is read for vantage cues. */
const CUE_ALL_LINES = 300;
// Go's `dial tcp: i/o timeout` (no address) means the lookup before the dial ran out of time,
// unless the client named the address it dialled just before (gocql's `dial control conn
// 10.0.2.60: dial tcp: i/o timeout`): an address needs no lookup.
// (`:53` is the DNS port, not the minutes or seconds of a timestamp: `17:53:57`, `12:04:53`;
// "DNS resolves fine" is what works.)
const DNS_CONTEXT =
  /\blookup |(?<!\b\d{1,2}:\d{2}):53\b(?!:\d)|resolv\.conf|resolve host|resolving|name resolution|resolve-dnsname|could not be resolved|nslookup|(?<![-/#.]|via |by )\bdns\b(?![-.])(?! (?:resolves|resolution (?:works|is fine|succeeds)|works|is fine|is ok|lookups? (?:works?|succeeds?)))|no servers could be reached|(?<!\d\.\d{1,3}: )dial (?:tcp|udp): i\/o timeout/;

const PING = /\bping\b|\bicmp|packet loss/;

/**
 * A line's own cue wins over the paste's, unless it is one of the weakest (an exception or a
 * traceback, which any client prints) and the paste names a stronger one ("from my laptop").
 */
function vantageFor(lineCueRank: number | null, pasteCue: number | null): NetEvent['vantage'] {
  const weak = lineCueRank !== null && lineCueRank >= WEAK_CUE && pasteCue !== null && pasteCue < lineCueRank;
  return vantageOf(lineCueRank === null || weak ? pasteCue : lineCueRank);
}

/** An HTTP answer that is the application's (a 4xx, a plain 500), said or printed. */
const HTTP_ANSWER =
  /\b(?:returns?|returned|returning|gives?|giving|gave|got|gets|getting|shows?|showing|with|status(?: code)?:?|http\/\d(?:\.\d)?) (?:an? |the )?(?:http )?(?:4\d\d|500)\b|\b(?:4\d\d|500) (?:not found|forbidden|unauthorized|bad request|internal server error|page not found)\b/;

/** Where a person's sentence turns: a full stop, or a "but" that contrasts what works with what fails. */
const CLAUSE_BREAK = /[.;!?](?:\s|$)|\b(?:but|however|whereas|while|although|though|yet)\b/g;

/** The clause of `lower` that holds position `at`. */
function clauseAround(lower: string, at: number): string {
  let start = 0;
  let end = lower.length;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(lower); m; m = CLAUSE_BREAK.exec(lower)) {
    if (m.index <= at) start = m.index;
    else {
      end = m.index;
      break;
    }
  }
  return lower.slice(start, end);
}

/** Events that say the same thing about the same place count once. */
const eventKey = (outcome: Outcome, role: Role, dest: NetEvent['dest']) =>
  `${outcome}|${role}|${dest.host ?? dest.ip ?? ''}`;

/** Which destinations an outcome at `at` is about: the ones before it on the line, else after. */
function boundTo(dests: readonly DestinationAt[], at: number, dns: boolean): DestinationAt[] {
  const pool = dns ? dests.filter((d) => d.lookup) : dests.filter((d) => !d.lookup);
  const candidates = pool.length > 0 ? pool : dests;
  const before = candidates.filter((d) => d.at < at);
  if (dns) {
    const nearest = before.at(-1) ?? candidates.find((d) => d.at >= at);
    return nearest ? [nearest] : [];
  }
  return before.length > 0 ? before : candidates.filter((d) => d.at >= at).slice(0, 1);
}

/** What one line says, read once however many candidate lines look at it. */
interface LineFacts {
  text: string;
  outcomes: OutcomeAt[];
  dests: DestinationAt[];
  role: Role | null;
  /** Rank of the strongest vantage cue on the line (see vantage.ts), or null. */
  cue: number | null;
}

const shifted = <T extends { at: number }>(xs: readonly T[], by: number): T[] =>
  xs.map((x) => ({ ...x, at: x.at + by }));

function eventsOnLine(
  line: LineFacts,
  previous: LineFacts | null,
  pasteCue: number | null,
  seen: Set<string>,
): NetEvent[] {
  // A wrapped error (YAML, kubectl describe) prints the destination or the context a line above.
  let { text: lower, dests, outcomes } = line;
  let contextRole = line.role;
  if (
    previous &&
    (dests.length === 0 || contextRole === null) &&
    (previous.dests.length > 0 || previous.role) &&
    // `kubectl logs app` names no address: the lines after it that do are the pod's own log,
    // not kubectl failing to reach the kubelet.
    !(dests.length > 0 && previous.dests.length === 0 && previous.role === 'kubelet')
  ) {
    const by = previous.text.length + 1;
    lower = `${previous.text} ${line.text}`;
    dests = [...previous.dests, ...shifted(line.dests, by)];
    outcomes = [...previous.outcomes, ...shifted(line.outcomes, by)];
    contextRole = lineRole(lower);
  }
  // What the line says happened comes before a bare "it failed" (which still names its own destination).
  outcomes = [...outcomes].sort((a, b) => Number(a.outcome === 'failed') - Number(b.outcome === 'failed'));
  if (outcomes.length === 0) return [];
  const cue = lower === line.text ? line.cue : lineCue(lower);
  const lineVantage = vantageFor(cue, pasteCue);
  const dnsLine = DNS_CONTEXT.test(lower);
  const out: NetEvent[] = [];
  for (const { outcome: raw, at } of outcomes) {
    const outcome: Outcome = raw === 'timeout' && dnsLine && !/:10250\b/.test(lower) ? 'dns-timeout' : raw;
    const dns = DNS_FAILURES.includes(outcome);
    const bound = boundTo(dests, at, dns);
    const roles = bound.map((d) => roleOf(d.dest));
    let role: Role = strongestRole(roles);
    if (
      contextRole &&
      !dns &&
      role !== 'local' &&
      (WEAK_ROLES.includes(role) || STRONG_CONTEXT.includes(contextRole)) &&
      // A pod (the ingress controller's own, say) dialling a private address goes to a pod or a
      // Service inside the cluster, whatever the line says about the ingress.
      !(contextRole === 'load-balancer' && role === 'private-ip' && lineVantage === 'pod')
    )
      role = contextRole;
    // The sentence the outcome sits in, read once for its subject, for what it says answered and
    // for where it ran from.
    const clause = outcome === 'failed' || cue !== null ? clauseAround(lower, at) : '';
    // "It works by the cluster IP but not from my browser by the node's IP and port": a failure
    // told in words, with no address, is about what its own clause names.
    if (outcome === 'failed' && bound.length === 0 && clause !== lower)
      role = topicRole(clause, false) ?? role;
    if (outcome === 'no-endpoints') role = 'cluster-service';
    // A ClusterIP is a rule for TCP and UDP ports, not a host: kube-proxy's iptables mode never
    // answers ping, so a ping to a Service that gets nothing back says nothing about it.
    if ((role === 'cluster-ip' || role === 'cluster-service') && PING.test(lower)) continue;
    // The destination whose role was chosen (a name typed beats the redacted address beside it).
    const dest = bound[roles.lastIndexOf(role)]?.dest ?? bound.at(-1)?.dest ?? {};
    const key = eventKey(outcome, role, dest);
    if (seen.has(key)) continue;
    // "It doesn't work and returns 404": something answered, so nothing failed to connect.
    if (outcome === 'failed' && HTTP_ANSWER.test(clause)) continue;
    // "It failed" adds nothing to what the same line already said happened at the same place.
    if (outcome === 'failed' && out.some((e) => e.dest.host === dest.host && e.dest.ip === dest.ip)) continue;
    seen.add(key);
    // "It works from the pods, but not from my laptop": the cue in the failure's own clause.
    const clauseCue = cue === null ? null : lineCue(clause);
    const vantage = clauseCue === null ? lineVantage : vantageFor(clauseCue, pasteCue);
    out.push({ outcome, role, vantage, dest, line: lower.slice(0, 300) });
  }
  return out;
}

/** Roles an address alone gives that a line's wording (`Unable to connect to the server`) can sharpen. */
const WEAK_ROLES: readonly Role[] = ['unknown', 'private-ip', 'public-ip'];
/** Wording that names the path whatever the address (`error dialing backend`, `failed calling webhook`). */
const STRONG_CONTEXT: readonly Role[] = ['kubelet', 'tunnel', 'webhook', 'aggregated-api'];

/** The outcome phrases of the whole lower-cased text, by line: one scan. */
function outcomesByLine(lower: string): Map<number, OutcomeAt[]> {
  const byLine = new Map<number, OutcomeAt[]>();
  let line = 0;
  let lineStart = 0;
  ANY_OUTCOME_LOWER.lastIndex = 0;
  for (let m = ANY_OUTCOME_LOWER.exec(lower); m; m = ANY_OUTCOME_LOWER.exec(lower)) {
    for (let nl = lower.indexOf('\n', lineStart); nl >= 0 && nl < m.index; nl = lower.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    if (m.index - lineStart >= MAX_LINE) continue;
    const found = outcomeOf(m[0], lower, lineStart, m.index);
    if (!found) continue;
    const list = byLine.get(line) ?? [];
    if (list.length === 0) byLine.set(line, list);
    list.push(found);
  }
  return byLine;
}

/**
 * The line an event's missing destination or context is read from: the one above, or for a
 * Ctrl-C the nearest of the three above that names a destination with its port, else any
 * destination (the command typed sits a line or two above, telnet's `Trying x...` between).
 */
function lineAbove(i: number, line: LineFacts, factsOf: (i: number) => LineFacts | null): LineFacts | null {
  if (CAUSED_BY.test(line.text) && line.dests.length === 0) return traceHead(i, factsOf) ?? factsOf(i - 1);
  if (!line.text.trimEnd().endsWith('^c')) return factsOf(i - 1);
  const above = [i - 1, i - 2, i - 3].map(factsOf).filter((f): f is LineFacts => !!f && f.dests.length > 0);
  return above.find((f) => f.dests.some((d) => d.dest.port !== undefined)) ?? above[0] ?? factsOf(i - 1);
}

/** A Java or .NET inner exception, and the stack frames between it and the exception it caused. */
const CAUSED_BY = /^\s*(?:caused by: |---> )/;
const STACK_FRAME =
  /^\s*(?:at |\.\.\. \d{1,5} (?:more|common frames omitted)|caused by: |---> |--- end of inner exception|[a-z][\w.$]{0,200}(?:exception|error)(?::|$))/;
/** How far up a stack trace its inner exception looks for where the call was going. */
const MAX_TRACE_LINES = 80;

/**
 * `Caused by: java.net.SocketTimeoutException: connect timed out` names no destination: the
 * exception it caused, at the head of the trace above, does ("while connecting to server
 * mongodb:27017"). The nearest line above the frames and exceptions that names one.
 */
function traceHead(i: number, factsOf: (i: number) => LineFacts | null): LineFacts | null {
  for (let j = i - 1; j >= 0 && i - j <= MAX_TRACE_LINES; j--) {
    const f = factsOf(j);
    if (!f) return null;
    if (f.dests.length > 0) return f;
    if (!STACK_FRAME.test(f.text) && f.text.trim() !== '') return null;
  }
  return null;
}

/**
 * The line above (lineAbove), or when neither it nor this line names a destination, the line
 * below: psql, ZooKeeper and Kafka clients print the failure first and where it was going next.
 */
function lineNear(i: number, line: LineFacts, factsOf: (i: number) => LineFacts | null): LineFacts | null {
  const above = lineAbove(i, line, factsOf);
  if (line.dests.length > 0 || (above && above.dests.length > 0)) return above;
  const below = factsOf(i + 1);
  return below && below.dests.length > 0 && below.outcomes.length === 0 ? below : above;
}

export function readEvents(text: string): NetEvent[] {
  const lower = text.toLowerCase();
  const all = lower.split('\n');
  const byLine = outcomesByLine(lower);
  const facts = new Map<number, LineFacts>();
  const factsOf = (i: number): LineFacts | null => {
    if (i < 0 || i >= all.length) return null;
    let f = facts.get(i);
    if (!f) {
      const t = (all[i] ?? '').slice(0, MAX_LINE);
      f = {
        text: t,
        outcomes: byLine.get(i) ?? [],
        dests: destinationsOn(t),
        role: lineRole(t),
        cue: lineCue(t),
      };
      facts.set(i, f);
    }
    return f;
  };
  const candidates = [...byLine.keys()];
  // The paste's vantage is read from every line of a paste of ordinary length; in a long log,
  // from the candidate lines, the few lines above each and the top (the command typed).
  let strongest: number | null = null;
  if (all.length <= CUE_ALL_LINES) strongest = textCue(lower);
  else
    for (const i of new Set([0, 1, 2, ...candidates.flatMap((i) => [i - 3, i - 2, i - 1, i])])) {
      const cue = factsOf(i)?.cue ?? null;
      if (cue !== null && (strongest === null || cue < strongest)) strongest = cue;
    }
  const vantage = vantageOf(strongest);
  const events: NetEvent[] = /endpoints|ipam:/.test(lower) ? toolOutputEvents(all) : [];
  for (const e of events) e.vantage = vantage;
  const seen = new Set<string>();
  read: for (const i of candidates) {
    const line = factsOf(i);
    if (!line) continue;
    for (const e of eventsOnLine(line, lineNear(i, line, factsOf), strongest, seen)) {
      if (events.length >= MAX_EVENTS) break read;
      events.push(e);
    }
  }
  // An event whose line said in words, and with no address, that it went in from outside ("on
  // the node port it hangs") keeps that over a table's pod endpoint it is then given.
  const saidInWords = new Set(
    events.filter(
      (e) =>
        e.dest.host === undefined &&
        e.dest.ip === undefined &&
        (e.role === 'node-port' || e.role === 'load-balancer'),
    ),
  );
  if (lower.includes('curl')) {
    for (const e of curlExitEvents(lower, factsOf, strongest, seen))
      if (events.length < MAX_EVENTS) events.push(e);
    if (lower.includes('trying '))
      for (const e of curlHangEvents(all, factsOf, strongest, seen))
        if (events.length < MAX_EVENTS) events.push(e);
  }
  if (all.length <= CUE_ALL_LINES) giveOnlyDestination(events, all.length, factsOf);
  // "I could not access it ... I see only 404 Not Found": when a person's "it fails" is all the
  // paste has, and the paste shows the thing answering, it answered.
  if (events.length > 0 && events.every((e) => e.outcome === 'failed') && HTTP_ANSWER.test(lower)) return [];
  return events.length > 0 ? refineRoles(events, pasteContext(lower, all), saidInWords) : events;
}

/** `kubectl exec ... -- curl ...` then `command terminated with exit code 28`: curl's exit code says what happened. */
const EXIT_CODE = /(?:command terminated with exit code|exit ?code:?|exit status) (\d{1,3})\b/g;
/** curl's exit codes: 6 could not resolve, 7 could not connect, 28 timed out, 35 TLS connect error, 52 empty reply, 56 receive failure. */
const CURL_EXIT: Readonly<Record<string, Outcome>> = {
  '6': 'nxdomain',
  '7': 'failed',
  '28': 'timeout',
  '35': 'reset',
  '52': 'reset',
  '56': 'reset',
};

/** Events from curl's exit code printed by whatever ran it, bound to the curl command up to four lines above. */
function curlExitEvents(
  lower: string,
  factsOf: (i: number) => LineFacts | null,
  pasteCue: number | null,
  seen: Set<string>,
): NetEvent[] {
  const out: NetEvent[] = [];
  // One scan of the text; a hit's line number is counted on from the previous hit's.
  let i = 0;
  let counted = 0;
  for (const m of lower.matchAll(EXIT_CODE)) {
    if (out.length >= 5) break;
    const outcome = CURL_EXIT[m[1] ?? ''];
    if (!outcome) continue;
    for (let nl = lower.indexOf('\n', counted); nl >= 0 && nl < m.index; nl = lower.indexOf('\n', nl + 1)) {
      i++;
      counted = nl + 1;
    }
    for (let j = i; j >= Math.max(0, i - 4); j--) {
      const command = factsOf(j);
      if (!command || !/\bcurl\b/.test(command.text) || command.dests.length === 0) continue;
      const dest = command.dests[0]!.dest;
      pushNew(out, seen, {
        outcome,
        role: roleOf(dest),
        vantage: vantageFor(command.cue, pasteCue),
        dest,
        line: command.text.slice(0, 300),
      });
      break;
    }
  }
  return out;
}

/** curl -v's `*   Trying 10.3.1.100:80...`, and what it may print while it waits. */
const CURL_TRYING = /^\* {1,4}trying \S{3,60}\.\.\.$/;
const CURL_WAITING =
  /^\* {1,4}(?:tcp_nodelay set|trying \S{3,60}\.\.\.|after \d{1,6}ms connect time, move on!?)$/;
/** Anything else curl -v prints next: `* Connected to`, `* connect to ... failed`, `curl: (28)`, headers. */
const CURL_OUTPUT = /^(?:\*|curl: \(|[<>{}] |== info:)/;

/**
 * `curl -v` that printed `Trying <address>...` and nothing of its own after it (the paste, or the
 * log it sits in, goes on with something else): the connection never completed, a timeout the
 * paste did not wait for curl to report.
 */
function curlHangEvents(
  lines: readonly string[],
  factsOf: (i: number) => LineFacts | null,
  pasteCue: number | null,
  seen: Set<string>,
): NetEvent[] {
  const out: NetEvent[] = [];
  for (let i = 0; i < lines.length && out.length < 5; i++) {
    if (!CURL_TRYING.test((lines[i] ?? '').trim())) continue;
    let j = i + 1;
    while (j < lines.length && j - i < 8 && CURL_WAITING.test((lines[j] ?? '').trim())) j++;
    if (CURL_OUTPUT.test((lines[j] ?? '').trim())) continue;
    const trying = factsOf(i);
    const dest = trying?.dests[0]?.dest;
    if (!trying || !dest) continue;
    let cue = trying.cue;
    for (let k = i - 1; k >= Math.max(0, i - 6) && cue === null; k--) {
      const command = factsOf(k);
      if (command && /\bcurl\b/.test(command.text)) cue = command.cue;
    }
    pushNew(out, seen, {
      outcome: 'timeout',
      role: roleOf(dest),
      vantage: vantageFor(cue, pasteCue),
      dest,
      line: trying.text.slice(0, 300),
    });
  }
  return out;
}

/** Adds an event unless one saying the same about the same place is already in. */
function pushNew(out: NetEvent[], seen: Set<string>, e: NetEvent): void {
  const key = eventKey(e.outcome, e.role, e.dest);
  if (seen.has(key)) return;
  seen.add(key);
  out.push(e);
}

/**
 * "I open http://20.1.2.3/ ... this site can't be reached": a failure that names no address,
 * in a paste that names exactly one place it went, is about that place.
 */
function giveOnlyDestination(
  events: NetEvent[],
  lines: number,
  factsOf: (i: number) => LineFacts | null,
): void {
  const bare = events.filter((e) => e.dest.host === undefined && e.dest.ip === undefined);
  if (bare.length === 0) return;
  const seen = new Map<string, DestinationAt>();
  for (let i = 0; i < lines && seen.size <= 1; i++) {
    for (const d of factsOf(i)?.dests ?? []) seen.set(`${d.dest.host ?? d.dest.ip}:${d.dest.port ?? ''}`, d);
  }
  const only = seen.size === 1 ? [...seen.values()][0] : undefined;
  if (!only || only.lookup) return;
  const role = roleOf(only.dest);
  for (const e of bare) {
    e.dest = only.dest;
    if (WEAK_ROLES.includes(e.role)) e.role = role;
  }
}
