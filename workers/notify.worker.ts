import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lang } from '../src/commands/ports.js';
import { DeliveryError, deliveryId, digestId, noticeId, type Notice, type Sender, type SendItem } from '../src/core/delivery.js';
import type { ChangeEvent } from '../src/core/events.js';
import { channelKey, type ChannelRef, type Platform } from '../src/core/subscriptions.js';
import type { Logger } from '../src/logger.js';
import type { MetricsRecorder } from '../src/metrics.js';
import { QUEUES } from '../src/queues/names.js';
import { notifyJobSchema, type NotifyJob } from '../src/queues/payloads.js';
import { LeaseLostError, type Attempt, type Lease, type OutboxStore, type QueuedItem } from '../src/store/outbox-store.js';
import type { RateLimiter } from '../src/store/rate-limiter.js';
import type { RedisSubscriptionStore } from '../src/store/subscription-store.js';
import { sha256 } from '../src/core/snapshot.js';
import { drainJobId } from '../src/queues/names.js';
import { closeWorker } from './close-worker.js';
import { deliverTo, drainBackoff, DRAIN_JOB_OPTIONS, type FanoutDeps } from './fanout.worker.js';

export interface NotifyDeps {
  outbox: OutboxStore;
  subscriptions: RedisSubscriptionStore;
  senders: Partial<Record<Platform, Sender>>;
  limiter: RateLimiter;
  /** To tell the operators about a channel disabled (through the same path as operator events). */
  fanout: FanoutDeps;
  logger: Logger;
  clock: () => Date;
  defaultLang: Lang;
  /** More changes than this waiting for one channel go as one grouped message. */
  digestThreshold: number;
  /** Deliveries and rate-limit waits, for /metrics (absent in tests that do not look). */
  metrics?: MetricsRecorder;
  /** DELIVERY_RATE_SCALE: retry delays are divided by it (an emulator whose clock runs faster); 1 in production. */
  timeScale?: number;
  /** How long a drain's channel lease lasts unless renewed (DRAIN_LEASE_MS by default). */
  leaseMs?: number;
  /** True once the worker is shutting down: a drain gives its job back to the queue at its next step. */
  closing?: () => boolean;
}

const BATCH = 50;
/** The most changes one digest carries (a message must stay readable and within the platforms' limits). */
const DIGEST_MAX = 20;
/** Waits shorter than this are slept in the job; longer ones give the worker back (the channel's job is delayed). */
const SLEEP_LIMIT_MS = 1_000;
/** How long a channel whose drain failed for good waits before a new drain tries again. */
const RESCHEDULE_DELAY_MS = 30_000;
/** Transient failures in a row of one item retried by delaying the drain (backoff 1 s doubling to 60 s). */
const ITEM_ATTEMPTS = 12;
/**
 * A drain's lease on its channel lasts this long unless renewed (a heartbeat renews it every third of it): how long
 * a channel whose drain's process died waits before another drain takes it over.
 */
export const DRAIN_LEASE_MS = 15_000;

type EventItem = QueuedItem & { item: { deliveryId: string; event: ChangeEvent } };
const events = (qs: readonly QueuedItem[]): EventItem[] => qs.filter((q): q is EventItem => 'event' in q.item);

/** What an attempt posts: the item itself, or the digest of its members. */
function sendItem(a: Attempt): SendItem {
  return a.digest ? { deliveryId: a.deliveryId, digest: events(a.members).map((q) => q.item) } : a.members[0]!.item;
}

/**
 * What to send next: a digest already attempted (in doubt: exactly its frozen members again), a new digest, or the
 * first item alone.
 */
async function nextAttempt(deps: NotifyDeps, batch: QueuedItem[]): Promise<Attempt> {
  const first = batch[0]!;
  const alone: Attempt = { deliveryId: first.item.deliveryId, members: [first], digest: false };
  const record = await deps.outbox.getDelivery(first.item.deliveryId);
  if (record?.digest) {
    // A digest is frozen at its first attempt, so a retry never sends another member set under its id (the
    // platforms would answer with the earlier message). One recorded before digests were frozen goes alone, in doubt.
    const members = await deps.outbox.getDigest(record.digest);
    return members ? { deliveryId: record.digest, members, digest: true } : alone;
  }
  // An item already attempted on its own is in doubt: it is sent again on its own, with the same delivery id, so
  // that the platform recognises the repeat (Slack: metadata; Discord: nonce). Folding it into a digest would not.
  if ((record?.attempt ?? 0) > 0) return alone;
  // Only the changes at the head of the outbox, up to the first notice, may be grouped: order is kept.
  const notice = batch.findIndex((q) => !('event' in q.item));
  const leading = events(notice === -1 ? batch : batch.slice(0, notice));
  if (leading.length > deps.digestThreshold) {
    const members = leading.slice(0, DIGEST_MAX);
    return { deliveryId: digestId(members.map((q) => q.item.deliveryId)), members, digest: true };
  }
  return alone;
}

