/**
 * A node check as data: which catalogue id it is, the schema its parameters must pass, the constant script
 * template they fill, and how its output is read.
 */
import type { z } from 'zod';
import { CHECKS, type CheckId } from '../catalogue.js';
import { renderScript, type ScriptTemplate } from '../node-script.js';
import type { NodeScriptParams } from '../params.js';

/** The catalogue ids whose target is a node. */
export type NodeCheckId = {
  [K in CheckId]: (typeof CHECKS)[K]['target'] extends 'node' ? K : never;
}[CheckId];

export const NODE_CHECK_IDS = (Object.keys(CHECKS) as CheckId[]).filter(
  (id): id is NodeCheckId => CHECKS[id].target === 'node',
);

/** What every verdict a node check returns has: an interpreter's verdict, or a check's own. */
export interface NodeCheckVerdict {
  kind: string;
  verdict: string;
  /** The output line the verdict rests on, or null. */
  evidence: string | null;
  notes: string[];
  truncated?: boolean;
}

export interface NodeCheck<
  P extends NodeScriptParams = NodeScriptParams,
  V extends NodeCheckVerdict = NodeCheckVerdict,
> {
  readonly id: NodeCheckId;
  /** A strict schema built with `nodeParams` from ./params.ts; its keys are the template's slots. */
  readonly params: z.ZodType<P>;
  /** Constant POSIX-sh body with `{{name}}` slots; `renderScript` wraps it in the marker convention. */
  readonly template: ScriptTemplate;
  /**
   * Reads the script's output: run-command's stdout and stderr, unwrapped (markers removed), stdout first.
   * Takes the validated parameters too, for checks whose judgement depends on them (the port asked about);
   * others ignore them.
   */
  interpret(output: string, params: P): V;
}

/** Validates raw parameters with the check's schema, then renders its script. Throws on invalid parameters. */
export function renderNodeCheck<P extends NodeScriptParams>(check: NodeCheck<P>, raw: unknown): string {
  return renderScript(check.template, check.params.parse(raw));
}

/**
 * The `aksdiag-<key>: <value>` lines a script prints about the node itself (iptables backend, Cilium), which
 * no tool interpreter reads. Last one wins.
 */
export function scriptFacts(output: string): Map<string, string> {
  const facts = new Map<string, string>();
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    const m = /^aksdiag-([a-z][a-z0-9-]{0,40}): ?(.*)$/.exec(line);
    if (m && m[1] !== undefined) facts.set(m[1], m[2] ?? '');
  }
  return facts;
}
