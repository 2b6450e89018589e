/**
 * A diagnosis or a check's verdicts in the reader's language. The engine decides in English ids;
 * this renders the same causes, in the same order, from the symptom localized to `lang`, and the
 * notes around them from the message catalogue. Pure.
 */
import type { Diagnosis } from '../domain/diagnosis.js';
import type { Symptom } from '../domain/knowledge.js';
import type { Verdict } from '../domain/verdicts.js';
import type { LocalizedDiagnosis } from '../domain/localized.js';
import { checkSummary, localizeSymptom, outcomeNote, symptomTitle, verdictLabel } from '../i18n/knowledge.js';
import type { Lang } from '../i18n/languages.js';
import { translator } from '../i18n/messages.js';
import { SYMPTOMS } from '../symptoms/index.js';
import { pasteValues } from './diagnose.js';
import { causeWords } from './fix.js';
import type { CauseVerdict } from './verdict.js';

/** The notes on what happened to the input before it was read, in `lang`. */
export function inputNotes(input: Diagnosis['input'], lang: Lang): string[] {
  const { t } = translator(lang);
  const notes: string[] = [];
  if (input.truncated) notes.push(t('note.truncated', { chars: input.chars, scanned: input.scannedChars }));
  const masked = Object.values(input.redactions).reduce((a, b) => a + b, 0);
  if (masked) notes.push(t('note.masked', { count: masked }));
  return notes;
}

/**
 * `d` with a `text` beside each English text: the same words in `lang`. `symptoms` must be the
 * knowledge base `d` was diagnosed with.
 */
export function localizeDiagnosis(
  d: Diagnosis,
  lang: Lang,
  symptoms: readonly Symptom[] = SYMPTOMS,
): LocalizedDiagnosis {
  const source = symptoms.find((s) => s.id === d.symptom);
  const symptom = source ? localizeSymptom(source, lang) : undefined;
  const values = pasteValues(d.entities);
  // The note diagnose chose, by the outcome it was written for.
  const noteOutcome = d.outcomeNote
    ? d.outcomes.find((o) => outcomeNote(o, 'en') === d.outcomeNote)
    : undefined;
  return {
    ...d,
    lang,
    text: {
      title: symptom?.title ?? d.title,
      outcomeNote: noteOutcome ? outcomeNote(noteOutcome, lang) : d.outcomeNote,
      notes: inputNotes(d.input, lang),
    },
    alternatives: d.alternatives.map((a) => ({
      ...a,
      text: { title: symptomTitle(a.symptom, lang) ?? a.symptom },
    })),
    evidence: d.evidence.map((e) => ({ ...e, text: { verdict: verdictLabel(e.verdict, lang) } })),
    causes: d.causes.map((c) => {
      const cause = symptom?.causes.find((x) => x.id === c.id);
      const words = cause
        ? causeWords(cause, values, lang)
        : { title: c.title, explanation: c.explanation, fix: c.fix, fixSteps: c.fixSteps };
      return {
        ...c,
        checks: c.checks.map((k) => ({ ...k, text: { summary: checkSummary(k.id, lang) } })),
        text: words,
      };
    }),
  };
}

/** A cause verdict's fix (filled from the findings) in `lang`. */
export function localizedVerdictFix(symptom: Symptom, verdict: CauseVerdict, lang: Lang): string {
  const cause = localizeSymptom(symptom, lang).causes.find((c) => c.id === verdict.id);
  return cause ? causeWords(cause, verdict.values, lang, 'after-checks').fix : verdict.fix;
}

/** A tool's verdict with `lang` and `text.verdict`, the verdict word in that language (inner verdicts too). */
export type LocalizedVerdict = Verdict & {
  lang: Lang;
  text: { verdict: string };
  inner?: LocalizedVerdict[];
};

export function localizeVerdict(v: Verdict & { port?: number }, lang: Lang): LocalizedVerdict {
  const inner =
    v.kind === 'run-command' && v.inner ? { inner: v.inner.map((i) => localizeVerdict(i, lang)) } : {};
  return { ...v, lang, text: { verdict: verdictLabel(v.verdict, lang) }, ...inner } as LocalizedVerdict;
}
