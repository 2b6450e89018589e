/**
 * Fills `{placeholders}` and renders a fix as text, in any language; node-level steps carry AKS's
 * support warning (AKS support policy: changes made on agent nodes through IaaS APIs or SSH are
 * not supported and may be undone by upgrades or reimages).
 */
import type { Cause, Fix, FixStep } from '../domain/knowledge.js';
import { UNFILLED } from '../symptoms/placeholders.js';
import type { Lang } from '../i18n/languages.js';
import { translator } from '../i18n/messages.js';
import { placeholderText } from '../i18n/placeholder-text.js';

/** Replaces `{name}` with values that are known; unknown placeholders stay for a live check to fill. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-zA-Z][a-zA-Z0-9]{0,40})\}/g, (m, name: string) => values[name] ?? m);
}

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\{([a-zA-Z][a-zA-Z0-9]{0,40})\}/g)].map((m) => m[1] ?? '');
}

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]{0,40})\}/g;

/** `nsgResourceGroup` → `<nsg-resource-group>`, for a placeholder the catalogue does not know. */
const marked = (name: string) =>
  UNFILLED[name]?.shown ?? `<${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}>`;

/** In prose, a value said in words ("the blocking rule") is said in the reader's language; commands keep the marker. */
const markedInProse = (name: string, lang: Lang) => placeholderText(name, lang).shown ?? marked(name);

/** A fix whose unknown values are shown as `<name>`, and the names of those values. */
export interface MarkedFix {
  fix: Fix;
  unfilled: string[];
}

/** Replaces every `{placeholder}` still left with its marked form (`<nsg-name>`). */
export function markUnfilled(fix: Fix, lang: Lang = 'en'): MarkedFix {
  const unfilled = new Set<string>();
  const mark = (text: string, prose: boolean) =>
    text.replace(PLACEHOLDER, (_m, name: string) => {
      unfilled.add(name);
      return prose ? markedInProse(name, lang) : marked(name);
    });
  return {
    fix: {
      summary: mark(fix.summary, true),
      steps: fix.steps.map((s) => ({
        via: s.via,
        action: mark(s.action, true),
        ...(s.command ? { command: mark(s.command, false) } : {}),
      })),
    },
    unfilled: [...unfilled],
  };
}

/** Where a fix's missing values come from, said once under it. */
export type UnfilledNote = 'before-checks' | 'after-checks';

export function fixText(
  { fix, unfilled }: MarkedFix,
  note: UnfilledNote = 'before-checks',
  lang: Lang = 'en',
): string {
  const { t } = translator(lang);
  const lines = [fix.summary];
  fix.steps.forEach((step, i) => {
    lines.push(`${i + 1}. [${t(`fix.via.${step.via}`)}] ${step.action}`);
    if (step.via === 'node') lines.push(`   ${t('fix.warning')}`);
    if (step.command) lines.push(`   ${step.command}`);
  });
  if (unfilled.length) {
    lines.push(t(note === 'before-checks' ? 'fix.unfilled.before' : 'fix.unfilled.after'));
    for (const name of unfilled) {
      const find = placeholderText(name, lang).find;
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

/** A cause's words rendered with what is known: its title and fix filled, the rest marked `<...>`. */
export interface CauseWords {
  title: string;
  explanation: string;
  fix: string;
  fixSteps: FixStep[];
}

/** Renders one cause for a reader of `lang` (pass the cause of a symptom localized to `lang`). */
export function causeWords(
  cause: Cause,
  values: Readonly<Record<string, string>>,
  lang: Lang = 'en',
  note: UnfilledNote = 'before-checks',
): CauseWords {
  const fix = markUnfilled(fillFix(cause.fix, values), lang);
  return {
    title: markUnfilled({ summary: fillPlaceholders(cause.title, values), steps: [] }, lang).fix.summary,
    explanation: cause.explanation,
    fix: fixText(fix, note, lang),
    fixSteps: fix.fix.steps,
  };
}
