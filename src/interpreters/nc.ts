/**
 * Reads what netcat-openbsd prints for `nc -v -z -w N host port...` (it prints to stderr: capture `2>&1`).
 *
 * The lines it prints (netcat-openbsd 1.219, Debian; see test/fixtures/nc):
 *   Connection to 198.51.100.10 10250 port [tcp/*] succeeded!
 *   Connection to app.fx.test (198.51.100.10) 80 port [tcp/http] succeeded!
 *   nc: connect to 198.51.100.10 port 81 (tcp) failed: Connection refused
 *   nc: connect to multi.fx.test (198.51.100.11) port 10250 (tcp) failed: Connection refused
 *   nc: connect to 198.51.100.10 port 9000 (tcp) timed out: Operation now in progress
 *   nc: getaddrinfo for host "missing.fx.test" port 10250: Name or service not known
 * One line per address tried (a name with several addresses) and per port (`80 81`, `10248-10251`).
 * Every other line (prompts, chatter) is ignored.
 */
import type { InterpretOptions, NcVerdict } from '../domain/verdicts.js';

type Outcome = NcVerdict['verdict'];

interface Attempt {
  outcome: Outcome;
  /** The host as given on the command line (a name or an address). */
  host: string;
  /** The address tried, when nc printed it next to a name. */
  address?: string;
  /** Undefined when the port was a service name nc could not look up. */
  port?: number;
  line: string;
  reason: string;
}

const SUCCEEDED = /^Connection to (\S+) (?:\((\S+)\) )?(\d{1,5}) port \[\w+\/[^\]]*\] succeeded!$/;
const CONNECT_FAILED =
  /^nc: connect to (\S+) (?:\((\S+)\) )?port (\d{1,5}) \(\w+\) (failed|timed out): (.+)$/;
const GETADDRINFO = /^nc: getaddrinfo for host "([^"]*)" port ([^\s:]+): (.+)$/;

/** What a failed connect's reason (strerror text) means. */
function connectOutcome(how: string, reason: string): Outcome {
  if (how === 'timed out') return 'timeout'; // nc's own -w limit ran out
  switch (reason) {
    case 'Connection refused':
      return 'refused';
    case 'Network is unreachable':
    case 'No route to host':
      return 'unreachable';
    case 'Connection timed out': // the kernel gave up (no -w)
      return 'timeout';
    default:
      return 'unknown';
  }
}

/** What getaddrinfo's message (gai_strerror text) means. */
function lookupOutcome(reason: string): Outcome {
  switch (reason) {
    case 'Name or service not known': // NXDOMAIN
    case 'Temporary failure in name resolution': // no DNS server answered, or SERVFAIL
    case 'No address associated with hostname': // the name exists but has no address record
    case 'nodename nor servname provided, or not known': // BSD/macOS wording
      return 'dns-failure';
    default:
      return 'unknown'; // e.g. "Servname not supported for ai_socktype": a bad port name, not DNS
  }
}

function parseLine(line: string): Attempt | null {
  let m = SUCCEEDED.exec(line);
  if (m) {
    return {
      outcome: 'open',
      host: m[1] ?? '',
      ...(m[2] ? { address: m[2] } : {}),
      port: Number(m[3]),
      line,
      reason: 'succeeded',
    };
  }
  m = CONNECT_FAILED.exec(line);
  if (m) {
    const how = m[4] ?? '';
    const reason = m[5] ?? '';
    return {
      outcome: connectOutcome(how, reason),
      host: m[1] ?? '',
      ...(m[2] ? { address: m[2] } : {}),
      port: Number(m[3]),
      line,
      reason: how === 'timed out' ? 'timed out' : reason,
    };
  }
  m = GETADDRINFO.exec(line);
  if (m) {
    const port = /^\d{1,5}$/.test(m[2] ?? '') ? Number(m[2]) : undefined;
    return {
      outcome: lookupOutcome(m[3] ?? ''),
      host: m[1] ?? '',
      ...(port === undefined ? {} : { port }),
      line,
      reason: m[3] ?? '',
    };
  }
  return null;
}

/** When no address answered, the most telling failure wins: something answered > silence > no path > no name. */
const FAILURE_RANK: Outcome[] = ['refused', 'timeout', 'unreachable', 'dns-failure', 'unknown'];

