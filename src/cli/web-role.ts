import type { Express, RequestHandler } from 'express';
import type { TrackerState } from '../commands/ports.js';
import type { Runtime } from '../../workers/runtime.js';
import type { RoleContext, Stop } from './role-context.js';

/** /healthz fails only while the redis-server this process owns is down: a shared Redis (REDIS_URL) is /readyz's business. */
export const livenessOf = (rt: Runtime) => (): string | undefined =>
  rt.embedded?.owned && !rt.embedded.isUp() ? 'the embedded redis-server this process runs is down (being restarted)' : undefined;

/**
 * The web role's HTTP: Slack's endpoint, the JSON API and feed, the status page on HTTP_PORT; the operations
 * endpoints (/readyz, /metrics, /admin/queues) on OPS_PORT (OPS_HOST, the loopback by default) when it is set, else
 * on HTTP_PORT with the rest. Both answer /healthz. Returns the stops, servers first.
 */
export async function startWeb({ rt, config, logger, sources }: RoleContext, state: TrackerState, receiver?: { router: RequestHandler }): Promise<Stop[]> {
  const ops = await (await import('../http/ops.js')).createOps({ ...rt, sources, logger, config });
  const { mountApi } = await import('../web/api.js');
  const { mountStatusPage } = await import('../web/site.js');
  const { startHttpServer } = await import('../http/server.js');
  const apart = config.OPS_PORT !== undefined;
  // Mounted in this order; the status page last (it answers /).
  const mounts: Array<(app: Express) => void> = [];
  if (receiver) mounts.push((app) => app.use(receiver.router));
  if (!apart) mounts.push(ops.mount);
  mounts.push((app) => mountApi(app, { state, changeLog: rt.changeLog, clock: rt.clock, timeZone: config.TZ_REFERENCE, defaultLang: config.DEFAULT_LANG, reminderWindows: config.REMINDER_WINDOWS, logger, ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}) }));
  // E-mail's unsubscribe links (they need the key their tokens are made with; the worker roles share it).
  let unsubscribeQueue: { close(): Promise<void> } | undefined;
  if (config.MAIL_UNSUBSCRIBE_SECRET) {
    const { mountUnsubscribe } = await import('../platforms/email/unsubscribe-route.js');
    const { Queue } = await import('bullmq');
    const { notifyQueueName } = await import('../queues/names.js');
    const drains = new Queue(notifyQueueName('email'), { connection: rt.redis, prefix: config.REDIS_PREFIX });
    unsubscribeQueue = drains;
    const secret = config.MAIL_UNSUBSCRIBE_SECRET;
    mounts.push((app) => mountUnsubscribe(app, { secret, redis: rt.redis, keys: rt.keys, logger, drains }));
  }
  mounts.push((app) => mountStatusPage(app, { state, changeLog: rt.changeLog, clock: rt.clock, timeZone: config.TZ_REFERENCE, defaultLang: config.DEFAULT_LANG, logger }));
  const liveness = livenessOf(rt);
  const stops: Stop[] = [];
  try {
    const site = await startHttpServer({ port: config.HTTP_PORT, host: config.HTTP_HOST, logger, liveness, mount: (app) => mounts.forEach((m) => m(app)) });
    stops.push(site.close);
    if (apart) {
      const opsServer = await startHttpServer({ port: config.OPS_PORT!, host: config.OPS_HOST, portVariable: 'OPS_PORT', name: 'operations', logger, liveness, mount: ops.mount });
      stops.push(opsServer.close);
    }
  } catch (err) {
    for (const stop of stops) await stop();
    await ops.close();
    await unsubscribeQueue?.close();
    throw err;
  }
  return [...stops, ops.close, async () => void (await unsubscribeQueue?.close())];
}
