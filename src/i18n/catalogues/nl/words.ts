import type { WordCatalogue } from '../../types.js';
export const words: WordCatalogue = { checks: {}, verdicts: {}, placeholders: {}, outcomes: {} };
