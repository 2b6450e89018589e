/**
 * paste → network events: one pass over the lines that carry an outcome phrase, binding each
 * outcome to the destination it was about, the destination to its role, and the attempt to
 * its vantage. Pure and linear: each candidate line is read a bounded number of times.
 */
import { DNS_FAILURES, type NetEvent, type Outcome, type Role } from '../../domain/events.js';
import { destinationsOn, type DestinationAt } from './destinations.js';
import { ANY_OUTCOME, outcomesOn } from './outcomes.js';
import { roleOf, strongestRole } from './roles.js';
import { toolOutputEvents } from './tool-output.js';
import { lineRole, lineVantage, pasteVantage } from './vantage.js';

/** Events kept per paste: enough for any rule, bounded for a 2 MB log. */
const MAX_EVENTS = 200;
const MAX_LINE = 2_000;
// Go's `dial tcp: i/o timeout` (no address) means the lookup before the dial ran out of time.
const DNS_CONTEXT =
  /\blookup |:53\b|resolv\.conf|resolve host|resolving|name resolution|resolve-dnsname|could not be resolved|nslookup|\bdns\b|no servers could be reached|dial (?:tcp|udp): i\/o timeout/;

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

function eventsOnLine(
  line: string,
  previous: string,
  fallbackVantage: NetEvent['vantage'],
  seen: Set<string>,
): NetEvent[] {
  // A wrapped error (YAML, kubectl describe) prints the destination or the context a line above.
  let lower = line;
  let dests = destinationsOn(lower);
  if (dests.length === 0 || lineRole(lower) === null) {
    const joined = `${previous} ${line}`;
    if (destinationsOn(joined).length > dests.length || lineRole(previous) !== null) {
      lower = joined;
      dests = destinationsOn(lower);
    }
  }
  const outcomes = outcomesOn(lower);
  if (outcomes.length === 0) return [];
  const vantage = lineVantage(lower) ?? fallbackVantage;
  const contextRole = lineRole(lower);
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
      (role === 'unknown' ||
        role === 'private-ip' ||
        role === 'public-ip' ||
        contextRole === 'kubelet' ||
        contextRole === 'tunnel' ||
        contextRole === 'webhook' ||
        contextRole === 'aggregated-api')
    )
      role = contextRole;
    if (outcome === 'no-endpoints') role = 'cluster-service';
    const dest = bound.at(-1)?.dest ?? {};
    const key = `${outcome}|${role}|${dest.host ?? dest.ip ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ outcome, role, vantage, dest, line: lower.slice(0, 300) });
  }
  return out;
}

export function readEvents(text: string): NetEvent[] {
  const all = text.split('\n');
  const lowerAll = (i: number) => (all[i] ?? '').slice(0, MAX_LINE).toLowerCase();
  const candidates: number[] = [];
  for (let i = 0; i < all.length; i++) if (ANY_OUTCOME.test(all[i] ?? '')) candidates.push(i);
  // The paste's vantage is read from the candidate lines and the few lines at the top (the command typed).
  const cueLines = [...new Set([0, 1, 2, ...candidates.flatMap((i) => [i - 1, i])])]
    .filter((i) => i >= 0 && i < all.length)
    .map(lowerAll);
  const vantage = pasteVantage(cueLines);
  const events: NetEvent[] = /endpoints|ipam:/i.test(text)
    ? toolOutputEvents(all.map((_, i) => lowerAll(i)))
    : [];
  for (const e of events) e.vantage = vantage;
  const seen = new Set<string>();
  for (const i of candidates) {
    for (const e of eventsOnLine(lowerAll(i), lowerAll(i - 1), vantage, seen)) {
      if (events.length >= MAX_EVENTS) return events;
      events.push(e);
    }
  }
  return events;
}
