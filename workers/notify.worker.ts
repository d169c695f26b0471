import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Lang } from '../src/commands/ports.js';
import { DeliveryError, deliveryId, noticeId, type Notice, type Sender } from '../src/core/delivery.js';
import { channelKey, type ChannelRef, type Platform } from '../src/core/subscriptions.js';
import type { Logger } from '../src/logger.js';
import { QUEUES } from '../src/queues/names.js';
import { notifyJobSchema, type NotifyJob } from '../src/queues/payloads.js';
import type { OutboxStore, QueuedItem } from '../src/store/outbox-store.js';
import type { RedisSubscriptionStore } from '../src/store/subscription-store.js';
import { deliverTo, drainBackoff, type FanoutDeps } from './fanout.worker.js';

export interface NotifyDeps {
  outbox: OutboxStore;
  subscriptions: RedisSubscriptionStore;
  senders: Partial<Record<Platform, Sender>>;
  /** To tell the operators about a channel disabled (through the same path as operator events). */
  fanout: FanoutDeps;
  logger: Logger;
  clock: () => Date;
  defaultLang: Lang;
}

const BATCH = 20;

/** Sends one queued item, unless an earlier drain settled it; platform errors propagate as DeliveryError. */
async function sendOne(deps: NotifyDeps, channel: ChannelRef, q: QueuedItem, lang: Lang): Promise<void> {
  const record = await deps.outbox.getDelivery(q.item.deliveryId);
  if (record?.status === 'sent' || record?.status === 'failed') {
    // Already settled by an earlier drain that died before removing it from the outbox.
    await deps.outbox.drop(channel, q);
    return;
  }
  const sender = deps.senders[channel.platform];
  if (!sender) {
    await deps.outbox.markFailed(channel, q, `no ${channel.platform} token configured`, deps.clock());
    return;
  }
  const attempt = (record?.attempt ?? 0) + 1;
  await deps.outbox.markSending(q.item.deliveryId, attempt, deps.clock());
  const messageId = await sender.send(channel, q.item, lang, attempt);
  await deps.outbox.markSent(channel, q, messageId, deps.clock());
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
 * Drains one channel's outbox in order, one item at a time. A transient failure retries the whole job (with
 * backoff; the item is retried first, as in doubt). A channel rate limit delays only this channel's job.
 * A permanent failure marks the item failed; a channel that is gone also disables its subscriptions.
 */
export async function drainChannel(deps: NotifyDeps, job: Job<NotifyJob>, token?: string): Promise<number> {
  const parsed = notifyJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid drain job: ${parsed.error.message}`);
  const channel = parsed.data.channel;
  const lang = (await deps.subscriptions.getLang(channel)) ?? deps.defaultLang;
  let sent = 0;
  /** Once the platform says the channel is gone, the rest of its outbox fails without asking again. */
  let gone: string | undefined;
  for (;;) {
    const batch = await deps.outbox.peek(channel, BATCH);
    if (batch.length === 0) {
      if (await deps.outbox.finishIfEmpty(channel)) return sent;
      continue;
    }
    for (const q of batch) {
      if (gone) {
        await deps.outbox.markFailed(channel, q, gone, deps.clock());
        continue;
      }
      try {
        await sendOne(deps, channel, q, lang);
        sent++;
      } catch (err) {
        if (!(err instanceof DeliveryError)) throw err;
        if (err.outcome === 'rate-limited' && token) {
          await job.moveToDelayed(Date.now() + (err.details.retryAfterMs ?? 1_000), token);
          throw new DelayedError();
        }
        if (err.outcome !== 'permanent') throw err;
        await deps.outbox.markFailed(channel, q, err.message, deps.clock());
        if (err.details.channelGone) {
          gone = err.message;
          await giveUpOnChannel(deps, channel, err.message);
        }
      }
    }
  }
}

export function startNotifyWorker(deps: NotifyDeps & { connection: Redis; prefix: string; concurrency?: number }): { worker: Worker<NotifyJob, number>; stop: () => Promise<void> } {
  const worker = new Worker<NotifyJob, number>(QUEUES.notify, (job, token) => drainChannel(deps, job, token), {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency ?? 8,
    settings: { backoffStrategy: (attemptsMade: number) => drainBackoff(attemptsMade) },
  });
  worker.on('failed', (job, err) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    // Failed for good: let the next event for this channel schedule a new drain.
    const parsed = notifyJobSchema.safeParse(job.data);
    if (parsed.success) void deps.outbox.unschedule(parsed.data.channel);
    deps.logger.error({ job: job.id, err: err.message }, 'drain failed for good; the outbox waits for the next event');
  });
  worker.on('error', (err) => deps.logger.error({ err: err.message }, 'notify worker error'));
  return { worker, stop: () => worker.close() };
}
