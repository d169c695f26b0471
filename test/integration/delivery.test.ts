import { Queue, type Worker } from 'bullmq';
import type { NotifyDeps } from '../../workers/drain.js';
import { moveLegacyDrains } from '../../workers/notify-legacy.js';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { DeliveryError, deliveryId } from '../../src/core/delivery.js';
import type { ChangeEvent, NewsEvent, OfferEvent } from '../../src/core/events.js';
import { channelKey, subscriptionId, type ChannelRef, type Subscription, type Topic } from '../../src/core/subscriptions.js';
import { drainJobId, LEGACY_NOTIFY_QUEUE } from '../../src/queues/names.js';
import type { NotifyJob } from '../../src/queues/payloads.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { createOutboxStore } from '../../src/store/outbox-store.js';
import { createRateLimiter } from '../../src/store/rate-limiter.js';
import { createSubscriptionStore, type RedisSubscriptionStore } from '../../src/store/subscription-store.js';
import { fanOut, type FanoutDeps } from '../../workers/fanout.worker.js';
import { startNotifyWorker, type NotifyWorkerOptions } from '../../workers/notify.worker.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { recordingSender, type RecordingSender } from '../support/fake-sender.js';
import { sha256 } from '../../src/core/snapshot.js';
import { silentLogger } from '../support/poll-harness.js';
import { openNotifyQueues, type NotifyQueueSet } from '../support/notify-queues.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
let keys: Keys;
let subs: RedisSubscriptionStore;
let queues: NotifyQueueSet;
let sender: RecordingSender;
let deps: FanoutDeps;
let stopWorker: () => Promise<void>;
let notifyWorker: Worker;

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

const settled = (): Promise<void> => queues.settled({ pollMs: 50 });
const postedTo = (ch: ChannelRef): string[] =>
  (sender.posted.get(channelKey(ch)) ?? []).flatMap((p) => ('digest' in p.item ? p.item.digest.map((d) => d.event.id) : 'event' in p.item ? [p.item.event.id] : [p.item.notice.type]));

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
  queues = openNotifyQueues(conn, keys.prefix);
  sender = recordingSender();
  const printed: ChangeEvent[] = [];
  deps = { subscriptions: subs, outbox, notifyQueues: queues.queues, toConsole: (e) => printed.push(e), logger: silentLogger, clock: () => new Date() };
  startWorker({ slack: sender });
});
afterEach(async () => {
  await stopWorker();
  await queues.close();
});

