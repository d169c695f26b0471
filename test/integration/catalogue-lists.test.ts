/**
 * Every list of the catalogue, followed (issue 20): an upgrade from a store that followed SecNumCloud alone is
 * silent, the next edition alerts what changed in each list and nothing else, a PASSI change reaches the channels
 * that follow PASSI only, a provider's status shows each list naming it, and a held list is released by two more
 * sightings of the same document. Real Redis, the synthetic editions of test/support/edition-lists.ts served over
 * loopback, the real poll and fan-out code.
 */
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import { diffSnapshots } from '../../src/core/diff.js';
import type { ChangeEvent, OfferEvent } from '../../src/core/events.js';
import { chainedStateHash } from '../../src/core/snapshot.js';
import { receives, subscriptionId, type ChannelRef, type Subscription } from '../../src/core/subscriptions.js';
import { DEFAULT_REMINDER_WINDOWS } from '../../src/core/expiry.js';
import { createReminderStore } from '../../src/store/reminder-store.js';
import { runExpiry } from '../../workers/expiry.js';
import { listOf } from '../../src/core/tracks.js';
import { parseCatalogue, parseCatalogueLists } from '../../src/sources/anssi-catalogue/index.js';
import { sha256Hex } from '../../src/sources/fetcher.js';
import { createOutboxStore } from '../../src/store/outbox-store.js';
import { createSubscriptionStore } from '../../src/store/subscription-store.js';
import { createTrackerState } from '../../src/store/tracker-state.js';
import { fanOut, type FanoutDeps } from '../../workers/fanout.worker.js';
import { pollSource } from '../../workers/poll-source.js';
import { buildListsEdition } from '../support/edition-lists.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { openNotifyQueues, type NotifyQueueSet } from '../support/notify-queues.js';
import { catalogueSource, createHarness, silentLogger, type Harness } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
let server: FixtureServer;
let h: Harness;
let january: Uint8Array;
let february: Uint8Array;

const PATH = '/visas/catalogue.pdf';
const LISTS = ['secnumcloud', 'passi', 'eidas-seal', 'pams'] as const;
const serve = (bytes: Uint8Array): void => server.route(PATH, { body: bytes, headers: { 'content-type': 'application/pdf' } });
const logged = async (): Promise<ChangeEvent[]> => (await h.changeLog.range()).map((e) => e.event);
const offerEvents = async (): Promise<OfferEvent[]> => (await logged()).filter((e): e is OfferEvent => 'offer' in e);
const source = (guard = {}, listGuards = {}) => {
  const s = catalogueSource(server.url + PATH, guard, LISTS);
  return { ...s, settings: { ...s.settings, listGuards } } as typeof s;
};

beforeAll(async () => {
  [redis, server, january, february] = await Promise.all([startTestRedis(), startFixtureServer({}), buildListsEdition('january'), buildListsEdition('february')]);
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn.disconnect();
  await Promise.all([redis.stop(), server.close()]);
});
beforeEach(() => {
  h = createHarness(conn);
});
afterEach(async () => {
  await h.fetcher.close();
});

/** What today's main stored after polling `bytes`: SecNumCloud's snapshot, its validators on the trusted hash, no parser version. */
async function storeAsBefore(bytes: Uint8Array, at: Date): Promise<void> {
  const snapshot = { ...(await parseCatalogue(bytes)), source: 'anssi-catalogue' };
  const ok = await h.store.commit('anssi-catalogue', { state: chainedStateHash(undefined, snapshot), snapshot, validators: { bodyHash: sha256Hex(bytes) }, events: [], now: at });
  expect(ok).toBe(true);
}

/** The events the diff gives list by list between two documents: what a poll must alert, and nothing else. */
async function expectedChanges(before: Uint8Array, after: Uint8Array): Promise<string[]> {
  const [a, b] = await Promise.all([parseCatalogueLists(before, LISTS), parseCatalogueLists(after, LISTS)]);
  return LISTS.flatMap((l) =>
    diffSnapshots({ source: 'anssi-catalogue', offers: a.lists[l]! }, { source: 'anssi-catalogue', offers: b.lists[l]! }, { detectedAt: '2026-02-02T08:00:00Z' }).map(
      (e) => `${l} ${e.kind} ${e.offer.provider}`,
    ),
  );
}

