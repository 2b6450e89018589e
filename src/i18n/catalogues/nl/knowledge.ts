import type { SymptomCatalogue } from '../../types.js';
export const symptoms: SymptomCatalogue = {};
