/** Fills `{placeholders}` and renders a fix as text; node-level steps carry AKS's support warning. */
import type { Fix } from '../domain/knowledge.js';
import { UNFILLED } from '../symptoms/placeholders.js';

/**
 * AKS support policy: changes made on agent nodes through IaaS APIs or SSH are not supported
 * and may be undone by upgrades or reimages.
 */
export const NODE_LEVEL_WARNING =
  'Node-level change: editing an AKS agent node directly leaves AKS support and is lost on reimage or upgrade. Prefer the step above.';

/** Replaces `{name}` with values that are known; unknown placeholders stay for a live check to fill. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-zA-Z][a-zA-Z0-9]{0,40})\}/g, (m, name: string) => values[name] ?? m);
}

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\{([a-zA-Z][a-zA-Z0-9]{0,40})\}/g)].map((m) => m[1] ?? '');
}

const VIA_LABEL = { arm: 'Azure', kubernetes: 'Kubernetes', client: 'You', node: 'Node' } as const;

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]{0,40})\}/g;

/** `nsgResourceGroup` → `<nsg-resource-group>`, for a placeholder the catalogue does not know. */
const marked = (name: string) =>
  UNFILLED[name]?.shown ?? `<${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}>`;

/** A fix whose unknown values are shown as `<name>`, and the names of those values. */
export interface MarkedFix {
  fix: Fix;
  unfilled: string[];
}

/** Replaces every `{placeholder}` still left with its marked form (`<nsg-name>`). */
export function markUnfilled(fix: Fix): MarkedFix {
  const unfilled = new Set<string>();
  const mark = (text: string) =>
    text.replace(PLACEHOLDER, (_m, name: string) => {
      unfilled.add(name);
      return marked(name);
    });
  return {
    fix: {
      summary: mark(fix.summary),
      steps: fix.steps.map((s) => ({
        via: s.via,
        action: mark(s.action),
        ...(s.command ? { command: mark(s.command) } : {}),
      })),
    },
    unfilled: [...unfilled],
  };
}

/** Where a fix's missing values come from, said once under it. */
export type UnfilledNote = 'before-checks' | 'after-checks';

export function fixText({ fix, unfilled }: MarkedFix, note: UnfilledNote = 'before-checks'): string {
  const lines = [fix.summary];
  fix.steps.forEach((step, i) => {
    lines.push(`${i + 1}. [${VIA_LABEL[step.via]}] ${step.action}`);
    if (step.via === 'node') lines.push(`   Warning: ${NODE_LEVEL_WARNING}`);
    if (step.command) lines.push(`   ${step.command}`);
  });
  if (unfilled.length) {
    lines.push(
      note === 'before-checks'
        ? 'Values in <angle brackets> are not in the paste: `aksdiag check <cluster>` (or Run checks in Slack) fills them from Azure. By hand:'
        : 'The checks could not find the values in <angle brackets>. By hand:',
    );
    for (const name of unfilled) {
      const find = UNFILLED[name]?.find;
      // Values shown in words ("the blocking rule") need no line of their own.
      if (find && marked(name).startsWith('<')) lines.push(`   ${marked(name)}: ${find}`);
    }
  }
  return lines.join('\n');
}

/** Quotes a value for a POSIX shell unless it is made only of characters that need none. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9@%+=:,./_-]{1,256}$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Fills every text field of a fix. Values that go into commands are shell-quoted: they can come
 * from a paste, and a copied command must never run something the paste smuggled in.
 */
export function fillFix(fix: Fix, values: Readonly<Record<string, string>>): Fix {
  const quoted = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, shellQuote(v)]));
  const applies = (s: Fix['steps'][number]) =>
    (s.onlyWhen ?? []).every(({ key, equals }) => values[key] === undefined || values[key] === equals);
  return {
    summary: fillPlaceholders(fix.summary, values),
    steps: fix.steps.filter(applies).map((s) => ({
      via: s.via,
      action: fillPlaceholders(s.action, values),
      ...(s.command ? { command: fillPlaceholders(s.command, quoted) } : {}),
    })),
  };
}
