/**
 * Reads what bind9's `nslookup name [server]` prints (stdout and stderr together).
 *
 * What the real output looks like (nslookup 9.18, Debian 12; see test/fixtures/nslookup):
 *   Server:		203.0.113.53          <- the server asked
 *   Address:	203.0.113.53#53        <- ITS address (with #port): not an answer
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
 * 203.0.113.1#53: connection refused` (nothing listens on port 53 there), `*** Can't find x: No answer`.
 */
import type { InterpretOptions, NslookupVerdict } from '../domain/verdicts.js';

const SERVER = /^Server:\s+(\S+)$/;
const ADDRESS = /^Address:\s+(\S+)$/;
const NAME = /^Name:\s+(\S+)$/;
const CANT_FIND = /^\*\* server can't find ([^\s:]+): ([A-Z]+)$/;
const NO_ANSWER = /^\*\*\* Can't find ([^\s:]+): No answer$/;
const GOT_SERVFAIL = /^;; Got SERVFAIL reply from (\S+)$/;
const COMM_ERROR = /^;; communications error to (\S+): (timed out|connection refused)$/;
const OLD_TIMEOUT = ';; connection timed out; no servers could be reached';

/** `203.0.113.53#53` -> `203.0.113.53`. */
function hostOf(serverAddress: string): string {
  const hash = serverAddress.indexOf('#');
  return hash === -1 ? serverAddress : serverAddress.slice(0, hash);
}

/** What one pass over the output found. */
interface Scan {
  server?: string;
  name?: string;
  addresses: string[];
  firstAddressLine: string | null;
  nonAuthoritative: boolean;
  cantFind: { name: string; rcode: string; line: string }[];
  noAnswer: { name: string; line: string } | null;
  gotServfail: string | null;
  commErrors: { server: string; kind: string; line: string }[];
  oldTimeout: string | null;
}

function scan(output: string): Scan {
  const s: Scan = {
    addresses: [],
    firstAddressLine: null,
    nonAuthoritative: false,
    cantFind: [],
    noAnswer: null,
    gotServfail: null,
    commErrors: [],
    oldTimeout: null,
  };
  let inAnswer = false; // after a `Name:` line, until a blank line
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = SERVER.exec(line))) {
      s.server = m[1];
      inAnswer = false;
    } else if ((m = NAME.exec(line))) {
      s.name ??= m[1];
      inAnswer = true;
    } else if ((m = ADDRESS.exec(line))) {
      const address = m[1] ?? '';
      if (inAnswer && !s.addresses.includes(address)) {
        s.addresses.push(address);
        s.firstAddressLine ??= line;
      } else if (!inAnswer) {
        s.server ??= hostOf(address); // before any `Name:` it is the server's own address
      }
    } else if (line === 'Non-authoritative answer:') {
      s.nonAuthoritative = true;
    } else if (line === '' || line === 'Authoritative answers can be found from:') {
      inAnswer = false;
    } else if ((m = CANT_FIND.exec(line))) {
      s.cantFind.push({ name: m[1] ?? '', rcode: m[2] ?? '', line });
    } else if ((m = NO_ANSWER.exec(line))) {
      s.noAnswer ??= { name: m[1] ?? '', line };
    } else if ((m = GOT_SERVFAIL.exec(line))) {
      s.gotServfail ??= line;
      s.server ??= hostOf(m[1] ?? '');
    } else if ((m = COMM_ERROR.exec(line))) {
      s.commErrors.push({ server: hostOf(m[1] ?? ''), kind: m[2] ?? '', line });
    } else if (line === OLD_TIMEOUT) {
      s.oldTimeout ??= line;
    }
  }
  return s;
}

type Decision = Pick<NslookupVerdict, 'verdict' | 'evidence' | 'notes' | 'name' | 'server' | 'addresses'>;

const RCODES: Record<string, { verdict: NslookupVerdict['verdict']; note: string }> = {
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

function resolved(s: Scan): Decision {
  const notes: string[] = [];
  if (s.nonAuthoritative) notes.push('Non-authoritative answer: it came from a resolver cache or forwarder.');
  for (const f of s.cantFind) {
    notes.push(
      `Also printed "${f.line}": the answer to the other record type (nslookup asks for A and AAAA, and exits 1 here); the name itself resolved.`,
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
  const notes = kinds.size > 1 ? ['Some attempts timed out and some were refused.'] : [];
  notes.push('No DNS server answered: it is unreachable, dropped by a firewall, or down.');
  const evidence =
    s.commErrors.find((c) => c.kind === 'timed out')?.line ?? s.oldTimeout ?? first?.line ?? null;
  return { ...withServer, verdict: 'timeout', evidence, notes };
}

function decide(s: Scan): Decision {
  if (s.addresses.length > 0) return resolved(s);
  const first = s.cantFind[0];
  if (first) {
    const known = RCODES[first.rcode];
    const notes = [known?.note ?? `Unexpected DNS response code ${first.rcode}.`];
    return { verdict: known?.verdict ?? 'unknown', evidence: first.line, notes, name: first.name };
  }
  const name = s.name === undefined ? {} : { name: s.name };
  if (s.gotServfail)
    return {
      verdict: 'servfail',
      evidence: s.gotServfail,
      notes: ['The DNS server answered SERVFAIL.'],
      ...name,
    };
  if (s.commErrors.length > 0 || s.oldTimeout) return noServerAnswered(s);
  if (s.noAnswer) {
    const note =
      'The name exists but has no address record (NOERROR with no A/AAAA): e.g. only other record types. Not resolved, not NXDOMAIN.';
    return { verdict: 'unknown', evidence: s.noAnswer.line, notes: [note], name: s.noAnswer.name };
  }
  return { verdict: 'unknown', evidence: null, notes: ['No nslookup answer or error line found.'], ...name };
}

export function interpretNslookup(output: string, _options: InterpretOptions = {}): NslookupVerdict {
  const s = scan(output);
  const decision = decide(s);
  const server = decision.server ?? s.server;
  return { kind: 'nslookup', ...decision, ...(server === undefined ? {} : { server }) };
}
