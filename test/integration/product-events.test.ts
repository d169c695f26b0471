/**
 * The product lists followed by default (decision 0025), through the real poll, store, change log and fan-out on a
 * real redis-server, with the synthetic editions of test/support/edition-archive.ts served over loopback: a store
 * that followed the service lists alone is read again silently by the new parser version (the product lists stored,
 * no event); the next edition alerts exactly the pure diff's events, the removals with their reason, which survives
 * the change log and the fan-out; the long product lists' floors hold a list read with a handful of rows; expiry
 * reminders leave the product lists out unless a subscription asks for them.
 */
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/core/diff.js';
import type { ChangeEvent, OfferEvent } from '../../src/core/events.js';
import { DEFAULT_REMINDER_WINDOWS } from '../../src/core/expiry.js';
import { subscriptionId, type ChannelRef, type Subscription } from '../../src/core/subscriptions.js';
import { parseCatalogueLists } from '../../src/sources/anssi-catalogue/index.js';
import { parserVersion } from '../../src/sources/parser-versions.js';
import { sourceSchema, type OfferSourceConfig } from '../../src/sources/schema.js';
import { createOutboxStore } from '../../src/store/outbox-store.js';
import { createReminderStore } from '../../src/store/reminder-store.js';
import { createSubscriptionStore } from '../../src/store/subscription-store.js';
import { runExpiry } from '../../workers/expiry.js';
import { fanOut, type FanoutDeps } from '../../workers/fanout.worker.js';
import { pollSource } from '../../workers/poll-source.js';
import { ARCHIVE_CASES, buildArchiveEdition } from '../support/edition-archive.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { openNotifyQueues } from '../support/notify-queues.js';
import { createHarness, silentLogger, type Harness } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
let server: FixtureServer;
let h: Harness;
let march: Uint8Array;
let april: Uint8Array;

const PATH = '/visas/catalogue.pdf';
const serve = (bytes: Uint8Array): void => server.route(PATH, { body: bytes, headers: { 'content-type': 'application/pdf' } });
const offerEvents = async (): Promise<OfferEvent[]> => (await h.changeLog.range()).map((e) => e.event).filter((e: ChangeEvent): e is OfferEvent => 'offer' in e);
/** Synthetic editions print a few rows per list: floors of one row, as a small list would have. */
const SMALL = { cc: { minRows: 1 }, 'qualified-products': { minRows: 1 } };
/** The catalogue as feeds/sources.json gives it: no `lists`, so every list (the default under test). */
const source = (settings: Record<string, unknown> = { listGuards: SMALL }): OfferSourceConfig =>
  sourceSchema.parse({ id: 'anssi-catalogue', kind: 'anssi-catalogue', url: server.url + PATH, interval: '6h', settings }) as OfferSourceConfig;

beforeAll(async () => {
  [redis, server, march, april] = await Promise.all([startTestRedis(), startFixtureServer({}), buildArchiveEdition('march'), buildArchiveEdition('april')]);
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn.disconnect();
  await Promise.all([redis.stop(), server.close()]);
});
beforeEach(() => {
  h = createHarness(conn);
  h.setNow('2026-03-02T08:00:00Z');
});
afterEach(async () => {
  await h.fetcher.close();
});

