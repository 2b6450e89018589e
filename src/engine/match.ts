/**
 * Scores every symptom against a paste: independent signals combine as 1 - Π(1 - weight),
 * pasted tool evidence adds its weight, penalties (hard negatives) multiply it down.
 */
import type { PastedEvidence } from '../domain/diagnosis.js';
import type { CauseId } from '../domain/ids.js';
import type { EventRule, Fact, Symptom } from '../domain/knowledge.js';
import type { NetEvent } from './events/index.js';
import { IPV4, PUBLIC_IPV4 } from '../symptoms/shared.js';
import { type SignalIndex, buildSignalIndex, literalsIn, mayMatch } from './signal-prefilter.js';

/** Below this the matcher abstains: in a busy channel silence beats a wrong answer. */
export const CONFIDENCE_THRESHOLD = 0.5;
/** Runner-up symptoms at or above this are listed as alternatives. */
export const ALTERNATIVE_THRESHOLD = 0.25;

export interface MatchedSignal {
  id: string;
  weight: number;
  suggests?: CauseId;
}

export interface SymptomScore {
  symptom: Symptom;
  confidence: number;
  /** Strongest first. */
  matched: MatchedSignal[];
}

const FACT_PATTERNS: Record<Exclude<Fact, 'public-ipv4'>, RegExp> = {
  'apiserver-fqdn': /\.azmk8s\.io\b/i,
  'kubectl-client-failure':
    /unable to connect to the server|the connection to the server \S{1,300} was refused/i,
};

/**
 * A public address used as a connection target (not any dotted number, e.g. a version string):
 * after `to`, `trying`, `tcp`, `curl`, `//` ..., or followed by a port or a browser's words. The
 * addresses are found first and their surroundings looked at in code: one pattern that starts
 * with the range check is tried at every position of the text.
 */
const ADDRESS = new RegExp(`(?<![\\d.])${IPV4}(?!\\.?\\d)`, 'g');
const PUBLIC_ADDRESS = new RegExp(`^${PUBLIC_IPV4}$`);
const TARGET_BEFORE =
  /(?:(?:\bto|\btrying|\btcp|\btelnet|\bcurl(?: -[a-z]{1,3})?|\bping|\breached|\bip|\baddress)[: ]{1,2}|\/\/)$/i;
const TARGET_AFTER = /^(?::\d|\s?port\b| took too long)/i;

function namesPublicTarget(flat: string): boolean {
  ADDRESS.lastIndex = 0;
  for (let m = ADDRESS.exec(flat); m; m = ADDRESS.exec(flat)) {
    if (!PUBLIC_ADDRESS.test(m[0])) continue;
    const end = m.index + m[0].length;
    if (TARGET_BEFORE.test(flat.slice(Math.max(0, m.index - 20), m.index))) return true;
    if (TARGET_AFTER.test(flat.slice(end, end + 16))) return true;
  }
  return false;
}

export function deriveFacts(flat: string): Set<Fact> {
  const facts = new Set<Fact>();
  if (namesPublicTarget(flat)) facts.add('public-ipv4');
  for (const [fact, pattern] of Object.entries(FACT_PATTERNS) as [Fact, RegExp][]) {
    if (pattern.test(flat)) facts.add(fact);
  }
  return facts;
}

function evidenceMatches(symptom: Symptom, evidence: readonly PastedEvidence[]): MatchedSignal[] {
  const out: MatchedSignal[] = [];
  for (const rule of symptom.evidence ?? []) {
    const hit = evidence.find(
      (e) => e.kind === rule.tool && e.port === rule.port && rule.verdicts.includes(e.verdict),
    );
    if (hit)
      out.push({ id: `pasted ${rule.tool}: ${hit.verdict}`, weight: rule.weight, suggests: rule.cause });
  }
  return out;
}

export function ruleHolds(rule: EventRule, e: NetEvent): boolean {
  return (
    rule.outcomes.includes(e.outcome) &&
    (!rule.roles || rule.roles.includes(e.role)) &&
    (!rule.vantages || rule.vantages.includes(e.vantage))
  );
}

function eventMatches(symptom: Symptom, events: readonly NetEvent[]): MatchedSignal[] {
  const out: MatchedSignal[] = [];
  for (const rule of symptom.events ?? []) {
    if (!events.some((e) => ruleHolds(rule, e))) continue;
    const id = `event: ${rule.id}`;
    out.push(
      rule.suggests ? { id, weight: rule.weight, suggests: rule.suggests } : { id, weight: rule.weight },
    );
  }
  return out;
}

/** Which signal patterns can match, from one scan for their leading literals (signal-prefilter.ts). */
interface Prefilter {
  index: SignalIndex;
  found: ReadonlySet<string>;
}

export function scoreSymptom(
  symptom: Symptom,
  flat: string,
  facts: ReadonlySet<Fact>,
  evidence: readonly PastedEvidence[],
  events: readonly NetEvent[] = [],
  prefilter?: Prefilter,
): SymptomScore {
  const matched: MatchedSignal[] = [];
  for (const s of symptom.signals) {
    if (s.requires?.some((f) => !facts.has(f))) continue;
    if (s.excludes?.some((f) => facts.has(f))) continue;
    if (prefilter && !mayMatch(prefilter.index, s.pattern, prefilter.found)) continue;
    if (s.pattern.test(flat))
      matched.push(
        s.suggests ? { id: s.id, weight: s.weight, suggests: s.suggests } : { id: s.id, weight: s.weight },
      );
  }
  matched.push(...evidenceMatches(symptom, evidence));
  // An event rule and a phrase signal often see the same line: count the event only when it adds.
  for (const m of eventMatches(symptom, events))
    if (!matched.some((x) => x.weight >= m.weight)) matched.push(m);
  if (matched.length === 0) return { symptom, confidence: 0, matched };
  let miss = 1;
  for (const m of matched) miss *= 1 - m.weight;
  let confidence = 1 - miss;
  for (const p of symptom.penalties ?? []) if (p.pattern.test(flat)) confidence *= p.factor;
  matched.sort((a, b) => b.weight - a.weight);
  return { symptom, confidence: Math.round(confidence * 100) / 100, matched };
}

/** The prefilter of a knowledge base, built once per list of symptoms (a cache: same input, same index). */
const INDEXES = new WeakMap<readonly Symptom[], SignalIndex>();
function signalIndex(symptoms: readonly Symptom[]): SignalIndex {
  let index = INDEXES.get(symptoms);
  if (!index) {
    index = buildSignalIndex(symptoms.flatMap((s) => s.signals.map((x) => x.pattern)));
    INDEXES.set(symptoms, index);
  }
  return index;
}

/** All symptoms scored, best first. */
export function rankSymptoms(
  symptoms: readonly Symptom[],
  flat: string,
  evidence: readonly PastedEvidence[],
  events: readonly NetEvent[] = [],
): SymptomScore[] {
  const facts = deriveFacts(flat);
  const index = signalIndex(symptoms);
  const prefilter = { index, found: literalsIn(index, flat.toLowerCase()) };
  return symptoms
    .map((s) => scoreSymptom(s, flat, facts, evidence, events, prefilter))
    .sort((a, b) => b.confidence - a.confidence);
}

export const FACT_REGEXES: readonly RegExp[] = [
  ...Object.values(FACT_PATTERNS),
  ADDRESS,
  PUBLIC_ADDRESS,
  TARGET_BEFORE,
  TARGET_AFTER,
];
