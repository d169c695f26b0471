/**
 * Matrix (Tchap) deliveries through the real worker path: the fan-out queues a change for a room, the drain worker
 * sends it to a homeserver emulator as an m.notice with text and HTML and no mentions, under a transaction id per
 * delivery, so that a send in doubt sent again creates no second event.
 */
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OfferEvent } from '../../src/core/events.js';
import { TARGET_WORKSPACE } from '../../src/core/platforms.js';
import { subscriptionId, type ChannelRef } from '../../src/core/subscriptions.js';
import { createMatrixSender } from '../../src/platforms/matrix/sender.js';
import type { Keys } from '../../src/store/keys.js';
import type { OutboxStore } from '../../src/store/outbox-store.js';
import { createRateLimiter } from '../../src/store/rate-limiter.js';
import type { RedisSubscriptionStore } from '../../src/store/subscription-store.js';
import { fanOut, type FanoutDeps } from '../../workers/fanout.worker.js';
import { startNotifyWorker } from '../../workers/notify.worker.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import type { NotifyQueueSet } from '../support/notify-queues.js';
import { silentLogger } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startFakeMatrix, type FakeMatrix } from '../emulators/matrix/index.js';
import { deliveryStores } from '../support/delivery-stores.js';

const ROOM = '!veille:agent.tchap.gouv.fr';
const room: ChannelRef = { platform: 'matrix', workspace: TARGET_WORKSPACE, channel: ROOM };
let redis: TestRedis;
let conn: Redis;
let keys: Keys;
let subs: RedisSubscriptionStore;
let outbox: OutboxStore;
let queues: NotifyQueueSet;
let hs: FakeMatrix;
let deps: FanoutDeps;
let stop: (() => Promise<void>) | undefined;

const offers = catalogueSnapshot().offers;
let n = 0;
const added = (i: number, service?: string): OfferEvent => ({ id: `m${++n}`, kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-12-01T09:00:00.000Z', offer: { ...offers[i]!, ...(service ? { service } : {}) } });

beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn?.disconnect();
  await redis?.stop();
});
beforeEach(async () => {
  ({ keys, subs, outbox, queues, deps } = deliveryStores(conn, 'mx'));
  hs = await startFakeMatrix();
  hs.joinRoom(ROOM);
  await subs.add({ id: subscriptionId(room, ['qualifications'], [], []), channel: room, topics: ['qualifications'], providers: [], keywords: [], createdAt: '2026-12-01T08:00:00.000Z' });
  const started = startNotifyWorker({
    outbox, subscriptions: subs, senders: { matrix: createMatrixSender({ homeserver: hs.url, accessToken: hs.token, timeoutMs: 2_000 }) }, fanout: deps, logger: silentLogger,
    clock: () => new Date(), defaultLang: 'fr', limiter: createRateLimiter(conn, keys), digestThreshold: 5, connection: conn, prefix: keys.prefix, timeScale: 20,
  });
  stop = started.stop;
});
afterEach(async () => {
  await stop?.();
  await queues.close();
  await hs.close();
});

const settled = (): Promise<void> => queues.settled();

describe('Matrix deliveries', () => {
  it('post each change once, in order, as an m.notice with text and HTML, escaped, mentioning no one', async () => {
    const events = [added(0, 'Cloud <img src=x onerror=alert(1)> @room'), added(1), added(2)];
    for (const e of events) await fanOut(deps, e);
    await hs.waitFor(() => hs.eventsIn(ROOM).length === 3, 10_000, 'three events');
    await settled();
    const posted = hs.eventsIn(ROOM);
    expect(posted.map((e) => events.findIndex((x) => e.content.body!.includes(x.offer.service ?? '?')))).toEqual([0, 1, 2]);
    const first = posted[0]!.content;
    expect(first).toMatchObject({ msgtype: 'm.notice', format: 'org.matrix.custom.html', 'm.mentions': {} });
    expect(first.formatted_body).toContain('Cloud &#60;img src=x onerror=alert(1)&#62; @room');
    expect(first.formatted_body).not.toContain('<img');
    expect(new Set(posted.map((e) => e.txnId)).size).toBe(3);
  });

  it('send a delivery in doubt again under the same transaction id: one event, recorded as sent', async () => {
    hs.script({ status: 500, store: true }, { status: 429, retryAfterMs: 50 });
    const e = added(3);
    await fanOut(deps, e);
    await hs.waitFor(() => hs.requests.some((r) => r.status === 200), 20_000, 'an answer 200');
    await settled();
    expect(hs.requests.map((r) => r.status)).toEqual([500, 429, 200]);
    expect(new Set(hs.requests.map((r) => r.txnId)).size).toBe(1);
    expect(hs.eventsIn(ROOM)).toHaveLength(1);
    expect((await outbox.failed(10))).toEqual([]);
  });

  it('disable the room\'s subscriptions when the bot is no longer in it', async () => {
    hs.leaveRoom(ROOM);
    await fanOut(deps, added(4));
    await settled();
    expect(hs.eventsIn(ROOM)).toEqual([]);
    expect((await outbox.failed(10)).map((f) => f.record.error)).toEqual(['matrix: M_FORBIDDEN (HTTP 403)']);
    expect((await subs.all())[0]!.disabled?.reason).toBe('matrix: M_FORBIDDEN (HTTP 403)');
  });
});
