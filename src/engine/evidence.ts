/**
 * Finds tool output pasted among the text (iptables, ufw, nc, nslookup, curl, resolv.conf,
 * possibly inside a run-command envelope) and interprets it, for the ports the knowledge base
 * asks about. A pasted `ufw status` with 10250 closed is itself a finding.
 */
import type { PastedEvidence } from '../domain/diagnosis.js';
import type { Symptom } from '../domain/knowledge.js';
import type { InterpreterKind } from '../domain/verdicts.js';
import { interpret } from '../interpreters/index.js';
import { unwrapRunCommand } from '../interpreters/run-command.js';

/** Cheap, anchored tests for "this text contains that tool's output". */
const PRESENCE: Partial<Record<InterpreterKind, RegExp>> = {
  'iptables-list': /^Chain [A-Z][A-Za-z0-9_-]{0,28} \((?:policy [A-Z]{1,10}|\d{1,6} references?)/m,
  'ufw-status': /^Status: (?:active|inactive)[ \t]*$/m,
  nc: /^(?:nc: connect to |nc: getaddrinfo|Connection to \S{1,253} \d{1,5} port \[)/m,
  nslookup:
    /^(?:\*\* server can't find |;; connection timed out; no servers could be reached|Non-authoritative answer:|\*\*\* Can't find )/m,
  curl: /^(?:\* {1,4}Trying \S{1,300}\.\.\.|curl: \(\d{1,3}\) )/m,
  'resolv-conf': /^nameserver [0-9a-f.:]{2,45}[ \t]*$/m,
};

/** Tools present in the text, and the text to read them from (unwrapped from run-command). */
function presentTools(text: string): { kinds: InterpreterKind[]; text: string } {
  const envelope = unwrapRunCommand(text);
  const body = envelope.wrapped ? `${envelope.stdout}\n${envelope.stderr}` : text;
  const kinds = (Object.keys(PRESENCE) as InterpreterKind[]).filter((k) => PRESENCE[k]?.test(body));
  return { kinds, text };
}

/** Interprets each pasted tool output once per port some symptom's evidence rules ask about. */
export function findEvidence(text: string, symptoms: readonly Symptom[]): PastedEvidence[] {
  const { kinds, text: source } = presentTools(text);
  const out: PastedEvidence[] = [];
  for (const kind of kinds) {
    const ports = new Set<number | undefined>();
    for (const s of symptoms) for (const r of s.evidence ?? []) if (r.tool === kind) ports.add(r.port);
    if (ports.size === 0) ports.add(undefined);
    for (const port of ports) {
      out.push(interpret(kind, source, port === undefined ? {} : { port }));
    }
  }
  return out;
}

export const EVIDENCE_PATTERNS: readonly RegExp[] = Object.values(PRESENCE);
