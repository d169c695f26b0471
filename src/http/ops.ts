import { Queue } from 'bullmq';
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { ALL_QUEUES, QUEUES } from '../queues/names.js';
import type { SourceConfig } from '../sources/schema.js';
import type { Keys } from '../store/keys.js';
import { createMetricsStore } from '../store/metrics-store.js';
import type { SourceStore } from '../store/source-store.js';
import { createMetricsEndpoint } from './metrics.js';
import { readiness } from './readyz.js';

export interface OpsDeps {
  redis: Redis;
  keys: Keys;
  store: SourceStore;
  sources: () => readonly SourceConfig[];
  clock: () => Date;
  logger: Logger;
  config: { REDIS_PREFIX: string; FAILING_AFTER: number; ADMIN_USER?: string | undefined; ADMIN_PASSWORD?: string | undefined };
}

export interface Ops {
  /** Mounts /readyz, /metrics and (with credentials) /admin/queues on the process's one server. */
  mount(app: Express): void;
  close(): Promise<void>;
}

/**
 * The operations endpoints of the web role. `/healthz` (in server.ts) says the process is up; `/readyz` says it
 * can do its work (Redis answers, the poll schedules exist); `/metrics` is the cluster's view for Prometheus;
 * `/admin/queues` the queue dashboard. Opens one BullMQ Queue handle per queue (on the shared connection).
 */
export async function createOps(deps: OpsDeps): Promise<Ops> {
  const queues = ALL_QUEUES.map((name) => new Queue(name, { connection: deps.redis, prefix: deps.config.REDIS_PREFIX }));
  for (const q of queues) q.on('error', (err) => deps.logger.debug({ err: err.message, queue: q.name }, 'ops queue: redis error'));
  const pollQueue = queues.find((q) => q.name === QUEUES.poll)!;
  const { ADMIN_USER: user, ADMIN_PASSWORD: password } = deps.config;
  // The dashboard's code loads only when it is switched on.
  const dashboard = user && password ? await import('./admin.js') : undefined;
  const common = { redis: deps.redis, store: deps.store, sources: deps.sources, clock: deps.clock, failingAfter: deps.config.FAILING_AFTER };
  const metrics = createMetricsEndpoint({
    ...common,
    metrics: createMetricsStore(deps.redis, deps.keys),
    queues,
    onError: (err) => deps.logger.debug({ err: err.message }, 'metrics: redis read failed'),
  });
  return {
    mount(app) {
      app.get('/readyz', async (_req, res) => {
        const r = await readiness({ ...common, pollQueue, writeProbe: () => deps.redis.set(deps.keys.probe('readyz'), new Date().toISOString(), 'PX', 60_000) });
        res.status(r.status === 'ready' ? 200 : 503).json(r);
      });
      app.get('/metrics', async (_req, res) => {
        const text = await metrics.render();
        res.set('Content-Type', metrics.registry.contentType).send(text);
      });
      if (dashboard && user && password) dashboard.mountQueueDashboard(app, queues, { user, password });
    },
    async close() {
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}