/** The channel is gone or closed to the bot: its subscriptions are disabled and the operators told. */
async function giveUpOnChannel(deps: NotifyDeps, channel: ChannelRef, reason: string): Promise<void> {
  const disabled = await deps.subscriptions.disableChannel(channel, reason, deps.clock());
  deps.logger.error({ channel: channelKey(channel), reason, disabled }, 'channel unreachable: its subscriptions are disabled');
  const ops = deps.fanout.opsChannel;
  if (ops && channelKey(ops) !== channelKey(channel)) {
    const notice: Notice = { type: 'channel-disabled', channel, reason };
    const id = noticeId(notice, deps.clock().toISOString().slice(0, 10));
    await deliverTo(deps.fanout, ops, [{ deliveryId: deliveryId(id, ops), notice, noticeId: id }]);
  }
}

/** Gives the worker back: the job waits `ms` in the delayed set (without a job token, as in tests, it sleeps). */
async function later(job: Job<NotifyJob>, token: string | undefined, ms: number): Promise<void> {
  if (!token) return void (await sleep(ms));
  await job.moveToDelayed(Date.now() + ms, token);
  throw new DelayedError();
}

/** The channel's lease; while another drain holds it, this job waits for it to end or lapse. */
async function takeLease(deps: NotifyDeps, job: Job<NotifyJob>, channel: ChannelRef, token?: string): Promise<Lease> {
  for (;;) {
    const got = await deps.outbox.acquireLease(channel, deps.leaseMs ?? DRAIN_LEASE_MS);
    if ('lease' in got) return got.lease;
    deps.logger.debug({ channel: channelKey(channel), heldForMs: got.heldForMs }, 'another drain holds this channel: waiting for its lease');
    await later(job, token, got.heldForMs + Math.round(Math.random() * 100));
  }
}

/**
 * Drains one channel's outbox in order, holding the channel's lease (one drain per channel at a time; a drain that
 * lost it stops, and its writes are refused). Each send first takes its tokens from the platform's buckets (shared in
 * Redis by all workers); many waiting changes go as one digest, frozen at its first attempt. A transient failure
 * delays this channel's job by a backoff and retries the same send first, as in doubt; a channel's 429 delays this
 * channel's job only; a global 429 pauses the queue; a permanent failure marks the send failed, and a channel that
 * is gone disables its subscriptions.
 */
