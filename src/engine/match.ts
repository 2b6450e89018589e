/**
 * Scores every symptom against a paste: independent signals combine as 1 - Π(1 - weight),
 * pasted tool evidence adds its weight, penalties (hard negatives) multiply it down.
 */
import type { PastedEvidence } from '../domain/diagnosis.js';
import type { CauseId } from '../domain/ids.js';
import type { EventRule, Fact, Symptom } from '../domain/knowledge.js';
import type { NetEvent } from './events/index.js';
import { PUBLIC_IPV4 } from '../symptoms/shared.js';

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

const FACT_PATTERNS: Record<Fact, RegExp> = {
  // A public address used as a connection target (not any dotted number, e.g. a version string).
  'public-ipv4': new RegExp(
    `(?:(?:\\bto|\\btrying|\\btcp|\\btelnet|\\bcurl(?: -[a-z]{1,3})?|\\bping|\\breached|\\bip|\\baddress)[: ]{1,2}|//)${PUBLIC_IPV4}(?!\\.?\\d)` +
      `|(?<![\\d.])${PUBLIC_IPV4}(?::\\d|\\s?port\\b| took too long)`,
    'i',
  ),
  'apiserver-fqdn': /\.azmk8s\.io\b/i,
  'kubectl-client-failure':
    /unable to connect to the server|the connection to the server \S{1,300} was refused/i,
};

export function deriveFacts(flat: string): Set<Fact> {
  const facts = new Set<Fact>();
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

export function scoreSymptom(
  symptom: Symptom,
  flat: string,
  facts: ReadonlySet<Fact>,
  evidence: readonly PastedEvidence[],
  events: readonly NetEvent[] = [],
): SymptomScore {
  const matched: MatchedSignal[] = [];
  for (const s of symptom.signals) {
    if (s.requires?.some((f) => !facts.has(f))) continue;
    if (s.excludes?.some((f) => facts.has(f))) continue;
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

/** All symptoms scored, best first. */
export function rankSymptoms(
  symptoms: readonly Symptom[],
  flat: string,
  evidence: readonly PastedEvidence[],
  events: readonly NetEvent[] = [],
): SymptomScore[] {
  const facts = deriveFacts(flat);
  return symptoms
    .map((s) => scoreSymptom(s, flat, facts, evidence, events))
    .sort((a, b) => b.confidence - a.confidence);
}

export const FACT_REGEXES: readonly RegExp[] = Object.values(FACT_PATTERNS);
