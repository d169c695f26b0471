import { Queue } from 'bullmq';
import type { Config } from '../config.js';
import type { Sender } from '../core/delivery.js';
import type { ChannelRef } from '../core/subscriptions.js';
import { startHttpServer } from '../http/server.js';
import type { Logger } from '../logger.js';
import { createConsoleSink } from '../platforms/console/sink.js';
import { proxyAgentFor } from '../platforms/proxy.js';
import { createSlackApp } from '../platforms/slack/app.js';
import { createSlackClient, SLACK_DEFAULT_API_URL } from '../platforms/slack/client.js';
import { createSlackSender } from '../platforms/slack/sender.js';
import { createRedis } from '../queues/connection.js';
import { QUEUES } from '../queues/names.js';
import type { MaintenanceJob, NotifyJob, PollJob } from '../queues/payloads.js';
import { pollOverdueSources, syncMaintenance, syncSchedulers } from '../queues/scheduler.js';
import type { SourceConfig } from '../sources/schema.js';
import { createChangeLog } from '../store/change-log.js';
import { createOutboxStore } from '../store/outbox-store.js';
import { createSubscriptionStore } from '../store/subscription-store.js';
import { createTrackerState } from '../store/tracker-state.js';
import { startConsoleSink } from '../../workers/console.worker.js';
import { startFanout, type FanoutDeps } from '../../workers/fanout.worker.js';
import { startMaintenanceWorker } from '../../workers/maintenance.worker.js';
import { startNotifyWorker } from '../../workers/notify.worker.js';
import { startPollWorker } from '../../workers/poll.worker.js';
import type { Runtime } from '../../workers/runtime.js';

export type Stop = () => Promise<void>;

export interface RoleContext {
  rt: Runtime;
  config: Config;
  logger: Logger;
  sources: () => SourceConfig[];
}

const slackConfigured = (c: Config): boolean => Boolean(c.SLACK_BOT_TOKEN);
/** No chat platform configured: every event is printed on the console (a first run shows something useful). */
export const chatConfigured = (c: Config): boolean => slackConfigured(c);

const slackAgent = (c: Config) => proxyAgentFor(c.SLACK_API_URL ?? SLACK_DEFAULT_API_URL, { ...(c.HTTPS_PROXY ? { httpsProxy: c.HTTPS_PROXY } : {}), ...(c.NO_PROXY ? { noProxy: c.NO_PROXY } : {}) });

/** Schedules: polls per source, overdue polls now, the daily reminders. Returns what re-syncs on SIGHUP. */
export async function startScheduler({ rt, config, logger, sources }: RoleContext): Promise<{ stop: Stop; resync: () => Promise<void> }> {
  const polls = new Queue<PollJob>(QUEUES.poll, { connection: rt.redis, prefix: config.REDIS_PREFIX });
  const maintenance = new Queue<MaintenanceJob>(QUEUES.maintenance, { connection: rt.redis, prefix: config.REDIS_PREFIX });
  for (const q of [polls, maintenance]) q.on('error', (err) => logger.debug({ err: err.message }, 'queue: redis error'));
  const resync = async (): Promise<void> => {
    await syncSchedulers(polls, sources(), logger);
    const lastAttempt = async (id: string): Promise<string | undefined> => (await rt.store.getHealth(id)).lastAttemptAt;
    const due = await pollOverdueSources(polls, sources(), lastAttempt, rt.clock());
    if (due.length > 0) logger.info({ sources: due }, 'polling now the sources never polled or overdue');
  };
  await resync();
  await syncMaintenance(maintenance, { time: config.REMINDER_TIME, timeZone: config.TZ_REFERENCE });
  return { resync, stop: async () => void (await Promise.all([polls.close(), maintenance.close()])) };
}