/** Starts the drain workers (one per platform) with these senders and options. */
function startWorker(senders: NotifyDeps['senders'], opts: Partial<NotifyDeps & NotifyWorkerOptions> = {}): void {
  const started = startNotifyWorker({
    outbox: deps.outbox, subscriptions: subs, senders, fanout: deps, logger: silentLogger, clock: () => new Date(), defaultLang: 'fr',
    limiter: createRateLimiter(conn, keys), digestThreshold: 5, connection: conn, prefix: keys.prefix, ...opts,
  });
  stopWorker = started.stop;
  notifyWorker = started.workers.slack;
}

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

  it('backs off on an item\'s own failures, not on the failures a long drain met before', async () => {
    await subscribe(A, ['qualifications']);
    sender.failEachFirstAttempt(A, new DeliveryError('slack: HTTP 503', 'transient'));
    const jobFailures: number[] = [];
    notifyWorker.on('failed', (job) => jobFailures.push(job?.attemptsMade ?? -1));
    const events = [added(ovh), added(cegedim), added(offers[2]!), added(offers[3]!)];
    for (const e of events) await fanOut(deps, e);
    await settled();
    expect(postedTo(A)).toEqual(events.map((e) => e.id));
    expect(sender.posted.get(channelKey(A))!.map((p) => p.attempt)).toEqual([2, 2, 2, 2]);
    // Each retry delayed the drain by the item's first backoff (0.5–1 s); none counted against the job's attempts,
    // which would have grown the backoff to 8 s by the fourth item and failed the drain after 20 of them.
    expect(jobFailures).toEqual([]);
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

  it('mends a drain whose scheduling reply was lost (a killed process, a Redis restart) at the next enqueue', async () => {
    await subscribe(A, ['qualifications']);
    const e = added();
    // The script marked a drain scheduled, but the process died before adding its job.
    await deps.outbox.enqueue(A, [{ deliveryId: deliveryId(e.id, A), event: e }], new Date());
    await fanOut(deps, e); // the fan-out's replay of the same entry
    await settled();
    expect(postedTo(A)).toEqual([e.id]);
  });

  it('groups a mass update waiting for one channel into a digest, in order, each change once', async () => {
    await subscribe(A, ['qualifications']);
    const events = offers.map((o) => added(o)); // 16 changes at once
    await notifyWorker.pause();
    for (const e of events) await fanOut(deps, e);
    notifyWorker.resume();
    await settled();
    expect(postedTo(A)).toEqual(events.map((e) => e.id));
    const messages = sender.posted.get(channelKey(A))!;
    expect(messages.length).toBeLessThan(events.length);
    expect(messages.some((m) => 'digest' in m.item)).toBe(true);
  });

  it('retries a digest that ended in doubt as the very same digest', async () => {
    await subscribe(A, ['qualifications']);
    sender.failNext(A, new DeliveryError('slack: HTTP 500', 'transient'));
    const events = offers.slice(0, 8).map((o) => added(o));
    await notifyWorker.pause(); // the eight changes are all waiting when the drain starts
    for (const e of events) await fanOut(deps, e);
    notifyWorker.resume();
    await settled();
    const messages = sender.posted.get(channelKey(A))!;
    expect('digest' in messages[0]!.item).toBe(true);
    const [failed, retried] = sender.calls.filter((c) => c.channel === channelKey(A));
    expect(failed!.deliveryId).toMatch(/^dg/);
    expect({ ...retried, at: 0 }).toEqual({ ...failed, attempt: 2, at: 0 });
    expect(postedTo(A)).toEqual(events.map((e) => e.id));
  });

  it('pauses every channel on a global rate limit, then delivers everything', async () => {
    await subscribe(A, ['qualifications']);
    await subscribe(B, ['qualifications']);
    sender.failNext(A, new DeliveryError('discord: global rate limit', 'rate-limited', { retryAfterMs: 400, global: true }));
    const e = added();
    await fanOut(deps, e);
    await settled();
    expect(postedTo(A)).toEqual([e.id]);
    expect(postedTo(B)).toEqual([e.id]);
  });
});

