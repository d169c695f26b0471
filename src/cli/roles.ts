import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config.js';
import type { Sender } from '../core/delivery.js';
import { PLATFORMS, type Platform } from '../core/platforms.js';
import type { Logger } from '../logger.js';
import { createConsoleSink } from '../platforms/console/sink.js';
import { discordRest } from '../platforms/discord/platform.js';
import { configuredPlatforms, opsChannelOf, PLATFORM_MODULES } from '../platforms/registry.js';
import type { createSlackApp } from '../platforms/slack/app.js';
import { slackAgent } from '../platforms/slack/platform.js';
import { createRedis } from '../queues/connection.js';
import { notifyQueueName, QUEUES } from '../queues/names.js';
import type { MaintenanceJob, NotifyJob, PollJob } from '../queues/payloads.js';
import { pollOverdueSources, syncMaintenance, syncSchedulers } from '../queues/scheduler.js';
import type { SourceConfig } from '../sources/schema.js';
import { createChangeLog } from '../store/change-log.js';
import { createOutboxStore } from '../store/outbox-store.js';
import { createLeaderLock } from '../store/leader-lock.js';
import { createRateLimiter } from '../store/rate-limiter.js';
import { createSubscriptionStore } from '../store/subscription-store.js';
import { createTargetStore } from '../store/target-store.js';
import { createTrackerState } from '../store/tracker-state.js';
import { startConsoleSink } from '../../workers/console.worker.js';
import { startFanout, type FanoutDeps, type NotifyQueues } from '../../workers/fanout.worker.js';
import { releaseEmailDigests } from '../../workers/email-digest.js';
import { startMaintenanceWorker } from '../../workers/maintenance.worker.js';
import { moveLegacyDrains } from '../../workers/notify-legacy.js';
import { startNotifyWorker } from '../../workers/notify.worker.js';
import { startPollWorker } from '../../workers/poll.worker.js';
import { createTestAlerts } from '../../workers/test-alerts.js';
import type { Runtime } from '../../workers/runtime.js';
import type { RoleContext, Stop } from './role-context.js';

export type { RoleContext, Stop } from './role-context.js';

/**
 * No platform configured (no chat token, no webhooks): every event is printed on the console (a first run shows
 * something useful).
 */
export const deliveryConfigured = (c: Config): boolean => configuredPlatforms(c).length > 0;

/** Each platform's drain queue (the caller closes them). */
function openNotifyQueues(rt: Runtime, config: Config, logger: Logger): NotifyQueues {
  const queues = Object.fromEntries(PLATFORMS.map((p) => [p, new Queue<NotifyJob>(notifyQueueName(p), { connection: rt.redis, prefix: config.REDIS_PREFIX })])) as NotifyQueues;
  for (const q of Object.values(queues)) q.on('error', (err) => logger.debug({ err: err.message, queue: q.name }, 'notify queue: redis error'));
  return queues;
}

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
  const emailDigest = PLATFORM_MODULES.email.configured(config) ? { time: config.MAIL_DIGEST_TIME, weekday: config.MAIL_DIGEST_WEEKDAY } : undefined;
  await syncMaintenance(maintenance, { time: config.REMINDER_TIME, timeZone: config.TZ_REFERENCE, ...(emailDigest ? { emailDigest } : {}) });
  return { resync, stop: async () => void (await Promise.all([polls.close(), maintenance.close()])) };
}