describe('following every list of the catalogue', () => {
  it('upgrades silently from a store that followed SecNumCloud alone, then alerts only what the next edition changed', async () => {
    serve(january);
    await storeAsBefore(january, new Date('2026-01-05T08:00:00Z'));
    h.setNow('2026-01-05T14:00:00Z');
    const upgrade = await pollSource(h, source(), { commit: true });
    expect(upgrade.outcome).toBe('changed');
    expect(await logged()).toEqual([]);
    expect(await h.store.trackedLists('anssi-catalogue')).toEqual(['eidas-seal', 'pams', 'passi']);
    for (const l of ['passi', 'eidas-seal', 'pams']) expect((await h.store.getTrusted(`anssi-catalogue/${l}`))?.snapshot.offers.length).toBeGreaterThan(0);
    expect((await h.editions!.list('anssi-catalogue')).map((e) => [e.edition, e.lists])).toEqual([['2026-01-05', ['eidas-seal', 'pams', 'passi', 'secnumcloud']]]);
    // The same document again: not read again (same hash, same parser version).
    const parses = h.parses();
    expect((await pollSource(h, source(), { commit: true })).outcome).toBe('unchanged');
    expect(h.parses()).toBe(parses);

    serve(february);
    h.setNow('2026-02-02T08:00:00Z');
    const next = await pollSource(h, source(), { commit: true });
    expect(next.outcome).toBe('changed');
    const got = (await offerEvents()).map((e) => `${listOf(e.offer)} ${e.kind} ${e.offer.provider}`);
    const want = await expectedChanges(january, february);
    expect(got.sort()).toEqual(want.sort());
    // What changed, list by list: PASSI's renewal, mark, departure and arrival; the seal's extension; Whaller's mark.
    expect(got).toEqual(expect.arrayContaining(['passi offer.renewed Cumulus Français', 'passi offer.added Zénith Audit', 'passi offer.removed Acceis', 'eidas-seal offer.renewed Certeurope', 'secnumcloud offer.updated Whaller']));
    expect(got.some((g) => g.startsWith('pams '))).toBe(false);
    expect((await offerEvents()).filter((e) => listOf(e.offer) === 'passi').every((e) => e.offer.list === 'passi')).toBe(true);
    expect((await h.editions!.list('anssi-catalogue')).map((e) => e.edition)).toEqual(['2026-01-05', '2026-02-02']);
  });

  it('sends a PASSI change to the channels that follow PASSI, not to those that follow SecNumCloud', async () => {
    serve(january);
    await pollSource(h, source(), { commit: true });
    serve(february);
    h.setNow('2026-02-02T08:00:00Z');
    await pollSource(h, source(), { commit: true });
    const subs = createSubscriptionStore(conn, h.keys);
    const outbox = createOutboxStore(conn, h.keys);
    const channel = (c: string): ChannelRef => ({ platform: 'slack', workspace: 'T1', channel: c });
    const sub = (c: string, lists?: string[]): Subscription => ({
      id: subscriptionId(channel(c), ['qualifications'], [], [], lists ? { lists } : {}),
      channel: channel(c), topics: ['qualifications'], providers: [], keywords: [], ...(lists ? { lists } : {}), createdAt: '2026-01-01T00:00:00Z',
    });
    await subs.add(sub('CPASSI', ['passi']));
    await subs.add(sub('CSNC'));
    await subs.add(sub('CALL', ['all']));
    const queues: NotifyQueueSet = openNotifyQueues(conn, h.keys.prefix);
    try {
      const deps: FanoutDeps = { subscriptions: subs, outbox, notifyQueues: queues.queues, toConsole: () => {}, logger: silentLogger, clock: () => new Date() };
      const events = await offerEvents();
      for (const e of events) await fanOut(deps, e);
      const queued = async (c: string) => (await outbox.peek(channel(c), 100)).flatMap((q) => ('event' in q.item ? [q.item.event as OfferEvent] : []));
      const passi = await queued('CPASSI');
      expect(passi.length).toBeGreaterThan(0);
      expect(passi.every((e) => e.offer.list === 'passi')).toBe(true);
      expect(passi.map((e) => e.id).sort()).toEqual(events.filter((e) => e.offer.list === 'passi').map((e) => e.id).sort());
      const snc = await queued('CSNC');
      expect(snc.map((e) => `${e.kind} ${e.offer.provider}`)).toEqual(['offer.updated Whaller']);
      expect((await queued('CALL')).length).toBe(events.length);
    } finally {
      await queues.close();
    }
  });

  it("answers status for a provider in two lists, list by list", async () => {
    serve(february);
    await pollSource(h, source(), { commit: true });
    const state = createTrackerState({ store: h.store, editions: h.editions!, changeLog: h.changeLog, sources: () => [source()] });
    const lists = await state.lists();
    expect(lists.map((l) => [l.list, l.read, l.offers.length > 0])).toEqual([['secnumcloud', true, true], ['passi', true, true], ['eidas-seal', true, true], ['pams', true, true]]);
    // Cumulus Français holds two PASSI decisions and an infogérance one: both lists, each with its rows.
    const reply = await runCommand('status provider:"Cumulus Français"', { user: 'U1', channel: { platform: 'slack', workspace: 'T1', channel: 'C1' }, canManage: true }, {
      subscriptions: createSubscriptionStore(conn, h.keys), state, clock: () => new Date('2026-02-03T08:00:00Z'), timeZone: 'Europe/Paris',
    });
    const text = JSON.stringify(reply);
    expect(text).toContain('PASSI (audit de la sécurité des systèmes d’information)');
    expect(text).toContain('PAMS (administration et maintenance sécurisées (infogérance))');
    expect(text.indexOf('PASSI (')).toBeLessThan(text.indexOf('PAMS ('));
    expect(text).toContain('Administration sécurisée de systèmes sensibles');
    // Its two PASSI decisions, each on its line with its link.
    expect(text).toContain('/2025_20990v2_np.pdf');
    expect(text).toContain('/2026_61_np.pdf');
  });

  it('holds a list the guard does not trust while the others go on, and releases it after two more sightings over 12 hours', async () => {
    // A guard for PASSI that trusts no replaced row: February's departure and arrival hold it.
    const strict = source({}, { passi: { maxReplacedRatio: 0, minDropCount: 0 } });
    serve(january);
    await pollSource(h, strict, { commit: true });
    serve(february);
    h.setNow('2026-02-02T08:00:00Z');
    const first = await pollSource(h, strict, { commit: true });
    expect(first.lists?.find((l) => l.list === 'passi')?.outcome).toBe('held');
    const afterFirst = await logged();
    const suspects = afterFirst.filter((e) => e.kind === 'source.suspect');
    expect(suspects).toHaveLength(1);
    // The operators read which list is held, and the command that releases it names the source.
    expect(suspects[0]!.source).toBe('anssi-catalogue');
    expect('summary' in suspects[0]! && suspects[0].summary).toMatch(/its passi list held .*run "accept anssi-catalogue"/);
    expect(afterFirst.some((e) => 'offer' in e && e.offer.list === 'passi')).toBe(false);
    expect(afterFirst.some((e) => 'offer' in e && e.offer.list === 'eidas-seal')).toBe(true);
    expect(await h.store.isHeld('anssi-catalogue')).toBe(true);
    // The same document (same hash): not read again, but each poll counts as a sighting of the held list.
    const parses = h.parses();
    h.setNow('2026-02-02T14:00:00Z');
    expect((await pollSource(h, strict, { commit: true })).lists?.find((l) => l.list === 'passi')?.outcome).toBe('held');
    h.setNow('2026-02-02T20:30:00Z');
    const released = await pollSource(h, strict, { commit: true });
    expect(h.parses()).toBe(parses);
    expect(released.outcome).toBe('released');
    const passi = (await offerEvents()).filter((e) => e.offer.list === 'passi').map((e) => `${e.kind} ${e.offer.provider}`);
    expect(passi).toEqual(expect.arrayContaining(['offer.added Zénith Audit', 'offer.removed Acceis']));
    expect(await h.store.isHeld('anssi-catalogue')).toBe(false);
    // Released, the list joins its edition.
    expect((await h.editions!.get('anssi-catalogue', '2026-02-02'))?.lists).toContain('passi');
  });

  it('reminds of the end dates of every list, to the subscriptions that follow that list', async () => {
    serve(january);
    await pollSource(h, source(), { commit: true });
    const deps = { store: h.store, reminders: createReminderStore(conn, h.keys), clock: () => new Date('2026-01-06T07:00:00Z'), timeZone: 'Europe/Paris', windows: DEFAULT_REMINDER_WINDOWS };
    const events = await runExpiry(deps, [source()], { commit: true });
    // Cumulus Français's PASSI decision 954 ends on 2026-02-08: 33 days left.
    const passi = events.filter((e) => e.offer.list === 'passi');
    expect(passi.map((e) => [e.offer.provider, e.offer.decision, e.offer.qualifiedUntil])).toEqual([['Cumulus Français', '954', '2026-02-08']]);
    const expiry = { topics: ['expiry' as const], providers: [], keywords: [] };
    expect(receives(expiry, passi[0]!)).toBe(false);
    expect(receives({ ...expiry, lists: ['passi'] }, passi[0]!)).toBe(true);
    // Each reminder once: the job again sends nothing.
    expect(await runExpiry(deps, [source()], { commit: true })).toEqual([]);
  });
});

