import { hostname } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { parseArgs } from 'node:util';
import type { SourceConfig } from '../sources/schema.js';
import { loadSources } from '../sources/sources-file.js';
import { openRuntime } from '../../workers/runtime.js';
import type { CliContext } from './context.js';
import { InputError } from './errors.js';
import { chatConfigured, startChat, startConsole, startScheduler, startWorkers, type Stop } from './roles.js';

const ROLES = ['all', 'scheduler', 'worker', 'web', 'bot'] as const;
type Role = (typeof ROLES)[number];
/** A shutdown that takes longer than this is cut short (exit 1): a stuck job must not block a deploy. */
const SHUTDOWN_LIMIT_MS = 30_000;

/**
 * `start [--role all|scheduler|worker|web|bot]`: runs the tracker until SIGINT or SIGTERM.
 * - scheduler: poll schedules matching the sources file (again on SIGHUP), the daily reminders;
 * - worker: polls, reminders, fan-out and deliveries;
 * - web: the HTTP server (health, Slack's endpoint); bot: Slack in Socket Mode;
 * - all: everything. Without a chat platform, the workers (worker and all) print the alerts on the console.
 */
export async function startCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { role: { type: 'string', default: 'all' } } });
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new InputError(`unknown role "${values.role}" (roles: ${ROLES.join(', ')})`);
  const { logger, config } = ctx;
  // A long-running process favours memory over speed: V8 then grows its heap by small steps and collects
  // sooner (a worker's peak RSS under a 10,000-channel fan-out: 240 → ~180 MB; docs/decisions/0007-lean-worker.md).
  // The flag is read at each collection, so setting it now works; it is refused in NODE_OPTIONS.
  setFlagsFromString('--optimize-for-size');
  let sources: SourceConfig[] = await loadSources(config.SOURCES_FILE);
  const rt = await openRuntime(config, logger, () => sources);
  const roleCtx = { rt, config, logger, sources: () => sources };
  const stops: Stop[] = [];
  const has = (r: Role): boolean => role === 'all' || role === r;

  const scheduler = has('scheduler') ? await startScheduler(roleCtx) : undefined;
  const workers = has('worker') ? startWorkers(roleCtx) : [];
  // Without a chat platform the workers print the alerts (in compose: `docker compose logs worker`); replicas share
  // one consumer group, so each alert is printed once in all.
  const printer = has('worker') && !chatConfigured(config) ? [startConsole(roleCtx)] : [];
  const chat = has('web') || has('bot') ? await startChat(roleCtx, { http: has('web'), bot: has('bot') }) : [];
  // Stopping order: the workers first, so that no job is taken while something else stops (a poll released by the
  // fetch abort would be picked up again); the console printer; the HTTP server and the bots; the schedules.
  stops.push(...workers, ...printer, ...chat, ...(scheduler ? [scheduler.stop] : []));
  logger.info({ role, sources: sources.map((s) => s.id), chat: [config.SLACK_BOT_TOKEN && 'slack', config.DISCORD_TOKEN && 'discord'].filter(Boolean).join('+') || 'console', pid: process.pid, host: hostname() }, 'tracker started; Ctrl-C stops it');

  const onHangup = (): void => {
    loadSources(config.SOURCES_FILE)
      .then(async (fresh) => {
        sources = fresh;
        await scheduler?.resync();
        logger.info({ sources: sources.map((s) => s.id) }, 'sources file reloaded');
      })
      .catch((err: Error) => logger.error({ err: err.message }, 'sources file not reloaded; keeping the previous one'));
  };
  process.on('SIGHUP', onHangup);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'stopping: finishing active jobs');
  process.off('SIGHUP', onHangup);
  const limit = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS);
  limit.unref();
  // Fetches in flight are cut short so their polls go back to the queue; then the workers (they finish or release
  // their jobs), the console printer, the HTTP server and the bots, the queues, Redis and the embedded server.
  rt.fetcher.abortInFlight();
  for (const stop of stops) await stop();
  await rt.close();
  clearTimeout(limit);
  logger.info('stopped');
  // Everything is closed; a client the driver could not close (a connection stuck reconnecting) must not keep
  // the process alive: exit shortly unless the event loop empties first (the timer does not hold it).
  setTimeout(() => process.exit(0), 1_000).unref();
  return 0;
}
