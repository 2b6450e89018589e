import { CAUSE_IDS, SYMPTOM_IDS, isSymptomId } from './ids.js';

describe('stable ids', () => {
  it('has no duplicates', () => {
    expect(new Set(SYMPTOM_IDS).size).toBe(SYMPTOM_IDS.length);
    expect(new Set(CAUSE_IDS).size).toBe(CAUSE_IDS.length);
  });
  it('recognises symptom ids and rejects others', () => {
    expect(isSymptomId('tunnel-10250')).toBe(true);
    expect(isSymptomId('tunnel')).toBe(false);
  });
});
