import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lang } from '../src/commands/ports.js';
import { DeliveryError, deliveryId, digestId, noticeId, type Notice, type Sender, type SendItem } from '../src/core/delivery.js';
import { channelKey, type ChannelRef, type Platform } from '../src/core/subscriptions.js';
import type { Logger } from '../src/logger.js';
import type { MetricsRecorder } from '../src/metrics.js';
import { QUEUES } from '../src/queues/names.js';
import { notifyJobSchema, type NotifyJob } from '../src/queues/payloads.js';
import type { OutboxStore, QueuedItem } from '../src/store/outbox-store.js';
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

/** What to send next: a digest already attempted (in doubt: the same one again), a new digest, or the first item. */
async function nextSend(deps: NotifyDeps, batch: QueuedItem[]): Promise<{ send: SendItem; members: QueuedItem[] }> {
  const first = batch[0]!;
  const record = await deps.outbox.getDelivery(first.item.deliveryId);
  const started = record?.digest;
  const events = (qs: QueuedItem[]) => qs.filter((q): q is QueuedItem & { item: { deliveryId: string; event: never } } => 'event' in q.item);
  // An item already attempted on its own is in doubt: it is sent again on its own, with the same delivery id, so
  // that the platform recognises the repeat (Slack: metadata; Discord: nonce). Folding it into a digest would not.
  if (!started && (record?.attempt ?? 0) > 0) return { send: first.item, members: [first] };
  if (started) {
    const records = await Promise.all(batch.map((q) => deps.outbox.getDelivery(q.item.deliveryId)));
    const members = events(batch.filter((_, i) => records[i]?.digest === started));
    return { send: { deliveryId: started, digest: members.map((q) => q.item) }, members };
  }
  // Only the changes at the head of the outbox, up to the first notice, may be grouped: order is kept.
  const notice = batch.findIndex((q) => !('event' in q.item));
  const leading = events(notice === -1 ? batch : batch.slice(0, notice));
  if (leading.length > deps.digestThreshold) {
    const members = leading.slice(0, DIGEST_MAX);
    return { send: { deliveryId: digestId(members.map((q) => q.item.deliveryId)), digest: members.map((q) => q.item) }, members };
  }
  return { send: first.item, members: [first] };
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

/**
 * Drains one channel's outbox in order. Each send first takes its tokens from the platform's buckets (shared in
 * Redis by all workers); many waiting changes go as one digest. A transient failure delays this channel's job by a
 * backoff and retries the item first, as in doubt; a channel's 429 delays this channel's job only; a global 429 pauses the queue; a
 * permanent failure marks the item failed, and a channel that is gone disables its subscriptions.
 */
export async function drainChannel(deps: NotifyDeps, job: Job<NotifyJob>, token?: string, pauseAll?: (ms: number) => Promise<void>): Promise<number> {
  const parsed = notifyJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid drain job: ${parsed.error.message}`);
  const channel = parsed.data.channel;
  const lang = (await deps.subscriptions.getLang(channel)) ?? deps.defaultLang;
  const sender = deps.senders[channel.platform];
  let sent = 0;
  let gone: string | undefined;
  for (;;) {
    const batch = await deps.outbox.peek(channel, BATCH);
    if (batch.length === 0) {
      if (await deps.outbox.finishIfEmpty(channel)) return sent;
      continue;
    }
    const settled = await deps.outbox.getDelivery(batch[0]!.item.deliveryId);
    if (settled?.status === 'sent' || settled?.status === 'failed') {
      await deps.outbox.drop(channel, batch[0]!); // a drain died between recording and removing it
      continue;
    }
    if (gone || !sender) {
      await deps.outbox.markFailed(channel, batch[0]!, gone ?? `no ${channel.platform} token configured`, deps.clock());
      void deps.metrics?.delivery(channel.platform, 'failed');
      continue;
    }
    const wait = await deps.limiter.acquire(sender.buckets(channel));
    if (wait > 0) {
      void deps.metrics?.rateLimitWait(channel.platform, 'bucket');
      if (wait <= SLEEP_LIMIT_MS || !token) {
        await sleep(wait);
        continue;
      }
      await job.moveToDelayed(Date.now() + wait, token);
      throw new DelayedError();
    }
    const { send, members } = await nextSend(deps, batch);
    const attempt = ((await deps.outbox.getDelivery(members[0]!.item.deliveryId))?.attempt ?? 0) + 1;
    const digest = 'digest' in send ? send.deliveryId : undefined;
    for (const m of members) await deps.outbox.markSending(m.item.deliveryId, attempt, deps.clock(), digest);
    try {
      const messageId = await sender.send(channel, send, lang, attempt);
      await deps.outbox.markSentAll(channel, members, messageId, deps.clock());
      sent += members.length;
      void deps.metrics?.delivery(channel.platform, 'sent', members.length);
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      void deps.metrics?.deliveryError(channel.platform, err, members.length);
      if (err.outcome === 'rate-limited' && err.details.global && pauseAll) {
        await pauseAll(err.details.retryAfterMs ?? 1_000);
        throw Worker.RateLimitError();
      }
      if (err.outcome === 'rate-limited' && token) {
        await job.moveToDelayed(Date.now() + (err.details.retryAfterMs ?? 1_000), token);
        throw new DelayedError();
      }
      if (err.outcome !== 'permanent') {
        // The backoff follows this item's own attempts (each send of it, a 429 included), not the job's: a long
        // drain that made progress between failures must not wait a minute for its next transient error. Past
        // ITEM_ATTEMPTS the job fails (its own attempts count), and a failed drain is rescheduled (startNotifyWorker).
        if (token && attempt < ITEM_ATTEMPTS) {
          await job.moveToDelayed(Date.now() + drainBackoff(attempt, Math.random, deps.timeScale), token);
          throw new DelayedError();
        }
        throw err;
      }
      for (const m of members) await deps.outbox.markFailed(channel, m, err.message, deps.clock());
      if (err.details.channelGone) {
        gone = err.message;
        await giveUpOnChannel(deps, channel, err.message);
      }
    }
  }
}

export function startNotifyWorker(deps: NotifyDeps & { connection: Redis; prefix: string; concurrency?: number; stalledIntervalMs?: number }): { worker: Worker<NotifyJob, number>; stop: () => Promise<void> } {
  const worker: Worker<NotifyJob, number> = new Worker<NotifyJob, number>(
    QUEUES.notify,
    (job, token) => drainChannel(deps, job, token, (ms) => worker.rateLimit(ms)),
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
  return { worker, stop: () => closeWorker(worker, deps.logger, 'notify') };
}
