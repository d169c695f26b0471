import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { ConfigError, configNotes, type Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { SourceConfig } from '../sources/schema.js';
import { configuredPlatforms } from '../platforms/registry.js';
import { loadSources } from '../sources/sources-file.js';
import { openRuntime, type Runtime } from '../../workers/runtime.js';
import type { CliContext } from './context.js';
import { FatalError } from './fatal-error.js';
import { startHeartbeat } from './health.js';
import { installLifecycle, type Lifecycle } from './lifecycle.js';
import type { Role } from './roles-list.js';
import { deliveryConfigured, startChat, startConsole, startScheduler, startWorkers, type Stop } from './roles.js';

/** A shutdown that takes longer than this is cut short (exit 1): a stuck job must not block a deploy. */
const SHUTDOWN_LIMIT_MS = 30_000;
/** One step of the shutdown (a worker closing, Redis quitting) is given up on after this: the next one must run. */
const STEP_LIMIT_MS = 13_000;
/** The same when the store is gone for good (the embedded Redis could not be restarted): nothing is left to finish. */
const LOST_STORE_STEP_LIMIT_MS = 3_000;

/** The bot role holds the persistent chat connections: without any it would idle forever, doing nothing. */
function checkRole(role: Role, c: Config): void {
  if (role !== 'bot' || c.DISCORD_TOKEN || (c.SLACK_BOT_TOKEN && c.SLACK_APP_TOKEN)) return;
  const slack = c.SLACK_BOT_TOKEN ? '; SLACK_APP_TOKEN is unset, and Slack over HTTP runs in the web role' : '';
  throw new ConfigError(`the bot role needs DISCORD_TOKEN, or SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode)${slack}`);
}

/** What has started so far, stopped in this order: nothing is taken while the rest stops, Redis goes last. */
interface Started {
  rt?: Runtime;
  heartbeat?: Stop;
  workers: Stop[];
  printer: Stop[];
  chat: Stop[];
  scheduler?: { stop: Stop; resync: () => Promise<void> };
}

async function bringUp(role: Role, ctx: CliContext, life: Lifecycle, started: Started, sources: { current: SourceConfig[] }): Promise<void> {
  const { config, logger } = ctx;
  const has = (r: Role): boolean => role === 'all' || role === r;
  for (const note of configNotes(config)) logger.warn({ role }, note);
  const rt = (started.rt = await openRuntime(config, logger, () => sources.current));
  rt.embedded?.onFatal((err) => life.fail(new FatalError(`the embedded redis-server could not be restarted: ${err.message}`)));
  const roleCtx = { rt, config, logger, sources: () => sources.current };
  if (!life.isStopping() && has('scheduler')) started.scheduler = await startScheduler(roleCtx);
  if (!life.isStopping() && has('worker')) started.workers.push(...startWorkers(roleCtx));
  // Without a chat platform the workers print the alerts (in compose: `docker compose logs worker`); replicas share
  // one consumer group, so each alert is printed once in all.
  if (!life.isStopping() && has('worker') && !deliveryConfigured(config)) started.printer.push(startConsole(roleCtx));
  if (!life.isStopping() && (has('web') || has('bot'))) started.chat.push(...(await startChat(roleCtx, { http: has('web'), bot: has('bot') })));
  // Up: from now on `health --role` (the containers' healthcheck) sees this process.
  if (!life.isStopping()) started.heartbeat = startHeartbeat({ redis: rt.redis, prefix: config.REDIS_PREFIX, role, logger, clock: rt.clock });
}

/** Runs one step of the shutdown within `limitMs`; a step that fails or hangs is logged and left behind. */
async function bounded(logger: Logger, what: string, step: Stop, limitMs: number): Promise<void> {
  const done = step().then(() => true, (err: Error) => (logger.warn({ err: err.message, step: what }, 'shutdown step failed'), true));
  if (!(await Promise.race([done, sleep(limitMs, false, { ref: false })]))) logger.warn({ step: what, limitMs }, 'shutdown step did not finish in time; going on');
}

async function shutdown(s: Started, logger: Logger, limitMs: number): Promise<void> {
  // Fetches in flight are cut short so their polls go back to the queue; then the workers (they finish or release
  // their jobs), the console printer, the HTTP server and the bots, the schedules, Redis and the embedded server.
  // Each group in turn; the members of a group (the poll and daily workers…) at once.
  s.rt?.fetcher.abortInFlight();
  const groups: Array<[string, Stop[]]> = [
    ['heartbeat', s.heartbeat ? [s.heartbeat] : []],
    ['workers', s.workers],
    ['console', s.printer],
    ['chat and http', s.chat],
    ['schedules', s.scheduler ? [s.scheduler.stop] : []],
    ['redis', s.rt ? [() => s.rt!.close()] : []],
  ];
  for (const [what, stops] of groups) await Promise.all(stops.map((stop) => bounded(logger, what, stop, limitMs)));
}

/**
 * `start [--role all|scheduler|worker|web|bot]`: runs the tracker until SIGINT or SIGTERM.
 * - scheduler: poll schedules matching the sources file (again on SIGHUP), the daily reminders;
 * - worker: polls, reminders, fan-out and deliveries; web: the HTTP server(s); bot: Socket Mode and the Discord gateway;
 * - all: everything. Without a chat platform, the workers (worker and all) print the alerts on the console.
 * Whatever stops it (a signal, a start-up failure, an embedded Redis that cannot be restarted), everything that had
 * started is stopped, within SHUTDOWN_LIMIT_MS; a failure then exits 1 with one line (thrown to the entry point).
 */
export async function startCommand(role: Role, ctx: CliContext): Promise<number> {
  const { logger, config } = ctx;
  checkRole(role, config);
  // Read before anything starts: an invalid file is one line and exit 1, with nothing to stop.
  const sources = { current: await loadSources(config.SOURCES_FILE) };
  const life = installLifecycle(logger);
  logger.info({ role, pid: process.pid }, 'starting');
  // A long-running process favours memory over speed: V8 then grows its heap by small steps and collects
  // sooner (a worker's peak RSS under a 10,000-channel fan-out: 240 → ~180 MB; docs/decisions/0007-lean-worker.md).
  // The flag is read at each collection, so setting it now works; it is refused in NODE_OPTIONS.
  setFlagsFromString('--optimize-for-size');
  const started: Started = { workers: [], printer: [], chat: [] };
  // SIGHUP reloads the sources file (and, once the scheduler runs, its schedules); installed now, since Node's
  // default for SIGHUP is to exit.
  const onHangup = (): void => {
    loadSources(config.SOURCES_FILE)
      .then(async (fresh) => {
        sources.current = fresh;
        await started.scheduler?.resync();
        logger.info({ sources: fresh.map((s) => s.id) }, 'sources file reloaded');
      })
      .catch((err: Error) => logger.error({ err: err.message }, 'sources file not reloaded; keeping the previous one'));
  };
  process.on('SIGHUP', onHangup);
  const startup = bringUp(role, ctx, life, started, sources);
  startup.catch(() => {}); // settled below, or left behind by a signal that came first
  let failure: unknown;
  try {
    if ((await Promise.race([startup.then(() => 'up' as const), life.stopping])) === 'up') {
      logger.info({ role, sources: sources.current.map((s) => s.id), chat: configuredPlatforms(config).join('+') || 'console', pid: process.pid, host: hostname() }, 'tracker started; Ctrl-C stops it');
    }
  } catch (err) {
    failure = err;
  }
  const reason = failure === undefined ? await life.stopping : { error: failure as Error };
  process.off('SIGHUP', onHangup);
  if ('signal' in reason) logger.info({ signal: reason.signal }, 'stopping: finishing active jobs');
  else logger.error({ err: reason.error.message }, failure === undefined ? 'stopping: a fault the tracker cannot go on with' : 'start-up failed; stopping what had started');
  const limit = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS);
  limit.unref();
  const storeLost = 'error' in reason && failure === undefined;
  await shutdown(started, logger, storeLost ? LOST_STORE_STEP_LIMIT_MS : STEP_LIMIT_MS);
  clearTimeout(limit);
  life.dispose();
  logger.info('stopped');
  const code = 'signal' in reason ? 0 : 1;
  // Everything is closed; a client the driver could not close (a connection stuck reconnecting) must not keep
  // the process alive: exit shortly unless the event loop empties first (the timer does not hold it).
  setTimeout(() => process.exit(code), 1_000).unref();
  if ('error' in reason) throw reason.error;
  return code;
}