describe('the product lists, followed by default', () => {
  it('reads a store of the service lists again silently: the product lists stored, no event', async () => {
    serve(march);
    // What the previous version stored: the service lists it followed, under parser version 2.
    const before = await pollSource(h, source({ lists: ['secnumcloud'] }), { commit: true });
    expect(before.outcome).toBe('baseline');
    const doc = (await h.store.getDocument('anssi-catalogue'))!;
    await h.store.setDocument('anssi-catalogue', { ...doc, parserVersion: '2' });
    expect(await h.store.trackedLists('anssi-catalogue')).toEqual([]);

    h.setNow('2026-03-02T14:00:00Z');
    const upgrade = await pollSource(h, source(), { commit: true });
    expect(upgrade.lists?.map((l) => [l.list, l.outcome, l.events])).toEqual([
      ['secnumcloud', 'changed', 0],
      ['cc', 'baseline', 0],
      ['qualified-products', 'baseline', 0],
    ]);
    expect(await h.changeLog.range()).toEqual([]);
    expect(await h.store.trackedLists('anssi-catalogue')).toEqual(['cc', 'qualified-products']);
    expect((await h.store.getTrusted('anssi-catalogue/cc'))?.snapshot.offers.length).toBe(8);
    expect((await h.store.getDocument('anssi-catalogue'))?.parserVersion).toBe(parserVersion('anssi-catalogue'));
    expect((await h.editions!.get('anssi-catalogue', '2026-03-02'))?.lists).toEqual(expect.arrayContaining(['cc', 'qualified-products', 'secnumcloud']));
    // Read by this version now: the same document is not read again.
    const parses = h.parses();
    expect((await pollSource(h, source(), { commit: true })).outcome).toBe('unchanged');
    expect(h.parses()).toBe(parses);
  });

  it('alerts the next edition\'s product changes, the removals with their reason, through the change log and the fan-out', async () => {
    serve(march);
    expect((await pollSource(h, source(), { commit: true })).outcome).toBe('baseline');
    serve(april);
    h.setNow('2026-04-07T08:00:00Z');
    expect((await pollSource(h, source(), { commit: true })).outcome).toBe('changed');

    const stored = await offerEvents();
    // Exactly what the pure diff gives on the two documents (ids included), and nothing from the other lists.
    const [a, b] = await Promise.all([parseCatalogueLists(march.slice(), ['cc'], { archive: true }), parseCatalogueLists(april.slice(), ['cc'], { archive: true })]);
    const trusted = (await h.store.getTrusted('anssi-catalogue/cc'))!;
    expect(trusted.snapshot.archived).toEqual(b.archived);
    // Kept with its edition, for diffs between kept editions; March printed no annex.
    expect((await h.editions!.get('anssi-catalogue', '2026-04-07', ['cc']))?.archived).toEqual(b.archived);
    expect((await h.editions!.get('anssi-catalogue', '2026-03-02', ['cc']))?.archived).toBeUndefined();
    const pure = diffSnapshots(
      { source: 'anssi-catalogue', list: 'cc', edition: a.edition!, offers: a.lists.cc! },
      { source: 'anssi-catalogue', list: 'cc', edition: b.edition!, offers: b.lists.cc!, archived: b.archived! },
      { detectedAt: '2026-04-07T08:00:00.000Z' },
    );
    expect(stored.map((e) => e.offer.list)).toEqual(stored.map(() => 'cc'));
    expect(stored.map((e) => [e.kind, e.offer.certificate, e.reason]).sort()).toEqual(pure.map((e) => [e.kind, e.offer.certificate, e.reason]).sort());
    const reasons = Object.fromEntries(stored.filter((e) => e.kind === 'offer.removed').map((e) => [e.offer.certificate, e.reason ?? 'none']));
    expect(reasons).toEqual({ [ARCHIVE_CASES.archived.certificate]: 'archived', [ARCHIVE_CASES.lapsed.certificate]: 'lapsed', [ARCHIVE_CASES.removed.certificate]: 'none' });
    expect(stored.map((e) => e.kind).sort()).toEqual(['offer.removed', 'offer.removed', 'offer.removed', 'offer.renamed', 'offer.renewed', 'offer.updated']);

    // Fanned out to a channel that follows every list: the reason reaches its outbox.
    const subs = createSubscriptionStore(conn, h.keys);
    const outbox = createOutboxStore(conn, h.keys);
    const channel: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'CALL' };
    await subs.add({ id: subscriptionId(channel, ['qualifications'], [], [], { lists: ['all'] }), channel, topics: ['qualifications'], providers: [], keywords: [], lists: ['all'], createdAt: '2026-01-01T00:00:00Z' });
    const queues = openNotifyQueues(conn, h.keys.prefix);
    try {
      const deps: FanoutDeps = { subscriptions: subs, outbox, notifyQueues: queues.queues, toConsole: () => {}, logger: silentLogger, clock: () => new Date() };
      for (const e of stored) await fanOut(deps, e);
      const queued = (await outbox.peek(channel, 100)).flatMap((q) => ('event' in q.item ? [q.item.event as OfferEvent] : []));
      expect(queued.filter((e) => e.reason).map((e) => [e.offer.certificate, e.reason]).sort()).toEqual([
        [ARCHIVE_CASES.archived.certificate, 'archived'],
        [ARCHIVE_CASES.lapsed.certificate, 'lapsed'],
      ]);
    } finally {
      await queues.close();
    }
  });

  it('holds a Common Criteria list read with a handful of rows under the default floors', async () => {
    serve(march);
    const r = await pollSource(h, source({}), { commit: true });
    expect(r.lists?.map((l) => [l.list, l.outcome])).toEqual([
      ['secnumcloud', 'baseline'],
      ['cc', 'held'],
      ['qualified-products', 'held'],
    ]);
  });

  it('sends no product reminder unless an active subscription asks for product reminders', async () => {
    serve(march);
    await pollSource(h, source(), { commit: true });
    const subs = createSubscriptionStore(conn, h.keys);
    const channel: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'CEXP' };
    const sub: Subscription = { id: subscriptionId(channel, ['expiry'], [], [], { lists: ['cc'] }), channel, topics: ['expiry'], providers: [], keywords: [], lists: ['cc'], createdAt: '2026-01-01T00:00:00Z' };
    await subs.add(sub);
    const deps = { store: h.store, reminders: createReminderStore(conn, h.keys), subscriptions: subs, clock: () => new Date('2026-03-03T07:00:00Z'), timeZone: 'Europe/Paris', windows: DEFAULT_REMINDER_WINDOWS };
    const products = (events: OfferEvent[]) => events.filter((e) => e.offer.list === 'cc').map((e) => e.offer.certificate);
    expect(products(await runExpiry(deps, [source()], { commit: false }))).toEqual([]);

    // The field a later subscription version writes (the opt-in): stored as that version stores it.
    const [field, raw] = Object.entries(await conn.hgetall(h.keys.subscriptions()))[0]!;
    await conn.hset(h.keys.subscriptions(), field, JSON.stringify({ ...JSON.parse(raw), productReminders: true }));
    await conn.incr(h.keys.subscriptionsVersion());
    // Lambda's certificate ends on 2026-03-15: 12 days left.
    expect(products(await runExpiry(deps, [source()], { commit: false }))).toContain(ARCHIVE_CASES.lapsed.certificate);

    // A disabled subscription asks for nothing.
    await conn.hset(h.keys.subscriptions(), field, JSON.stringify({ ...JSON.parse(raw), productReminders: true, disabled: { reason: 'gone', at: '2026-03-01T00:00:00Z' } }));
    await conn.incr(h.keys.subscriptionsVersion());
    expect(products(await runExpiry(deps, [source()], { commit: false }))).toEqual([]);
  });
});
