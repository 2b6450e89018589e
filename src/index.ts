/**
 * aksdiag as a library: `diagnose(text)` and `interpret(kind, output, options)` return exactly
 * the objects `aksdiag explain --json` and `aksdiag interpret --json` print.
 */
export { diagnose, type DiagnoseOptions } from './engine/diagnose.js';
export { interpret } from './interpreters/index.js';
export { SYMPTOMS } from './symptoms/index.js';
export { CHECKS, type CheckId } from './checks/catalogue.js';
export { SYMPTOM_IDS, CAUSE_IDS, type SymptomId, type CauseId } from './domain/ids.js';
export { INTERPRETER_KINDS } from './domain/verdicts.js';
export type * from './domain/diagnosis.js';
export type * from './domain/verdicts.js';
export type * from './domain/knowledge.js';
