import { Queue } from 'bullmq';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import type { SourceConfig } from '../sources/schema.js';
import { createConsoleSink } from '../platforms/console/sink.js';
import { createRedis } from '../queues/connection.js';
import { QUEUES } from '../queues/names.js';
import type { MaintenanceJob, PollJob } from '../queues/payloads.js';
import { pollOverdueSources, syncMaintenance, syncSchedulers } from '../queues/scheduler.js';
import { loadSources } from '../sources/sources-file.js';
import { createChangeLog } from '../store/change-log.js';
import { startConsoleSink } from '../../workers/console.worker.js';
import { startPollWorker } from '../../workers/poll.worker.js';
import { startMaintenanceWorker } from '../../workers/maintenance.worker.js';
import { openRuntime } from '../../workers/runtime.js';
import type { CliContext } from './context.js';
import { InputError } from './errors.js';

const ROLES = ['all', 'scheduler', 'worker'] as const;
type Role = (typeof ROLES)[number];
/** A shutdown that takes longer than this is cut short (exit 1): a stuck job must not block a deploy. */
const SHUTDOWN_LIMIT_MS = 30_000;

/**
 * `start [--role all|scheduler|worker]`: runs the tracker until SIGINT or SIGTERM. The scheduler makes the
 * poll schedules match the sources file (again on SIGHUP); the worker polls; `all` also prints alerts on
 * the console. Resolves with the exit code once everything is closed.
 */
export async function startCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { role: { type: 'string', default: 'all' } } });
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new InputError(`unknown role "${values.role}" (roles: ${ROLES.join(', ')})`);
  const { logger, config } = ctx;
  let sources = new Map<string, SourceConfig>((await loadSources(config.SOURCES_FILE)).map((s) => [s.id, s]));
  const rt = await openRuntime(config, logger, () => [...sources.values()]);
  const stops: Array<() => Promise<void>> = [];
  const queue = new Queue<PollJob>(QUEUES.poll, { connection: rt.redis, prefix: config.REDIS_PREFIX });
  queue.on('error', (err) => logger.debug({ err: err.message }, 'poll queue: redis error'));
  const maintenance = new Queue<MaintenanceJob>(QUEUES.maintenance, { connection: rt.redis, prefix: config.REDIS_PREFIX });
  maintenance.on('error', (err) => logger.debug({ err: err.message }, 'maintenance queue: redis error'));
  const schedule = async (): Promise<void> => {
    await syncSchedulers(queue, [...sources.values()], logger);
    const lastAttempt = async (id: string): Promise<string | undefined> => (await rt.store.getHealth(id)).lastAttemptAt;
    const due = await pollOverdueSources(queue, [...sources.values()], lastAttempt, rt.clock());
    if (due.length > 0) logger.info({ sources: due }, 'polling now the sources never polled or overdue');
  };
  if (role === 'all' || role === 'scheduler') {
    await schedule();
    await syncMaintenance(maintenance, { time: config.REMINDER_TIME, timeZone: config.TZ_REFERENCE });
  }
  if (role === 'all' || role === 'worker') {
    const poll = startPollWorker({ ...rt, connection: rt.redis, prefix: config.REDIS_PREFIX, sources: () => sources, failingAfter: config.FAILING_AFTER, stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS });
    stops.push(poll.stop);
    const daily = startMaintenanceWorker({
      ...rt,
      connection: rt.redis,
      prefix: config.REDIS_PREFIX,
      sources: () => [...sources.values()],
      timeZone: config.TZ_REFERENCE,
      windows: config.REMINDER_WINDOWS,
    });
    stops.push(daily.stop);
  }
  if (role === 'all') {
    // Blocking stream reads get their own connection, so they never delay the store's commands.
    const sinkRedis = createRedis(rt.target);
    const sink = startConsoleSink({ log: createChangeLog(sinkRedis, rt.keys), sink: createConsoleSink(), logger, consumer: 'console' });
    stops.push(async () => {
      await sink.stop();
      sinkRedis.disconnect();
    });
  }
  logger.info({ role, sources: [...sources.keys()], pid: process.pid, host: hostname() }, 'tracker started; Ctrl-C stops it');

  const onHangup = (): void => {
    loadSources(config.SOURCES_FILE)
      .then(async (fresh) => {
        sources = new Map(fresh.map((s) => [s.id, s]));
        if (role !== 'worker') await schedule();
        logger.info({ sources: [...sources.keys()] }, 'sources file reloaded');
      })
      .catch((err: Error) => logger.error({ err: err.message }, 'sources file not reloaded; keeping the previous one'));
  };
  process.on('SIGHUP', onHangup);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'stopping: finishing active polls');
  process.off('SIGHUP', onHangup);
  const limit = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS);
  limit.unref();
  // Fetches in flight are cut short so their polls go back to the queue; then workers (they finish or
  // release their jobs), the queue, Redis and the embedded server, in that order.
  rt.fetcher.abortInFlight();
  for (const stop of stops) await stop();
  await Promise.all([queue.close(), maintenance.close()]);
  await rt.close();
  clearTimeout(limit);
  logger.info('stopped');
  return 0;
}