/** Workers: polls, daily reminders, and (with a chat platform) the fan-out and the per-channel drains. */
export function startWorkers({ rt, config, logger, sources }: RoleContext): Stop[] {
  const byId = (): ReadonlyMap<string, SourceConfig> => new Map(sources().map((s) => [s.id, s]));
  const poll = startPollWorker({ ...rt, connection: rt.redis, prefix: config.REDIS_PREFIX, sources: byId, failingAfter: config.FAILING_AFTER, stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS });
  const daily = startMaintenanceWorker({ ...rt, connection: rt.redis, prefix: config.REDIS_PREFIX, sources, timeZone: config.TZ_REFERENCE, windows: config.REMINDER_WINDOWS });
  const stops: Stop[] = [poll.stop, daily.stop];
  if (!chatConfigured(config)) return stops;

  const subscriptions = createSubscriptionStore(rt.redis, rt.keys);
  const outbox = createOutboxStore(rt.redis, rt.keys);
  const notifyQueue = new Queue<NotifyJob>(QUEUES.notify, { connection: rt.redis, prefix: config.REDIS_PREFIX });
  notifyQueue.on('error', (err) => logger.debug({ err: err.message }, 'notify queue: redis error'));
  const sink = createConsoleSink();
  const opsChannel: ChannelRef | undefined = config.OPS_SLACK_CHANNEL ? { platform: 'slack', workspace: 'ops', channel: config.OPS_SLACK_CHANNEL } : undefined;
  const fanout: FanoutDeps = { subscriptions, outbox, notifyQueue, toConsole: (e) => sink.deliver(e), logger, clock: rt.clock, ...(opsChannel ? { opsChannel } : {}) };
  const senders: Partial<Record<'slack' | 'discord', Sender>> = {};
  if (config.SLACK_BOT_TOKEN) {
    const agent = slackAgent(config);
    senders.slack = createSlackSender(createSlackClient({ token: config.SLACK_BOT_TOKEN, ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}), ...(agent ? { agent } : {}) }));
  }
  const notify = startNotifyWorker({ outbox, subscriptions, senders, fanout, logger, clock: rt.clock, defaultLang: config.DEFAULT_LANG, connection: rt.redis, prefix: config.REDIS_PREFIX });
  // Blocking stream reads get their own connection, so they never delay the store's commands.
  const logRedis = createRedis(rt.target);
  const loop = startFanout({ ...fanout, log: createChangeLog(logRedis, rt.keys), consumer: 'fanout' });
  stops.push(notify.stop, loop.stop, async () => {
    await notifyQueue.close();
    logRedis.disconnect();
  });
  return stops;
}

/** Without a chat platform: every event of the change log printed on the console, once. */
export function startConsole({ rt, logger }: RoleContext): Stop {
  const sinkRedis = createRedis(rt.target);
  const sink = startConsoleSink({ log: createChangeLog(sinkRedis, rt.keys), sink: createConsoleSink(), logger, consumer: 'console' });
  return async () => {
    await sink.stop();
    sinkRedis.disconnect();
  };
}

/** The chat side: Slack's commands over HTTP (mounted into the one HTTP server) or Socket Mode. */
export async function startChat({ rt, config, logger, sources }: RoleContext, opts: { http: boolean }): Promise<Stop[]> {
  const stops: Stop[] = [];
  const deps = {
    subscriptions: createSubscriptionStore(rt.redis, rt.keys),
    state: createTrackerState({ store: rt.store, changeLog: rt.changeLog, sources }),
    clock: rt.clock,
    timeZone: config.TZ_REFERENCE,
  };
  let slack: Awaited<ReturnType<typeof createSlackApp>> | undefined;
  if (config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN)) {
    const agent = slackAgent(config);
    slack = await createSlackApp({
      botToken: config.SLACK_BOT_TOKEN,
      signingSecret: config.SLACK_SIGNING_SECRET ?? '',
      ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
      ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
      ...(agent ? { agent } : {}),
      adminOnly: config.SLACK_ADMIN_ONLY,
      logger,
      deps,
    });
    await slack.start();
    stops.push(() => slack!.stop());
  }
  if (opts.http) {
    const receiver = slack?.receiver;
    const server = await startHttpServer({ port: config.HTTP_PORT, host: config.HTTP_HOST, logger, ...(receiver ? { mount: (app) => app.use(receiver.router) } : {}) });
    stops.unshift(server.close);
  }
  return stops;
}
