/**
 * What the image runs, run here without Docker: the final stage rebuilt in a temp dir from the
 * Dockerfile's own lines (its `npm ci --omit=dev ...` on the lockfile, then only the folders it
 * copies from the build stage, compiled from this checkout), and its ENTRYPOINT, CMD and
 * HEALTHCHECK started as the image's user (uid 1000) with nothing but the settings given.
 *
 * - `bot` and `worker` with missing or wrong settings: one line naming the setting, exit 2;
 * - `worker` and `bot` against a real redis-server (and the Slack emulator): /healthz and
 *   /readyz answer, the HEALTHCHECK passes, SIGTERM ends them with exit 0.
 *
 * Needs the npm registry (or npm's cache) for the install, as `docker build` would.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  DockerfileParser,
  type Instruction,
  type JSONInstruction,
  type PropertyInstruction,
} from 'dockerfile-ast';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/index.js';
import { REPO_ROOT } from '../support/paths.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

const dockerfile = DockerfileParser.parse(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const runtime = dockerfile
  .getInstructions()
  .slice(dockerfile.getInstructions().indexOf(dockerfile.getFROMs().at(-1)!));
const of = (keyword: string): Instruction[] => runtime.filter((i) => i.getKeyword() === keyword);
const json = (i: Instruction): string[] =>
  (i as JSONInstruction).getJSONStrings().map((s) => s.getJSONValue());
const ENTRYPOINT = json(of('ENTRYPOINT')[0]!);
const HEALTHCHECK = JSON.parse(
  /CMD\s+(\[.*\])/s.exec(of('HEALTHCHECK')[0]!.getTextContent())![1]!,
) as string[];
/** The image's ENV: what every process in it sees. */
const IMAGE_ENV = Object.fromEntries(
  of('ENV').flatMap((i) =>
    (i as PropertyInstruction).getProperties().map((p) => [p.getName(), p.getValue() ?? ''] as const),
  ),
);
const NODE = process.execPath;
/**
 * The node the image's user runs: a copy inside the install dir, since this machine's node may sit in
 * a directory that user cannot enter (a clone under a root-only temp dir, as in CI).
 */
let imageNode = NODE;
const SUBSCRIPTION = '00000000-0000-0000-0000-00000000a11c';

let app: string;
let redis: TestRedis;
let slack: SlackEmulator;
const children: ChildProcess[] = [];

/** The image's user: files are root's and only readable, as in the image. */
const asImageUser = process.getuid?.() === 0 ? { uid: 1000, gid: 1000 } : {};

function env(settings: Record<string, string>): NodeJS.ProcessEnv {
  // Only the settings given: nothing of this machine's environment leaks into the run.
  return { PATH: `${dirname(NODE)}:/usr/bin:/bin`, HOME: '/tmp', ...IMAGE_ENV, ...settings };
}

/** Runs `argv` (node replaced by this node) in the image dir to the end. */
function runToEnd(
  argv: string[],
  settings: Record<string, string>,
): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0] === 'node' ? imageNode : argv[0]!, argv.slice(1), {
      cwd: app,
      env: env(settings),
      ...asImageUser,
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, err }));
  });
}

interface Running {
  child: ChildProcess;
  port: number;
  lines: () => Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** Starts `argv` and resolves once it logged where its health server listens. */
function start(argv: string[], settings: Record<string, string>): Promise<Running> {
  const child = spawn(imageNode, argv.slice(1), { cwd: app, env: env(settings), ...asImageUser });
  children.push(child);
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = () =>
    err
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const up = lines().find((l) => l['event'] === 'health-server');
      if (up) resolve({ child, port: up['port'] as number, lines, exited });
    });
    void exited.then((code) =>
      reject(new Error(`${argv.join(' ')} exited (${code}) before serving:\n${err}`)),
    );
  });
}

