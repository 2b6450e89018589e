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

/**
 * Output people pasted in public threads, from platforms the lab cannot run (Windows, macOS, old busybox
 * images): `test/fixtures/public/<kind>/<name>.txt`, as it appears in the thread, with a sidecar naming where.
 */
export interface PublicSampleMeta {
  /** The public thread or file it was taken from. */
  source: string;
  /** Where the tool ran, as far as the thread says. */
  platform: string;
  tool: string;
  /** The command as typed, when the thread shows it. */
  command: string | null;
  /** Which part of the thread, and anything notable about it. */
  note: string;
}

export interface PublicSample {
  name: string;
  text: string;
  meta: PublicSampleMeta;
}

const PUBLIC = join(FIXTURES, 'public');

export function loadPublicSample(kind: string, name: string): PublicSample {
  const base = join(PUBLIC, kind, name);
  const text = readFileSync(`${base}.txt`, 'utf8');
  const meta = JSON.parse(readFileSync(`${base}.meta.json`, 'utf8')) as PublicSampleMeta;
  return { name, text, meta };
}

export function listPublicSamples(kind: string): string[] {
  return readdirSync(join(PUBLIC, kind))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -'.txt'.length))
    .sort();
}
