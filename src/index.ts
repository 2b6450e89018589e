/**
 * aksdiag as a library: `localizeDiagnosis(diagnose(text), lang)` and
 * `localizeVerdict(interpret(kind, output, options), lang)` return exactly the objects
 * `aksdiag explain --json` and `aksdiag interpret --json` print: `diagnose` and `interpret` decide
 * (ids and English text), `localize*` add `lang` and the words in that language under `text`.
 */
export { diagnose, type DiagnoseOptions } from './engine/diagnose.js';
export { localizeDiagnosis, localizeVerdict, type LocalizedVerdict } from './engine/localize.js';
export { LANGUAGES, type Lang, langOf } from './i18n/languages.js';
export { interpret } from './interpreters/index.js';
export { SYMPTOMS } from './symptoms/index.js';
export { CHECKS, type CheckId } from './checks/catalogue.js';
export { SYMPTOM_IDS, CAUSE_IDS, type SymptomId, type CauseId } from './domain/ids.js';
export { INTERPRETER_KINDS } from './domain/verdicts.js';
export type * from './domain/diagnosis.js';
export type * from './domain/verdicts.js';
export type * from './domain/knowledge.js';
export type * from './domain/localized.js';