/** Workers: polls, daily reminders, and (with a chat platform) the fan-out and the per-channel drains. */
export function startWorkers({ rt, config, logger, sources }: RoleContext): Stop[] {
  const byId = (): ReadonlyMap<string, SourceConfig> => new Map(sources().map((s) => [s.id, s]));
  const poll = startPollWorker({ ...rt, connection: rt.redis, prefix: config.REDIS_PREFIX, sources: byId, failingAfter: config.FAILING_AFTER, stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS });
  // The scheduled e-mail digests add drains to the e-mail queue (its own, closed with the worker).
  const digestQueue = PLATFORM_MODULES.email.configured(config) ? new Queue<NotifyJob>(notifyQueueName('email'), { connection: rt.redis, prefix: config.REDIS_PREFIX }) : undefined;
  const emailDigest = digestQueue
    ? (period: 'daily' | 'weekly') => releaseEmailDigests({ targets: createTargetStore(rt.redis, rt.keys), outbox: createOutboxStore(rt.redis, rt.keys, { retentionDays: config.DELIVERY_RETENTION_DAYS }), queue: digestQueue, logger }, period)
    : undefined;
  const daily = startMaintenanceWorker({ ...rt, subscriptions: createSubscriptionStore(rt.redis, rt.keys), connection: rt.redis, prefix: config.REDIS_PREFIX, sources, timeZone: config.TZ_REFERENCE, windows: config.REMINDER_WINDOWS, ...(emailDigest ? { emailDigest } : {}) });
  const stops: Stop[] = [poll.stop, async () => {
    await daily.stop();
    await digestQueue?.close();
  }];
  if (!deliveryConfigured(config)) return stops;

  const subscriptions = createSubscriptionStore(rt.redis, rt.keys);
  const outbox = createOutboxStore(rt.redis, rt.keys, { retentionDays: config.DELIVERY_RETENTION_DAYS });
  const notifyQueues = openNotifyQueues(rt, config, logger);
  const sink = createConsoleSink();
  const opsChannel = opsChannelOf(config);
  const fanout: FanoutDeps = { subscriptions, outbox, notifyQueues, toConsole: (e) => sink.deliver(e), logger, clock: rt.clock, ...(opsChannel ? { opsChannel } : {}) };
  const senders: Partial<Record<Platform, Sender>> = {};
  for (const p of configuredPlatforms(config)) senders[p] = PLATFORM_MODULES[p].sender({ config, redis: rt.redis, keys: rt.keys, logger });
  // Drains left in the single queue of earlier versions go to their platform's queue (idempotent, at each start).
  moveLegacyDrains(rt.redis, config.REDIS_PREFIX, notifyQueues, logger).catch((err: Error) => logger.error({ err: err.message }, 'could not move the drains of the earlier notify queue'));
  const notify = startNotifyWorker({
    outbox, subscriptions, senders, fanout, logger, clock: rt.clock, defaultLang: config.DEFAULT_LANG,
    limiter: createRateLimiter(rt.redis, rt.keys), digestThreshold: config.DIGEST_THRESHOLD, timeScale: config.DELIVERY_RATE_SCALE,
    connection: rt.redis, prefix: config.REDIS_PREFIX, stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS, metrics: rt.metrics,
  });
  // Blocking stream reads get their own connection, so they never delay the store's commands.
  const logRedis = createRedis(rt.target);
  // The lease lapses 10 s after its holder stops renewing it; it is renewed before each entry and each read.
  const leader = createLeaderLock(rt.redis, rt.keys, 'fanout', `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, 10_000);
  const loop = startFanout({ ...fanout, log: createChangeLog(logRedis, rt.keys), consumer: 'fanout', leader });
  stops.push(notify.stop, loop.stop, async () => {
    await Promise.all(Object.values(notifyQueues).map((q) => q.close()));
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

/**
 * The chat side. web: the HTTP server, with Slack's endpoint mounted when Slack runs over HTTP. bot: the
 * persistent connections, Slack in Socket Mode and the Discord gateway (one replica per shard).
 */
export async function startChat({ rt, config, logger, sources }: RoleContext, opts: { http: boolean; bot: boolean }): Promise<Stop[]> {
  const stops: Stop[] = [];
  // `/secnumcloud test` queues its alert in the channel's outbox and adds the drain job, as the fan-out does: any
  // worker process posts it through the same path as every alert. Without a chat platform there is no command.
  const notifyQueues = deliveryConfigured(config) ? openNotifyQueues(rt, config, logger) : undefined;
  const deps = {
    subscriptions: createSubscriptionStore(rt.redis, rt.keys),
    state: createTrackerState({ store: rt.store, editions: rt.editions, changeLog: rt.changeLog, sources, clock: rt.clock, failingAfter: config.FAILING_AFTER }),
    ...(notifyQueues ? { alerts: createTestAlerts({ redis: rt.redis, keys: rt.keys, outbox: createOutboxStore(rt.redis, rt.keys), notifyQueues, clock: rt.clock }) } : {}),
    clock: rt.clock,
    timeZone: config.TZ_REFERENCE,
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
  };
  let slack: Awaited<ReturnType<typeof createSlackApp>> | undefined;
  const slackHere = config.SLACK_APP_TOKEN ? opts.bot : opts.http;
  // The chat front ends (Bolt, the discord.js gateway client, express) load only in the roles that run them:
  // a worker replica does not carry them (see docs/decisions/0007-lean-worker.md).
  if (slackHere && config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN)) {
    const { createSlackApp } = await import('../platforms/slack/app.js');
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
  if (opts.bot && config.DISCORD_TOKEN) {
    const { startDiscordBot } = await import('../platforms/discord/bot.js');
    const discord = await startDiscordBot({
      token: config.DISCORD_TOKEN,
      ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
      ...(config.SHARD_ID !== undefined ? { shardId: config.SHARD_ID, shardCount: config.SHARD_COUNT ?? 1 } : {}),
      logger,
      deps,
    });
    stops.push(discord.stop);
  }
  // Last (the server goes first, below): the bots and the server no longer take commands that would queue a test alert.
  if (notifyQueues) stops.push(async () => void (await Promise.all(Object.values(notifyQueues).map((q) => q.close()))));
  if (opts.http) {
    try {
      const { startWeb } = await import('./web-role.js');
      stops.unshift(...(await startWeb({ rt, config, logger, sources }, deps.state, slack?.receiver)));
    } catch (err) {
      // Started but not returned: stopped here, so that a port taken leaves no bot connected.
      for (const stop of stops) await stop().catch(() => {});
      throw err;
    }
  }
  return stops;
}

/**
 * `discord-deploy`: registers /secnumcloud globally or in DISCORD_GUILD_ID; returns the names registered, and the URL
 * that invites the bot with exactly the permissions it needs.
 */
export async function deployDiscordCommands(config: Config): Promise<{ names: string[]; invite: string; permissions: string[] }> {
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) throw new Error('discord-deploy needs DISCORD_TOKEN and DISCORD_APPLICATION_ID');
  const { deployCommands } = await import('../platforms/discord/deploy.js');
  const { BOT_PERMISSION_NAMES, inviteUrl } = await import('../platforms/discord/permissions.js');
  const names = await deployCommands(discordRest(config), config.DISCORD_APPLICATION_ID, config.DISCORD_GUILD_ID);
  return { names, invite: inviteUrl(config.DISCORD_APPLICATION_ID), permissions: BOT_PERMISSION_NAMES };
}
