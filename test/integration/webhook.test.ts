/**
 * Webhook deliveries through the real worker path: the fan-out queues a change for a webhook target, the drain
 * worker posts it to a receiver on the loopback, signed, with a stable idempotency key; failures are retried with
 * backoff under the same key and body; a redirect is not followed; an address that is not public is refused unless
 * configuration allows it, at connection time (a name that resolves to the loopback included).
 */
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OfferEvent } from '../../src/core/events.js';
import { TARGET_WORKSPACE } from '../../src/core/platforms.js';
import { subscriptionId, type ChannelRef } from '../../src/core/subscriptions.js';
import { webhookDispatcher } from '../../src/platforms/target-dispatcher.js';
import type { WebhookPayload } from '../../src/platforms/webhook/payload.js';
import { createWebhookSender } from '../../src/platforms/webhook/sender.js';
import type { Keys } from '../../src/store/keys.js';
import type { OutboxStore } from '../../src/store/outbox-store.js';
import { createRateLimiter } from '../../src/store/rate-limiter.js';
import type { RedisSubscriptionStore } from '../../src/store/subscription-store.js';
import type { TargetStore } from '../../src/store/target-store.js';
import { fanOut, type FanoutDeps } from '../../workers/fanout.worker.js';
import { startNotifyWorker } from '../../workers/notify.worker.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import type { NotifyQueueSet } from '../support/notify-queues.js';
import { silentLogger } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startFakeWebhook, type FakeWebhook } from '../emulators/webhook/index.js';
import { dumpPrefix } from '../support/redis-dump.js';
import { deliveryStores } from '../support/delivery-stores.js';

let redis: TestRedis;
let conn: Redis;
let keys: Keys;
let subs: RedisSubscriptionStore;
let outbox: OutboxStore;
let targets: TargetStore;
let queues: NotifyQueueSet;
let hook: FakeWebhook;
let deps: FanoutDeps;
let stop: (() => Promise<void>) | undefined;

const offers = catalogueSnapshot().offers;
const target: ChannelRef = { platform: 'webhook', workspace: TARGET_WORKSPACE, channel: 'integrator' };
let n = 0;
const added = (i: number): OfferEvent => ({ id: `w${++n}`, kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-12-01T09:00:00.000Z', offer: offers[i]! });

beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn?.disconnect();
  await redis?.stop();
});
beforeEach(async () => {
  ({ keys, subs, outbox, targets, queues, deps } = deliveryStores(conn, 'wh'));
  hook = await startFakeWebhook();
  await subs.add({ id: subscriptionId(target, ['qualifications'], [], []), channel: target, topics: ['qualifications'], providers: [], keywords: [], createdAt: '2026-12-01T08:00:00.000Z' });
  await targets.set(target, { url: hook.url, secret: hook.secret });
});
afterEach(async () => {
  await stop?.();
  stop = undefined;
  await queues.close();
  await hook.close();
});

/** The drain workers with a webhook sender as production builds it, but for `allowPrivate` and `resolve`. */
function startWorker(opts: { allowPrivate: boolean; resolve?: Parameters<typeof webhookDispatcher>[0]['resolve'] }): void {
  const dispatcher = webhookDispatcher({ allowPrivate: opts.allowPrivate, connectTimeoutMs: 2_000, ...(opts.resolve ? { resolve: opts.resolve } : {}) });
  const sender = createWebhookSender({ targets, dispatcher, timeoutMs: 2_000 });
  const started = startNotifyWorker({
    outbox, subscriptions: subs, senders: { webhook: sender }, fanout: deps, logger: silentLogger, clock: () => new Date(), defaultLang: 'en',
    limiter: createRateLimiter(conn, keys), digestThreshold: 5, connection: conn, prefix: keys.prefix, timeScale: 20,
  });
  stop = async () => {
    await started.stop();
    await dispatcher.close();
  };
}

const settled = (): Promise<void> => queues.settled();

const eventIds = (body: unknown): string[] => (body as WebhookPayload).items.map((i) => ('event' in i ? i.event.id : i.notice.type));

/** Every value under the test's prefix but the targets' hash: queues (job data, ids), outboxes, delivery records. */
const everythingButTargets = (): Promise<string> => dumpPrefix(conn, keys.prefix, [keys.targets()]);

