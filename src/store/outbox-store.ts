import type { Redis } from 'ioredis';
import type { DeliveryStatus, OutboxItem } from '../core/delivery.js';
import { channelKey, type ChannelRef } from '../core/subscriptions.js';
import type { Keys } from './keys.js';

/**
 * KEYS: outbox stream, outbox state. ARGV: channel JSON, now, then pairs (delivery key, item JSON).
 * A delivery is created (pending) and queued only if it does not exist yet: fanning out the same event twice
 * queues it once. When something was queued and no drain is scheduled, marks one scheduled and returns its
 * generation (> 0). While a drain is scheduled it returns that drain's generation again, so that the caller
 * (re-)adds its job, idempotently by job id: a reply lost between this script and the job's creation (a killed
 * process, a Redis restart) is mended by the next enqueue or by the fan-out's replay. Returns 0 otherwise.
 */
const ENQUEUE = `
local queued = 0
for i = 3, #ARGV, 2 do
  if redis.call('HSETNX', ARGV[i], 'status', 'pending') == 1 then
    local item = cjson.decode(ARGV[i + 1])
    redis.call('HSET', ARGV[i], 'attempt', 0, 'channel', ARGV[1], 'updatedAt', ARGV[2],
      'item', item.event and item.event.id or item.noticeId)
    redis.call('XADD', KEYS[1], '*', 'delivery', item.deliveryId, 'item', ARGV[i + 1])
    queued = queued + 1
  end
end
if redis.call('HGET', KEYS[2], 'scheduled') == '1' then
  return tonumber(redis.call('HGET', KEYS[2], 'generation'))
end
if queued > 0 then
  redis.call('HSET', KEYS[2], 'scheduled', '1', 'channel', ARGV[1])
  return redis.call('HINCRBY', KEYS[2], 'generation', 1)
end
return 0
`;

/** KEYS: outbox state. A drain that failed for good hands over to a new generation (returned). */
const RESCHEDULE = `
redis.call('HSET', KEYS[1], 'scheduled', '1')
return redis.call('HINCRBY', KEYS[1], 'generation', 1)
`;

/** KEYS: outbox stream, outbox state. Clears the scheduled flag only if the outbox is empty (returns 1). */
const FINISH_IF_EMPTY = `
if redis.call('XLEN', KEYS[1]) > 0 then return 0 end
redis.call('HSET', KEYS[2], 'scheduled', '0')
return 1
`;

export interface QueuedItem {
  streamId: string;
  item: OutboxItem;
}

export interface DeliveryRecord {
  status: DeliveryStatus;
  attempt: number;
  messageId?: string;
  error?: string;
  updatedAt?: string;
  /** The digest this delivery was sent in, once one was attempted: a retry sends exactly that digest again. */
  digest?: string;
  channel?: string;
  item?: string;
}

/** Per-channel outboxes and delivery records. */
export interface OutboxStore {
  /** Queues items for a channel (once each); returns a drain generation to schedule, or 0. */
  enqueue(channel: ChannelRef, items: readonly OutboxItem[], now: Date): Promise<number>;
  /** The oldest queued items of a channel, in order. */
  peek(channel: ChannelRef, count: number): Promise<QueuedItem[]>;
  /** Ends a drain if nothing is queued (atomically with enqueue's check): true when the drain may stop. */
  finishIfEmpty(channel: ChannelRef): Promise<boolean>;
  /** A drain that failed for good hands the channel over to a new generation, whose job the caller adds. */
  reschedule(channel: ChannelRef): Promise<number>;
  getDelivery(deliveryId: string): Promise<DeliveryRecord | undefined>;
  /** Recorded before the platform call: an attempt that dies after this is "in doubt". */
  markSending(deliveryId: string, attempt: number, now: Date, digest?: string): Promise<void>;
  markSent(channel: ChannelRef, q: QueuedItem, messageId: string, now: Date): Promise<void>;
  /** Every delivery of a digest sent, atomically. */
  markSentAll(channel: ChannelRef, qs: readonly QueuedItem[], messageId: string, now: Date): Promise<void>;
  /** Deliveries that failed for good, newest first. */
  failed(count: number): Promise<Array<{ deliveryId: string; at: string; record: DeliveryRecord }>>;
  markFailed(channel: ChannelRef, q: QueuedItem, error: string, now: Date): Promise<void>;
  /** Removes an item whose delivery was already settled (a drain died between recording and removing). */
  drop(channel: ChannelRef, q: QueuedItem): Promise<void>;
}

