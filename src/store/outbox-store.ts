import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DeliveryStatus, OutboxItem } from '../core/delivery.js';
import { channelKey, type ChannelRef } from '../core/subscriptions.js';
import type { Keys } from './keys.js';
import { evalScript, evalScriptMany, type LuaScript } from './lua.js';
import { ACQUIRE_LEASE, DROP, ENQUEUE, FINISH_IF_EMPTY, MARK_DUE, RELEASE_LEASE, RENEW_LEASE, RESCHEDULE, SETTLE, START_ATTEMPT } from './outbox-scripts.js';

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
  /** The language of its first attempt: every retry sends the same message. */
  lang?: string;
  channel?: string;
  item?: string;
}

/**
 * A drain's hold on one channel's outbox: one drain per channel at a time. Every write the drain makes is checked
 * against its fence in Redis, so a drain that lost its lease (its process stalled past `ttlMs`, another drain took
 * the channel) cannot record anything; each write also extends the lease.
 */
export interface Lease {
  channel: ChannelRef;
  fence: string;
  ttlMs: number;
}

/** A write by a drain whose lease another drain has taken since: nothing was written. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/** What a drain is about to send: one item, or a digest (its id derives from its members) and its members. */
export interface Attempt {
  deliveryId: string;
  members: readonly QueuedItem[];
  digest: boolean;
}

/** Per-channel outboxes and delivery records. */
export interface OutboxStore {
  /** Queues items for a channel (once each); returns a drain generation to schedule, or 0. */
  enqueue(channel: ChannelRef, items: readonly OutboxItem[], now: Date): Promise<number>;
  /** `enqueue` for many channels in one round trip (each channel's part is atomic on its own); generations in order. */
  enqueueMany(batches: ReadonlyArray<{ channel: ChannelRef; items: readonly OutboxItem[] }>, now: Date): Promise<number[]>;
  /** The oldest queued items of a channel, in order; with `upTo`, only those queued up to that stream id (included). */
  peek(channel: ChannelRef, count: number, upTo?: string): Promise<QueuedItem[]>;
  /**
   * A held channel (an e-mail digest) may send what is queued now: its `due` mark moves up to the last queued item.
   * Returns the mark ('' when nothing is due).
   */
  markDue(channel: ChannelRef): Promise<string>;
  /** A held channel's `due` mark: the last stream id that may leave ('' when none). */
  due(channel: ChannelRef): Promise<string>;
  /** A drain that failed for good hands the channel over to a new generation, whose job the caller adds. */
  reschedule(channel: ChannelRef): Promise<number>;
  getDelivery(deliveryId: string): Promise<DeliveryRecord | undefined>;
  /** A digest's members as frozen at its first attempt (undefined if it was never attempted). */
  getDigest(digestId: string): Promise<QueuedItem[] | undefined>;
  /** Deliveries that failed for good, newest first. */
  failed(count: number): Promise<Array<{ deliveryId: string; at: string; record: DeliveryRecord }>>;

  /** Takes the channel's drain lease, or says how long the drain holding it keeps it unless renewed. */
  acquireLease(channel: ChannelRef, ttlMs: number): Promise<{ lease: Lease } | { heldForMs: number }>;
  /** Extends the lease; false when another drain has taken the channel. */
  renewLease(lease: Lease): Promise<boolean>;
  /** Lets the lease go (a no-op if another drain has it). */
  releaseLease(lease: Lease): Promise<void>;
  // Every write below is fenced: it throws LeaseLostError, writing nothing, once another drain took the channel.
  /**
   * Recorded before the platform call, in one step: an attempt that dies after this is "in doubt". A digest's
   * member list is frozen at its first attempt. Returns the attempt number and the language to send in (that of
   * the first attempt, `lang` for a first attempt).
   */
  startAttempt(lease: Lease, attempt: Attempt, lang: string, now: Date): Promise<{ attempt: number; lang: string }>;
  /** Every member (and the digest) recorded as sent with the platform's message id, and out of the outbox. */
  markSent(lease: Lease, attempt: Attempt, messageId: string, now: Date): Promise<void>;
  /** Every member (and the digest) failed for good, listed in the failed deliveries, and out of the outbox. */
  markFailed(lease: Lease, attempt: Attempt, error: string, now: Date): Promise<void>;
  /** Removes an item whose delivery was already settled (a drain died between recording and removing). */
  drop(lease: Lease, q: QueuedItem): Promise<void>;
  /**
   * Ends the drain if nothing is queued (atomically with enqueue's check), letting the lease go: true when it may
   * stop. With `upTo` (a held channel's due mark), only what was queued up to it counts.
   */
  finishIfEmpty(lease: Lease, upTo?: string): Promise<boolean>;
}

const leaseLost = (err: unknown): never => {
  if (err instanceof Error && err.message.includes('LEASE_LOST')) throw new LeaseLostError('another drain has taken this channel');
  throw err;
};

/**
 * Delivery records expire `retentionDays` after they settle (sent or failed); the change log itself is kept.
 */
