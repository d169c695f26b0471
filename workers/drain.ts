/**
 * A drain: one channel's outbox posted in order (the BullMQ processor of each platform's drain queue, wired by
 * notify.worker.ts).
 */
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lang } from '../src/commands/ports.js';
import { DeliveryError, deliveryId, digestId, noticeId, type Notice, type Sender, type SendItem } from '../src/core/delivery.js';
import type { ChangeEvent } from '../src/core/events.js';
import { channelKey, type ChannelRef, type Platform } from '../src/core/subscriptions.js';
import type { Logger } from '../src/logger.js';
import type { MetricsRecorder } from '../src/metrics.js';
import { notifyJobSchema, type NotifyJob } from '../src/queues/payloads.js';
import { LeaseLostError, type Attempt, type DeliveryRecord, type Lease, type OutboxStore, type QueuedItem } from '../src/store/outbox-store.js';
import type { RateLimiter } from '../src/store/rate-limiter.js';
import type { RedisSubscriptionStore } from '../src/store/subscription-store.js';
import { deliverTo, drainBackoff, type FanoutDeps } from './fanout.worker.js';

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
/**
 * A wait for the channel's own bucket (Slack 1/s, Discord 5 per 5 s) longer than this gives the slot back to another
 * channel: the job is delayed until the token is due. Shorter ones are slept in the job, as are waits for the
 * platform's shared bucket (Discord's 48/s), which every drain of the platform waits for alike.
 */
const SLEEP_LIMIT_MS = 50;
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
 * What to send next (`record`: the first item's delivery record): a digest already attempted (in doubt: exactly its frozen members again), a new digest, or the
 * first item alone.
 */
async function nextAttempt(deps: NotifyDeps, batch: QueuedItem[], record: DeliveryRecord | undefined, held = false): Promise<Attempt> {
  const first = batch[0]!;
  const alone: Attempt = { deliveryId: first.item.deliveryId, members: [first], digest: false };
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
  // A held channel's due changes are its scheduled digest: all of them (up to a batch) in one message, even one.
  if (held && leading.length > 0) {
    const members = leading.slice(0, BATCH);
    return { deliveryId: digestId(members.map((q) => q.item.deliveryId)), members, digest: true };
  }
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
 * Takes the send's tokens from its buckets. A wait for the platform's shared bucket is slept here, as every drain of
 * the platform waits for it alike: true once taken. A wait for the channel's own bucket, when longer than
 * SLEEP_LIMIT_MS, gives the slot to another channel (the job is delayed until the token is due); a short one is
 * slept, then the send is planned again (more changes may have come meanwhile): false.
 */
async function tokens(deps: NotifyDeps, sender: Sender, job: Job<NotifyJob>, channel: ChannelRef, token?: string): Promise<boolean> {
  let waited = false;
  for (;;) {
    const wait = await deps.limiter.acquire(sender.buckets(channel));
    if (wait.ms === 0) return true;
    if (!waited) void deps.metrics?.rateLimitWait(channel.platform, 'bucket'); // one count per send that waited
    waited = true;
    if (!wait.channel) {
      await sleep(wait.ms);
      continue;
    }
    if (wait.ms > SLEEP_LIMIT_MS) await later(job, token, wait.ms);
    else await sleep(wait.ms);
    return false;
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
  const progress = { sent: 0, lost: false, finished: false };
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
    if (!progress.finished) await deps.outbox.releaseLease(lease).catch(() => {}); // finishing let it go already
  }
  return progress.sent;
}

async function drainHeld(deps: NotifyDeps, job: Job<NotifyJob>, lease: Lease, progress: { sent: number; lost: boolean; finished: boolean }, token?: string, pauseAll?: (ms: number) => Promise<void>): Promise<void> {
  const { channel } = lease;
  const lang = (await deps.subscriptions.getLang(channel)) ?? deps.defaultLang;
  const sender = deps.senders[channel.platform];
  // A channel whose alerts wait for a scheduled digest sends only what its digest job marked due (decision 0028).
  const held = (await sender?.holds?.(channel)) === true;
  let gone: string | undefined;
  for (;;) {
    if (progress.lost) throw new LeaseLostError('the lease heartbeat found another drain on this channel');
    if (deps.closing?.() && token) await later(job, token, 0); // shutting down: the job goes back to the queue
    const upTo = held ? await deps.outbox.due(channel) : undefined;
    const batch = await deps.outbox.peek(channel, BATCH, upTo);
    if (batch.length === 0) {
      if ((progress.finished = await deps.outbox.finishIfEmpty(lease, upTo))) return;
      continue;
    }
    const head = await deps.outbox.getDelivery(batch[0]!.item.deliveryId);
    if (head?.status === 'sent' || head?.status === 'failed') {
      await deps.outbox.drop(lease, batch[0]!); // a drain died between recording and removing it
      continue;
    }
    const planned = await nextAttempt(deps, batch, head, held);
    if (gone || !sender) {
      await deps.outbox.markFailed(lease, planned, gone ?? `${channel.platform} is not configured (no token, or WEBHOOKS_ENABLED off)`, deps.clock());
      void deps.metrics?.delivery(channel.platform, 'failed', planned.members.length);
      continue;
    }
    if (!(await tokens(deps, sender, job, channel, token))) continue; // the send is planned again once they are due
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
