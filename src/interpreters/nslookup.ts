/**
 * Reads what an nslookup printed (stdout and stderr together): bind9's, busybox's old and new, and
 * Windows' in English or translated (nslookup-scan.ts reads the lines; the shapes are described there).
 *
 * What the real bind9 output looks like (nslookup 9.18, Debian 12; see test/fixtures/nslookup):
 *   Server:		203.0.113.53          <- the server asked
 *   Address:	203.0.113.53#53        <- ITS address (with #port; busybox writes :port): not an answer
 *
 *   Non-authoritative answer:         <- only when the answer came from a cache/forwarder
 *   Name:	app.fx.test
 *   Address: 198.51.100.10             <- an answer
 *   ** server can't find app.fx.test: NXDOMAIN
 * nslookup asks for A and AAAA: the last line above is the AAAA query's answer, printed after the A record
 * resolved (and nslookup then exits 1). An address wins over such a line.
 * Failures: `** server can't find x: NXDOMAIN|SERVFAIL|REFUSED`, `;; Got SERVFAIL reply from 203.0.113.55`,
 * `;; communications error to 203.0.113.56#53: timed out` (x3) + `;; no servers could be reached` (9.18; older
 * versions print `;; connection timed out; no servers could be reached`), `;; communications error to
 * 203.0.113.1#53: connection refused` (nothing listens on port 53 there), `;; UDP setup with ... failed: network
 * unreachable.` (no route to the server), `*** Can't find x: No answer`.
 * Windows prints `DNS request timed out.` for each unanswered query, the first one often being the lookup of the
 * server's own name: it decides nothing when an answer follows; `*** Request to UnKnown timed-out` does.
 */
import type { InterpretOptions, NslookupVerdict } from '../domain/verdicts.js';
import { scanNslookup, type Scan } from './nslookup-scan.js';

type Decision = Pick<NslookupVerdict, 'verdict' | 'evidence' | 'notes' | 'name' | 'server' | 'addresses'>;
type Outcome = NslookupVerdict['verdict'];

const RCODES: Record<string, { verdict: Outcome; note: string }> = {
  NXDOMAIN: { verdict: 'nxdomain', note: 'The DNS server says the name does not exist (NXDOMAIN).' },
  SERVFAIL: {
    verdict: 'servfail',
    note: 'The DNS server failed to get an answer (SERVFAIL): its upstream or DNSSEC validation failed.',
  },
  REFUSED: {
    verdict: 'refused',
    note: 'The DNS server refused the query (REFUSED): it does not serve or forward this name for this client.',
  },
};

const NO_SERVER_NOTE = 'No DNS server answered: it is unreachable, dropped by a firewall, or down.';
const NO_ADDRESS_NOTE =
  'The name exists but has no address record (NOERROR with no A/AAAA): e.g. only other record types. Not resolved, not NXDOMAIN.';

/** What Windows says after `*** <server> can't find <name>: `. */
const WINDOWS_REASONS: Record<string, { verdict: Outcome; note: string }> = {
  'Non-existent domain': RCODES.NXDOMAIN as { verdict: Outcome; note: string },
  'Server failed': RCODES.SERVFAIL as { verdict: Outcome; note: string },
  'Query refused': RCODES.REFUSED as { verdict: Outcome; note: string },
  'No response from server': { verdict: 'timeout', note: NO_SERVER_NOTE },
  'Timed out': { verdict: 'timeout', note: NO_SERVER_NOTE },
  'No answer': { verdict: 'unknown', note: NO_ADDRESS_NOTE },
};

/** The C library's reason after old busybox's `nslookup: can't resolve 'x': ` (musl and glibc wordings). */
const LIBC_REASONS: Record<string, { verdict: Outcome; note: string }> = {
  'Name does not resolve': {
    verdict: 'nxdomain',
    note: 'The name does not resolve (NXDOMAIN, or no address record): the DNS server answered, with nothing.',
  },
  'Name or service not known': {
    verdict: 'nxdomain',
    note: 'The name does not resolve (NXDOMAIN, or no address record): the DNS server answered, with nothing.',
  },
  'Try again': {
    verdict: 'timeout',
    note: 'No usable answer in time ("Try again"): the DNS server did not answer, or answered SERVFAIL.',
  },
  'Temporary failure in name resolution': {
    verdict: 'timeout',
    note: 'No usable answer in time: the DNS server did not answer, or answered SERVFAIL.',
  },
};

