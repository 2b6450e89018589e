/**
 * Reads what curl prints with `-v` (and the one-line `-sS` form), stdout and stderr together (`2>&1`).
 *
 * What the real output looks like (curl 7.88.1; see test/fixtures/curl):
 *   - curl-lines.ts undoes the progress meter's `\r` redraws, CI timestamps and quote markers, and reads
 *     `--trace` / `--trace-ascii` output as if it were `-v`.
 *   - `* Connected to 198.51.100.10 (198.51.100.10) port 10250 (#0)` (curl 8: `* Connected to host (ip) port 80`).
 *   - `curl -v telnet://host:port` exits 28 (`curl: (28) Time-out`) AFTER `Connected to` when the port is open:
 *     it just had nothing to read. That is `connected`, not `timeout`.
 *   - Since 7.82 the summary for every failed connect is `curl: (7) Failed to connect to H port P after N ms:
 *     Couldn't connect to server` (curl 8: `Could not connect to server`) whether the port was refused, the
 *     host unreachable, or ICMP no-route came back. Only `-v` says why (`* connect to H port P failed:
 *     Connection refused`, `* Immediate connect fail for H: Network is unreachable`). Older curl printed the
 *     reason in the summary (`curl: (7) Failed to connect to H port P: Connection refused`), and so does curl
 *     on Windows (`... after 21027 ms: Timed out`). The reason text decides; the generic text alone is `unknown`,
 *     except with exit 28: since 7.67 that is the kernel giving up on an unanswered connect (curl/curl#4462),
 *     e.g. `curl: (28) Failed to connect to H port P after 130001 ms: Couldn't connect to server`.
 */
import type { CurlVerdict, InterpretOptions } from '../domain/verdicts.js';
import { curlLines } from './curl-lines.js';

type Outcome = CurlVerdict['verdict'];

interface Reason {
  outcome: Outcome;
  line: string;
}

const STATUS_LINE = /^(?:< )?HTTP\/(\d(?:\.\d)?) (\d{3})(?: .*)?$/;
const CONNECTED = /^\* (?:Connected to|Established connection to) \S/;
const CURL_ERROR = /^curl: \((\d{1,3})\) (.*)$/;

