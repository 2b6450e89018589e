/**
 * A check that only judges data already read (the ARM inventory, the Kubernetes snapshot): its
 * parameters validated by a schema, then a pure `evaluate`. Reading is the edge's job.
 */
import type { z } from 'zod';
import type { Finding, FindingStatus } from '../domain/checks.js';
import type { CheckId } from './catalogue.js';

export type JudgementParams = Readonly<Record<string, string | number>>;

export interface Judgement<Input, P extends JudgementParams = JudgementParams> {
  readonly id: CheckId;
  readonly params: z.ZodType<P>;
  evaluate(input: Input, params: P): Finding;
}

/** A judgement with its parameter type erased: validates raw parameters, then evaluates. */
export interface RunnableJudgement<Input> {
  readonly id: CheckId;
  run(input: Input, rawParams: unknown): Finding;
}

export function runnable<Input, P extends JudgementParams>(
  check: Judgement<Input, P>,
): RunnableJudgement<Input> {
  return { id: check.id, run: (input, raw) => check.evaluate(input, check.params.parse(raw ?? {})) };
}

/** Builds a finding; every judgement is about one named thing (a resource, a Service, a node). */
export function finding(
  check: CheckId,
  target: string,
  verdict: string,
  status: FindingStatus,
  evidence: string | null,
  values: Record<string, string> = {},
  notes: string[] = [],
): Finding {
  return { check, target, verdict, status, evidence, values, notes };
}
