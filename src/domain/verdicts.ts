/**
 * What the tool interpreters return. One interpreter per tool; each verdict carries the line
 * of real output it rests on (`evidence`), or null when there was none to quote.
 */

export const INTERPRETER_KINDS = [
  'nc',
  'curl',
  'iptables-list',
  'nft-ruleset',
  'ufw-status',
  'nslookup',
  'resolv-conf',
  'run-command',
] as const;
export type InterpreterKind = (typeof INTERPRETER_KINDS)[number];

/** Options an interpreter may use: the port (and optionally the source address) a flow is judged for. */
export interface InterpretOptions {
  port?: number;
  /** Source address of the flow, when known (e.g. the tunnel pod's node); rules scoped to other sources then do not apply. */
  source?: string;
  /** run-command only: the tool whose output is inside the envelope (otherwise it is recognised from the output). */
  inner?: Exclude<InterpreterKind, 'run-command'>;
}

interface VerdictBase<K extends InterpreterKind, V extends string> {
  kind: K;
  verdict: V;
  /** The output line the verdict rests on, as printed (trimmed), or null. */
  evidence: string | null;
  /** Short human notes: caveats, why the verdict is `unknown`, what was assumed. */
  notes: string[];
  /** Set when the text came inside a run-command envelope whose output was cut to its last 4,096 bytes. */
  truncated?: boolean;
}

export type NcVerdict = VerdictBase<
  'nc',
  'open' | 'timeout' | 'refused' | 'unreachable' | 'dns-failure' | 'unknown'
> & {
  host?: string;
  /** The IPv4 address the deciding attempt tried (the host itself, or what nc resolved it to). */
  address?: string;
  port?: number;
};

export type CurlVerdict = VerdictBase<
  'curl',
  | 'connected'
  | 'http-status'
  | 'timeout'
  | 'refused'
  | 'unreachable'
  | 'dns-failure'
  | 'tls-error'
  | 'unknown'
> & {
  /** HTTP status code, when verdict is `http-status`. */
  status?: number;
  /** curl's own exit code when it printed one (`curl: (28) ...`). */
  curlExitCode?: number;
};

/** Where in the ruleset a firewall decision was taken. */
export interface RuleRef {
  chain: string;
  /** 1-based position in the chain (what `iptables -D <chain> <n>` takes), or 'policy' for the chain's default. */
  rule: number | 'policy';
  target: string;
}

export type IptablesVerdict = VerdictBase<'iptables-list', 'blocks-port' | 'allows-port' | 'unknown'> & {
  port?: number;
  decidedBy?: RuleRef;
};

/** Where in an nft ruleset a decision was taken: the chain's table too, and the rule's handle when printed (-a). */
export interface NftRuleRef extends RuleRef {
  family: string;
  table: string;
  /** What `nft delete rule <family> <table> <chain> handle <n>` takes, when the listing showed it. */
  handle?: number;
}

/** The same vocabulary as iptables-list: nft-based nodes list their firewall with `nft list ruleset`. */
export type NftVerdict = VerdictBase<'nft-ruleset', 'blocks-port' | 'allows-port' | 'unknown'> & {
  port?: number;
  decidedBy?: NftRuleRef;
};

export interface UfwRuleRef {
  /** 1-based position as `ufw status numbered` shows it (what `ufw delete <n>` takes). */
  number: number;
  to: string;
  action: string;
  from: string;
}

export type UfwVerdict = VerdictBase<'ufw-status', 'inactive' | 'blocks-port' | 'allows-port' | 'unknown'> & {
  port?: number;
  /** The rule that decided, or undefined when the default policy did. */
  decidedBy?: UfwRuleRef;
  defaultIncoming?: 'allow' | 'deny' | 'reject';
};

export type NslookupVerdict = VerdictBase<
  'nslookup',
  'resolved' | 'nxdomain' | 'timeout' | 'servfail' | 'refused' | 'unknown'
> & {
  name?: string;
  server?: string;
  addresses?: string[];
};

export type ResolvConfVerdict = VerdictBase<
  'resolv-conf',
  'azure-dns' | 'custom-dns' | 'stub-resolver' | 'no-nameserver' | 'unknown'
> & {
  nameservers: string[];
  searchDomains: string[];
};

export type RunCommandVerdict = VerdictBase<'run-command', 'succeeded' | 'failed' | 'unknown'> & {
  stdout: string;
  stderr: string;
  /** Exit status the script printed for itself (run-command does not report it). */
  exitCode?: number;
  /** The verdicts on the tool output inside the envelope (named with `inner`, or recognised). */
  inner?: (Exclude<Verdict, RunCommandVerdict> & { port?: number })[];
};

export type Verdict =
  | NcVerdict
  | CurlVerdict
  | IptablesVerdict
  | NftVerdict
  | UfwVerdict
  | NslookupVerdict
  | ResolvConfVerdict
  | RunCommandVerdict;

export type VerdictOf<K extends InterpreterKind> = Extract<Verdict, { kind: K }>;
