import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Sidecar written next to every captured fixture: how the output was produced. */
export interface FixtureMeta {
  /** The exact command line that printed the output. */
  command: string;
  /** The tool's exit status. */
  exitCode: number;
  /** Network namespace (or other setting) it ran in, and what the lab had set up there. */
  setup: string;
  /** Tool name and version as the tool reported it. */
  tool: string;
}

export interface Fixture {
  name: string;
  text: string;
  meta: FixtureMeta;
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Loads `test/fixtures/<kind>/<name>.txt` and its `<name>.meta.json` sidecar. */
export function loadFixture(kind: string, name: string): Fixture {
  const base = join(FIXTURES, kind, name);
  const text = readFileSync(`${base}.txt`, 'utf8');
  const meta = JSON.parse(readFileSync(`${base}.meta.json`, 'utf8')) as FixtureMeta;
  return { name, text, meta };
}

/** Every fixture of a kind, so a test can hold a property over all of them. */
export function listFixtures(kind: string): string[] {
  return readdirSync(join(FIXTURES, kind))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -'.txt'.length))
    .sort();
}
