/**
 * Judges a netcat run (`nc -v -z -w N host port...`, stdout and stderr together: nc prints to stderr, capture `2>&1`)
 * from its result lines: netcat-openbsd, macOS nc, ncat and netcat-traditional (read by nc-lines.ts, which shows
 * each one's wording). One line per address tried (a name with several addresses) and per port (`80 81`,
 * `10248-10251`); when no address answered, the most telling failure decides.
 */
import type { InterpretOptions, NcVerdict } from '../domain/verdicts.js';
import { parseNcLine, type Attempt, type Outcome } from './nc-lines.js';

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
  // A line that names no port (ncat's failures) belongs to whichever port was tried.
  const ports = [...new Set(all.map((a) => a.port).filter((p) => p !== undefined))];
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
    const list = perPort.map((x) => `${x.p} ${x.outcome}`).join(', ');
    return { attempts: [], note: `Several ports with different results: ${list}; ask about one port.` };
  }
  return { attempts: all, note: `All ${ports.length} ports gave the same result.` };
}

export function interpretNc(output: string, options: InterpretOptions = {}): NcVerdict {
  const all: Attempt[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const attempt = parseNcLine(raw.trim());
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
