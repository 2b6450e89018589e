/**
 * The optional queue dashboard (bull-board) at /queues on the health port, turned on with
 * AKSDIAG_QUEUE_DASHBOARD=on. Read-only: nobody retries, promotes or deletes a job from it (a
 * second run-command on a VM is what the scheduling rules exist to prevent). Job payloads hold
 * cluster and node names and redacted pastes: keep the port private (kubectl port-forward).
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Queue } from 'bullmq';
import type { Hono } from 'hono';
import type { Redis } from 'ioredis';
import type { QueueSettings } from '../config.js';
import { QUEUES } from '../queue/keys.js';
import { HEALTH_PATHS } from './health-server.js';

export interface Dashboard {
  mount(app: Hono): void;
  close(): Promise<void>;
}

export function queueDashboard(redis: Redis, settings: Pick<QueueSettings, 'prefix'>): Dashboard {
  const queues = Object.values(QUEUES).map(
    (name) => new Queue(name, { connection: redis, prefix: settings.prefix }),
  );
  for (const q of queues) q.on('error', () => undefined);
  const adapter = new HonoAdapter(serveStatic);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'aksdiag queues' } },
  });
  adapter.setBasePath(HEALTH_PATHS.queues);
  return {
    mount(app) {
      app.route(HEALTH_PATHS.queues, adapter.registerPlugin());
    },
    async close() {
      await Promise.allSettled(queues.map((q) => q.close()));
    },
  };
}