describe('one queue per platform', () => {
  const D: ChannelRef = { platform: 'discord', workspace: '100000000000000001', channel: '200000000000000001' };

  it('a Discord global rate limit pauses Discord only: a Slack change goes out meanwhile', async () => {
    await stopWorker();
    const discord = recordingSender('discord');
    startWorker({ slack: sender, discord });
    await subscribe(A, ['qualifications']);
    await subscribe(D, ['qualifications']);
    discord.failNext(D, new DeliveryError('discord: rate limited (global)', 'rate-limited', { retryAfterMs: 3_000, global: true }));
    const first = added(ovh);
    await fanOut(deps, { ...first, id: `${first.id}-d` });
    // Discord's drain met the global 429: its platform's worker is paused for 3 s.
    for (let i = 0; i < 100 && discord.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const paused = discord.calls[0]!.at;
    const second = added(cegedim);
    await fanOut(deps, second);
    await settled();
    const slackAt = sender.posted.get(channelKey(A))!.find((p) => 'event' in p.item && p.item.event.id === second.id)!.at;
    const discordAt = discord.posted.get(channelKey(D))!.at(-1)!.at;
    // Slack did not wait for Discord's pause to end (with one queue for both, it did: 3 s or more).
    expect(slackAt - paused).toBeLessThan(2_500);
    expect(slackAt).toBeLessThan(discordAt);
    expect(discordAt - paused).toBeGreaterThanOrEqual(2_900);
  });

  it('a drain waiting for its channel\'s next token gives its slot back to another channel', async () => {
    await stopWorker();
    // One slot for Slack, and a bucket of one message a second per channel.
    const paced: RecordingSender = Object.assign(sender, { buckets: (c: ChannelRef) => [{ key: `test:${c.channel}`, ratePerSec: 1, burst: 1 }] });
    startWorker({ slack: paced }, { concurrency: { slack: 1 } });
    await subscribe(A, ['qualifications']);
    await subscribe(B, ['news']);
    for (const o of offers.slice(0, 3)) await fanOut(deps, added(o)); // A: three changes, a second apart
    for (let i = 0; i < 100 && !sender.posted.get(channelKey(A)); i++) await new Promise((r) => setTimeout(r, 20));
    const forB = news('SecNumCloud : une nouvelle offre', ['SecNumCloud'], []);
    await fanOut(deps, forB);
    await settled();
    const postsA = sender.posted.get(channelKey(A))!;
    expect(postsA).toHaveLength(3);
    // B's drain ran while A's waited for its token, not after A's whole outbox.
    expect(sender.posted.get(channelKey(B))![0]!.at).toBeLessThan(postsA[1]!.at);
  });

  it('moves the drains left in the single queue of earlier versions to their platform\'s queue', async () => {
    const legacy = new Queue<NotifyJob>(LEGACY_NOTIFY_QUEUE, { connection: conn, prefix: keys.prefix });
    try {
      await notifyWorker.pause(); // nothing drains until the jobs have moved
      const e1 = added(ovh);
      const e2 = added(cegedim);
      const ids: string[] = [];
      for (const [ch, e, delay] of [[A, e1, 0], [D, e2, 60_000]] as const) {
        // What an earlier version left: the outbox marked "drain scheduled", its job in the one queue.
        const generation = await deps.outbox.enqueue(ch, [{ deliveryId: deliveryId(e.id, ch), event: e }], new Date());
        const jobId = drainJobId(sha256(channelKey(ch)).slice(0, 16), generation);
        ids.push(jobId);
        await legacy.add('drain', { channel: ch }, { jobId, attempts: 20, delay });
      }
      await legacy.add('drain', { channel: { platform: 'irc' } } as never, { jobId: 'd-invalid-1' });
      expect(await moveLegacyDrains(conn, keys.prefix, queues.queues, silentLogger)).toBe(2);
      expect(await legacy.getJobCounts('wait', 'delayed', 'active', 'prioritized')).toEqual({ wait: 0, delayed: 0, active: 0, prioritized: 0 });
      expect((await queues.queues.slack.getJob(ids[0]!))?.opts.attempts).toBe(20);
      expect(await queues.queues.discord.getJob(ids[1]!)).toBeDefined();
      expect(await moveLegacyDrains(conn, keys.prefix, queues.queues, silentLogger)).toBe(0); // idempotent
      notifyWorker.resume();
      await settled();
      expect(postedTo(A)).toEqual([e1.id]);
      // No Discord token in this test: the Discord channel's change is failed, not stranded.
      expect((await deps.outbox.getDelivery(deliveryId(e2.id, D)))?.status).toBe('failed');
    } finally {
      await legacy.close();
    }
  });
});

describe('rate limits shared in Redis', () => {
  it('lets a burst through, then says how long to wait, for every worker alike', async () => {
    const one = createRateLimiter(conn, keys);
    const second = createTestConnection(redis);
    onTestFinished(() => void second.disconnect());
    const other = createRateLimiter(second, keys);
    const bucket = [{ key: 'slack:T1:C9', ratePerSec: 1, burst: 2 }];
    expect(await one.acquire(bucket)).toEqual({ ms: 0, channel: false });
    expect(await other.acquire(bucket)).toEqual({ ms: 0, channel: false });
    const { ms: wait, channel } = await one.acquire(bucket);
    expect(channel).toBe(true);
    expect(wait).toBeGreaterThan(500);
    expect(wait).toBeLessThanOrEqual(1000);
    // Two buckets: a token is taken from both or from neither.
    const both = [...bucket, { key: 'discord:global', ratePerSec: 50, burst: 50, shared: true }];
    expect((await one.acquire(both)).ms).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, wait + 50));
    expect((await other.acquire(both)).ms).toBe(0);
    // Only the shared bucket is empty: the wait is the platform's, not the channel's.
    const shared = [{ key: 'discord:tiny', ratePerSec: 1, burst: 1, shared: true }];
    await one.acquire(shared);
    const platformWait = await one.acquire(shared);
    expect(platformWait.ms).toBeGreaterThan(500);
    expect(platformWait.channel).toBe(false);
  });
});
