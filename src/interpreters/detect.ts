/**
 * Which tools' output a text holds, from lines only that tool prints (anchored, cheap, linear): what
 * `interpret run-command` reads inside an envelope when it is not told (`--inner`), and what a matcher can use
 * to find tool output in a paste. Every shape the interpreters read is here: iptables --list, -S and
 * iptables-save; nft list ruleset; ufw status; the netcats; bind9, busybox and Windows nslookup; curl -v,
 * -sS and --trace; resolv.conf.
 */
import type { InterpreterKind } from '../domain/verdicts.js';

export type ToolKind = Exclude<InterpreterKind, 'run-command'>;

export const TOOL_PRESENCE: Readonly<Record<ToolKind, RegExp>> = {
  'iptables-list':
    /^(?:Chain [A-Za-z][\w-]{0,28} \((?:policy [A-Z]{1,10}|\d{1,6} references?)|-P (?:INPUT|FORWARD|OUTPUT) [A-Z]{1,10}$|:INPUT [A-Z-]{1,10} \[|(?:\[\d{1,20}:\d{1,20}\] )?-A INPUT )/m,
  'nft-ruleset': /^[ \t]*table (?:ip|ip6|inet|arp|bridge|netdev) [\w.-]{1,64} \{/m,
  'ufw-status': /^Status: (?:active|inactive)[ \t]*$/m,
  nc: /^(?:nc: connectx? to |nc: getaddrinfo|Connection to \S{1,253} (?:\(\S{1,45}\) )?(?:\d{1,5} port|port \d{1,5}) \[|\S{1,253}: forward host lookup failed: |Ncat: (?:Connected to|Connection |TIMEOUT\.|No route|Network is unreachable|Could not resolve)|\S{1,253} \[[\d.:a-fA-F]{2,45}\] \d{1,5} \([^)]{0,40}\) (?:open|: ))/m,
  nslookup:
    /^(?:\*\* server can't find |;; connection timed out; no servers|;; communications error to |;; UDP setup with |Non-authoritative answer:|\*\*\* Can't find |Address 1: |nslookup: can't |DNS request timed out\.|\*\*\* \S{1,253} can't find |\*\*\* Request to |非权威应答:|服务器: |Server:(?:\t| {2}))/m,
  // (Older curl wrote its error right after the progress meter's last row: `...     0curl: (7) ...`.)
  curl: /^(?:\* {1,4}Trying \S{1,300}|curl: \(\d{1,3}\) |== Info: |\* Connected to |< HTTP\/\d)|(?<=[ \t]|\d[kMGTP]?)curl: \(\d{1,3}\) /m,
  'resolv-conf': /^nameserver [0-9a-f.:]{2,45}[ \t]*$/m,
};

/**
 * What a tool's output cannot be without, found by a pattern that starts with a literal (one
 * quick pass): trying nc's 253-character host names at every line start of a big log cost more
 * than every other tool together, so that pattern runs only on text that has these.
 */
const HINTS: Partial<Record<ToolKind, RegExp>> = {
  nc: /nc: |Connection to |forward host lookup failed|Ncat: |\] \d{1,5} \(/,
};

/** The tools whose output the text holds, in the table's order. */
export function detectTools(text: string): ToolKind[] {
  return (Object.keys(TOOL_PRESENCE) as ToolKind[]).filter(
    (k) => (HINTS[k]?.test(text) ?? true) && TOOL_PRESENCE[k].test(text),
  );
}
