import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/core/diff.js';
import type { ChangeEvent } from '../../src/core/events.js';
import { acceptHeld, pollSource } from '../../workers/poll-source.js';
import { allReplacedRows, editionOfRows, halfRenewedRows, tenReplacedRows } from '../support/edition-churn.js';
import { getEdition, type Edition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { catalogueSource, createHarness, type Harness } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
let server: FixtureServer;
let h: Harness;
let december: Edition;
let january: Edition;

const PATH = '/visas/catalogue.pdf';
const serve = (e: Edition, headers: Record<string, string> = {}): void =>
  server.route(PATH, { body: e.bytes, headers: { 'content-type': 'application/pdf', ...headers } });
const events = async (): Promise<ChangeEvent[]> => (await h.changeLog.range()).map((e) => e.event);

beforeAll(async () => {
  [redis, server, december, january] = await Promise.all([startTestRedis(), startFixtureServer({}), getEdition('real'), getEdition('syntheticOutline')]);
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

describe('polling the catalogue', () => {
  it('stores the first trusted snapshot as a silent baseline', async () => {
    serve(december);
    const source = catalogueSource(server.url + PATH);
    const r = await pollSource(h, source, { commit: true });
    expect(r.outcome).toBe('baseline');
    expect(await events()).toEqual([]);
    const trusted = await h.store.getTrusted(source.id);
    expect(trusted?.snapshot.offers).toHaveLength(16);
    expect(trusted?.snapshot.edition).toBe('2025-12-05');
    expect((await h.store.getHealth(source.id)).lastSuccessAt).toBe(h.clock().toISOString());
  });

  it('does not parse an unchanged body again, whether the server sends validators or not', async () => {
    serve(december);
    const source = catalogueSource(server.url + PATH);
    await pollSource(h, source, { commit: true });
    expect(await pollSource(h, source, { commit: true })).toEqual({ outcome: 'unchanged', reason: 'same-hash' });
    expect(h.parses()).toBe(1);
    // With an ETag, the next poll is a conditional GET answered 304.
    server.route(PATH, (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
      res.writeHead(200, { etag: '"v1"' }).end(december.bytes);
    });
    const h2 = createHarness(conn);
    await pollSource(h2, source, { commit: true });
    expect(await pollSource(h2, source, { commit: true })).toEqual({ outcome: 'unchanged', reason: '304' });
    expect(h2.parses()).toBe(1);
    await h2.fetcher.close();
  });

  it('writes the true changes between two editions to the change log once, even when the poll runs twice', async () => {
    serve(december);
    const source = catalogueSource(server.url + PATH);
    await pollSource(h, source, { commit: true });
    const before = await h.store.getTrusted(source.id);
    serve(january);
    h.setNow('2026-01-05T14:00:00Z');
    const r = await pollSource(h, source, { commit: true });
    const want = diffSnapshots({ source: 'anssi-catalogue', ...december.expected }, { source: 'anssi-catalogue', ...january.expected }, {
      detectedAt: '2026-01-05T14:00:00.000Z',
      previousState: before!.state,
    });
    expect(want.length).toBeGreaterThan(0);
    expect(r).toEqual({ outcome: 'changed', events: want, lists: [{ list: 'secnumcloud', outcome: 'changed', events: want.length }] });
    expect(await events()).toEqual(want);
    expect(await pollSource(h, source, { commit: true })).toMatchObject({ outcome: 'unchanged' });
    expect(await events()).toEqual(want);
  });

  it('lets only one of two racing workers commit a change', async () => {
    serve(december);
    const source = catalogueSource(server.url + PATH);
    await pollSource(h, source, { commit: true });
    serve(january);
    const other = createHarness(conn, h.keys.prefix);
    const results = await Promise.all([pollSource(h, source, { commit: true }), pollSource(other, source, { commit: true })]);
    await other.fetcher.close();
    expect(results.map((r) => r.outcome).sort()).toEqual(['changed', 'superseded']);
    const changed = results.find((r) => r.outcome === 'changed');
    expect(await events()).toEqual(changed && 'events' in changed ? changed.events : []);
  });

  it('prints nothing to store when checking without --commit', async () => {
    serve(january);
    const source = catalogueSource(server.url + PATH);
    expect((await pollSource(h, source, { commit: false })).outcome).toBe('baseline');
    expect(await h.store.getTrusted(source.id)).toBeUndefined();
    expect(await h.changeLog.length()).toBe(0);
  });
});

describe('a snapshot the guard does not trust', () => {
  // January has more rows than December: with tight thresholds, going back to December is a suspect drop.
  const strict = { maxDropRatio: 0.05, minDropCount: 1 };

  async function holdDecember(): Promise<ReturnType<typeof catalogueSource>> {
    const source = catalogueSource(server.url + PATH, strict);
    serve(january);
    await pollSource(h, source, { commit: true });
    serve(december);
    h.setNow('2026-02-01T08:00:00Z');
    const r = await pollSource(h, source, { commit: true });
    expect(r).toMatchObject({ outcome: 'held', alerted: true });
    return source;
  }

  it('is held, tells the operators once, and alerts no subscriber', async () => {
    const source = await holdDecember();
    h.setNow('2026-02-01T14:00:00Z');
    expect(await pollSource(h, source, { commit: true })).toMatchObject({ outcome: 'held', alerted: false });
    const log = await events();
    expect(log.map((e) => e.kind)).toEqual(['source.suspect']);
    expect((await h.store.getTrusted(source.id))?.snapshot.edition).toBe('2026-01-05');
    expect(h.parses()).toBe(2); // the held body is not parsed again
  });

  it('is released by two more polls of the same body spanning 12 hours', async () => {
    const source = await holdDecember();
    h.setNow('2026-02-01T12:00:00Z');
    expect((await pollSource(h, source, { commit: true })).outcome).toBe('held');
    h.setNow('2026-02-01T20:00:01Z');
    const r = await pollSource(h, source, { commit: true });
    expect(r.outcome).toBe('released');
    const log = await events();
    expect(log[0]!.kind).toBe('source.suspect');
    const offers = log.slice(1);
    expect(offers.length).toBeGreaterThan(0);
    expect(offers.every((e) => e.kind.startsWith('offer.'))).toBe(true);
    expect((await h.store.getTrusted(source.id))?.snapshot.edition).toBe('2025-12-05');
    expect(await h.store.getHeld(source.id)).toBeUndefined();
  });

  it('is released at once by accept, which returns the events it stored', async () => {
    const source = await holdDecember();
    const accepted = await acceptHeld(h, source);
    expect(accepted?.events.length).toBeGreaterThan(0);
    expect((await events()).slice(1)).toEqual(accepted?.events);
    expect(await acceptHeld(h, source)).toBeUndefined();
  });
});

describe('a catalogue mostly replaced (churn), drawn by the suite\'s PDF generator', () => {
  async function after(next: Edition) {
    const source = catalogueSource(server.url + PATH);
    serve(december);
    await pollSource(h, source, { commit: true });
    serve(next);
    h.setNow('2026-01-05T14:00:00Z');
    return { source, result: await pollSource(h, source, { commit: true }) };
  }

  it('holds an edition whose 16 rows are all different (every provider renamed, every decision new): no subscriber event', async () => {
    const { source, result } = await after(await editionOfRows('allReplaced', allReplacedRows()));
    expect(result).toMatchObject({ outcome: 'held', alerted: true });
    const log = await events();
    expect(log.map((e) => e.kind)).toEqual(['source.suspect']);
    expect(log[0]).toMatchObject({ reasons: [expect.stringContaining('16 removed and 16 added after matching')] });
    expect((await h.store.getTrusted(source.id))?.snapshot.edition).toBe('2025-12-05');
    expect((await h.store.getTrusted(source.id))?.snapshot.offers).toHaveLength(16);
  });

  it('holds an edition where 10 of the 16 rows were replaced: no subscriber event', async () => {
    const { result } = await after(await editionOfRows('tenReplaced', tenReplacedRows()));
    expect(result).toMatchObject({ outcome: 'held', alerted: true });
    expect((await events()).map((e) => e.kind)).toEqual(['source.suspect']);
  });

  it('trusts an edition renewing half of the rows: 8 offer.renewed, nothing held', async () => {
    const { source, result } = await after(await editionOfRows('halfRenewed', halfRenewedRows()));
    expect(result.outcome).toBe('changed');
    expect((await events()).map((e) => e.kind)).toEqual(Array(8).fill('offer.renewed'));
    expect(await h.store.getHeld(source.id)).toBeUndefined();
  });
});

describe('source health', () => {
  it('raises source.failing once after N failures and source.recovered when a poll succeeds', async () => {
    const { store } = h;
    const t = (m: number): Date => new Date(Date.UTC(2026, 0, 5, 8, m));
    for (let i = 0; i < 5; i++) await store.recordFailure('anssi-catalogue', 'GET …: HTTP 503', t(i), 3);
    expect((await store.getHealth('anssi-catalogue')).failures).toBe(5);
    await store.recordSuccess('anssi-catalogue', t(10));
    await store.recordSuccess('anssi-catalogue', t(11));
    const log = await events();
    expect(log.map((e) => e.kind)).toEqual(['source.failing', 'source.recovered']);
    expect(log[0]).toMatchObject({ failures: 3 });
    expect((await store.getHealth('anssi-catalogue')).failures).toBe(0);
  });
});
