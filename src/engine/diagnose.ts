/**
 * text → Diagnosis: normalise, redact, read entities and pasted tool output, score every
 * symptom, abstain below the threshold, and lay out the chosen symptom's causes with their
 * checks and fixes (filled with what the paste names). Pure: no I/O, no clock.
 */
import { CHECKS } from '../checks/catalogue.js';
import type { CauseReport, Diagnosis, Entities, PastedEvidence } from '../domain/diagnosis.js';
import type { Symptom } from '../domain/knowledge.js';
import { SYMPTOMS } from '../symptoms/index.js';
import { extractEntities } from './entities.js';
import { type NetEvent, type Outcome, readEvents } from './events/index.js';
import { OUTCOME_NOTES } from '../symptoms/shared.js';
import { FOCUS_MIN_CHARS, focusText } from './focus.js';
import { rbacGrantValues } from './rbac-grant.js';
import { findEvidence } from './evidence.js';
import { causeWords } from './fix.js';
import {
  ALTERNATIVE_THRESHOLD,
  CONFIDENCE_THRESHOLD,
  type SymptomScore,
  rankSymptoms,
  ruleHolds,
} from './match.js';
import { flatten, normalize } from './normalize.js';
import { redact, redactPem } from './redact.js';
import type { Verdict } from '../domain/verdicts.js';

/** A verdict with every string in it (quoted lines, notes, rule fields) redacted: it was read from unredacted text. */
function redactQuotes<V extends Verdict>(verdict: V): V {
  const walk = (v: unknown): unknown =>
    typeof v === 'string'
      ? redact(v).text
      : Array.isArray(v)
        ? v.map(walk)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
          : v;
  return walk(verdict) as V;
}

/** The values a paste itself gives for fix placeholders. */
export function pasteValues(entities: Entities): Record<string, string> {
  const values: Record<string, string> = {};
  const set = (k: string, v: string | number | undefined | null) => {
    if (v !== undefined && v !== null && v !== '') values[k] = String(v);
  };
  const rbac = entities.rbac[0];
  if (rbac) {
    set('user', rbac.user);
    set('verb', rbac.verb);
    set('resource', rbac.resource);
    set('apiGroup', rbac.apiGroup);
    set('namespace', rbac.namespace);
    for (const [k, v] of Object.entries(rbacGrantValues(rbac))) set(k, v);
  }
  set('namespace', values['namespace'] ?? entities.namespaces[0]);
  set('pod', entities.pods[0]);
  set('service', entities.services[0]);
  const node = entities.nodes.find((n) => n.vmss) ?? entities.nodes[0];
  set('node', node?.name);
  set('vmss', node?.vmss);
  set('instanceId', node?.instanceId);
  set('apiServerFqdn', entities.apiServers[0]?.fqdn);
  set('port', entities.ports[0]);
  return values;
}

/** What the attempts behind the chosen symptom ended in: the events its rules matched, else all events. */
export function pasteOutcomes(symptom: Symptom, events: readonly NetEvent[]): Outcome[] {
  const mine = events.filter((e) => (symptom.events ?? []).some((r) => ruleHolds(r, e)));
  return [...new Set((mine.length ? mine : events).map((e) => e.outcome))].sort();
}

