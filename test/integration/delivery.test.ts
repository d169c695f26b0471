import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/delivery.js';
import type { ChangeEvent, NewsEvent, OfferEvent } from '../../src/core/events.js';
import { channelKey, subscriptionId, type ChannelRef, type Subscription, type Topic } from '../../src/core/subscriptions.js';
import { QUEUES } from '../../src/queues/names.js';
import type { NotifyJob } from '../../src/queues/payloads.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { createOutboxStore } from '../../src/store/outbox-store.js';
import { createSubscriptionStore, type RedisSubscriptionStore } from '../../src/store/subscription-store.js';
import { fanOut, type FanoutDeps } from '../../workers/fanout.worker.js';
import { startNotifyWorker } from '../../workers/notify.worker.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { recordingSender, type RecordingSender } from '../support/fake-sender.js';
import { silentLogger } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
let keys: Keys;
let subs: RedisSubscriptionStore;
let queue: Queue<NotifyJob>;
let sender: RecordingSender;
let deps: FanoutDeps;
let stopWorker: () => Promise<void>;

const offers = catalogueSnapshot().offers;
const ovh = offers.find((o) => o.provider === 'OVH')!;
const cegedim = offers.find((o) => o.provider === 'Cegedim')!;
const channel = (id: string): ChannelRef => ({ platform: 'slack', workspace: 'T1', channel: id });
const A = channel('CA');
const B = channel('CB');
const C = channel('CC');
let n = 0;
const added = (offer = ovh): OfferEvent => ({ id: `e${++n}`, kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-11-28T09:00:00.000Z', offer });
const news = (title: string, keywords: string[], providers: string[]): NewsEvent => ({
  id: `e${++n}`, kind: 'news.published', source: 'lemagit', detectedAt: '2026-11-28T09:00:00.000Z',
  item: { id: title, title, source: 'lemagit', url: `https://example.test/${n}` }, keywords, providers, seenIn: ['lemagit'],
});

async function subscribe(ch: ChannelRef, topics: Topic[], providers: string[] = [], keywords: string[] = []): Promise<Subscription> {
  const sub: Subscription = { id: subscriptionId(ch, topics, providers, keywords), channel: ch, topics, providers, keywords, createdAt: '2026-11-28T08:00:00.000Z' };
  return (await subs.add(sub)).subscription;
}

async function settled(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((c) => c === 0)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('deliveries did not settle');
}
const postedTo = (ch: ChannelRef): string[] => (sender.posted.get(channelKey(ch)) ?? []).map((p) => ('event' in p.item ? p.item.event.id : p.item.notice.type));

beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn.disconnect();
  await redis.stop();
});
beforeEach(() => {
  keys = createKeys(`d${Math.random().toString(36).slice(2, 8)}`);
  subs = createSubscriptionStore(conn, keys);
  const outbox = createOutboxStore(conn, keys);
  queue = new Queue<NotifyJob>(QUEUES.notify, { connection: conn, prefix: keys.prefix });
  sender = recordingSender();
  const printed: ChangeEvent[] = [];
  deps = { subscriptions: subs, outbox, notifyQueue: queue, toConsole: (e) => printed.push(e), logger: silentLogger, clock: () => new Date() };
  stopWorker = startNotifyWorker({ outbox, subscriptions: subs, senders: { slack: sender }, fanout: deps, logger: silentLogger, clock: () => new Date(), defaultLang: 'fr', connection: conn, prefix: keys.prefix }).stop;
});
afterEach(async () => {
  await stopWorker();
  await queue.close();
});

describe('fan-out and delivery', () => {
  it('posts each change once to each channel whose subscriptions match, in order', async () => {
    await subscribe(A, ['qualifications']);
    await subscribe(A, ['qualifications', 'news'], ['OVH']); // overlaps: still once
    await subscribe(B, ['news']);
    await subscribe(C, ['qualifications'], ['NumSpot']);
    const events: ChangeEvent[] = [added(ovh), added(cegedim), news('SecNumCloud : OVH étend son offre', ['SecNumCloud'], ['OVH']), news('OVH recrute', [], ['OVH'])];
    for (const e of events) await fanOut(deps, e);
    for (const e of events) await fanOut(deps, e); // a retried fan-out changes nothing
    await settled();
    expect(postedTo(A)).toEqual([events[0]!.id, events[1]!.id, events[2]!.id, events[3]!.id]);
    // An unfiltered news subscription gets keyword matches only; "OVH recrute" names a provider and no keyword.
    expect(postedTo(B)).toEqual([events[2]!.id]);
    expect(postedTo(C)).toEqual([]);
    expect(sender.posted.get(channelKey(A))!.every((p) => p.lang === 'fr' && p.attempt === 1)).toBe(true);
  });

  it('retries a transient failure as in doubt, and waits out a rate limit for that channel only', async () => {
    await subscribe(A, ['qualifications']);
    await subscribe(B, ['qualifications']);
    sender.failNext(A, new DeliveryError('slack: HTTP 500', 'transient'), new DeliveryError('slack: ratelimited', 'rate-limited', { retryAfterMs: 300 }));
    const e1 = added(ovh);
    const e2 = added(cegedim);
    await fanOut(deps, e1);
    await fanOut(deps, e2);
    await settled();
    expect(postedTo(A)).toEqual([e1.id, e2.id]);
    expect(postedTo(B)).toEqual([e1.id, e2.id]);
    expect(sender.posted.get(channelKey(A))![0]!.attempt).toBe(3);
  });

  it('disables the subscriptions of a channel that is gone, and records the failure', async () => {
    await subscribe(A, ['qualifications']);
    sender.failNext(A, new DeliveryError('slack: channel_not_found', 'permanent', { channelGone: true }));
    const e = added();
    await fanOut(deps, e);
    await settled();
    expect(postedTo(A)).toEqual([]);
    expect((await subs.list(A))[0]?.disabled?.reason).toBe('slack: channel_not_found');
    await fanOut(deps, added(cegedim));
    await settled();
    expect(postedTo(A)).toEqual([]);
    expect(await conn.zcard(keys.deliveriesFailed())).toBe(1);
  });

  it('moves provider filters to a renamed provider and tells the channel after the rename itself', async () => {
    await subscribe(A, ['qualifications'], ['Orange Business Services']);
    const obs = offers.find((o) => o.provider === 'Orange Business Services')!;
    const renamed: OfferEvent = { id: 'ren1', kind: 'offer.renamed', source: 'anssi-catalogue', detectedAt: '2026-11-28T09:00:00.000Z', offer: { ...obs, provider: 'Orange Business' }, previous: obs, changes: ['provider'] };
    await fanOut(deps, renamed);
    await fanOut(deps, added({ ...obs, provider: 'Orange Business', service: 'Cloud Avenue SecNum 2', decision: '9999' }));
    await settled();
    expect(postedTo(A)).toEqual(['ren1', 'provider-renamed', expect.stringMatching(/^e/)]);
    expect((await subs.list(A))[0]?.providers).toEqual(['Orange Business']);
  });
});