/**
 * Delivery records expire `retentionDays` after they settle (sent or failed); the change log itself is kept.
 */
export function createOutboxStore(redis: Redis, keys: Keys, opts: { retentionDays?: number } = {}): OutboxStore {
  const retention = Math.round((opts.retentionDays ?? 180) * 86_400);
  const box = (c: ChannelRef): string => keys.outbox(channelKey(c));
  const state = (c: ChannelRef): string => keys.outboxState(channelKey(c));
  return {
    async enqueue(channel, items, now) {
      if (items.length === 0) return 0;
      const args = [JSON.stringify(channel), now.toISOString(), ...items.flatMap((i) => [keys.delivery(i.deliveryId), JSON.stringify(i)])];
      return Number(await redis.eval(ENQUEUE, 2, box(channel), state(channel), ...args));
    },
    async peek(channel, count) {
      const raw = (await redis.xrange(box(channel), '-', '+', 'COUNT', count)) as [string, string[]][];
      return raw.map(([streamId, fields]) => ({ streamId, item: JSON.parse(fields[fields.indexOf('item') + 1]!) as OutboxItem }));
    },
    async finishIfEmpty(channel) {
      return Number(await redis.eval(FINISH_IF_EMPTY, 2, box(channel), state(channel))) === 1;
    },
    async reschedule(channel) {
      return Number(await redis.eval(RESCHEDULE, 1, state(channel)));
    },
    async getDelivery(id) {
      const h = await redis.hgetall(keys.delivery(id));
      if (!h.status) return undefined;
      return {
        status: h.status as DeliveryStatus,
        attempt: Number(h.attempt ?? 0),
        ...(h.messageId ? { messageId: h.messageId } : {}),
        ...(h.error ? { error: h.error } : {}),
        ...(h.updatedAt ? { updatedAt: h.updatedAt } : {}),
        ...(h.digest ? { digest: h.digest } : {}),
        ...(h.channel ? { channel: h.channel } : {}),
        ...(h.item ? { item: h.item } : {}),
      };
    },
    async markSending(id, attempt, now, digest) {
      await redis.hset(keys.delivery(id), 'status', 'sending', 'attempt', attempt, 'updatedAt', now.toISOString(), ...(digest ? ['digest', digest] : []));
    },
    async markSent(channel, q, messageId, now) {
      await this.markSentAll(channel, [q], messageId, now);
    },
    async markSentAll(channel, qs, messageId, now) {
      const tx = redis.multi();
      for (const q of qs) {
        tx.hset(keys.delivery(q.item.deliveryId), 'status', 'sent', 'messageId', messageId, 'updatedAt', now.toISOString());
        tx.expire(keys.delivery(q.item.deliveryId), retention);
      }
      await tx.xdel(box(channel), ...qs.map((q) => q.streamId)).exec();
    },
    async failed(count) {
      const ids = await redis.zrevrange(keys.deliveriesFailed(), 0, count - 1, 'WITHSCORES');
      const out: Array<{ deliveryId: string; at: string; record: DeliveryRecord }> = [];
      for (let i = 0; i < ids.length; i += 2) {
        const record = await this.getDelivery(ids[i]!);
        if (record) out.push({ deliveryId: ids[i]!, at: new Date(Number(ids[i + 1])).toISOString(), record });
      }
      return out;
    },
    async drop(channel, q) {
      await redis.xdel(box(channel), q.streamId);
    },
    async markFailed(channel, q, error, now) {
      await redis
        .multi()
        .hset(keys.delivery(q.item.deliveryId), 'status', 'failed', 'error', error, 'updatedAt', now.toISOString())
        .expire(keys.delivery(q.item.deliveryId), retention)
        .zadd(keys.deliveriesFailed(), now.getTime(), q.item.deliveryId)
        .zremrangebyscore(keys.deliveriesFailed(), '-inf', now.getTime() - retention * 1000)
        .xdel(box(channel), q.streamId)
        .exec();
    },
  };
}
