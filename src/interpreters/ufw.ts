/**
 * Decides from `ufw status` (plain, `verbose` or `numbered`; read by ufw-status.ts) whether a new
 * inbound TCP connection to a port is let in: the first incoming rule that matches decides, else
 * the default incoming policy.
 *
 * Pure: no I/O. Linear in the input.
 */
import type { InterpretOptions, UfwRuleRef, UfwVerdict } from '../domain/verdicts.js';
import { parseAddress, parsePrefix, prefixContains, type Address } from './ip-address.js';
import { parseStatus, type Policy, type Row } from './ufw-status.js';

const MAX_RULE_NOTES = 12;

function portListContains(list: string, port: number): boolean {
  for (const item of list.split(',')) {
    const colon = item.indexOf(':');
    const lo = Number(colon < 0 ? item : item.slice(0, colon));
    const hi = colon < 0 ? lo : Number(item.slice(colon + 1));
    if (port >= lo && port <= hi) return true;
  }
  return false;
}

function ref(row: Row): UfwRuleRef {
  return { number: row.number, to: row.to.text, action: row.actionText, from: row.from.text };
}

function describe(row: Row): string {
  return `rule ${row.number} (${row.to.text} ${row.actionText} from ${row.from.text})`;
}

function addNote(notes: string[], note: string, counter: { skipped: number }): void {
  if (counter.skipped++ < MAX_RULE_NOTES) notes.push(note);
}

/** The first incoming rule that applies to tcp/port from the source; rules that might apply are noted and skipped. */
function firstMatch(
  rows: Row[],
  port: number,
  source: Address | null,
  notes: string[],
  counter: { skipped: number },
): Row | null {
  const wantV6 = source?.v6 ?? false;
  for (const row of rows) {
    if (row.direction !== 'IN' || row.v6 !== wantV6) continue;
    const { to, from } = row;
    if ((to.proto !== null && to.proto !== 'tcp') || (from.proto !== null && from.proto !== 'tcp')) continue;
    if (to.app !== null && to.ports === null) {
      addNote(
        notes,
        `${describe(row)} names application profile "${to.app}", whose ports this listing does not show (\`ufw status verbose\` does): skipped`,
        counter,
      );
      continue;
    }
    if (to.ports !== null && !portListContains(to.ports, port)) continue;

    const conditions: string[] = [];
    if (to.address !== null) conditions.push(`to ${to.address}`);
    if (to.iface !== null) conditions.push(`on interface ${to.iface}`);
    if (from.ports !== null) conditions.push(`from source port ${from.ports}`);
    if (from.app !== null) conditions.push(`from application profile "${from.app}"`);
    if (from.address !== null) {
      const prefix = parsePrefix(from.address);
      if (source && prefix) {
        if (!prefixContains(prefix, source)) continue;
      } else {
        conditions.push(`from ${from.address}`);
      }
    }
    if (conditions.length > 0) {
      const what =
        row.action === 'ALLOW' || row.action === 'LIMIT'
          ? 'allows'
          : row.action === 'DENY'
            ? 'denies'
            : 'rejects';
      addNote(
        notes,
        `${describe(row)} ${what} tcp/${port} only ${conditions.join(' and ')}: skipped`,
        counter,
      );
      continue;
    }
    return row;
  }
  return null;
}

export function interpretUfw(output: string, options: InterpretOptions): UfwVerdict {
  const status = parseStatus(output);
  const port = options.port;
  const base = { kind: 'ufw-status' as const, notes: [] as string[] };
  const withPort = <T extends object>(v: T): T => (port === undefined ? v : { ...v, port });

  if (status.statusLine === null) {
    const notes = ['no `Status: active` or `Status: inactive` line from ufw in the text'];
    if (status.errorLine) notes.unshift(`ufw printed an error instead of its status: ${status.errorLine}`);
    return withPort({ ...base, verdict: 'unknown', evidence: status.errorLine, notes });
  }
  if (!status.active) {
    return withPort({
      ...base,
      verdict: 'inactive',
      evidence: status.statusLine,
      notes: ['ufw is not filtering anything: its rules, if any, are not loaded'],
    });
  }
  const defaults: Pick<UfwVerdict, 'defaultIncoming'> = status.defaultIncoming
    ? { defaultIncoming: status.defaultIncoming }
    : {};
  if (port === undefined) {
    return {
      ...base,
      ...defaults,
      verdict: 'unknown',
      evidence: null,
      notes: ['no port given: say which TCP port to judge (--port N)'],
    };
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return {
      ...base,
      ...defaults,
      port,
      verdict: 'unknown',
      evidence: null,
      notes: [`${port} is not a TCP port number (1-65535)`],
    };
  }

  const notes: string[] = [];
  const counter = { skipped: 0 };
  let source: Address | null = null;
  if (options.source !== undefined) {
    source = parseAddress(options.source);
    if (!source)
      notes.push(`source ${options.source} is not an IP address: source-scoped rules are not evaluated`);
  }

  const decided = firstMatch(status.rows, port, source, notes, counter);
  if (counter.skipped > MAX_RULE_NOTES)
    notes.push(`${counter.skipped - MAX_RULE_NOTES} more skipped rules not listed`);

  if (decided) {
    const allows = decided.action === 'ALLOW' || decided.action === 'LIMIT';
    if (decided.action === 'LIMIT') {
      notes.push(
        'LIMIT lets the port in, but denies a source that opens 6 or more connections within 30 seconds',
      );
    }
    if (!status.numbered && status.rows.some((r) => r.direction !== 'IN')) {
      notes.push(
        'ufw numbers rules in the order they were added across incoming, outgoing and routed rules, but this ' +
          'listing shows those apart: the rule number is a guess, check it with `ufw status numbered` before `ufw delete`',
      );
    }
    return {
      ...base,
      ...defaults,
      port,
      verdict: allows ? 'allows-port' : 'blocks-port',
      evidence: decided.line,
      notes,
      decidedBy: ref(decided),
    };
  }

  let policy: Policy;
  let evidence: string;
  if (status.defaultIncoming && status.defaultLine) {
    policy = status.defaultIncoming;
    evidence = status.defaultLine;
    notes.push(`no rule matches tcp/${port}: the default incoming policy (${policy}) applies`);
  } else {
    policy = 'deny';
    evidence = status.statusLine;
    notes.push(
      `no rule matches tcp/${port}; this listing does not show the default incoming policy, so ufw's shipped ` +
        'default (deny) is assumed: `ufw status verbose` shows it',
    );
  }
  return {
    ...base,
    port,
    verdict: policy === 'allow' ? 'allows-port' : 'blocks-port',
    evidence,
    notes,
    defaultIncoming: policy,
  };
}