const OUTCOME_NOTES: Partial<Record<Outcome, string>> = {
  open: 'The TCP handshake completed: the port is open from here.',
  refused:
    'The address answered with a reset or ICMP port-unreachable: nothing listens on the port, or a firewall REJECTs it (iptables REJECT answers exactly like a closed port).',
  timeout:
    'Nothing answered before the time limit: packets are being dropped (NSG, firewall DROP, route to nowhere) or the host is down.',
  unreachable:
    'No path to the address: no route on this host ("Network is unreachable"), or a router/firewall answered ICMP unreachable ("No route to host").',
  'dns-failure': 'The host name did not resolve, so no connection was attempted.',
};

function judge(attempts: Attempt[], notes: string[]): { outcome: Outcome; attempt: Attempt } {
  const open = attempts.find((a) => a.outcome === 'open');
  if (open) {
    const failed = attempts.filter((a) => a.outcome !== 'open');
    if (failed.length > 0) {
      notes.push(
        `Other addresses failed first: ${failed.map((a) => `${a.address ?? a.host} (${a.reason})`).join(', ')}.`,
      );
    }
    return { outcome: 'open', attempt: open };
  }
  const best = [...attempts].sort(
    (a, b) => FAILURE_RANK.indexOf(a.outcome) - FAILURE_RANK.indexOf(b.outcome),
  )[0] as Attempt;
  const outcomes = new Set(attempts.map((a) => a.outcome));
  if (outcomes.size > 1) {
    notes.push(
      `Addresses failed differently: ${attempts.map((a) => `${a.address ?? a.host} (${a.reason})`).join(', ')}.`,
    );
  }
  if (best.outcome === 'unknown') notes.push(`nc reported "${best.reason}", which is not a network verdict.`);
  return { outcome: best.outcome, attempt: best };
}

/** The attempts that answer for the port asked about, or why no single verdict can be given. */
function selectAttempts(all: Attempt[], port: number | undefined): { attempts: Attempt[]; note?: string } {
  const ports = [...new Set(all.map((a) => a.port))];
  if (port !== undefined) {
    const attempts = all.filter((a) => a.port === port || a.port === undefined);
    return attempts.length > 0
      ? { attempts }
      : { attempts, note: `nc printed nothing for port ${port} (it tried port ${ports.join(', ')}).` };
  }
  if (ports.length < 2) return { attempts: all };
  const perPort = ports.map((p) => ({
    p,
    outcome: judge(
      all.filter((a) => a.port === p),
      [],
    ).outcome,
  }));
  if (new Set(perPort.map((x) => x.outcome)).size > 1) {
    const list = perPort.map((x) => `${x.p ?? '?'} ${x.outcome}`).join(', ');
    return { attempts: [], note: `Several ports with different results: ${list}; ask about one port.` };
  }
  return { attempts: all, note: `All ${ports.length} ports gave the same result.` };
}

export function interpretNc(output: string, options: InterpretOptions = {}): NcVerdict {
  const all: Attempt[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const attempt = parseLine(raw.trim());
    if (attempt) all.push(attempt);
  }
  if (all.length === 0) {
    const note = 'No nc result line found (nc prints them only with -v, and on stderr: capture 2>&1).';
    return { kind: 'nc', verdict: 'unknown', evidence: null, notes: [note] };
  }

  const { attempts, note } = selectAttempts(all, options.port);
  const notes = note ? [note] : [];
  const asked = options.port === undefined ? {} : { port: options.port };
  if (attempts.length === 0) {
    return { kind: 'nc', verdict: 'unknown', evidence: null, notes, host: all[0]?.host ?? '', ...asked };
  }
  const { outcome, attempt } = judge(attempts, notes);
  if (attempt.address && attempt.address !== attempt.host)
    notes.push(`${attempt.host} is ${attempt.address}.`);
  const explain = OUTCOME_NOTES[outcome];
  if (explain) notes.push(explain);
  const address = attempt.address ?? attempt.host;
  return {
    kind: 'nc',
    verdict: outcome,
    evidence: attempt.line,
    notes,
    host: attempt.host,
    ...(IPV4.test(address) ? { address } : {}),
    ...(attempt.port === undefined ? asked : { port: attempt.port }),
  };
}

const IPV4 = /^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$/;
