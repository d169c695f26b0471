/**
 * "Was this offer qualified on that date, in which edition?" through a real Redis: two catalogue editions stored as a
 * poll stores them (the trusted snapshot of each list, and the edition kept by the EditionStore), read back by
 * createTrackerState, answered by the API over HTTP; every JSON answer checked against openapi/openapi.yaml.
 */
import { load } from 'cheerio';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/core/diff.js';
import type { Offer, Snapshot } from '../../src/core/offer.js';
import { chainedStateHash } from '../../src/core/snapshot.js';
import { trackOf } from '../../src/core/tracks.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { createChangeLog } from '../../src/store/change-log.js';
import { createEditionStore } from '../../src/store/edition-store.js';
import { createKeys } from '../../src/store/keys.js';
import { createSourceStore, type SourceStore } from '../../src/store/source-store.js';
import { createTrackerState } from '../../src/store/tracker-state.js';
import { mountApi } from '../../src/web/api.js';
import { mountStatusPage } from '../../src/web/site.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { listCsvRecords } from '../support/list-csv.js';
import { responseProblems } from '../support/openapi-schemas.js';
import { catalogueSource } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

const SOURCE = 'anssi-catalogue';
const december = catalogueSnapshot();
const whaller = december.offers.find((o) => o.service === 'Whaller Donjon SaaS')!;
const passi = listCsvRecords('passi');
/** October: SecNumCloud without Whaller (qualified since), PASSI without its last auditor. */
const EDITIONS: Array<{ edition: string; bodyHash: string; storedAt: string; lists: Record<string, Offer[]> }> = [
  { edition: '2025-10-03', bodyHash: '1'.repeat(64), storedAt: '2025-10-03T09:00:00.000Z', lists: { secnumcloud: december.offers.filter((o) => o !== whaller), passi: passi.slice(0, -1) } },
  { edition: '2025-12-05', bodyHash: '2'.repeat(64), storedAt: '2025-12-05T15:00:00.000Z', lists: { secnumcloud: december.offers, passi } },
];

let redis: TestRedis;
let conn: Redis;
let server: HttpServer;

/** Stores each list's snapshot as trusted (chained to the previous one, the diff's events in the log), and keeps the edition. */
async function storeEdition(store: SourceStore, e: (typeof EDITIONS)[number], previous: Map<string, { snapshot: Snapshot; state: string }>) {
  for (const [list, offers] of Object.entries(e.lists)) {
    const snapshot: Snapshot = { source: SOURCE, ...(list === 'secnumcloud' ? {} : { list }), edition: e.edition, offers };
    const before = previous.get(list);
    const state = chainedStateHash(before?.state, snapshot);
    const events = before ? diffSnapshots(before.snapshot, snapshot, { detectedAt: e.storedAt, previousState: before.state }) : [];
    const ok = await store.commit(trackOf(SOURCE, list), { ...(before ? { expectedState: before.state } : {}), state, snapshot, validators: { bodyHash: e.bodyHash }, events, now: new Date(e.storedAt) });
    expect(ok).toBe(true);
    previous.set(list, { snapshot, state });
  }
}

beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
  const keys = createKeys(`ed${Date.now()}`);
  const store = createSourceStore(conn, keys);
  const editions = createEditionStore(conn, keys);
  const previous = new Map<string, { snapshot: Snapshot; state: string }>();
  for (const e of EDITIONS) {
    await storeEdition(store, e, previous);
    await editions.keep(SOURCE, { edition: e.edition, dated: true, bodyHash: e.bodyHash, storedAt: e.storedAt }, e.lists);
  }
  await store.recordSuccess(SOURCE, new Date(EDITIONS[1]!.storedAt));
  const sources = [catalogueSource('http://127.0.0.1:9/catalogue.pdf', {}, ['secnumcloud', 'passi', 'pris'])];
  const state = createTrackerState({ store, editions, changeLog: createChangeLog(conn, keys), sources: () => sources, clock: () => new Date('2026-01-05T09:00:00Z') });
  const logger = createLogger({ level: 'silent', format: 'json' });
  const clock = () => new Date('2026-01-05T09:00:00Z');
  server = await startHttpServer({
    port: 0, host: '127.0.0.1', logger,
    mount: (app) => {
      mountApi(app, { state, changeLog: createChangeLog(conn, keys), clock, timeZone: 'Europe/Paris', defaultLang: 'fr', reminderWindows: [90, 30, 7], logger });
      mountStatusPage(app, { state, clock, timeZone: 'Europe/Paris', defaultLang: 'fr', logger });
    },
  });
}, 30_000);

