/**
 * The alert receiver: its own small HTTP listener (AKSDIAG_ALERTS_PORT), started by the bot in
 * HTTP mode and in Socket Mode alike. Not the health server: that one shows queue payloads and
 * stays inside the cluster network, while an action group calls from Azure's public addresses.
 *
 * - `POST /alerts/alertmanager`: Alertmanager's webhook (version 4);
 * - `POST /alerts/azure-monitor`: an action group's webhook in the common alert schema.
 *
 * Each request: credentials checked first (401, no detail, for anything else), the body bounded
 * (413), parsed (400 and one log line when it is not JSON of that shape), each alert group routed,
 * then answered 202 at once: the posting and the checks happen after the answer, so Alertmanager's
 * and Azure's timeouts (10 s for an action group's first try) are never reached.
 */
import { createAdaptorServer } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { AksdiagError } from '../errors.js';
import type { BotLog } from '../slack/context.js';
import { alertmanagerSchema, fromAlertmanager } from './alertmanager.js';
import { authorised } from './auth.js';
import { azureMonitorSchema, fromAzureMonitor } from './azure-monitor.js';
import { routeOf } from './cluster.js';
import type { AlertGroup, AlertSource } from './model.js';
import { type AlertSettings, patternText } from './settings.js';

export const ALERT_PATHS: Record<AlertSource, string> = {
  alertmanager: '/alerts/alertmanager',
  'azure-monitor': '/alerts/azure-monitor',
};

/** Takes a routed alert group; must not wait for Slack (the sender is still waiting for its answer). */
export type AlertSink = (g: AlertGroup, channel: string) => void;

/** A body read into alert groups, or why it is not that sender's format. */
type Read = { groups: AlertGroup[] } | { problem: string };

const problemOf = (e: z.ZodError) =>
  `${e.issues[0]?.path.join('.') ?? ''}: ${e.issues[0]?.message ?? 'bad shape'}`.slice(0, 200);

const READERS: Record<AlertSource, (json: unknown, s: AlertSettings) => Read> = {
  alertmanager: (json, s) => {
    const p = alertmanagerSchema.safeParse(json);
    return p.success ? { groups: fromAlertmanager(p.data, s) } : { problem: problemOf(p.error) };
  },
  'azure-monitor': (json, s) => {
    const p = azureMonitorSchema.safeParse(json);
    return p.success ? { groups: [fromAzureMonitor(p.data, s)] } : { problem: problemOf(p.error) };
  },
};

export function alertApp(settings: AlertSettings, sink: AlertSink, log: BotLog): Hono {
  const app = new Hono();
  const remote = (c: Context) =>
    (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
      ?.remoteAddress ?? null;
  for (const source of Object.keys(ALERT_PATHS) as AlertSource[]) {
    app.post(
      ALERT_PATHS[source],
      async (c, next) => {
        const presented = {
          authorization: c.req.header('authorization'),
          queryToken: source === 'azure-monitor' ? c.req.query('token') : undefined,
        };
        if (authorised(presented, settings)) return next();
        log('alert-refused', { source, from: remote(c) });
        return c.body(null, 401);
      },
      bodyLimit({
        maxSize: settings.maxBytes,
        onError: (c) => {
          log('alert-too-large', { source, limit: settings.maxBytes, from: remote(c) });
          return c.text(`payload larger than ${settings.maxBytes} bytes`, 413);
        },
      }),
      async (c) => {
        const malformed = (problem: string) => {
          log('alert-malformed', { source, problem, from: remote(c) });
          return c.text(`malformed ${source} payload: ${problem}`, 400);
        };
        let json: unknown;
        try {
          json = JSON.parse(await c.req.text());
        } catch {
          return malformed('not JSON');
        }
        const read = READERS[source](json, settings);
        if ('problem' in read) return malformed(read.problem);
        let accepted = 0;
        let unroutable = 0;
        for (const g of read.groups) {
          const route = routeOf(g.cluster, settings);
          if (route) {
            accepted++;
            sink(g, route.channel);
            continue;
          }
          unroutable++;
          log('alert-unroutable', {
            source,
            alert: g.title,
            status: g.status,
            cluster: g.cluster?.query ?? null,
            clusterFrom: g.cluster?.from ?? null,
            labelsRead: settings.clusterLabels,
            routes: settings.routes.map((r) => patternText(r.cluster)),
            hint: g.cluster
              ? 'Map this cluster in AKSDIAG_ALERTS_ROUTES, or set AKSDIAG_ALERTS_CHANNEL for alerts of any cluster.'
              : 'The alert names no cluster: give it one of the labels in AKSDIAG_ALERTS_CLUSTER_LABELS, or set AKSDIAG_ALERTS_CHANNEL.',
          });
        }
        return c.json({ accepted, unroutable }, 202);
      },
    );
  }
  return app;
}

export interface AlertListener {
  readonly port: number;
  close(): Promise<void>;
}

export async function listen(app: Hono, port: number): Promise<AlertListener> {
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(
        new AksdiagError(
          'config-invalid',
          `The alert receiver cannot listen on port ${port}: ${err.code ?? err.message}.`,
          'Set AKSDIAG_ALERTS_PORT to a free port (0 picks one).',
          { cause: err },
        ),
      );
    server.once('error', onError);
    server.listen(port, '0.0.0.0', () => {
      server.off('error', onError);
      resolve();
    });
  });
  // A slow sender cannot hold a connection open: a whole request within 30 s (bodies are small).
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5000;
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
