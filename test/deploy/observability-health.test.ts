/**
 * The health server of `aksdiag bot` / `aksdiag worker` against a real redis-server: /healthz,
 * /readyz following Redis down and back, /metrics with every named metric, the read-only queue
 * dashboard, and the JSON logs (redacted, carrying the diagnosis id).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { type Config, loadConfig } from '../../src/config.js';
import {
  HEALTH_PATHS,
  createLogger,
  createObservability,
  type Observability,
} from '../../src/observability/index.js';
import { lineDestination } from '../../src/observability/logger.js';
import { QUEUES } from '../../src/queue/keys.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

let redis: TestRedis;
let obs: Observability;
let base: string;
const lines: string[] = [];
const prefix = `obs${process.pid}`;

const get = async (path: string) => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

/** Polls /readyz until it gives `status` (Redis reconnects on its own back-off), at most 15 s. */
async function readyzBecomes(status: number): Promise<{ status: number; text: string }> {
  let last = await get(HEALTH_PATHS.ready);
  for (let i = 0; i < 150 && last.status !== status; i++) {
    await new Promise((r) => setTimeout(r, 100));
    last = await get(HEALTH_PATHS.ready);
  }
  return last;
}

function config(extra: Record<string, string> = {}): Config {
  return loadConfig({
    REDIS_URL: redis.url,
    AKSDIAG_QUEUE_PREFIX: prefix,
    AKSDIAG_HEALTH_PORT: '0',
    AKSDIAG_QUEUE_DASHBOARD: 'on',
    ...extra,
  });
}

beforeAll(async () => {
  redis = await startTestRedis();
  obs = createObservability(config(), { role: 'worker', write: (t) => void lines.push(t) });
  base = `http://127.0.0.1:${await obs.serve()}`;
});

afterAll(async () => {
  await obs?.stop();
  await redis?.cleanup();
});

describe('health server', () => {
  it('/healthz answers while the process lives', async () => {
    expect(await get(HEALTH_PATHS.live)).toMatchObject({ status: 200, text: '{"status":"ok"}' });
  });

  it('/readyz follows Redis: ready, not ready while it is down, ready again once it is back', async () => {
    expect(await readyzBecomes(200)).toMatchObject({ status: 200 });
    expect(JSON.parse((await get(HEALTH_PATHS.ready)).text)).toEqual({ status: 'ready', redis: 'ok' });
    await redis.stop();
    const down = await get(HEALTH_PATHS.ready);
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toMatchObject({ status: 'not-ready' });
    await redis.start();
    expect((await readyzBecomes(200)).status).toBe(200);
  });

  it('/metrics exposes every named metric in the Prometheus text format', async () => {
    const m = await get(HEALTH_PATHS.metrics);
    expect(m.status).toBe(200);
    expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'aksdiag_slack_events_received_total',
      'aksdiag_diagnoses_total',
      'aksdiag_checks_total',
      'aksdiag_check_duration_seconds',
      'aksdiag_queue_jobs',
      'aksdiag_queue_job_retries_total',
      'aksdiag_queue_jobs_failed_total',
      'aksdiag_azure_requests_total',
      'aksdiag_azure_throttled_total',
      'aksdiag_azure_retries_total',
      'aksdiag_slack_api_errors_total',
      'aksdiag_process_resident_memory_bytes',
    ]) {
      expect(m.text).toContain(`# TYPE ${name} `);
    }
  });

  it('/metrics reads the queue depth from Redis at each scrape', async () => {
    const q = new Queue(QUEUES.prepare, { connection: { url: redis.url }, prefix });
    try {
      await q.add('diagnose', { v: 1 }, { jobId: 'd-depth-1' });
      await q.add('diagnose', { v: 1 }, { jobId: 'd-depth-2', delay: 60_000 });
      const text = (await get(HEALTH_PATHS.metrics)).text;
      expect(text).toContain('aksdiag_queue_jobs{queue="prepare",state="waiting"} 1');
      expect(text).toContain('aksdiag_queue_jobs{queue="prepare",state="delayed"} 1');
      expect(text).toContain('aksdiag_queue_jobs{queue="checks",state="active"} 0');
    } finally {
      await q.obliterate({ force: true });
      await q.close();
    }
  });

  it('serves the queue dashboard read-only at /queues when AKSDIAG_QUEUE_DASHBOARD=on', async () => {
    const page = await get(HEALTH_PATHS.queues);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>aksdiag queues</title>');
    const api = JSON.parse((await get(`${HEALTH_PATHS.queues}/api/queues?activeQueue=checks`)).text) as {
      queues: { name: string; readOnlyMode: boolean }[];
    };
    expect(api.queues.map((q) => q.name).sort()).toEqual(Object.values(QUEUES).sort());
    expect(api.queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('logs where the health server listens, as a JSON line', () => {
    const line = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['event'] === 'health-server');
    expect(line).toMatchObject({ level: 'info', role: 'worker', port: Number(new URL(base).port) });
  });

  it('says which port is taken when AKSDIAG_HEALTH_PORT is in use', async () => {
    const second = createObservability(config({ AKSDIAG_HEALTH_PORT: new URL(base).port }), {
      role: 'bot',
      write: () => undefined,
    });
    await expect(second.serve()).rejects.toThrow(/cannot listen on port \d+: EADDRINUSE/);
    await second.stop();
  });
});

describe('logs', () => {
  const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  const capture = () => {
    const out: string[] = [];
    const logger = createLogger({
      role: 'bot',
      level: 'info',
      destination: lineDestination((t) => void out.push(t)),
    });
    return {
      logger,
      json: () => out.map((l) => JSON.parse(l) as Record<string, unknown>),
      raw: () => out.join(''),
    };
  };

  it('never carries a bearer token: not in the message, the fields, nor an error', () => {
    const { logger, raw, json } = capture();
    logger.info(`paste: curl -H "Authorization: Bearer ${TOKEN}" https://aks.example`);
    logger.warn(
      { event: 'paste', text: `Authorization: Bearer ${TOKEN}`, nested: { list: [`bearer ${TOKEN}`] } },
      'x',
    );
    logger.error({ err: new Error(`401 with Bearer ${TOKEN}`) }, 'failed');
    logger.info(
      { token: 'xoxb-1234-5678-abcdefghijkl', headers: { authorization: 'Basic dXNlcjpwYXNz' } },
      'cfg',
    );
    expect(raw()).not.toContain(TOKEN);
    expect(raw()).not.toContain('xoxb-1234');
    expect(raw()).not.toContain('dXNlcjpwYXNz');
    expect(raw()).toContain('[REDACTED:bearer-token]');
    expect(json()).toHaveLength(4);
  });

  it('carries the diagnosis id: from a diagnosis field, or from the id in a worker line', () => {
    const { logger, json } = capture();
    logger.info({ event: 'diagnosis', diagnosis: 'f3c1', symptom: 'tunnel-10250' }, 'diagnosis');
    logger.info('aksdiag-7: job checks/d-0b5f0e4c-1f5e-4f7e-9d7c-3a1b2c3d4e5f.c2 failed: timeout');
    logger.info('aksdiag-7: started');
    const [a, b, c] = json();
    expect(a).toMatchObject({ diagnosis_id: 'f3c1', symptom: 'tunnel-10250', role: 'bot', level: 'info' });
    expect(a).not.toHaveProperty('diagnosis');
    expect(b).toMatchObject({ diagnosis_id: 'd-0b5f0e4c-1f5e-4f7e-9d7c-3a1b2c3d4e5f' });
    expect(c).not.toHaveProperty('diagnosis_id');
  });
});
