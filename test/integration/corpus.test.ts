/**
 * The matcher on the labelled corpus of real pastes (test/corpus/*.jsonl): top-1 accuracy on
 * the tuning and the held-out threads, false alarms on `none`, and how often a sure answer
 * (confidence >= 0.8) is right. The held-out part is never looked at while tuning, so the gap
 * between the two is the overfitting figure.
 */
import { diagnose } from '../../src/engine/diagnose.js';
import { SYMPTOM_IDS } from '../../src/domain/ids.js';
import { diagnosisMessage, fixMessage } from '../../src/report/slack-blocks.js';
import { renderDiagnosis } from '../../src/report/terminal.js';
import { corpusTable, figures, loadCorpus, runCorpus } from '../support/corpus.js';

const items = loadCorpus();
const outcomes = runCorpus(items);
const tuning = figures(outcomes.filter((o) => !o.heldOut));
const heldOut = figures(outcomes.filter((o) => o.heldOut));
/**
 * What this matcher reaches today on 2,570 pastes (see docs/matching.md); a change that makes any
 * of them worse fails here. The corpus has quadrupled since the first floors (0.80 held-out on
 * 622), with the kinds the matcher had missed sought out on purpose, so today's figures are lower.
 * (Rounds 8 to 19 came in with 2.3 % to 24.0 % false alarms blind, hence the looser false-alarm
 * floor.) The aims are higher: held-out 0.95, false alarms 0.02, gap 0.05.
 */
const MIN_HELD_OUT = 0.75;
const MAX_FALSE_ALARMS = 0.047;
const MAX_GAP = 0.12;
const rate = (a: number, b: number) => (b === 0 ? 0 : a / b);

describe('the corpus', () => {
  it('holds real pastes, each labelled with a symptom id or none and cited by its source', () => {
    const labels = new Set<string>([...SYMPTOM_IDS, 'none']);
    const bad = items.filter(
      (i) =>
        !labels.has(i.label) ||
        !i.id ||
        typeof i.text !== 'string' ||
        i.text.trim().length < 10 ||
        !/^(?:[\w.-]+\/[\w.-]+#\d+|https?:\/\/\S+)$/.test(i.source?.trim() ?? ''),
    );
    expect(bad.map((i) => `${i.file}: ${i.id}`)).toEqual([]);
  });

  it('has no item twice (same id or same text)', () => {
    const ids = new Set<string>();
    const texts = new Set<string>();
    const dupes: string[] = [];
    for (const i of items) {
      const text = i.text.replace(/\s+/g, ' ').trim().toLowerCase();
      if (ids.has(i.id) || texts.has(text)) dupes.push(`${i.file}: ${i.id}`);
      ids.add(i.id);
      texts.add(text);
    }
    expect(dupes).toEqual([]);
  });

  it('covers every symptom, on both sides of the split', () => {
    for (const id of SYMPTOM_IDS) {
      expect([id, outcomes.filter((o) => o.item.label === id && !o.heldOut).length > 0]).toEqual([id, true]);
      expect([id, outcomes.filter((o) => o.item.label === id && o.heldOut).length > 0]).toEqual([id, true]);
    }
  });
});

describe('the matcher on the corpus', () => {
  it('reports its figures', () => {
    process.stdout.write(`corpus (${items.length} pastes):\n${corpusTable(outcomes)}\n`);
    expect(outcomes.length).toBe(items.length);
  });

  it('names the labelled symptom first on the held-out threads', () => {
    expect(rate(heldOut.correct, heldOut.positives)).toBeGreaterThanOrEqual(MIN_HELD_OUT);
  });

  it('generalises: held-out accuracy close to tuning accuracy', () => {
    const gap = rate(tuning.correct, tuning.positives) - rate(heldOut.correct, heldOut.positives);
    expect(gap).toBeLessThan(MAX_GAP);
  });

  it('stays silent on pastes that are not one of its symptoms', () => {
    expect(
      rate(tuning.falseAlarms + heldOut.falseAlarms, tuning.negatives + heldOut.negatives),
    ).toBeLessThanOrEqual(MAX_FALSE_ALARMS);
  });

  it('is right when it says it is sure (confidence >= 0.8)', () => {
    expect(rate(tuning.sureRight + heldOut.sureRight, tuning.sure + heldOut.sure)).toBeGreaterThanOrEqual(
      0.95,
    );
  });
});

/**
 * A log buried around the paste: the matcher reads only its error lines and must answer the
 * same. The noise says nothing about where it was written (no kubelet or pod lines), so only
 * the reading of big pastes is under test here.
 */
function buried(text: string): string {
  const noise: string[] = [];
  for (let i = 0; noise.join('\n').length < 100_000; i++)
    noise.push(
      `2026-11-23T03:14:${String(i % 60).padStart(2, '0')}.${i % 1000}Z\tinfo\treconciled object\t{"name": "cfg-${i}", "namespace": "team-${i % 9}", "duration": "${i % 900}ms"}`,
    );
  const half = Math.floor(noise.length / 2);
  return [...noise.slice(0, half), text, ...noise.slice(half)].join('\n');
}

describe('the matcher on a paste inside a big log', () => {
  it('answers every corpus paste the same when it is buried in 100 KB of routine log lines', () => {
    const changed = outcomes
      .filter((o) => (diagnose(buried(o.item.text)).symptom ?? 'none') !== o.got)
      .map((o) => o.item.id);
    expect(changed).toEqual([]);
  });
});

describe('fixes rendered from real pastes', () => {
  it('never show a raw {placeholder}, in the terminal, JSON or Slack', () => {
    const raw = /\{[a-zA-Z][a-zA-Z0-9]{0,40}\}/;
    const holes = items.flatMap((item) => {
      const d = diagnose(item.text);
      if (!d.symptom) return [];
      const rendered = [
        renderDiagnosis(d),
        JSON.stringify(d.causes),
        JSON.stringify(diagnosisMessage(d, 'd-1', { kind: 'pick' })),
        JSON.stringify(fixMessage(d, 'd-1')),
      ];
      return rendered.some((r) => raw.test(r)) ? [item.id] : [];
    });
    expect(holes).toEqual([]);
  });
});
