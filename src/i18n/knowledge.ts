/**
 * The knowledge base in every language. English stays where it is written (the symptom modules,
 * the check catalogue, the placeholder list, the outcome notes); each other language has
 * catalogues keyed by the same stable ids (catalogues/<lang>/knowledge.ts and words.ts).
 * `localizeSymptom` gives a symptom module with its words in another language, so the engine
 * renders it exactly as it renders English. Pure data and lookups.
 */
import type { Cause, Symptom } from '../domain/knowledge.js';
import { CHECKS } from '../checks/catalogue.js';
import { SYMPTOMS } from '../symptoms/index.js';
import { OUTCOME_NOTES } from '../symptoms/shared.js';
import type { Lang } from './languages.js';
import { ENGLISH_PLACEHOLDERS } from './placeholder-text.js';
import type { CauseText, SymptomCatalogue, WordCatalogue } from './types.js';
import { VERDICT_WORDS } from './verdict-words.js';
import { symptoms as frSymptoms } from './catalogues/fr/knowledge.js';
import { words as frWords } from './catalogues/fr/words.js';
import { symptoms as jaSymptoms } from './catalogues/ja/knowledge.js';
import { words as jaWords } from './catalogues/ja/words.js';
import { symptoms as koSymptoms } from './catalogues/ko/knowledge.js';
import { words as koWords } from './catalogues/ko/words.js';
import { symptoms as nlSymptoms } from './catalogues/nl/knowledge.js';
import { words as nlWords } from './catalogues/nl/words.js';

export type KnowledgeText = WordCatalogue & { symptoms: SymptomCatalogue };

const causeText = (c: Cause): CauseText => ({
  title: c.title,
  explanation: c.explanation,
  fix: c.fix.summary,
  steps: c.fix.steps.map((s) => s.action),
});

/** The English catalogue, read from the knowledge base itself: the reference every other one must match. */
export const ENGLISH_KNOWLEDGE: KnowledgeText = {
  symptoms: Object.fromEntries(
    SYMPTOMS.map((s) => [
      s.id,
      { title: s.title, seen: s.seen, causes: Object.fromEntries(s.causes.map((c) => [c.id, causeText(c)])) },
    ]),
  ),
  checks: Object.fromEntries(Object.entries(CHECKS).map(([id, c]) => [id, c.summary])),
  // English shows the word itself.
  verdicts: Object.fromEntries(VERDICT_WORDS.map((w) => [w, w])),
  placeholders: ENGLISH_PLACEHOLDERS,
  outcomes: { ...OUTCOME_NOTES } as Record<string, string>,
};

export const KNOWLEDGE: Readonly<Record<Lang, KnowledgeText>> = {
  en: ENGLISH_KNOWLEDGE,
  ja: { ...jaWords, symptoms: jaSymptoms },
  fr: { ...frWords, symptoms: frSymptoms },
  nl: { ...nlWords, symptoms: nlSymptoms },
  ko: { ...koWords, symptoms: koSymptoms },
};

const cache = new Map<Lang, WeakMap<Symptom, Symptom>>();

/**
 * The symptom with its title, `seen`, causes' titles, explanations, fix summaries and step actions
 * in `lang` (commands, ids, signals unchanged). What the catalogue lacks (a symptom a test made
 * up) stays English.
 */
export function localizeSymptom(symptom: Symptom, lang: Lang): Symptom {
  if (lang === 'en') return symptom;
  const memo = cache.get(lang) ?? new WeakMap<Symptom, Symptom>();
  cache.set(lang, memo);
  const hit = memo.get(symptom);
  if (hit) return hit;
  const text = KNOWLEDGE[lang].symptoms[symptom.id];
  const out: Symptom = {
    ...symptom,
    title: text?.title ?? symptom.title,
    seen: text?.seen ?? symptom.seen,
    causes: symptom.causes.map((cause) => {
      const t = text?.causes[cause.id];
      if (!t) return cause;
      return {
        ...cause,
        title: t.title,
        explanation: t.explanation,
        fix: {
          summary: t.fix,
          steps: cause.fix.steps.map((s, i) => ({ ...s, action: t.steps[i] ?? s.action })),
        },
      };
    }),
  };
  memo.set(symptom, out);
  return out;
}

/** A symptom's title in `lang`, by id. */
export const symptomTitle = (symptomId: string, lang: Lang): string | null =>
  KNOWLEDGE[lang].symptoms[symptomId]?.title ?? ENGLISH_KNOWLEDGE.symptoms[symptomId]?.title ?? null;

/** A check's one-line summary in `lang`. */
export const checkSummary = (checkId: string, lang: Lang): string =>
  KNOWLEDGE[lang].checks[checkId] ?? ENGLISH_KNOWLEDGE.checks[checkId] ?? checkId;

/** A verdict word as said in `lang` (the word itself in English, or when it is not known). */
export const verdictLabel = (word: string, lang: Lang): string => KNOWLEDGE[lang].verdicts[word] ?? word;

/** The note on an outcome that rules causes out, in `lang`, or null when there is none. */
export const outcomeNote = (outcome: string, lang: Lang): string | null =>
  KNOWLEDGE[lang].outcomes[outcome] ?? ENGLISH_KNOWLEDGE.outcomes[outcome] ?? null;
