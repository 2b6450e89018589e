/**
 * Shows how the matcher reads one tuning corpus item: its events and every symptom's score.
 *   node --experimental-transform-types --import ./test/support/ts-hooks.mjs scripts/explain-item.ts <id>...
 * Refuses held-out items: looking at those would make them tuning items.
 */
import { readEvents } from '../src/engine/events/index.js';
import { focusText } from '../src/engine/focus.js';
import { rankSymptoms } from '../src/engine/match.js';
import { findEvidence } from '../src/engine/evidence.js';
import { flatten, normalize } from '../src/engine/normalize.js';
import { redact } from '../src/engine/redact.js';
import { SYMPTOMS } from '../src/symptoms/index.js';
import { isHeldOut, loadCorpus } from '../test/support/corpus.js';

const items = loadCorpus();
for (const id of process.argv.slice(2)) {
  const item = items.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id}`);
  if (isHeldOut(item.source)) throw new Error(`${id} is held out: not shown`);
  const text = focusText(redact(normalize(item.text).text).text);
  const events = readEvents(text);
  const ranked = rankSymptoms(SYMPTOMS, flatten(text), findEvidence(text, SYMPTOMS), events).slice(0, 3);
  process.stdout.write(`== ${id} (want ${item.label})\n`);
  for (const e of events)
    process.stdout.write(
      `  event ${e.outcome} ${e.role} ${e.vantage} ${JSON.stringify(e.dest)} | ${e.line.slice(0, 120)}\n`,
    );
  for (const r of ranked)
    process.stdout.write(
      `  ${r.symptom.id} ${r.confidence} ${r.matched.map((m) => `${m.id}:${m.weight}`).join(', ')}\n`,
    );
}
