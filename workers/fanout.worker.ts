import type { Queue } from 'bullmq';
import { deliveryId, noticeId, type Notice, type OutboxItem } from '../src/core/delivery.js';
import { isOperatorEvent, type ChangeEvent } from '../src/core/events.js';
import { sha256 } from '../src/core/snapshot.js';
import { channelKey, PLATFORMS, recipients, type ChannelRef, type Platform } from '../src/core/subscriptions.js';
import type { Logger } from '../src/logger.js';
import { drainJobId } from '../src/queues/names.js';
import type { NotifyJob } from '../src/queues/payloads.js';
import type { ChangeLog } from '../src/store/change-log.js';
import type { LeaderLock } from '../src/store/leader-lock.js';
import { followChangeLog } from './follow-log.js';
import type { OutboxStore } from '../src/store/outbox-store.js';
import type { RedisSubscriptionStore } from '../src/store/subscription-store.js';

/** One drain queue per platform (src/queues/names.ts). */
export type NotifyQueues = Readonly<Record<Platform, Queue<NotifyJob>>>;

/** Consumer group of the fan-out on the change log. */
export const FANOUT_GROUP = 'fanout';

export interface FanoutDeps {
  subscriptions: RedisSubscriptionStore;
  outbox: OutboxStore;
  /** Each platform's drain queue. */
  notifyQueues: NotifyQueues;
  /** Where operator events go: a chat channel (OPS_SLACK_CHANNEL / OPS_DISCORD_CHANNEL), else this function (the console). */
  opsChannel?: ChannelRef;
  toConsole: (event: ChangeEvent) => void;
  logger: Logger;
  clock: () => Date;
}

/**
 * Drains retry with exponential backoff and jitter, capped at a minute (see drainBackoff): a message in doubt
 * must be sent again while Discord still remembers its nonce (a few minutes), and a channel must not wait long.
 */
export const DRAIN_JOB_OPTIONS = {
  attempts: 20,
  backoff: { type: 'drain' },
  removeOnComplete: true,
  removeOnFail: { count: 1000 },
};

/**
 * 1 s, 2 s, 4 s … up to 60 s, each between half and all of it (jitter spreads retries of many channels). `timeScale`
 * (DELIVERY_RATE_SCALE) divides it, for emulators whose clock runs that much faster; 1 in production.
 */
