/**
 * The Dockerfile, checked without a Docker engine: parsed with dockerfile-ast and linted with
 * dockerfile-utils (the validator behind the Docker language server), then held to what the
 * image must be: two stages on the official Node 24 image, production dependencies only in the
 * final one, the compiled program and nothing else copied over, a numeric non-root user, a
 * health check that exists, and one image whose command picks bot or worker.
 * image-commands.test.ts runs the final stage's commands for real.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction, type JSONInstruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { REPO_ROOT } from '../support/paths.js';

const text = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const stages = dockerfile.getFROMs();
const all = dockerfile.getInstructions();
/** Instructions of the stage that starts at FROM number `n`. */
const stage = (n: number): Instruction[] => {
  const start = all.indexOf(stages[n]!);
  const end = n + 1 < stages.length ? all.indexOf(stages[n + 1]!) : all.length;
  return all.slice(start + 1, end);
};
const args = (i: Instruction): string[] => i.getArguments().map((a) => a.getValue());
const json = (i: Instruction): string[] =>
  (i as JSONInstruction).getJSONStrings().map((s) => s.getJSONValue());
const runs = (n: number): string[] =>
  stage(n)
    .filter((i) => i.getKeyword() === 'RUN')
    .map((i) => args(i).join(' '));
const final = stage(stages.length - 1);
const one = (keyword: string): Instruction => {
  const found = final.filter((i) => i.getKeyword() === keyword);
  expect([keyword, found.length]).toEqual([keyword, 1]);
  return found[0]!;
};

describe('Dockerfile', () => {
  it('passes the linter, which does find problems in a broken one', () => {
    expect(validate(text)).toEqual([]);
    expect(validate('FROM node:24-bookworm-slim\nEXPOSE http\nCMD ["a" "b"]\n').length).toBeGreaterThan(0);
  });

  it('builds in one stage and runs from another, both on the official Node 24 image', () => {
    expect(stages.map((f) => [f.getImageName(), f.getBuildStage()])).toEqual([
      ['node', 'build'],
      ['node', 'runtime'],
    ]);
    for (const f of stages) expect(f.getImageTag()).toMatch(/^24(\.\d+){0,2}-(bookworm|trixie)-slim$/);
    // The same Node 24 that a clone runs on: the `node` package npm ci installs for the project.
    const pinned = (
      JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
        devDependencies: Record<string, string>;
      }
    ).devDependencies['node'];
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
  });

  it('installs from the lockfile and compiles in the build stage', () => {
    expect(runs(0)).toEqual(['npm ci --ignore-scripts --no-audit --no-fund', 'npm run build']);
    for (const copy of stage(0).filter((i) => i.getKeyword() === 'COPY')) {
      for (const source of args(copy).slice(0, -1))
        expect([source, existsSync(join(REPO_ROOT, source))]).toEqual([source, true]);
    }
  });

  it('has production dependencies only in the final stage, and only the compiled program copied in', () => {
    expect(runs(1)).toHaveLength(1);
    expect(runs(1)[0]).toMatch(/^npm ci --omit=dev --ignore-scripts\b/);
    const fromBuild = final
      .filter((i) => i.getKeyword() === 'COPY' && /--from=build/.test(i.getTextContent()))
      .map((i) => args(i).slice(-2));
    expect(fromBuild).toEqual([
      ['/app/dist/src', './dist/src'],
      ['/app/dist/workers', './dist/workers'],
    ]);
    // The same set the package publishes.
    const files = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] })
      .files;
    expect(files).toEqual(['dist/src', 'dist/workers']);
  });

  it('runs as a numeric non-root user, set before the command', () => {
    const user = one('USER');
    const [uid] = args(user)[0]!.split(':');
    expect(Number(uid)).toBeGreaterThan(0);
    expect(final.indexOf(user)).toBeLessThan(final.indexOf(one('ENTRYPOINT')));
  });

  it('is one image for bot and worker: the entry point is the aksdiag CLI, the command picks', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      bin: { aksdiag: string };
    };
    const entry = json(one('ENTRYPOINT'));
    // node, its flags (tuning only: each one node takes), then the CLI.
    expect(entry[0]).toBe('node');
    expect(entry.at(-1)).toBe(pkg.bin.aksdiag);
    for (const flag of entry.slice(1, -1)) expect(flag).toMatch(/^--[a-z-]+=\d+$/);
    expect(json(one('CMD'))).toEqual(['bot']);
  });

  it('checks its health with a script that the build produces, on the health port it exposes', () => {
    const hc = one('HEALTHCHECK').getTextContent();
    const cmd = /CMD\s+(\[.*\])/s.exec(hc)?.[1]?.replace(/\\\n/g, '');
    expect(JSON.parse(cmd!)).toEqual(['node', 'dist/src/observability/healthcheck.js']);
    expect(existsSync(join(REPO_ROOT, 'src/observability/healthcheck.ts'))).toBe(true);
    expect(args(one('ENV'))).toContain('AKSDIAG_HEALTH_PORT=8080');
    expect(args(one('EXPOSE'))).toEqual(['8080', '3000']);
  });

  it('bakes in no secret', () => {
    for (const i of all.filter((x) => x.getKeyword() === 'ENV' || x.getKeyword() === 'ARG')) {
      expect(i.getTextContent()).not.toMatch(/TOKEN|SECRET|PASSWORD|xox[bap]-/i);
    }
  });
});

describe('.dockerignore', () => {
  const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('keeps secrets, local installs and builds out of the build context', () => {
    for (const entry of ['.env', '.git', 'node_modules', 'dist', '.tools']) expect(ignored).toContain(entry);
  });

  it('does not exclude anything the Dockerfile copies', () => {
    const copied = all
      .filter((i) => i.getKeyword() === 'COPY' && !/--from=/.test(i.getTextContent()))
      .flatMap((i) => args(i).slice(0, -1));
    for (const source of copied) {
      const top = source.split('/')[0]!;
      expect([source, ignored.includes(top) || ignored.includes(source)]).toEqual([source, false]);
    }
  });
});