export function createOutboxStore(redis: Redis, keys: Keys, opts: { retentionDays?: number } = {}): OutboxStore {
  const retention = Math.round((opts.retentionDays ?? 180) * 86_400);
  const box = (c: ChannelRef): string => keys.outbox(channelKey(c));
  const state = (c: ChannelRef): string => keys.outboxState(channelKey(c));
  const leaseKey = (c: ChannelRef): string => keys.outboxLease(channelKey(c));
  /** Runs a fenced script: KEYS state and lease first, ARGV fence and ttl first. */
  const fenced = (script: LuaScript, lease: Lease, extraKeys: string[], extraArgs: Array<string | number>): Promise<unknown> =>
    evalScript(redis, script, 2 + extraKeys.length, state(lease.channel), leaseKey(lease.channel), ...extraKeys, lease.fence, lease.ttlMs, ...extraArgs).catch(leaseLost);
  const settle = async (lease: Lease, a: Attempt, status: 'sent' | 'failed', detail: string, now: Date): Promise<void> => {
    const records = [...(a.digest ? [a.deliveryId] : []), ...a.members.map((m) => m.item.deliveryId)].map((id) => keys.delivery(id));
    const failed = status === 'failed' ? a.members.map((m) => m.item.deliveryId) : [];
    await fenced(SETTLE, lease, [box(lease.channel), keys.deliveriesFailed(), ...records], [
      now.toISOString(), now.getTime(), status, detail, retention, failed.length, ...failed, ...a.members.map((m) => m.streamId),
    ]);
  };
  const enqueueArgs = (channel: ChannelRef, items: readonly OutboxItem[], now: Date): Array<string | number> =>
    [box(channel), state(channel), JSON.stringify(channel), now.toISOString(), ...items.flatMap((i) => [keys.delivery(i.deliveryId), JSON.stringify(i)])];
  return {
    async enqueue(channel, items, now) {
      if (items.length === 0) return 0;
      return Number(await evalScript(redis, ENQUEUE, 2, ...enqueueArgs(channel, items, now)));
    },
    async enqueueMany(batches, now) {
      const queued = batches.filter((b) => b.items.length > 0);
      const replies = await evalScriptMany(redis, ENQUEUE, queued.map((b) => ({ numKeys: 2, args: enqueueArgs(b.channel, b.items, now) })));
      let k = 0;
      return batches.map((b) => {
        if (b.items.length === 0) return 0;
        const [err, value] = replies[k++] ?? [new Error('no reply'), null];
        if (err) throw err;
        return Number(value);
      });
    },
    async peek(channel, count, upTo = '+') {
      if (upTo === '') return [];
      const raw = (await redis.xrange(box(channel), '-', upTo, 'COUNT', count)) as [string, string[]][];
      return raw.map(([streamId, fields]) => ({ streamId, item: JSON.parse(fields[fields.indexOf('item') + 1]!) as OutboxItem }));
    },
    markDue: async (channel) => String(await evalScript(redis, MARK_DUE, 2, box(channel), state(channel))),
    due: async (channel) => (await redis.hget(state(channel), 'due')) ?? '',
    async reschedule(channel) {
      return Number(await evalScript(redis, RESCHEDULE, 1, state(channel)));
    },
    async getDelivery(id) {
      const h = await redis.hgetall(keys.delivery(id));
      if (!h.status) return undefined;
      const optional = (['messageId', 'error', 'updatedAt', 'digest', 'lang', 'channel', 'item'] as const).filter((k) => h[k]);
      return { status: h.status as DeliveryStatus, attempt: Number(h.attempt ?? 0), ...Object.fromEntries(optional.map((k) => [k, h[k]])) };
    },
    async getDigest(id) {
      const members = await redis.hget(keys.delivery(id), 'members');
      return members ? (JSON.parse(members) as QueuedItem[]) : undefined;
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
    async acquireLease(channel, ttlMs) {
      const [fence, left] = (await evalScript(redis, ACQUIRE_LEASE, 2, leaseKey(channel), state(channel), ttlMs, randomBytes(6).toString('hex'))) as [string, number];
      return fence ? { lease: { channel, fence, ttlMs } } : { heldForMs: Number(left) };
    },
    async renewLease(lease) {
      try {
        await fenced(RENEW_LEASE, lease, [], []);
        return true;
      } catch (err) {
        if (err instanceof LeaseLostError) return false;
        throw err;
      }
    },
    async releaseLease(lease) {
      await evalScript(redis, RELEASE_LEASE, 2, state(lease.channel), leaseKey(lease.channel), lease.fence);
    },
    async startAttempt(lease, a, lang, now) {
      const record = keys.delivery(a.deliveryId);
      const members = a.digest ? a.members.map((m) => keys.delivery(m.item.deliveryId)) : [];
      const [attempt, kept] = (await fenced(START_ATTEMPT, lease, [record, ...members], [
        now.toISOString(), lang, a.digest ? a.deliveryId : '', channelKey(lease.channel), a.digest ? JSON.stringify(a.members) : '',
      ])) as [number, string];
      return { attempt: Number(attempt), lang: kept };
    },
    markSent: (lease, a, messageId, now) => settle(lease, a, 'sent', messageId, now),
    markFailed: (lease, a, error, now) => settle(lease, a, 'failed', error, now),
    async drop(lease, q) {
      await fenced(DROP, lease, [box(lease.channel)], [q.streamId]);
    },
    async finishIfEmpty(lease, upTo) {
      return Number(await fenced(FINISH_IF_EMPTY, lease, [box(lease.channel)], upTo === undefined ? [] : [upTo])) === 1;
    },
  };
}
