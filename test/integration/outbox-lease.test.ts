/** The outbox store's drain lease on a real redis-server: one holder at a time, and fenced writes. */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliveryId, digestId, type OutboxItem } from '../../src/core/delivery.js';
import type { ChannelRef } from '../../src/core/subscriptions.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { createOutboxStore, LeaseLostError, type Lease, type OutboxStore } from '../../src/store/outbox-store.js';
import { chaosEvent } from '../support/chaos/load.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
let keys: Keys;
let store: OutboxStore;
let n = 0;
const A: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'CA' };
const B: ChannelRef = { platform: 'discord', workspace: '100000000000000001', channel: '200000000000000001' };
const item = (k: number, channel = A): OutboxItem => {
  const event = chaosEvent('lease', k);
  return { deliveryId: deliveryId(event.id, channel), event };
};
const leaseOf = async (channel: ChannelRef, ttlMs: number): Promise<Lease> => {
  const got = await store.acquireLease(channel, ttlMs);
  if (!('lease' in got)) throw new Error(`lease held for ${got.heldForMs} ms`);
  return got.lease;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn?.disconnect();
  await redis?.stop();
});
beforeEach(() => {
  keys = createKeys(`lease${++n}`);
  store = createOutboxStore(conn, keys);
});

describe('drain lease', () => {
  it('has one holder at a time; the next one gets how long to wait, then a new fence once it is let go', async () => {
    const first = await leaseOf(A, 5_000);
    const again = await store.acquireLease(A, 5_000);
    expect('heldForMs' in again && again.heldForMs).toBeGreaterThan(4_000);
    expect('heldForMs' in again && again.heldForMs).toBeLessThanOrEqual(5_000);
    expect('lease' in (await store.acquireLease(B, 5_000))).toBe(true); // another channel is free
    await store.releaseLease(first);
    const second = await leaseOf(A, 5_000);
    expect(second.fence).not.toBe(first.fence);
    expect(Number(second.fence.split(':')[0])).toBe(Number(first.fence.split(':')[0]) + 1);
  });

  it('refuses every write of a drain whose channel another drain took, and writes nothing', async () => {
    await store.enqueue(A, [item(1), item(2)], new Date());
    const [q1, q2] = await store.peek(A, 10);
    const stale = await leaseOf(A, 100);
    await sleep(150); // lapsed: its process stalled
    const fresh = await leaseOf(A, 5_000);
    const single = { deliveryId: q1!.item.deliveryId, members: [q1!], digest: false };
    await expect(store.startAttempt(stale, single, 'fr', new Date())).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.markSent(stale, single, 'm1', new Date())).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.markFailed(stale, single, 'x', new Date())).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.drop(stale, q1!)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.finishIfEmpty(stale)).rejects.toBeInstanceOf(LeaseLostError);
    expect(await store.renewLease(stale)).toBe(false);
    expect(await store.getDelivery(q1!.item.deliveryId)).toMatchObject({ status: 'pending', attempt: 0 });
    expect((await store.peek(A, 10)).map((q) => q.streamId)).toEqual([q1!.streamId, q2!.streamId]);
    expect(await store.failed(10)).toEqual([]);
    // The stale drain's release does not free the channel from the fresh one.
    await store.releaseLease(stale);
    expect('heldForMs' in (await store.acquireLease(A, 5_000))).toBe(true);
    expect(await store.startAttempt(fresh, single, 'fr', new Date())).toEqual({ attempt: 1, lang: 'fr' });
  });

  it('lets a drain whose lease lapsed go on while no other drain took the channel, and extends the lease', async () => {
    await store.enqueue(A, [item(1)], new Date());
    const [q1] = await store.peek(A, 10);
    const lease = await leaseOf(A, 100);
    await sleep(150);
    expect(await store.renewLease(lease)).toBe(true);
    expect('heldForMs' in (await store.acquireLease(A, 5_000))).toBe(true);
    await store.markSent(lease, { deliveryId: q1!.item.deliveryId, members: [q1!], digest: false }, 'm1', new Date());
    expect(await store.getDelivery(q1!.item.deliveryId)).toMatchObject({ status: 'sent', messageId: 'm1' });
    expect(await store.finishIfEmpty(lease)).toBe(true);
    expect('lease' in (await store.acquireLease(A, 5_000))).toBe(true); // finishing let it go
  });

  it('freezes a digest at its first attempt: members, language, and its own attempt count; settles all at once', async () => {
    await store.enqueue(A, [1, 2, 3, 4].map((k) => item(k)), new Date());
    const batch = await store.peek(A, 10);
    const members = batch.slice(0, 3);
    const id = digestId(members.map((q) => q.item.deliveryId));
    const lease = await leaseOf(A, 5_000);
    expect(await store.startAttempt(lease, { deliveryId: id, members, digest: true }, 'en', new Date())).toEqual({ attempt: 1, lang: 'en' });
    expect(await store.getDigest(id)).toEqual(members);
    for (const m of members) expect(await store.getDelivery(m.item.deliveryId)).toMatchObject({ status: 'sending', attempt: 1, digest: id });
    // A second attempt keeps the first language and the frozen list.
    expect(await store.startAttempt(lease, { deliveryId: id, members, digest: true }, 'fr', new Date())).toEqual({ attempt: 2, lang: 'en' });
    await store.markFailed(lease, { deliveryId: id, members, digest: true }, 'slack: is_archived', new Date());
    expect((await store.failed(10)).map((f) => f.deliveryId).sort()).toEqual(members.map((m) => m.item.deliveryId).sort());
    expect(await store.getDelivery(id)).toMatchObject({ status: 'failed', error: 'slack: is_archived' });
    expect((await store.peek(A, 10)).map((q) => q.streamId)).toEqual([batch[3]!.streamId]);
  });

  it('queues many channels in one round trip with the generations enqueue would give', async () => {
    const generations = await store.enqueueMany([{ channel: A, items: [item(1)] }, { channel: B, items: [item(1, B)] }, { channel: A, items: [] }], new Date());
    expect(generations).toEqual([1, 1, 0]);
    expect(await store.enqueueMany([{ channel: A, items: [item(1)] }], new Date())).toEqual([1]); // scheduled: same generation again
    expect((await store.peek(A, 10)).length).toBe(1);
    expect((await store.peek(B, 10)).length).toBe(1);
  });
});
