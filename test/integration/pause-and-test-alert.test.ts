/** A channel's pause in the fan-out, and test alerts through the real outbox and drain (recording sender, real Redis). */
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliveryId, type TestNotice } from '../../src/core/delivery.js';
import type { OfferEvent } from '../../src/core/events.js';
import { channelKey, subscriptionId, type ChannelRef, type Subscription, type Topic } from '../../src/core/subscriptions.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { createOutboxStore, type OutboxStore } from '../../src/store/outbox-store.js';
import { createRateLimiter } from '../../src/store/rate-limiter.js';
import { createSubscriptionStore, type RedisSubscriptionStore } from '../../src/store/subscription-store.js';
import { fanOut, type FanoutDeps } from '../../workers/fanout.worker.js';
import { startNotifyWorker } from '../../workers/notify.worker.js';
import { createTestAlerts } from '../../workers/test-alerts.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { recordingSender, type RecordingSender } from '../support/fake-sender.js';
import { openNotifyQueues, type NotifyQueueSet } from '../support/notify-queues.js';
import { silentLogger } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
let keys: Keys;
let subs: RedisSubscriptionStore;
let outbox: OutboxStore;
let queues: NotifyQueueSet;
let sender: RecordingSender;
let deps: FanoutDeps;
let stopWorker: (() => Promise<void>) | undefined;

const offers = catalogueSnapshot().offers;
const A: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'CA' };
const B: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'CB' };
let n = 0;
const added = (i: number): OfferEvent => ({ id: `p${++n}`, kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-11-28T09:00:00.000Z', offer: offers[i]! });

async function subscribe(ch: ChannelRef, topics: Topic[]): Promise<void> {
  const sub: Subscription = { id: subscriptionId(ch, topics, [], []), channel: ch, topics, providers: [], keywords: [], createdAt: '2026-11-28T08:00:00.000Z' };
  await subs.add(sub);
}
const queued = async (ch: ChannelRef): Promise<number> => conn.xlen(keys.outbox(channelKey(ch)));
/** What the sender posted to a channel: event ids, and `test:<event id>` for a test alert. */
const posted = (ch: ChannelRef): string[] =>
  (sender.posted.get(channelKey(ch)) ?? []).map(({ item }) =>
    'event' in item ? item.event.id : 'notice' in item && item.notice.type === 'test' && 'event' in item.notice ? `test:${item.notice.event.id}` : 'other');

function startWorker(): void {
  stopWorker = startNotifyWorker({
    outbox, subscriptions: subs, senders: { slack: sender }, fanout: deps, logger: silentLogger, clock: () => new Date(), defaultLang: 'fr',
    limiter: createRateLimiter(conn, keys), digestThreshold: 5, connection: conn, prefix: keys.prefix,
  }).stop;
}

beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn?.disconnect();
  await redis?.stop();
});
beforeEach(() => {
  keys = createKeys(`pt${Math.random().toString(36).slice(2, 8)}`);
  subs = createSubscriptionStore(conn, keys);
  outbox = createOutboxStore(conn, keys);
  queues = openNotifyQueues(conn, keys.prefix);
  sender = recordingSender();
  deps = { subscriptions: subs, outbox, notifyQueues: queues.queues, toConsole: () => {}, logger: silentLogger, clock: () => new Date() };
});
afterEach(async () => {
  await stopWorker?.();
  stopWorker = undefined;
  await queues.close();
});

describe('a paused channel', () => {
  it('gets nothing queued while paused, each skipped change counted once, and what comes after resume', async () => {
    await subscribe(A, ['qualifications']);
    await subscribe(B, ['qualifications']);
    expect((await subs.pause(A, 'U1', new Date('2026-11-28T08:30:00Z'))).created).toBe(true);
    expect((await subs.pause(A, 'U2', new Date())).created).toBe(false);
    const first = added(0);
    await fanOut(deps, first);
    await fanOut(deps, first); // the fan-out replays an entry after a crash: still one skipped change
    await fanOut(deps, added(1));
    expect(await queued(A)).toBe(0);
    expect(await queued(B)).toBe(2);
    expect(await conn.exists(keys.delivery(deliveryId(first.id, A)))).toBe(0);
    expect(await subs.resume(A)).toEqual({ pause: { at: '2026-11-28T08:30:00.000Z', by: 'U1' }, skipped: 2 });
    expect(await subs.resume(A)).toBeUndefined();
    const later = added(2);
    await fanOut(deps, later);
    expect(await queued(A)).toBe(1);
    // A new pause counts from zero.
    await subs.pause(A, 'U1', new Date());
    expect((await subs.resume(A))?.skipped).toBe(0);
  });
});

describe('test alerts', () => {
  const alerts = () => createTestAlerts({ redis: conn, keys, outbox, notifyQueues: queues.queues, clock: () => new Date(), pollMs: 50 });

  it('go through the channel outbox and drain under an id of their own; the real delivery of the same change still happens once', async () => {
    await subscribe(A, ['qualifications']);
    startWorker();
    const change = added(3);
    const notice: TestNotice = { type: 'test', basis: 'matching', event: change };
    const queuedTest = await alerts().queue(A, notice);
    expect('deliveryId' in queuedTest).toBe(true);
    const id = (queuedTest as { deliveryId: string }).deliveryId;
    expect(id).not.toBe(deliveryId(change.id, A));
    expect(await alerts().outcome(A, id, 10_000)).toEqual({ status: 'sent' });
    await fanOut(deps, change);
    await fanOut(deps, change);
    await expect.poll(() => posted(A), { timeout: 10_000 }).toEqual([`test:${change.id}`, change.id]);
    expect(await outbox.getDelivery(deliveryId(change.id, A))).toMatchObject({ status: 'sent', attempt: 1 });
  });

  it('are at most one a minute per channel, another channel is not held back, and a queued one says where it waits', async () => {
    const notice: TestNotice = { type: 'test', basis: 'none' };
    const first = await alerts().queue(A, notice);
    expect(first).toHaveProperty('deliveryId');
    const again = await alerts().queue(A, notice);
    expect(again).toHaveProperty('retryInMs');
    expect((again as { retryInMs: number }).retryInMs).toBeGreaterThan(55_000);
    expect(await alerts().queue(B, notice)).toHaveProperty('deliveryId');
    // No drain worker runs: the alert waits in the outbox, first in line.
    expect(await alerts().outcome(A, (first as { deliveryId: string }).deliveryId, 200)).toEqual({ status: 'pending', queued: 0 });
    expect(await queued(A)).toBe(1);
  });
});
