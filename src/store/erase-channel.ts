import type { Redis } from 'ioredis';
import { channelKey, type ChannelRef } from '../core/subscriptions.js';
import type { Keys } from './keys.js';

/** What erasing a target removed: how many subscriptions, queued items, delivery records and keys in all. */
export interface Erased {
  subscriptions: number;
  queued: number;
  deliveries: number;
  keys: number;
}

/** A delivery record's channel: its key (a digest's record), or the channel as JSON (an item's, written at enqueue). */
function ownerKey(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!value.startsWith('{')) return value;
  try {
    return channelKey(JSON.parse(value) as ChannelRef);
  } catch {
    return undefined;
  }
}

/** A queue whose jobs may name the channel (its drain queue): jobs waiting, delayed or kept after failing. */
export interface JobsOfChannel {
  getJobs(types: Array<'wait' | 'delayed' | 'failed' | 'completed' | 'prioritized'>): Promise<Array<{ data: unknown; remove(): Promise<void> } | undefined>>;
}

/**
 * Removes every trace of one target's channel (decision 0028; `subscriptions erase`, an unsubscribe link): its
 * subscriptions, its stored address or credentials, its language and pause, its outbox (what waits for it, a held
 * digest's due mark and its drain's state and lease), every delivery record made for it (sent, failed, pending, and
 * digests) with its place in the failed list, its rate bucket, and the drain jobs that name it. A drain running for it
 * meanwhile finds its fence gone and stops without writing anything. Delivery records are found by a SCAN of the
 * deployment's delivery keys (each names its channel): an erase reads them all, once.
 */
export async function eraseChannel(redis: Redis, keys: Keys, channel: ChannelRef, drains?: JobsOfChannel): Promise<Erased> {
  const key = channelKey(channel);
  const subsFields = (await redis.hkeys(keys.subscriptions())).filter((f) => f.startsWith(`${key}#`));
  const queued = await redis.xlen(keys.outbox(key));
  const records: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', keys.delivery('*'), 'COUNT', 1000);
    cursor = next;
    if (batch.length === 0) continue;
    const pipe = redis.pipeline();
    for (const k of batch) pipe.hget(k, 'channel');
    const owners = (await pipe.exec()) ?? [];
    batch.forEach((k, i) => {
      if (ownerKey(owners[i]?.[1]) === key) records.push(k);
    });
  } while (cursor !== '0');
  const deliveryPrefix = keys.delivery('');
  const tx = redis.multi();
  if (subsFields.length > 0) tx.hdel(keys.subscriptions(), ...subsFields).incr(keys.subscriptionsVersion());
  tx.hdel(keys.targets(), key).hdel(keys.paused(), key);
  const single = [keys.channelSettings(key), keys.pauseSkipped(key), keys.testAlertGate(key), keys.outbox(key), keys.outboxState(key), keys.outboxLease(key), keys.rateBucket(`${channel.platform}:${channel.channel}`)];
  tx.del(...single, ...records);
  if (records.length > 0) tx.zrem(keys.deliveriesFailed(), ...records.map((r) => r.slice(deliveryPrefix.length)));
  const replies = (await tx.exec()) ?? [];
  const failedReply = replies.find(([err]) => err);
  if (failedReply) throw failedReply[0];
  if (drains) {
    for (const job of await drains.getJobs(['wait', 'delayed', 'failed', 'completed', 'prioritized'])) {
      const data = job?.data as { channel?: ChannelRef } | undefined;
      if (job && data?.channel && channelKey(data.channel) === key) await job.remove().catch(() => {}); // a job running now cannot be removed: its drain stops on its own
    }
  }
  return { subscriptions: subsFields.length, queued, deliveries: records.length, keys: single.length + records.length };
}
