/**
 * A diagnosis with its words in the reader's language, as `aksdiag explain --json` prints it.
 * Every object that carries English text for people keeps it, with its ids, and gains `text`: the
 * same fields in `lang` (for English, a copy). Ids, commands and JSON keys never change with the
 * language, so tools read the ids and people read `text`.
 */
import type { Alternative, CauseReport, CheckRef, Diagnosis, PastedEvidence } from './diagnosis.js';
import type { FixStep } from './knowledge.js';
import type { Lang } from '../i18n/languages.js';

export interface DiagnosisText {
  title: string | null;
  outcomeNote: string | null;
  /** What happened to the input before it was read (cut to its ends, secrets masked), one sentence each. */
  notes: string[];
}

export interface CauseReportText {
  title: string;
  explanation: string;
  fix: string;
  /** The steps of `fixSteps` with their `action` in `lang` (commands as they are). */
  fixSteps: FixStep[];
}

export type LocalizedCheckRef = CheckRef & { text: { summary: string } };

export type LocalizedCause = Omit<CauseReport, 'checks'> & {
  checks: LocalizedCheckRef[];
  text: CauseReportText;
};

export type LocalizedDiagnosis = Omit<Diagnosis, 'causes' | 'alternatives' | 'evidence'> & {
  lang: Lang;
  text: DiagnosisText;
  causes: LocalizedCause[];
  alternatives: (Alternative & { text: { title: string } })[];
  /** Pasted tool output; `text.verdict` is the verdict word in `lang`. */
  evidence: (PastedEvidence & { text: { verdict: string } })[];
};
