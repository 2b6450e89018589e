/**
 * The lab-* interpreter fixtures cannot drift from what the lab really prints: every capture in
 * LAB_CAPTURES (src/lab/capture.ts) is run again on a live lab, and the check must reach the same verdict
 * on the fresh output as on the stored file, resting on the same kind of line, from the same command with
 * the same exit status. Timings in the output differ run to run, so bytes are not compared.
 * When this fails after a change to a check or to the lab, re-run scripts/fixtures/capture-lab.sh.
 *
 * Needs root and the lab's tools: it fails, never skips, without them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { captureAll, judgeCapture, LAB_CAPTURES, type Captured } from '../../src/lab/capture.js';
import { listFixtures, loadFixture } from '../support/fixtures.js';
import { labForTests } from '../lab/support.js';

/** An evidence line with its durations blanked: `after 5001 ms` and `after 5003 ms` are the same finding. */
const shape = (evidence: string | null) =>
  evidence?.replace(/\b\d+(?:\.\d+)? ?(?:ms|milliseconds|seconds)\b/g, '<time>') ?? null;

const key = (kind: string, name: string) => `${kind}/${name}`;

let stop: () => Promise<void> = async () => {};
const live = new Map<string, Captured>();

beforeAll(async () => {
  const started = await labForTests();
  stop = started.stop;
  // One lab for the file; captures that share faults share one inject/clear and run side by side.
  for (const c of await captureAll(started.lab)) live.set(key(c.capture.kind, c.capture.name), c);
}, 600_000);
afterAll(() => stop(), 60_000);

describe('lab fixtures: the stored files say what the lab says', () => {
  it('every lab-* fixture on disk is a capture in the list, and every capture has its fixture', () => {
    const kinds = [...new Set(LAB_CAPTURES.map((c) => c.kind))];
    const onDisk = kinds.flatMap((k) =>
      listFixtures(k)
        .filter((n) => n.startsWith('lab-'))
        .map((n) => key(k, n)),
    );
    expect(onDisk.sort()).toEqual(LAB_CAPTURES.map((c) => key(c.kind, c.name)).sort());
  });

  it.each(LAB_CAPTURES.map((c) => [key(c.kind, c.name), c] as const))('%s', (name, c) => {
    const fresh = live.get(name);
    if (!fresh) throw new Error(`${name} was not captured`);
    const stored = loadFixture(c.kind, c.name);
    const before = judgeCapture(c, stored.text, fresh.params);
    const now = judgeCapture(c, fresh.text, fresh.params);
    // The fixture sits in the folder of the interpreter that judged it.
    expect(now.kind).toBe(c.kind);
    expect({
      command: fresh.command,
      exitCode: fresh.exitCode,
      verdict: now.verdict,
      evidence: shape(now.evidence),
    }).toEqual({
      command: stored.meta.command,
      exitCode: stored.meta.exitCode,
      verdict: before.verdict,
      evidence: shape(before.evidence),
    });
    // A fixture that no longer decides anything would pass the comparison above and prove nothing.
    expect(now.verdict).not.toBe('unknown');
  });
});
