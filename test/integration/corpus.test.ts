/**
 * The matcher's accuracy on real pasted errors (../shared/corpus/dev.jsonl): top-1 accuracy on
 * the labelled items, and false alarms on the `none` items, which must be met with silence.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../src/engine/diagnose.js';
import { SHARED } from '../support/paths.js';

interface CorpusItem {
  id: string;
  label: string;
  text: string;
}

const CORPUS = join(SHARED, 'corpus', 'dev.jsonl');

function load(): CorpusItem[] {
  if (!existsSync(CORPUS))
    throw new Error(`corpus missing at ${CORPUS}: the shared folder must sit beside the clone`);
  return readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusItem);
}

describe('matcher on the dev corpus', () => {
  const items = load();
  const results = items.map((item) => ({ item, got: diagnose(item.text).symptom ?? 'none' }));
  const labelled = results.filter((r) => r.item.label !== 'none');
  const negatives = results.filter((r) => r.item.label === 'none');
  const correct = labelled.filter((r) => r.got === r.item.label).length;
  const falseAlarms = negatives.filter((r) => r.got !== 'none').length;
  const accuracy = correct / labelled.length;
  const falseAlarmRate = falseAlarms / negatives.length;

  it('reports its figures', () => {
    const misses = results.filter((r) => r.got !== r.item.label).map((r) => `${r.item.id} -> ${r.got}`);
    process.stdout.write(
      `corpus: top-1 accuracy ${(accuracy * 100).toFixed(1)}% (${correct}/${labelled.length}), ` +
        `false alarms ${(falseAlarmRate * 100).toFixed(1)}% (${falseAlarms}/${negatives.length})` +
        (misses.length ? `; misses: ${misses.join(', ')}` : '') +
        '\n',
    );
    expect(labelled.length).toBeGreaterThan(0);
    expect(negatives.length).toBeGreaterThan(0);
  });

  it('names the labelled symptom first for at least 90% of real errors', () => {
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('stays silent on at least 95% of errors that are not networking symptoms', () => {
    expect(falseAlarmRate).toBeLessThanOrEqual(0.05);
  });
});
