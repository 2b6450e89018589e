/**
 * Finds tool output pasted among the text (every shape the interpreters read: iptables and nft
 * rulesets, ufw, the netcats, nslookup on Linux, busybox and Windows, curl, resolv.conf, possibly
 * inside a run-command envelope; see interpreters/detect.ts) and interprets it, for the ports the knowledge base
 * asks about. A pasted `ufw status` with 10250 closed is itself a finding.
 */
import type { PastedEvidence } from '../domain/diagnosis.js';
import type { Symptom } from '../domain/knowledge.js';
import type { InterpreterKind } from '../domain/verdicts.js';
import { interpret } from '../interpreters/index.js';
import { detectTools } from '../interpreters/detect.js';
import { unwrapRunCommand } from '../interpreters/run-command.js';

/** Tools present in the text (unwrapped from run-command when it is an envelope), and the text to read. */
function presentTools(text: string): { kinds: InterpreterKind[]; text: string } {
  const envelope = unwrapRunCommand(text);
  const body = envelope.wrapped ? `${envelope.stdout}\n${envelope.stderr}` : text;
  return { kinds: detectTools(body), text };
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
