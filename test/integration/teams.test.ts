/**
 * Microsoft Teams deliveries through the real worker path: the fan-out queues a change for a Teams target, the drain
 * worker posts an Adaptive Card to an emulator of Teams' incoming webhooks, which refuses any card outside the
 * schema it checks. Text from a source stays text; the URL (the channel's credential) stays out of jobs and
 * records; 429s, failures hidden in a 200 and 5xx are retried; a removed webhook disables the subscription.
 */
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OfferEvent } from '../../src/core/events.js';
import { TARGET_WORKSPACE } from '../../src/core/platforms.js';
import { subscriptionId, type ChannelRef } from '../../src/core/subscriptions.js';
import { createTeamsSender } from '../../src/platforms/teams/sender.js';
import { webhookDispatcher } from '../../src/platforms/target-dispatcher.js';
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
import { startFakeTeams, type FakeTeams } from '../emulators/teams/index.js';
import { dumpPrefix } from '../support/redis-dump.js';
import { deliveryStores } from '../support/delivery-stores.js';

const CHANNEL = 'veille-cloud';
const target: ChannelRef = { platform: 'teams', workspace: TARGET_WORKSPACE, channel: 'dsi-veille' };
let redis: TestRedis;
let conn: Redis;
let keys: Keys;
let subs: RedisSubscriptionStore;
let outbox: OutboxStore;
let targets: TargetStore;
let queues: NotifyQueueSet;
let teams: FakeTeams;
let deps: FanoutDeps;
let stop: (() => Promise<void>) | undefined;

const offers = catalogueSnapshot().offers;
let n = 0;
const added = (i: number, provider?: string): OfferEvent => ({ id: `t${++n}`, kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-12-01T09:00:00.000Z', offer: { ...offers[i]!, ...(provider ? { provider } : {}) } });

beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn?.disconnect();
  await redis?.stop();
});
beforeEach(async () => {
  ({ keys, subs, outbox, targets, queues, deps } = deliveryStores(conn, 'tm'));
  teams = await startFakeTeams();
  await subs.add({ id: subscriptionId(target, ['qualifications'], [], []), channel: target, topics: ['qualifications'], providers: [], keywords: [], createdAt: '2026-12-01T08:00:00.000Z' });
  await targets.set(target, { url: teams.urlFor(CHANNEL) });
});
afterEach(async () => {
  await stop?.();
  stop = undefined;
  await queues.close();
  await teams.close();
});

/** The drain workers with a Teams sender as production builds it (the webhooks' address check), in `lang`. */
function startWorker(opts: { allowPrivate?: boolean; lang?: 'fr' | 'en' } = {}): void {
  const dispatcher = webhookDispatcher({ allowPrivate: opts.allowPrivate ?? true, connectTimeoutMs: 2_000 });
  const sender = createTeamsSender({ targets, dispatcher, timeoutMs: 2_000, publicUrl: 'https://veille.example.fr' });
  const started = startNotifyWorker({
    outbox, subscriptions: subs, senders: { teams: sender }, fanout: deps, logger: silentLogger, clock: () => new Date(), defaultLang: opts.lang ?? 'fr',
    limiter: createRateLimiter(conn, keys), digestThreshold: 5, connection: conn, prefix: keys.prefix, timeScale: 20,
  });
  stop = async () => {
    await started.stop();
    await dispatcher.close();
  };
}

const settled = (): Promise<void> => queues.settled();

/** Every text of a card, in order. */
const texts = (card: Record<string, unknown>): string[] =>
  (card.body as Array<{ type: string; text?: string; facts?: Array<{ title: string; value: string }> }>).flatMap((e) =>
    e.type === 'TextBlock' ? [e.text!] : e.type === 'FactSet' ? e.facts!.map((f) => `${f.title}: ${f.value}`) : [],
  );

/** Every value under the test's prefix but the targets' hash: queues (job data, ids), outboxes, delivery records. */
const everythingButTargets = (): Promise<string> => dumpPrefix(conn, keys.prefix, [keys.targets()]);