export async function drainChannel(deps: NotifyDeps, job: Job<NotifyJob>, token?: string, pauseAll?: (ms: number) => Promise<void>): Promise<number> {
  const parsed = notifyJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid drain job: ${parsed.error.message}`);
  const channel = parsed.data.channel;
  const lease = await takeLease(deps, job, channel, token);
  const progress = { sent: 0, lost: false };
  const beat = setInterval(() => {
    deps.outbox.renewLease(lease).then((held) => void (progress.lost ||= !held), () => {});
  }, lease.ttlMs / 3);
  beat.unref();
  try {
    await drainHeld(deps, job, lease, progress, token, pauseAll);
  } catch (err) {
    if (!(err instanceof LeaseLostError)) throw err;
    deps.logger.warn({ channel: channelKey(channel), fence: lease.fence, sent: progress.sent }, 'drain lost its channel lease to another drain: it stops without recording anything more');
  } finally {
    clearInterval(beat);
    await deps.outbox.releaseLease(lease).catch(() => {});
  }
  return progress.sent;
}

async function drainHeld(deps: NotifyDeps, job: Job<NotifyJob>, lease: Lease, progress: { sent: number; lost: boolean }, token?: string, pauseAll?: (ms: number) => Promise<void>): Promise<void> {
  const { channel } = lease;
  const lang = (await deps.subscriptions.getLang(channel)) ?? deps.defaultLang;
  const sender = deps.senders[channel.platform];
  let gone: string | undefined;
  for (;;) {
    if (progress.lost) throw new LeaseLostError('the lease heartbeat found another drain on this channel');
    if (deps.closing?.() && token) await later(job, token, 0); // shutting down: the job goes back to the queue
    const batch = await deps.outbox.peek(channel, BATCH);
    if (batch.length === 0) {
      if (await deps.outbox.finishIfEmpty(lease)) return;
      continue;
    }
    const settled = await deps.outbox.getDelivery(batch[0]!.item.deliveryId);
    if (settled?.status === 'sent' || settled?.status === 'failed') {
      await deps.outbox.drop(lease, batch[0]!); // a drain died between recording and removing it
      continue;
    }
    const planned = await nextAttempt(deps, batch);
    if (gone || !sender) {
      await deps.outbox.markFailed(lease, planned, gone ?? `no ${channel.platform} token configured`, deps.clock());
      void deps.metrics?.delivery(channel.platform, 'failed', planned.members.length);
      continue;
    }
    const wait = await deps.limiter.acquire(sender.buckets(channel));
    if (wait > 0) {
      void deps.metrics?.rateLimitWait(channel.platform, 'bucket');
      if (wait <= SLEEP_LIMIT_MS || !token) await sleep(wait);
      else await later(job, token, wait);
      continue;
    }
    const { attempt, lang: sendLang } = await deps.outbox.startAttempt(lease, planned, lang, deps.clock());
    // The lease is checked once more right before the platform call: a drain that stalled past it must not post.
    if (progress.lost) throw new LeaseLostError('the lease heartbeat found another drain on this channel');
    try {
      const messageId = await sender.send(channel, sendItem(planned), sendLang === 'en' ? 'en' : 'fr', attempt);
      await deps.outbox.markSent(lease, planned, messageId, deps.clock());
      progress.sent += planned.members.length;
      void deps.metrics?.delivery(channel.platform, 'sent', planned.members.length);
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      void deps.metrics?.deliveryError(channel.platform, err, planned.members.length);
      if (err.outcome === 'rate-limited') {
        if (err.details.global && pauseAll) {
          await pauseAll(err.details.retryAfterMs ?? 1_000);
          throw Worker.RateLimitError();
        }
        await later(job, token, err.details.retryAfterMs ?? 1_000);
        continue;
      }
      if (err.outcome === 'transient') {
        // The backoff follows this send's own attempts (each send of it, a 429 included), not the job's: a long
        // drain that made progress between failures must not wait a minute for its next transient error. Past
        // ITEM_ATTEMPTS the job fails (its own attempts count), and a failed drain is rescheduled (startNotifyWorker).
        if (!token || attempt >= ITEM_ATTEMPTS) throw err;
        await later(job, token, drainBackoff(attempt, Math.random, deps.timeScale));
      }
      await deps.outbox.markFailed(lease, planned, err.message, deps.clock());
      if (err.details.channelGone) {
        gone = err.message;
        await giveUpOnChannel(deps, channel, err.message);
      }
    }
  }
}

export function startNotifyWorker(deps: NotifyDeps & { connection: Redis; prefix: string; concurrency?: number; stalledIntervalMs?: number }): { worker: Worker<NotifyJob, number>; stop: () => Promise<void> } {
  let closing = false;
  const drainDeps: NotifyDeps = { ...deps, closing: () => closing };
  const worker: Worker<NotifyJob, number> = new Worker<NotifyJob, number>(
    QUEUES.notify,
    (job, token) => drainChannel(drainDeps, job, token, (ms) => worker.rateLimit(ms)),
    {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: deps.concurrency ?? 8,
      settings: { backoffStrategy: (attemptsMade: number) => drainBackoff(attemptsMade, Math.random, deps.timeScale) },
      ...(deps.stalledIntervalMs ? { stalledInterval: deps.stalledIntervalMs, lockDuration: deps.stalledIntervalMs } : {}),
    },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    void (async () => {
      // Failed for good (attempts used up, or stalled too often): a fresh drain takes over after a pause, so the
      // channel's outbox never waits for a next event that may not come.
      if ((await job.getState()) !== 'failed') return;
      const parsed = notifyJobSchema.safeParse(job.data);
      if (!parsed.success) return;
      const generation = await deps.outbox.reschedule(parsed.data.channel);
      const jobId = drainJobId(sha256(channelKey(parsed.data.channel)).slice(0, 16), generation);
      await deps.fanout.notifyQueue.add('drain', { channel: parsed.data.channel }, { ...DRAIN_JOB_OPTIONS, jobId, delay: RESCHEDULE_DELAY_MS / (deps.timeScale ?? 1) });
      deps.logger.error({ job: job.id, err: err.message, next: jobId }, 'drain failed for good; a new drain takes over shortly');
    })().catch((e: Error) => deps.logger.error({ err: e.message }, 'could not reschedule a failed drain'));
  });
  worker.on('error', (err) => deps.logger.error({ err: err.message }, 'notify worker error'));
  return {
    worker,
    stop: async () => {
      // Drains give their jobs back at their next step (and let their leases go) rather than run to the end.
      closing = true;
      await closeWorker(worker, deps.logger, 'notify');
    },
  };
}
