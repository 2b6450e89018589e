/**
 * The result lines of the netcats people paste from, each read into one connection attempt.
 *
 * netcat-openbsd (Debian/Ubuntu nodes; see test/fixtures/nc), with -v:
 *   Connection to 198.51.100.10 10250 port [tcp/*] succeeded!
 *   Connection to app.fx.test (198.51.100.10) 80 port [tcp/http] succeeded!
 *   nc: connect to 198.51.100.10 port 81 (tcp) failed: Connection refused
 *   nc: connect to 198.51.100.10 port 9000 (tcp) timed out: Operation now in progress
 *   nc: getaddrinfo for host "missing.fx.test" port 10250: Name or service not known
 * macOS nc (test/fixtures/public/nc): `Connection to host port 443 [tcp/https] succeeded!`,
 *   `nc: connectx to host port 8000 (tcp) failed: Connection refused` (or `Operation timed out`).
 * ncat (Nmap's; `nc` on Azure Linux and RHEL), which names the port only on success:
 *   Ncat: Connected to 198.51.100.10:10250.
 *   Ncat: Connection to 198.51.100.11 failed: Connection refused.   + Ncat: Trying next address...
 *   Ncat: Connection refused. | Ncat: TIMEOUT. | Ncat: No route to host. | Ncat: Connection timed out.
 *   Ncat: Could not resolve hostname "missing.fx.test": Name or service not known. QUITTING.
 * netcat-traditional (`nc.traditional`), which prints nothing for a refused port unless -vv:
 *   multi.fx.test [198.51.100.10] 10250 (?) open
 *   (UNKNOWN) [203.0.113.200] 80 (http) : Network is unreachable
 *   missing.fx.test: forward host lookup failed: Unknown host
 * Every other line (banners, prompts, reverse-lookup complaints, chatter) is ignored.
 */
import type { NcVerdict } from '../domain/verdicts.js';

export type Outcome = NcVerdict['verdict'];

export interface Attempt {
  outcome: Outcome;
  /** The host as given on the command line (a name or an address); empty when nc did not print it (ncat). */
  host: string;
  /** The address tried, when nc printed it next to a name. */
  address?: string;
  /** Undefined when nc did not print it (ncat's failures), or it was a service name nc could not look up. */
  port?: number;
  line: string;
  reason: string;
}

const SUCCEEDED =
  /^Connection to (\S+) (?:\((\S+)\) )?(?:(\d{1,5}) port|port (\d{1,5})) \[\w+\/[^\]]*\] succeeded!$/;
const CONNECT_FAILED =
  /^nc: connectx? to (\S+) (?:\((\S+)\) )?port (\d{1,5}) \(\w+\) (failed|timed out): (.+)$/;
const GETADDRINFO = /^nc: getaddrinfo for host "([^"]*)" port ([^\s:]+): (.+)$/;
const NCAT_CONNECTED = /^Ncat: Connected to ([^\s:]+|\[[0-9a-fA-F:.]+\]):(\d{1,5})\.$/;
const NCAT_ADDRESS_FAILED = /^Ncat: Connection to (\S+) failed: ([^.]+)\.$/;
const NCAT_FAILED = /^Ncat: ([A-Za-z ]{1,60})\.$/;
const NCAT_RESOLVE = /^Ncat: Could not resolve hostname "([^"]*)": ([^.]+)\. QUITTING\.$/;
const TRADITIONAL = /^(\S+) \[([0-9A-Fa-f.:]+)\] (\d{1,5}) \([^)]*\) (?:open|: (.+))$/;
const TRADITIONAL_LOOKUP = /^(\S+): forward host lookup failed: (.+)$/;

/** What a failed connect's reason (strerror text, any platform's wording) means. */
function connectOutcome(reason: string): Outcome {
  switch (reason) {
    case 'Connection refused':
      return 'refused';
    case 'Network is unreachable':
    case 'No route to host':
    case 'Host is unreachable':
    case 'Host is down':
      return 'unreachable';
    case 'Connection timed out': // the kernel gave up (Linux wording)
    case 'Operation timed out': // the same on macOS and the BSDs
    case 'TIMEOUT': // ncat's own -w limit
      return 'timeout';
    default:
      return 'unknown';
  }
}