export function drainBackoff(attemptsMade: number, random: () => number = Math.random, timeScale = 1): number {
  const ceiling = Math.min(60_000, 1_000 * 2 ** Math.max(0, attemptsMade - 1)) / timeScale;
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** What queueing to a channel's outbox needs (the fan-out, a drain telling the operators, a test alert). */
export type OutboxDeps = Pick<FanoutDeps, 'outbox' | 'notifyQueues' | 'clock'>;

/** Queues items for a channel and, when no drain is scheduled for it, adds one. */
export async function deliverTo(deps: OutboxDeps, channel: ChannelRef, items: OutboxItem[]): Promise<void> {
  await deliverToAll(deps, [{ channel, items }]);
}

/** Channels queued per round trip: drains of the first channels start while the fan-out goes on to the next. */
const FANOUT_CHUNK = 250;

/**
 * `deliverTo` for many channels, a chunk of channels per round trip (their enqueue scripts pipelined, then their
 * drain jobs added in one `addBulk` per platform), not two round trips per channel: a catalogue edition brings many
 * changes for many channels at once, and the fan-out handles them one by one.
 */
export async function deliverToAll(deps: OutboxDeps, batches: ReadonlyArray<{ channel: ChannelRef; items: OutboxItem[] }>): Promise<void> {
  for (let from = 0; from < batches.length; from += FANOUT_CHUNK) {
    const chunk = batches.slice(from, from + FANOUT_CHUNK);
    const generations = await deps.outbox.enqueueMany(chunk, deps.clock());
    for (const platform of PLATFORMS) {
      const jobs = chunk.flatMap(({ channel }, i) => {
        const generation = generations[i]!;
        if (generation === 0 || channel.platform !== platform) return [];
        return [{ name: 'drain', data: { channel }, opts: { ...DRAIN_JOB_OPTIONS, jobId: drainJobId(sha256(channelKey(channel)).slice(0, 16), generation) } }];
      });
      if (jobs.length > 0) await deps.notifyQueues[platform].addBulk(jobs);
    }
  }
}

/**
 * The channels of `channels` that are not paused. A paused one has the change recorded as skipped (what `resume`
 * reports), atomically with its pause: one resumed since the cached list was read is kept, and receives it.
 */
async function notPaused(deps: FanoutDeps, channels: ChannelRef[], paused: ReadonlySet<string>, changeId: string): Promise<ChannelRef[]> {
  const maybe = paused.size === 0 ? [] : channels.filter((c) => paused.has(channelKey(c)));
  if (maybe.length === 0) return channels;
  const skipped = await deps.subscriptions.skipPaused(maybe, changeId);
  const out = new Set(maybe.filter((_, i) => skipped[i]).map(channelKey));
  return channels.filter((c) => !out.has(channelKey(c)));
}

/**
 * One event of the change log: to each channel whose subscriptions match it, once (the delivery id is
 * derived from the event and the channel); operator events to the operators. A paused channel gets nothing queued:
 * the change is counted as skipped instead. A provider renamed in the catalogue takes the subscriptions filtered on
 * its old name along, and those channels are told (but for paused ones: their filters follow all the same).
 */
export async function fanOut(deps: FanoutDeps, event: ChangeEvent): Promise<number> {
  if (isOperatorEvent(event)) {
    if (deps.opsChannel) await deliverTo(deps, deps.opsChannel, [{ deliveryId: deliveryId(event.id, deps.opsChannel), event }]);
    else deps.toConsole(event);
    return deps.opsChannel ? 1 : 0;
  }
  const { subscriptions, paused } = await deps.subscriptions.current();
  const channels = await notPaused(deps, recipients(subscriptions, event), paused, event.id);
  await deliverToAll(deps, channels.map((channel) => ({ channel, items: [{ deliveryId: deliveryId(event.id, channel), event }] })));
  if (event.kind === 'offer.renamed' && event.previous && event.previous.provider !== event.offer.provider) {
    const notice: Notice = { type: 'provider-renamed', from: event.previous.provider, to: event.offer.provider };
    const id = noticeId(notice, event.id);
    const moved = await deps.subscriptions.renameProvider(notice.from, notice.to);
    const told = moved.filter((c) => !paused.has(channelKey(c)));
    await deliverToAll(deps, told.map((channel) => ({ channel, items: [{ deliveryId: deliveryId(id, channel), notice, noticeId: id }] })));
  }
  return channels.length;
}

/**
 * Follows the change log through its consumer group: an entry is acknowledged only after it has been fanned
 * out, so a crash in between makes the next leader fan it out again (deliveries are idempotent). Only the holder
 * of the leader lease fans out, one entry after the other, so that each channel's outbox receives the changes
 * in the order they were detected whatever the number of worker replicas. Returns its stop.
 */
export function startFanout(deps: FanoutDeps & { log: ChangeLog; consumer: string; leader: LeaderLock; blockMs?: number }): { stop: () => Promise<void> } {
  const follower = followChangeLog({
    log: deps.log,
    group: FANOUT_GROUP,
    consumer: deps.consumer,
    logger: deps.logger,
    name: 'fan-out',
    mayRun: () => deps.leader.hold(),
    ...(deps.blockMs ? { blockMs: deps.blockMs } : {}),
    handle: async (event) => {
      const n = await fanOut(deps, event);
      deps.logger.debug({ event: event.id, kind: event.kind, channels: n }, 'fanned out');
    },
  });
  return {
    stop: async () => {
      await follower.stop();
      await deps.leader.release().catch(() => {});
    },
  };
}