function resolved(s: Scan): Decision {
  const notes: string[] = [];
  if (s.nonAuthoritative) notes.push('Non-authoritative answer: it came from a resolver cache or forwarder.');
  for (const f of s.cantFind) {
    notes.push(
      `Also printed "${f.line}": the answer to the other record type (nslookup asks for A and AAAA, and exits 1 here); the name itself resolved.`,
    );
  }
  if (s.requestTimeouts.count > 0) {
    notes.push(
      '"DNS request timed out." was printed as well: some queries went unanswered (the first is usually nslookup asking for the DNS server\'s own name), but the name resolved.',
    );
  }
  if (s.nullServerLine) {
    notes.push(
      `"${s.nullServerLine}" is busybox failing to name the DNS server, not the lookup: the name resolved.`,
    );
  }
  return {
    verdict: 'resolved',
    evidence: s.firstAddressLine,
    notes,
    name: s.name ?? '',
    addresses: s.addresses,
  };
}

function noServerAnswered(s: Scan): Decision {
  const first = s.commErrors[0];
  const kinds = new Set(s.commErrors.map((c) => c.kind));
  const server = s.server ?? first?.server;
  const withServer = server === undefined ? {} : { server };
  if (first && kinds.size === 1 && kinds.has('connection refused')) {
    const note =
      'Nothing at the DNS server address accepts queries on port 53 (ICMP port unreachable), so no DNS answer at all: this is not a DNS REFUSED response.';
    return { ...withServer, verdict: 'refused', evidence: first.line, notes: [note] };
  }
  const notes = kinds.size > 1 ? ['Some attempts failed one way and some another.'] : [];
  const timedOut = s.commErrors.find((c) => c.kind === 'timed out');
  if (!timedOut && (kinds.has('network unreachable') || kinds.has('host unreachable'))) {
    notes.push(
      'This host has no route to the DNS server (network unreachable): the query never left. Like a timeout, no DNS server could be reached; check the routes and the server address.',
    );
  } else {
    notes.push(NO_SERVER_NOTE);
  }
  const evidence = timedOut?.line ?? s.oldTimeout ?? first?.line ?? null;
  return { ...withServer, verdict: 'timeout', evidence, notes };
}

/** Windows' and old busybox's own failure lines. */
function platformFailure(s: Scan): Decision | null {
  const w = s.windowsFailure;
  if (w) {
    const known = WINDOWS_REASONS[w.reason];
    const notes = [known?.note ?? `nslookup could not get an answer: ${w.reason}.`];
    return {
      verdict: known?.verdict ?? 'unknown',
      evidence: w.line,
      notes,
      ...(w.name ? { name: w.name } : {}),
    };
  }
  if (s.windowsTimeout) return { verdict: 'timeout', evidence: s.windowsTimeout, notes: [NO_SERVER_NOTE] };
  const c = s.cantResolve[0];
  if (c) {
    const known = c.reason === null ? undefined : LIBC_REASONS[c.reason];
    if (known) return { verdict: known.verdict, evidence: c.line, notes: [known.note], name: c.name };
    const note =
      c.reason === null
        ? 'Old busybox nslookup (1.28 and before) says only that it could not resolve the name, not why: NXDOMAIN, no answer and SERVFAIL all read like this. Run nslookup from an image with bind9 tools (or busybox 1.29+) to see which.'
        : `nslookup could not resolve the name: ${c.reason}.`;
    return { verdict: 'unknown', evidence: c.line, notes: [note], name: c.name };
  }
  return null;
}

function decide(s: Scan): Decision {
  if (s.addresses.length > 0) return resolved(s);
  const first = s.cantFind[0];
  if (first) {
    const known = RCODES[first.rcode];
    const notes = [known?.note ?? `Unexpected DNS response code ${first.rcode}.`];
    return { verdict: known?.verdict ?? 'unknown', evidence: first.line, notes, name: first.name };
  }
  const platform = platformFailure(s);
  if (platform) return platform;
  const name = s.name === undefined ? {} : { name: s.name };
  if (s.gotServfail)
    return {
      verdict: 'servfail',
      evidence: s.gotServfail,
      notes: ['The DNS server answered SERVFAIL.'],
      ...name,
    };
  if (s.commErrors.length > 0 || s.oldTimeout) return noServerAnswered(s);
  if (s.requestTimeouts.first) {
    return { verdict: 'timeout', evidence: s.requestTimeouts.first, notes: [NO_SERVER_NOTE], ...name };
  }
  if (s.noAnswer)
    return { verdict: 'unknown', evidence: s.noAnswer.line, notes: [NO_ADDRESS_NOTE], name: s.noAnswer.name };
  if (s.nonAuthoritative) {
    return {
      verdict: 'unknown',
      evidence: null,
      notes: [`An answer section with no address. ${NO_ADDRESS_NOTE}`],
      ...name,
    };
  }
  return { verdict: 'unknown', evidence: null, notes: ['No nslookup answer or error line found.'], ...name };
}

export function interpretNslookup(output: string, _options: InterpretOptions = {}): NslookupVerdict {
  const s = scanNslookup(output);
  const decision = decide(s);
  const server = decision.server ?? s.server;
  return { kind: 'nslookup', ...decision, ...(server === undefined ? {} : { server }) };
}