describe('webhook deliveries', () => {
  it('keep the URL and the secret out of job data, job ids, outboxes and delivery records', async () => {
    hook.script({ status: 500 });
    await fanOut(deps, added(7)); // queued with no worker running: the job waits, as the dashboard would show it
    const jobs = await queues.queues.webhook.getJobs(['wait', 'delayed']);
    expect(jobs.map((j) => j.data)).toEqual([{ channel: target }]);
    startWorker({ allowPrivate: true });
    await hook.waitFor(() => hook.kept.size === 1, 20_000, 'the delivery after a 500');
    await settled();
    const stored = await everythingButTargets();
    expect(stored).toContain('integrator');
    expect(stored).toContain(hook.requests[0]!.key!);
    for (const secret of ['s3cr3t-in-url', hook.secret, new URL(hook.url).pathname]) expect(stored).not.toContain(secret);
    expect(JSON.stringify(await conn.hgetall(keys.targets()))).toContain('s3cr3t-in-url'); // where it is kept
  });

  it('posts each change once, in order, signed, with the delivery id as idempotency key', async () => {
    startWorker({ allowPrivate: true });
    const events = [added(0), added(1), added(2)];
    for (const e of events) await fanOut(deps, e);
    await hook.waitFor(() => hook.kept.size === 3, 10_000, 'three deliveries');
    await settled();
    expect([...hook.kept.values()].flatMap(eventIds)).toEqual(events.map((e) => e.id));
    expect(hook.requests.every((r) => r.signed && r.status === 200)).toBe(true);
    const first = hook.requests[0]!;
    const body = JSON.parse(first.body) as WebhookPayload;
    expect(first.key).toBe(body.deliveryId);
    expect(first.headers['x-secnumcloud-delivery']).toBe(body.deliveryId);
    expect(first.headers['content-type']).toBe('application/json');
    expect(body).toMatchObject({ format: 'secnumcloud-tracker/webhook', version: 1, target: 'integrator', lang: 'en' });
    expect(body.items[0]!.summary.length).toBeGreaterThan(0);
  });

  it('retries 500s and 429s with the same key and the same body, and the receiver keeps it once', async () => {
    startWorker({ allowPrivate: true });
    hook.script({ status: 500, keep: true }, { status: 503 }, { status: 429, headers: { 'retry-after': '0' } });
    const e = added(3);
    await fanOut(deps, e);
    await hook.waitFor(() => hook.requests.some((r) => r.status === 200), 20_000, 'a delivery answered 200');
    await settled();
    expect(hook.requests.map((r) => r.status)).toEqual([500, 503, 429, 200]);
    expect(new Set(hook.requests.map((r) => r.key)).size).toBe(1);
    expect(new Set(hook.requests.map((r) => r.body)).size).toBe(1);
    expect([...hook.kept.values()].flatMap(eventIds)).toEqual([e.id]);
    const record = await outbox.getDelivery(hook.requests[0]!.key!);
    expect(record?.status).toBe('sent');
  });

  it('does not follow a redirect: the delivery fails for good, the place it points to is never asked', async () => {
    startWorker({ allowPrivate: true });
    hook.script({ status: 302, headers: { location: `http://127.0.0.1:${hook.port}/elsewhere` } });
    await fanOut(deps, added(4));
    await hook.waitFor(() => hook.requests.length >= 1);
    await settled();
    expect(hook.requests.map((r) => [r.path.split('?')[0], r.status])).toEqual([['/hooks/secnumcloud', 302]]);
    const failed = await outbox.failed(10);
    expect(failed.map((f) => f.record.error)).toEqual(['webhook: HTTP 302, a redirect (not followed)']);
  });

  it('refuses a loopback address unless allowed: nothing reaches the receiver, the failure names no URL', async () => {
    startWorker({ allowPrivate: false });
    await fanOut(deps, added(5));
    await settled();
    expect(hook.requests).toEqual([]);
    const failed = await outbox.failed(10);
    expect(failed.map((f) => f.record.error)).toEqual(['webhook: the address is not public (WEBHOOK_ALLOW_PRIVATE is off)']);
    expect(JSON.stringify(failed)).not.toContain('s3cr3t-in-url');
  });

  it('refuses a name that resolves to the loopback at connection time (DNS rebinding)', async () => {
    // The name looks public; the resolver answers 127.0.0.1, as a rebinding DNS server would after the check at `add`.
    const rebinding = ((_host: string, _opts: object, cb: (err: null, a: Array<{ address: string; family: number }>) => void) => cb(null, [{ address: '127.0.0.1', family: 4 }])) as never;
    await targets.set(target, { url: `http://hooks.example.com:${hook.port}/x`, secret: hook.secret });
    startWorker({ allowPrivate: false, resolve: rebinding });
    await fanOut(deps, added(6));
    await settled();
    expect(hook.requests).toEqual([]);
    expect((await outbox.failed(10)).map((f) => f.record.error)).toEqual(['webhook: the address is not public (WEBHOOK_ALLOW_PRIVATE is off)']);
  });
});
