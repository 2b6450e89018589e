/**
 * The small HTTP server of every bot and worker process (AKSDIAG_HEALTH_PORT, default 8080):
 *
 * - `GET /healthz`: 200 while the process answers at all (liveness: restart it when this fails);
 * - `GET /readyz`: 200 when Redis answers PING, 503 with the reason when not (readiness: without
 *   Redis the bot cannot remember threads and a worker cannot take jobs);
 * - `GET /metrics`: Prometheus text format;
 * - `/queues`: the read-only queue dashboard, when AKSDIAG_QUEUE_DASHBOARD=on (dashboard.ts).
 *
 * It carries no credentials and changes nothing, but the dashboard shows job payloads (cluster
 * names, node names): keep the port inside the cluster network, never on a public load balancer.
 */
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AksdiagError } from '../errors.js';
import type { Metrics } from './metrics.js';

/** Paths the probes in deploy/ point at; tests hold the manifests to these. */
export const HEALTH_PATHS = {
  live: '/healthz',
  ready: '/readyz',
  metrics: '/metrics',
  queues: '/queues',
} as const;

export interface Readiness {
  ok: boolean;
  /** Per dependency: `ok` or why not. */
  checks: Record<string, string>;
}

export interface HealthServerOptions {
  port: number;
  /** Default all interfaces (a container's probes come from the node). */
  host?: string;
  metrics: Metrics;
  ready: () => Promise<Readiness>;
  /** Runs before each scrape (queue depth is read from Redis then). */
  beforeScrape?: () => Promise<void>;
  /** Adds routes (the dashboard). */
  mount?: (app: Hono) => void;
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export function healthApp(options: HealthServerOptions): Hono {
  const app = new Hono();
  app.get(HEALTH_PATHS.live, (c) => c.json({ status: 'ok' }));
  app.get(HEALTH_PATHS.ready, async (c) => {
    const r = await options
      .ready()
      .catch((err: unknown): Readiness => ({ ok: false, checks: { readiness: String(err) } }));
    return c.json({ status: r.ok ? 'ready' : 'not-ready', ...r.checks }, r.ok ? 200 : 503);
  });
  app.get(HEALTH_PATHS.metrics, async (c) => {
    await options.beforeScrape?.().catch(() => undefined);
    const { contentType, body } = await options.metrics.render();
    return c.body(body, 200, { 'content-type': contentType });
  });
  options.mount?.(app);
  return app;
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createAdaptorServer({ fetch: healthApp(options).fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        new AksdiagError(
          'config-invalid',
          `The health server cannot listen on port ${options.port}: ${err.code ?? err.message}.`,
          'Set AKSDIAG_HEALTH_PORT to a free port (0 picks one).',
          { cause: err },
        ),
      );
    };
    server.once('error', onError);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', onError);
      resolve();
    });
  });
  // Probes use short connections; do not let an idle keep-alive hold a shutdown.
  server.keepAliveTimeout = 2000;
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
