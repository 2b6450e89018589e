/** The shapes of a translated catalogue: plain data keyed by the knowledge base's stable ids. */

export interface CauseText {
  title: string;
  explanation: string;
  /** The fix's summary. */
  fix: string;
  /** Each fix step's `action`, in the order of the symptom module's steps (commands stay as written). */
  steps: readonly string[];
}

export interface SymptomText {
  title: string;
  seen: string;
  /** By cause id, per symptom: one cause can read differently under two symptoms. */
  causes: Readonly<Record<string, CauseText>>;
}

/** Placeholder words: `shown` only for a value said in prose ("the blocking rule"), `find` where to look it up. */
export interface PlaceholderText {
  shown?: string;
  find?: string;
}

/** The knowledge base's symptoms in one language, by symptom id. */
export type SymptomCatalogue = Readonly<Record<string, SymptomText>>;

/** The knowledge base's other words in one language. */
export interface WordCatalogue {
  /** Check id → its one-line summary. */
  checks: Readonly<Record<string, string>>;
  /** Verdict word → how it is said. */
  verdicts: Readonly<Record<string, string>>;
  /** Placeholder name → its words. */
  placeholders: Readonly<Record<string, PlaceholderText>>;
  /** Outcome → the note shown when it rules causes out. */
  outcomes: Readonly<Record<string, string>>;
}