afterAll(async () => {
  await server?.close();
  conn?.disconnect();
  await redis?.stop();
});

interface OffersBody { edition: string | null; count: number; offers: Offer[]; kept?: { edition: string; bodyHash: string; storedAt: string }; message?: string; read?: boolean }
async function api<T = OffersBody>(path: string, status = 200): Promise<T> {
  const res = await fetch(server.url + path);
  const body = (await res.json()) as T;
  expect(res.status, path).toBe(status);
  expect(responseProblems(path.split('?')[0]!, res.status, res.headers.get('content-type'), body), path).toEqual([]);
  return body;
}
const hasWhaller = (b: OffersBody): boolean => b.offers.some((o) => o.service === whaller.service);

describe('?at= before and after a qualification, on a real Redis', () => {
  it('answers "not yet" before the edition that lists Whaller, and "yes, in the edition of 5 December" from it on', async () => {
    const before = await api('/api/offers?at=2025-11-30&provider=whaller');
    expect(before).toMatchObject({ edition: '2025-10-03', count: 0, kept: { edition: '2025-10-03', bodyHash: '1'.repeat(64), storedAt: '2025-10-03T09:00:00.000Z' } });
    const after = await api('/api/offers?at=2025-12-05&provider=whaller');
    expect(after).toMatchObject({ edition: '2025-12-05', count: 1, kept: { bodyHash: '2'.repeat(64) } });
    expect(hasWhaller(after)).toBe(true);
    expect((await api('/api/offers?at=2026-01-05')).count).toBe(16);
  });

  it('answers 404 before the first kept edition: tracking starts there', async () => {
    const body = await api('/api/offers?at=2025-10-02', 404);
    expect(body.message).toBe('tracking starts at the first kept edition, 2025-10-03: nothing is known of 2025-10-02');
  });

  it('lists the kept editions, and diffs them into the change that happened', async () => {
    const list = await api<{ editions: Array<Record<string, unknown>> }>('/api/editions');
    expect(list.editions).toEqual(EDITIONS.map((e) => ({ edition: e.edition, dated: true, bodyHash: e.bodyHash, storedAt: e.storedAt, lists: ['passi', 'secnumcloud'] })));
    const diff = await api<{ changes: Array<{ kind: string; offer: Offer; detectedAt: string }> }>('/api/editions/diff?from=2025-10-03&to=2025-12-05&list=all');
    expect(diff.changes.map((c) => [c.kind, c.offer.provider, c.offer.list ?? 'secnumcloud'])).toEqual([
      ['offer.added', 'Whaller', 'secnumcloud'],
      ['offer.added', passi.at(-1)!.provider, 'passi'],
    ]);
    // The same changes as the poll recorded in the change log (whose ids are chained to the stored state: not these).
    const logged = await api<{ changes: Array<{ kind: string; offer: Offer }> }>('/api/changes');
    const what = (cs: Array<{ kind: string; offer: Offer }>) => cs.map((c) => JSON.stringify([c.kind, c.offer])).sort();
    expect(what(diff.changes)).toEqual(what(logged.changes));
  });

  it('gives another list as of a date, and says a followed list not read yet is not read', async () => {
    const passiOct = await api('/api/offers?list=passi&at=2025-11-01');
    expect(passiOct).toMatchObject({ edition: '2025-10-03', count: passi.length - 1, read: true });
    expect(await api('/api/offers?list=pris')).toMatchObject({ edition: null, read: false, count: 0 });
    const page = load(await (await fetch(`${server.url}/?list=pris`)).text());
    expect(page('section[aria-labelledby=offers-h] p.notice').text()).toMatch(/^La liste PRIS n'a pas encore été lue/);
    const passiPage = load(await (await fetch(`${server.url}/?list=passi`)).text());
    expect(passiPage('table.offers caption').text()).toMatch(/^PASSI — .*, catalogue du 05\/12\/2025$/);
    expect(passiPage('table.offers tbody tr')).toHaveLength(passi.length);
  });
});