describe('Teams deliveries', () => {
  it('post each change once, in order, as an Adaptive Card the schema accepts, source text escaped', async () => {
    startWorker();
    const events = [added(0, 'Evil [clic](https://phish.example) *Cloud*'), added(1), added(2)];
    for (const e of events) await fanOut(deps, e);
    await teams.waitFor(() => teams.posted(CHANNEL).length === 3, 10_000, 'three cards');
    await settled();
    expect(teams.requests.map((r) => [r.status, r.invalid])).toEqual([[200, undefined], [200, undefined], [200, undefined]]);
    const cards = teams.posted(CHANNEL);
    expect(cards.map((c) => events.findIndex((e) => texts(c).join('\n').includes(e.offer.service!.replace(/[\\`*_{}[\]()<>#+\-.!|~]/g, (x) => `\\${x}`))))).toEqual([0, 1, 2]);
    const first = cards[0]!;
    expect(first).toMatchObject({ type: 'AdaptiveCard', version: '1.4', lang: 'fr' });
    const all = texts(first).join('\n');
    expect(all).toContain('Evil \\[clic\\]\\(https://phish\\.example\\) \\*Cloud\\*');
    expect(all).not.toContain('](https://phish.example)');
    // The link the tracker adds (the provider's page, PUBLIC_URL) is a real one.
    expect(all).toMatch(/\]\(https:\/\/veille\.example\.fr\/providers\/[a-z0-9-]+\)/);
    expect(JSON.parse(teams.requests[0]!.body)).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
  });

  it('keep the URL out of job data, job ids, outboxes and delivery records', async () => {
    await fanOut(deps, added(3)); // no worker yet: the job waits, as the dashboard would show it
    const jobs = await queues.queues.teams.getJobs(['wait', 'delayed']);
    expect(jobs.map((j) => j.data)).toEqual([{ channel: target }]);
    startWorker();
    await teams.waitFor(() => teams.posted(CHANNEL).length === 1, 10_000, 'one card');
    await settled();
    const stored = await everythingButTargets();
    expect(stored).toContain('dsi-veille');
    for (const secret of [`tok-${CHANNEL}`, new URL(teams.urlFor(CHANNEL)).pathname]) expect(stored).not.toContain(secret);
  });

  it('retry a 429 (Retry-After), a failure reported inside a 200 and a 503; a 500 after posting posts twice (at least once)', async () => {
    startWorker({ lang: 'en' });
    teams.script(
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 200, text: 'Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 with ContextId …', post: false },
      { status: 503 },
      { status: 500, post: true },
    );
    await fanOut(deps, added(4));
    await teams.waitFor(() => teams.requests.filter((r) => r.status === 200).length === 2, 20_000, 'the card posted');
    await settled();
    expect(teams.requests.map((r) => r.status)).toEqual([429, 200, 503, 500, 200]);
    expect(new Set(teams.requests.map((r) => r.body)).size).toBe(1);
    // Teams keeps no idempotency key: the card posted before the 500 shows again. This is the guarantee stated.
    expect(teams.posted(CHANNEL)).toHaveLength(2);
    expect(teams.posted(CHANNEL)[0]).toMatchObject({ lang: 'en' });
    expect(await outbox.failed(10)).toEqual([]);
  });

  it('disable the subscription when the webhook is removed (404), naming no URL', async () => {
    startWorker();
    teams.script({ status: 404, text: 'Not found' });
    await fanOut(deps, added(5));
    await teams.waitFor(() => teams.requests.length === 1);
    await settled();
    const failed = await outbox.failed(10);
    expect(failed.map((f) => f.record.error)).toEqual(['teams: HTTP 404, the webhook or workflow is gone']);
    expect((await subs.all())[0]!.disabled?.reason).toBe('teams: HTTP 404, the webhook or workflow is gone');
    expect(JSON.stringify(failed)).not.toContain(`tok-${CHANNEL}`);
  });

  it('refuse a loopback address unless WEBHOOK_ALLOW_PRIVATE: nothing reaches the endpoint', async () => {
    startWorker({ allowPrivate: false });
    await fanOut(deps, added(6));
    await settled();
    expect(teams.requests).toEqual([]);
    expect((await outbox.failed(10)).map((f) => f.record.error)).toEqual(['teams: the address is not public (WEBHOOK_ALLOW_PRIVATE is off)']);
  });

  it('the emulator refuses a card outside the schema (so that the checks above can fail)', async () => {
    const post = (body: unknown): Promise<Response> => fetch(teams.urlFor(CHANNEL), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const card = (element: object): object => ({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.4', body: [element] } }] });
    expect((await post(card({ type: 'TextBlock', text: 'ok', wrap: true }))).status).toBe(200);
    for (const bad of [{ type: 'TextBlok', text: 'x' }, { type: 'TextBlock' }, { type: 'TextBlock', text: 'x', weight: 'heavy' }, { type: 'FactSet', facts: [{ title: 'a' }] }]) {
      expect((await post(card(bad))).status).toBe(400);
    }
    expect(teams.requests.filter((r) => r.invalid).length).toBe(4);
  });
});
