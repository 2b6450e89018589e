/**
 * Prints the matcher's figures on the corpus, and the tuning part's misses (never the
 * held-out part's: looking at those would make them tuning items).
 *   node --experimental-transform-types --import ./test/support/ts-hooks.mjs scripts/corpus-report.ts [--misses]
 */
import { corpusTable, loadCorpus, runCorpus } from '../test/support/corpus.js';

const outcomes = runCorpus(loadCorpus());
process.stdout.write(`${corpusTable(outcomes)}\n`);
if (process.argv.includes('--misses')) {
  for (const o of outcomes.filter((x) => !x.heldOut && x.got !== x.item.label)) {
    process.stdout.write(
      `\n--- ${o.item.id} [${o.item.file}] want ${o.item.label}, got ${o.got} (${o.confidence})\n${o.item.text.slice(0, 600)}\n`,
    );
  }
}