function causeReports(
  score: SymptomScore,
  values: Record<string, string>,
  outcomes: readonly Outcome[],
): CauseReport[] {
  const pointers = new Map<string, string[]>();
  for (const m of score.matched) {
    if (m.suggests) pointers.set(m.suggests, [...(pointers.get(m.suggests) ?? []), m.id]);
  }
  // "It failed" says nothing about how, so it rules nothing out.
  const said = outcomes.filter((o) => o !== 'failed');
  const reports = score.symptom.causes.map((cause): CauseReport => {
    const words = causeWords(cause, values);
    return {
      id: cause.id,
      title: words.title,
      explanation: words.explanation,
      checks: cause.checks.map((id) => ({ id, target: CHECKS[id].target, summary: CHECKS[id].summary })),
      fix: words.fix,
      fixSteps: words.fixSteps,
      pointedAtBy: pointers.get(cause.id) ?? [],
      contradictedBy:
        cause.fits && said.length > 0 && !said.some((o) => cause.fits?.includes(o)) ? [...said] : [],
    };
  });
  // Causes the paste contradicts go last; then those it points at come first: those its words or
  // pasted output name ("SNAT ports", a ufw status) before those an event only suggests (a
  // timeout to an external host), then most pointers; the rest keep runbook order.
  const named = (r: CauseReport) => r.pointedAtBy.filter((id) => !id.startsWith('event: ')).length;
  return reports
    .map((r, i) => ({ r, i }))
    .sort(
      (a, b) =>
        Number(a.r.contradictedBy.length > 0) - Number(b.r.contradictedBy.length > 0) ||
        Number(named(b.r) > 0) - Number(named(a.r) > 0) ||
        b.r.pointedAtBy.length - a.r.pointedAtBy.length ||
        a.i - b.i,
    )
    .map(({ r }) => r);
}

export interface DiagnoseOptions {
  /** The knowledge base to match against (tests pass their own). */
  symptoms?: readonly Symptom[];
  /** How many characters were really received, when the caller already cut a huge input. */
  receivedChars?: number;
}

export function diagnose(input: string, options: DiagnoseOptions = {}): Diagnosis {
  const symptoms = options.symptoms ?? SYMPTOMS;
  const normalized = normalize(input);
  const received = Math.max(options.receivedChars ?? 0, normalized.chars);
  // A big paste is cut to its error lines first and only those are redacted (PEM blocks, which
  // span lines, are masked in the whole text before the cut); a paste of ordinary size is
  // redacted whole. Either way nothing unredacted is read into what is echoed.
  const counts: Record<string, number> = {};
  const whole = normalized.text.length >= FOCUS_MIN_CHARS ? redactPem(normalized.text, counts) : null;
  const redactedFocus = redact(whole === null ? normalized.text : focusText(whole));
  for (const [kind, n] of Object.entries(redactedFocus.counts)) counts[kind] = (counts[kind] ?? 0) + n;
  const focus = redactedFocus.text;
  const inputSummary = {
    chars: received,
    scannedChars: normalized.scannedChars,
    truncated: normalized.truncated || received > normalized.chars,
    binary: normalized.binary,
    redactions: counts,
  };
  const entities = extractEntities(focus);
  if (normalized.binary) {
    return {
      symptom: null,
      confidence: 0,
      title: null,
      alternatives: [],
      entities,
      causes: [],
      evidence: [],
      matched: [],
      outcomes: [],
      outcomeNote: null,
      input: inputSummary,
    };
  }
  // Pasted tool output is judged on the whole text (a ruleset's verdict needs every rule), and
  // what a verdict quotes is redacted like the rest.
  const evidence: PastedEvidence[] =
    whole === null ? findEvidence(focus, symptoms) : findEvidence(whole, symptoms).map(redactQuotes);
  const events = readEvents(focus);
  const ranked = rankSymptoms(symptoms, flatten(focus), evidence, events);
  const best = ranked[0];
  const chosen = best && best.confidence >= CONFIDENCE_THRESHOLD ? best : null;
  const alternatives = ranked
    .filter((s) => s !== chosen && s.confidence >= ALTERNATIVE_THRESHOLD)
    .slice(0, 3)
    .map((s) => ({ symptom: s.symptom.id, confidence: s.confidence }));
  const values = pasteValues(entities);
  const outcomes = chosen ? pasteOutcomes(chosen.symptom, events) : [];
  const causes = chosen ? causeReports(chosen, values, outcomes) : [];
  const note = causes.some((c) => c.contradictedBy.length > 0)
    ? (outcomes.map((o) => OUTCOME_NOTES[o]).find((n) => n) ?? null)
    : null;
  return {
    symptom: chosen?.symptom.id ?? null,
    confidence: chosen?.confidence ?? 0,
    title: chosen?.symptom.title ?? null,
    alternatives,
    entities,
    causes,
    evidence,
    matched: chosen?.matched.map((m) => m.id) ?? [],
    outcomes,
    outcomeNote: note,
    input: inputSummary,
  };
}