async function probe(port: number, path: string): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}${path}`)).status;
}

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'aksdiag-image-'));
  chmodSync(app, 0o755);
  imageNode = join(app, 'node');
  cpSync(NODE, imageNode);
  chmodSync(imageNode, 0o755);
  for (const f of ['package.json', 'package-lock.json']) cpSync(join(REPO_ROOT, f), join(app, f));
  // The final stage's RUN, word for word (npm's cache makes it quick when the registry was used before).
  const install = of('RUN').map((i) =>
    i
      .getArguments()
      .map((a) => a.getValue())
      .join(' '),
  );
  expect(install).toHaveLength(1);
  execFileSync('sh', ['-c', install[0]!], {
    cwd: app,
    env: {
      ...process.env,
      PATH: `${dirname(NODE)}:${process.env['PATH']}`,
      npm_config_prefer_offline: 'true',
    },
    stdio: 'ignore',
  });
  // The build stage's `npm run build`, into a dir of its own; then only what the image copies.
  const build = join(app, '.build');
  execFileSync(
    NODE,
    [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', build],
    {
      cwd: REPO_ROOT,
    },
  );
  for (const copy of of('COPY').filter((i) => /--from=build/.test(i.getTextContent()))) {
    const [from, to] = copy
      .getArguments()
      .slice(-2)
      .map((a) => a.getValue());
    cpSync(join(build, from!.replace(/^\/app\/dist\//, '')), join(app, to!), { recursive: true });
  }
  rmSync(build, { recursive: true, force: true });
  redis = await startTestRedis();
  slack = await startSlackEmulator();
}, 300_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await Promise.allSettled([redis?.cleanup(), slack?.stop()]);
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('the image, its commands run from a clean production install', () => {
  it('has no dev dependency installed that nothing in production needs', () => {
    const dev = Object.keys(
      (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: object })
        .devDependencies,
    );
    // A dev dependency may also be a production package's own dependency (ws, under client-node and
    // Socket Mode) or peer (typescript, under valibot): then it is there for production's sake.
    const modules = join(app, 'node_modules');
    const packages = readdirSync(modules).flatMap((name) =>
      name.startsWith('@') ? readdirSync(join(modules, name)).map((sub) => `${name}/${sub}`) : [name],
    );
    const needed = new Set<string>();
    for (const name of packages) {
      let manifest: { dependencies?: object; peerDependencies?: object };
      try {
        manifest = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as typeof manifest;
      } catch {
        continue; // .bin and other non-packages
      }
      for (const dep of [
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ])
        needed.add(dep);
    }
    expect(dev.filter((d) => packages.includes(d) && !needed.has(d))).toEqual([]);
  });

  it('bot without a Slack token: one line naming it, exit 2', async () => {
    const r = await runToEnd([...ENTRYPOINT, 'bot'], {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^aksdiag: SLACK_BOT_TOKEN is not set, so the bot cannot talk to Slack\. .*\n$/);
  });

  it('worker without a subscription: one line naming it, exit 2', async () => {
    const r = await runToEnd([...ENTRYPOINT, 'worker'], { REDIS_URL: redis.url });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^aksdiag: No Azure subscription is configured.*AKSDIAG_SUBSCRIPTIONS.*\n$/);
  });

  it('a wrong setting: named, with where to fix it, exit 2', async () => {
    const r = await runToEnd([...ENTRYPOINT, 'worker'], { AKSDIAG_HEALTH_PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^aksdiag: Setting AKSDIAG_HEALTH_PORT is invalid: .*\.env\.example/);
  });

  it('worker: healthy and ready on Redis, passes the HEALTHCHECK, drains and exits 0 on SIGTERM', async () => {
    const w = await start([...ENTRYPOINT, 'worker'], {
      AKSDIAG_SUBSCRIPTIONS: SUBSCRIPTION,
      REDIS_URL: redis.url,
      AKSDIAG_HEALTH_PORT: '0',
      AZURE_TENANT_ID: '00000000-0000-0000-0000-000000000001',
      AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000002',
      AZURE_CLIENT_SECRET: 'not-used-no-check-runs',
    });
    expect(await probe(w.port, '/healthz')).toBe(200);
    expect(await probe(w.port, '/readyz')).toBe(200);
    expect(await probe(w.port, '/metrics')).toBe(200);
    expect((await runToEnd(HEALTHCHECK, { AKSDIAG_HEALTH_PORT: String(w.port) })).code).toBe(0);
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    const msgs = w.lines().map((l) => l['msg']);
    expect(msgs.some((m) => /started \(checks concurrency 32/.test(String(m)))).toBe(true);
    expect(msgs.some((m) => /drained, exiting/.test(String(m)))).toBe(true);
    expect(w.lines().every((l) => l['role'] === 'worker')).toBe(true);
  });

  it('bot (HTTP mode): connects to Slack, healthy and ready, exits 0 on SIGTERM', async () => {
    const b = await start([...ENTRYPOINT, 'bot'], {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: 'slack-signing-secret-for-tests',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      REDIS_URL: redis.url,
      AKSDIAG_HEALTH_PORT: '0',
    });
    expect(await probe(b.port, '/healthz')).toBe(200);
    expect(await probe(b.port, '/readyz')).toBe(200);
    expect((await runToEnd(HEALTHCHECK, { AKSDIAG_HEALTH_PORT: String(b.port) })).code).toBe(0);
    expect(
      b.lines().some((l) => /^aksdiag bot: listening on :\d+\/slack\/events$/.test(String(l['msg']))),
    ).toBe(true);
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
  });

  it('the HEALTHCHECK fails when nothing answers', async () => {
    const r = await runToEnd(HEALTHCHECK, { AKSDIAG_HEALTH_PORT: '1' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^aksdiag healthcheck: /);
  });
});
