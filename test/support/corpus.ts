/**
 * The labelled corpus of real pastes (test/corpus/*.jsonl) and the figures the matcher is
 * judged by. Items are split by their source thread, never by item, into a tuning part and a
 * held-out part (a fixed 30 % of threads, chosen by a hash of the source), so two pastes from
 * one thread never sit on both sides. Tune signals only while looking at the tuning part.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../src/engine/diagnose.js';
import { REPO_ROOT } from './paths.js';

export interface CorpusItem {
  id: string;
  label: string;
  text: string;
  source: string;
  note?: string;
  file: string;
}

export const CORPUS_DIR = join(REPO_ROOT, 'test', 'corpus');

export function loadCorpus(dir: string = CORPUS_DIR): CorpusItem[] {
  const items: CorpusItem[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        items.push({ ...(JSON.parse(line) as Omit<CorpusItem, 'file'>), file });
      } catch (e) {
        throw new Error(`${file}:${i + 1}: not JSON (${(e as Error).message})`, { cause: e });
      }
    });
  }
  return items;
}

/** FNV-1a: a stable hash, so the split is the same on every machine and every run. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A thread is held out when its source hashes into 3 of 10 buckets. */
export function isHeldOut(source: string): boolean {
  return fnv1a(source.trim().toLowerCase()) % 10 < 3;
}

export interface Outcome {
  item: CorpusItem;
  got: string;
  confidence: number;
  heldOut: boolean;
}

export function runCorpus(items: readonly CorpusItem[]): Outcome[] {
  return items.map((item) => {
    const d = diagnose(item.text);
    return { item, got: d.symptom ?? 'none', confidence: d.confidence, heldOut: isHeldOut(item.source) };
  });
}

export interface Figures {
  positives: number;
  correct: number;
  negatives: number;
  falseAlarms: number;
  /** Answers given at confidence >= 0.8, and how many of them were right. */
  sure: number;
  sureRight: number;
}

export function figures(outcomes: readonly Outcome[]): Figures {
  const pos = outcomes.filter((o) => o.item.label !== 'none');
  const neg = outcomes.filter((o) => o.item.label === 'none');
  const sure = outcomes.filter((o) => o.got !== 'none' && o.confidence >= 0.8);
  return {
    positives: pos.length,
    correct: pos.filter((o) => o.got === o.item.label).length,
    negatives: neg.length,
    falseAlarms: neg.filter((o) => o.got !== 'none').length,
    sure: sure.length,
    sureRight: sure.filter((o) => o.got === o.item.label).length,
  };
}

const pct = (a: number, b: number) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);

/** The per-label table: tuning vs held-out accuracy (or, for `none`, how often it stayed silent). */
export function corpusTable(outcomes: readonly Outcome[]): string {
  const labels = [...new Set(outcomes.map((o) => o.item.label))].sort();
  const rows = ['label                            tuning            held-out'];
  for (const label of labels) {
    const cell = (held: boolean) => {
      const xs = outcomes.filter((o) => o.item.label === label && o.heldOut === held);
      const right = xs.filter((o) => o.got === label).length;
      return `${pct(right, xs.length)} ${`(${right}/${xs.length})`.padEnd(9)}`;
    };
    rows.push(`${label.padEnd(32)} ${cell(false)}  ${cell(true)}`);
  }
  const line = (name: string, f: Figures) =>
    `${name}: top-1 ${pct(f.correct, f.positives)} (${f.correct}/${f.positives}), false alarms ${pct(f.falseAlarms, f.negatives)} (${f.falseAlarms}/${f.negatives}), right when sure (>=0.8) ${pct(f.sureRight, f.sure)} (${f.sureRight}/${f.sure})`;
  rows.push(line('tuning  ', figures(outcomes.filter((o) => !o.heldOut))));
  rows.push(line('held-out', figures(outcomes.filter((o) => o.heldOut))));
  rows.push(line('all     ', figures(outcomes)));
  return rows.join('\n');
}