/** `curl: (N) text`, also behind what a script printed first (`Error: curl: (28) ...`). */
function curlError(text: string): RegExpExecArray | null {
  let at = text.indexOf('curl: (');
  while (at > 0 && text[at - 1] !== ' ' && text[at - 1] !== '\t') at = text.indexOf('curl: (', at + 1);
  return at < 0 ? null : CURL_ERROR.exec(text.slice(at));
}
/** Verbose lines that carry the reason of a failed connect or transfer. */
const VERBOSE_REASON =
  /^\* (?:connect to \S+ port \d{1,5} failed: |Immediate connect fail for \S+: |Failed to connect to |Could not resolve |Couldn't resolve |Resolving timed out|Connection timed out|SSL certificate problem|SSL: |SSL_connect|OpenSSL|schannel: |TLS connect error|Recv failure: |Send failure: |Empty reply from server)/;
const GENERIC_CONNECT_FAILURE = /(?:Couldn't|Could not) connect to server$/;

/** curl exit codes that mean the TLS layer failed (libcurl-errors). */
const TLS_CODES = new Set([35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91]);

/** What a reason text says, regardless of the exit code; null when it names no cause. */
function reasonOutcome(text: string): Outcome | null {
  if (/Could not resolve|Couldn't resolve|Resolving timed out/.test(text)) return 'dns-failure';
  if (/SSL|TLS|OpenSSL|schannel|certificate/.test(text)) return 'tls-error';
  if (/[Rr]efused/.test(text)) return 'refused';
  if (/No route to host|Network is unreachable|Host is unreachable/.test(text)) return 'unreachable';
  if (/timed out|Timed out|Timeout was reached|Time-out/.test(text)) return 'timeout';
  return null;
}

/** When only the exit code is known. */
function codeOutcome(code: number): Outcome | null {
  if (code === 5 || code === 6) return 'dns-failure';
  if (code === 28) return 'timeout';
  if (TLS_CODES.has(code)) return 'tls-error';
  return null;
}

const FAILURE_RANK: Outcome[] = ['dns-failure', 'tls-error', 'refused', 'timeout', 'unreachable'];

const OUTCOME_NOTES: Partial<Record<Outcome, string>> = {
  connected: 'The TCP connection was established: the port is open from here.',
  refused:
    'The address answered with a reset or ICMP port-unreachable: nothing listens on the port, or a firewall REJECTs it.',
  timeout:
    'Nothing answered before the time limit: packets are being dropped (NSG, firewall DROP) or the host is down.',
  unreachable:
    'No path to the address: no route on this host, or a router/firewall answered ICMP unreachable.',
  'dns-failure': 'The host name did not resolve, so no connection was attempted.',
  'tls-error': 'The TLS handshake or certificate check failed.',
};

/** What one pass over the output found. */
interface Scan {
  /** The final HTTP status line (after any interim 1xx), and its code. */
  statusLine: string | null;
  status?: number;
  connectedLine: string | null;
  /** The last `curl: (N) text` line, N and text. */
  errorLine: string | null;
  curlExitCode?: number;
  errorText: string;
  /** Verbose `* ...` lines that name a cause. */
  verboseReasons: Reason[];
  /** `* connect to H port P failed: Connection reset by peer`: reset in the instant the handshake completed. */
  resetAtConnect: string | null;
}

function scan(output: string): Scan {
  const s: Scan = {
    statusLine: null,
    connectedLine: null,
    errorLine: null,
    errorText: '',
    verboseReasons: [],
    resetAtConnect: null,
  };
  for (const { text, line } of curlLines(output)) {
    let m = STATUS_LINE.exec(text);
    if (m) {
      const code = Number(m[2]);
      // An interim 1xx (100 Continue) is followed by the real status.
      if (code >= 200 || s.status === undefined) {
        s.status = code;
        s.statusLine = line;
      }
    } else if (CONNECTED.test(text)) {
      s.connectedLine ??= line;
    } else if ((m = curlError(text))) {
      s.curlExitCode = Number(m[1]);
      s.errorLine = line;
      s.errorText = m[2] ?? '';
    } else if (VERBOSE_REASON.test(text)) {
      const outcome = reasonOutcome(text);
      if (outcome) s.verboseReasons.push({ outcome, line });
      else if (text.endsWith('failed: Connection reset by peer')) s.resetAtConnect ??= line;
    }
  }
  return s;
}

/** The line that shows a TLS failure, if any: the summary, a verbose line, or a TLS exit code. */
function tlsFailure(s: Scan): string | null {
  if (s.errorLine && reasonOutcome(s.errorText) === 'tls-error') return s.errorLine;
  const verbose = s.verboseReasons.find((r) => r.outcome === 'tls-error');
  if (verbose) return verbose.line;
  return s.curlExitCode !== undefined && TLS_CODES.has(s.curlExitCode) ? s.errorLine : null;
}

/** Why a connection was not made: the summary line first, unless it is the generic one; then -v lines; then the code. */
function connectFailure(s: Scan): Reason | null {
  const summary = s.errorLine ? reasonOutcome(s.errorText) : null;
  if (summary && s.errorLine) return { outcome: summary, line: s.errorLine };
  const verbose = [...s.verboseReasons].sort(
    (a, b) => FAILURE_RANK.indexOf(a.outcome) - FAILURE_RANK.indexOf(b.outcome),
  )[0];
  if (verbose) return verbose;
  if (!s.errorLine || s.curlExitCode === undefined) return null;
  // Exit 28 with the generic text: the connect itself timed out (ETIMEDOUT), not curl's own limit.
  if (GENERIC_CONNECT_FAILURE.test(s.errorText))
    return s.curlExitCode === 28 ? { outcome: 'timeout', line: s.errorLine } : null;
  const outcome = codeOutcome(s.curlExitCode);
  return outcome ? { outcome, line: s.errorLine } : null;
}

function connectedNotes(s: Scan): string[] {
  if (s.curlExitCode === 28) {
    return [
      'curl then stopped waiting for data (exit 28), which is what `curl telnet://host:port` always does on an open port.',
    ];
  }
  if (s.errorLine) {
    return [
      `After connecting, curl failed: ${s.errorLine} (the port is open; the service or a middlebox ended the connection).`,
    ];
  }
  return [];
}

export function interpretCurl(output: string, _options: InterpretOptions = {}): CurlVerdict {
  const s = scan(output);
  const base = {
    kind: 'curl' as const,
    ...(s.curlExitCode === undefined ? {} : { curlExitCode: s.curlExitCode }),
  };

  if (s.statusLine !== null && s.status !== undefined) {
    const notes = s.errorLine ? [`curl then failed: ${s.errorLine}`] : [];
    return { ...base, verdict: 'http-status', status: s.status, evidence: s.statusLine, notes };
  }
  const tls = tlsFailure(s);
  if (tls) {
    const notes = s.connectedLine
      ? ['The TCP connection was established; the TLS layer failed on top of it.']
      : [];
    return {
      ...base,
      verdict: 'tls-error',
      evidence: tls,
      notes: [...notes, OUTCOME_NOTES['tls-error'] as string],
    };
  }
  if (s.connectedLine) {
    const notes = [...connectedNotes(s), OUTCOME_NOTES.connected as string];
    return { ...base, verdict: 'connected', evidence: s.connectedLine, notes };
  }
  const failure = connectFailure(s);
  if (failure) {
    const notes: string[] = [];
    if (/Resolving timed out/.test(failure.line)) {
      notes.push('No DNS answer arrived within the time limit (the DNS server is unreachable or slow).');
    }
    if (failure.line === s.errorLine && GENERIC_CONNECT_FAILURE.test(s.errorText))
      notes.push(
        'Exit 28 with "could not connect": the connection attempt went unanswered until the system gave up on it.',
      );
    if (failure.outcome === 'dns-failure' && s.curlExitCode === 5)
      notes.push('It was the proxy name that did not resolve.');
    notes.push(OUTCOME_NOTES[failure.outcome] as string);
    return { ...base, verdict: failure.outcome, evidence: failure.line, notes };
  }
  return { ...base, verdict: 'unknown', evidence: s.resetAtConnect ?? s.errorLine, notes: [unknownNote(s)] };
}

function unknownNote(s: Scan): string {
  if (s.resetAtConnect) {
    return 'The connection was reset the moment it was made: something at the address completed the TCP handshake and reset it at once (a service that closes immediately, or a middlebox), so the path is not blocked but curl could not connect. curl reports "Connected to" or this depending on timing; run it again or check the service.';
  }
  if (s.errorLine && GENERIC_CONNECT_FAILURE.test(s.errorText)) {
    return 'curl says only that it could not connect: curl 7.82+ prints this same line for a refused port, no route to host and an unreachable network. Run it again with -v to see the reason.';
  }
  if (s.errorLine)
    return `curl failed with exit ${s.curlExitCode ?? '?'}, which is not a connectivity verdict.`;
  return 'No curl result found: no status line, no "Connected to", no "curl: (N)" error. Use -v (or -sS).';
}
