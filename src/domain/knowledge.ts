/**
 * The shape of the knowledge base: a symptom module is plain data of these types, read like
 * a runbook (what you see, how we recognise it, what causes it, how to prove it, how to fix it).
 */
import type { CauseId, SymptomId } from './ids.js';
import type { CheckParams } from './checks.js';
import type { CheckId } from '../checks/catalogue.js';
import type { InterpreterKind } from './verdicts.js';
import type { Outcome, Role, Vantage } from './events.js';

/**
 * Facts the engine derives once from a paste, which signals can require or exclude.
 * Kept to a short fixed list so that signals stay data and the engine stays small.
 */
export type Fact =
  /** A public IPv4 address used as a connection target (`curl http://x`, `connect to x port`, `x:443`). */
  | 'public-ipv4'
  /** Something that names the AKS API server: an `*.azmk8s.io` FQDN. */
  | 'apiserver-fqdn'
  /** kubectl's own client-side failure line (`Unable to connect to the server`). */
  | 'kubectl-client-failure';

/** One thing in a paste that points at a symptom. */
export interface Signal {
  /** Unique within its symptom; shown in `explain` output so people see why it matched. */
  id: string;
  /** Case-insensitive, linear-time pattern run on the whitespace-flattened paste. */
  pattern: RegExp;
  /** How strongly this alone points at the symptom, 0..1. Independent signals combine as 1 - Π(1 - w). */
  weight: number;
  /** Only counts when all of these facts hold. */
  requires?: Fact[];
  /** Does not count when any of these facts holds. */
  excludes?: Fact[];
  /** A cause this signal makes more likely: it is listed first when the signal matched. */
  suggests?: CauseId;
}

/**
 * A rule over network events (see engine/events): "an attempt from <vantage> to <role> ended
 * in <outcome>", whatever tool printed it. Omitted fields match anything.
 */
export interface EventRule {
  id: string;
  outcomes: readonly Outcome[];
  roles?: readonly Role[];
  vantages?: readonly Vantage[];
  weight: number;
  suggests?: CauseId;
}

/** Something that makes a symptom less likely even though its signals matched (hard negatives). */
export interface Penalty {
  id: string;
  pattern: RegExp;
  /** Confidence is multiplied by this (0..1). */
  factor: number;
}

/** Pasted tool output that, interpreted, is evidence for a cause of this symptom. */
export interface EvidenceRule {
  tool: InterpreterKind;
  /** The port the tool's output is judged for (firewall listings, nc). */
  port?: number;
  /** Verdicts that count as evidence. */
  verdicts: string[];
  cause: CauseId;
  weight: number;
}

/** Where a fix is applied. ARM and Kubernetes changes are the supported path on AKS. */
export type FixVia = 'arm' | 'kubernetes' | 'client' | 'node';

export interface FixStep {
  via: FixVia;
  /** What the step does, one line. */
  action: string;
  /** The exact command, with `{placeholders}` that findings fill in. Omitted for pure guidance. */
  command?: string;
  /**
   * Shown only when the value `key` is `equals`, or not known yet (e.g. a Role in a namespace
   * versus a ClusterRole, by the scope the denial names).
   */
  onlyWhen?: { key: string; equals: string }[];
}

export interface Fix {
  summary: string;
  steps: FixStep[];
}

/** A check's verdict being one of these, on a target it ran on. */
export interface VerdictCondition {
  check: CheckId;
  verdicts: string[];
}

/**
 * How live checks decide a cause. Confirmed when every `confirmedWhen` condition holds on some
 * target (ufw blocking on one node is enough); ruled out when some `ruledOutWhen` condition
 * holds on every target that check ran on; otherwise unknown. Several conditions let a cause
 * say "the node cannot reach the API server, and not because of authorized ranges".
 */
export interface Proof {
  confirmedWhen: VerdictCondition[];
  ruledOutWhen: VerdictCondition[];
}

export interface Cause {
  id: CauseId;
  /** One line, names the thing that is wrong. */
  title: string;
  /** Two sentences for an engineer at 3 a.m.: what happens, and how it shows. */
  explanation: string;
  /** Checks that confirm or rule out this cause, by id from the check catalogue. */
  checks: CheckId[];
  /** Parameters this cause fixes for a check, e.g. which direction a network policy must allow. */
  checkParams?: Partial<Record<CheckId, CheckParams>>;
  proof: Proof;
  fix: Fix;
  /**
   * The outcomes this cause produces (a silent drop times out; a REJECT or nothing listening
   * refuses). When the paste shows only outcomes outside this list, the cause is listed last as
   * contradicted by the paste. Omitted: it fits any outcome.
   */
  fits?: readonly Outcome[];
}

export interface Symptom {
  id: SymptomId;
  title: string;
  /** What the engineer sees, one line. */
  seen: string;
  signals: Signal[];
  /** Rules over the paste's network events: how the failure looks whatever tool printed it. */
  events?: EventRule[];
  penalties?: Penalty[];
  evidence?: EvidenceRule[];
  /** Most likely first. */
  causes: Cause[];
}