/** What a name lookup failure (gai_strerror or h_errno text) means. */
function lookupOutcome(reason: string): Outcome {
  switch (reason) {
    case 'Name or service not known': // NXDOMAIN
    case 'Temporary failure in name resolution': // no DNS server answered, or SERVFAIL
    case 'No address associated with hostname': // the name exists but has no address record
    case 'nodename nor servname provided, or not known': // BSD/macOS wording
    case 'Unknown host': // netcat-traditional (h_errno)
    case 'Host name lookup failure':
    case 'No address associated with name':
      return 'dns-failure';
    default:
      return 'unknown'; // e.g. "Servname not supported for ai_socktype": a bad port name, not DNS
  }
}

function withAddress(host: string, address: string | undefined): Pick<Attempt, 'host' | 'address'> {
  return { host, ...(address && address !== host ? { address } : {}) };
}

function openbsdOrMacos(line: string): Attempt | null {
  let m = SUCCEEDED.exec(line);
  if (m) {
    const port = Number(m[3] ?? m[4]);
    return { outcome: 'open', ...withAddress(m[1] ?? '', m[2]), port, line, reason: 'succeeded' };
  }
  m = CONNECT_FAILED.exec(line);
  if (m) {
    const how = m[4] ?? '';
    const reason = m[5] ?? '';
    const outcome = how === 'timed out' ? 'timeout' : connectOutcome(reason); // `timed out`: nc's own -w limit
    const base = { outcome, ...withAddress(m[1] ?? '', m[2]), port: Number(m[3]), line };
    return { ...base, reason: how === 'timed out' ? 'timed out' : reason };
  }
  m = GETADDRINFO.exec(line);
  if (m) {
    const port = /^\d{1,5}$/.test(m[2] ?? '') ? Number(m[2]) : undefined;
    const reason = m[3] ?? '';
    return {
      outcome: lookupOutcome(reason),
      host: m[1] ?? '',
      ...(port === undefined ? {} : { port }),
      line,
      reason,
    };
  }
  return null;
}

function ncat(line: string): Attempt | null {
  if (!line.startsWith('Ncat: ')) return null;
  let m = NCAT_CONNECTED.exec(line);
  if (m) {
    const host = (m[1] ?? '').replace(/^\[|\]$/g, '');
    return { outcome: 'open', host, port: Number(m[2]), line, reason: 'succeeded' };
  }
  if ((m = NCAT_ADDRESS_FAILED.exec(line))) {
    const reason = m[2] ?? '';
    return { outcome: connectOutcome(reason), host: m[1] ?? '', line, reason };
  }
  if ((m = NCAT_RESOLVE.exec(line))) {
    const reason = m[2] ?? '';
    return { outcome: lookupOutcome(reason), host: m[1] ?? '', line, reason };
  }
  if ((m = NCAT_FAILED.exec(line))) {
    const reason = m[1] ?? '';
    const outcome = connectOutcome(reason);
    return outcome === 'unknown' ? null : { outcome, host: '', line, reason };
  }
  return null;
}

function traditional(line: string): Attempt | null {
  let m = TRADITIONAL.exec(line);
  if (m) {
    const name = m[1] === '(UNKNOWN)' ? (m[2] ?? '') : (m[1] ?? '');
    const reason = m[4] ?? 'open';
    const outcome = m[4] === undefined ? 'open' : connectOutcome(reason);
    return { outcome, ...withAddress(name, m[2]), port: Number(m[3]), line, reason };
  }
  if ((m = TRADITIONAL_LOOKUP.exec(line))) {
    const reason = m[2] ?? '';
    return { outcome: lookupOutcome(reason), host: m[1] ?? '', line, reason };
  }
  return null;
}

/** One line of output, as any of these netcats prints it; null when it is not a result line. */
export function parseNcLine(line: string): Attempt | null {
  return openbsdOrMacos(line) ?? ncat(line) ?? traditional(line);
}
