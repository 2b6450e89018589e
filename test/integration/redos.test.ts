/**
 * Every regular expression the matcher, redactor and interpreters run is checked with recheck
 * for catastrophic backtracking: regex literals found in src/ by the TypeScript parser, plus
 * the patterns built at run time (symptom signals and penalties, facts).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as recheck from 'recheck';
// @ts-expect-error recheck's bundle has no types of its own; only __mock__ is read from it
import * as recheckMain from 'recheck/lib/main.js';
import ts from 'typescript';
import { EVENT_REGEXES } from '../../src/engine/events/index.js';
import { FOCUS_REGEXES } from '../../src/engine/focus.js';
import { FACT_REGEXES } from '../../src/engine/match.js';
import { buildSignalIndex } from '../../src/engine/signal-prefilter.js';
import { SYMPTOMS } from '../../src/symptoms/index.js';
import { REPO_ROOT } from '../support/paths.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

function literalRegexes(file: string): { where: string; re: RegExp }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { where: string; re: RegExp }[] = [];
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = node.getText(source);
      const slash = text.lastIndexOf('/');
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push({
        where: `${file.slice(REPO_ROOT.length + 1)}:${line}`,
        re: new RegExp(text.slice(1, slash), text.slice(slash + 1)),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const patterns = [
  ...sourceFiles(join(REPO_ROOT, 'src')).flatMap(literalRegexes),
  ...SYMPTOMS.flatMap((s) => [
    ...s.signals.map((g) => ({ where: `${s.id} signal ${g.id}`, re: g.pattern })),
    ...(s.penalties ?? []).map((p) => ({ where: `${s.id} penalty ${p.id}`, re: p.pattern })),
  ]),
  ...FACT_REGEXES.map((re, i) => ({ where: `fact ${i}`, re })),
  ...EVENT_REGEXES.map((re, i) => ({ where: `event pattern ${i}`, re })),
  ...FOCUS_REGEXES.map((re, i) => ({ where: `focus pattern ${i}`, re })),
  ...[buildSignalIndex(SYMPTOMS.flatMap((s) => s.signals.map((g) => g.pattern))).scan]
    .filter((re): re is RegExp => re !== null)
    .map((re) => ({ where: 'signal prefilter', re })),
];

interface Killable {
  kill(): void;
}
/**
 * recheck's long-lived agent process (or worker pool), from the module instance `recheck`
 * itself loaded: stopped after the last check so Jest can exit, pass or fail.
 */
const backends = (recheckMain as { __mock__: { agent?: Killable | null; pool?: Killable | null } }).__mock__;
afterAll(() => {
  backends.agent?.kill();
  backends.pool?.kill();
});

describe('regular expressions', () => {
  it('are found in the source', () => {
    expect(patterns.length).toBeGreaterThan(100);
  });

  it('have no catastrophic backtracking (recheck)', async () => {
    const unsafe: string[] = [];
    for (const { where, re } of patterns) {
      const result = await recheck.check(re.source, re.flags.replace(/[gy]/g, ''), { timeout: 20_000 });
      if (result.status !== 'safe') {
        const detail = result.status === 'vulnerable' ? result.complexity.summary : result.status;
        unsafe.push(`${where}: /${re.source}/ is ${detail}`);
      }
    }
    expect(unsafe).toEqual([]);
  }, 600_000);
});
