/**
 * /api/offers with `list`, `edition` and `at`, /api/editions and /api/editions/diff, over HTTP on a fake state with
 * kept editions (test/support/fake-editions.ts); every JSON answer is checked against openapi/openapi.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerState } from '../../src/commands/ports.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { LIST_IDS } from '../../src/sources/anssi-catalogue/list-specs.js';
import { mountApi, type ApiDeps } from '../../src/web/api.js';
import { KEPT, PASSI_DEC, PASSI_NEW, SNC_DEC, stateWithEditions, WHALLER } from '../support/fake-editions.js';
import { NOW, TIME_ZONE } from '../support/fake-command-deps.js';
import { openApiSchemas, responseProblems } from '../support/openapi-schemas.js';

let state: TrackerState = stateWithEditions();
const logger = createLogger({ level: 'silent', format: 'json' });
const deps = (): ApiDeps => ({
  state,
  changeLog: { range: async () => [], recordedSince: async () => [], latest: async () => [] },
  clock: () => NOW, timeZone: TIME_ZONE, defaultLang: 'fr', reminderWindows: [90, 30, 7], logger,
});
let server: HttpServer;
beforeAll(async () => {
  // The state is read at each request through a getter, so a test may swap it.
  server = await startHttpServer({ port: 0, host: '127.0.0.1', logger, mount: (app) => mountApi(app, { ...deps(), get state() { return state; } }) });
});
afterAll(async () => server.close());

type Body = Record<string, unknown> & { offers: Array<Record<string, unknown>>; count: number };
/** GETs a path, checks the answer against openapi.yaml, returns status and body. */
async function get(path: string): Promise<{ status: number; body: Body }> {
  const res = await fetch(server.url + path);
  const body = (await res.json()) as Body;
  expect(responseProblems(path.split('?')[0]!, res.status, res.headers.get('content-type'), body), path).toEqual([]);
  return { status: res.status, body };
}

describe('/api/offers?list=', () => {
  it('is SecNumCloud by default, and says so with the edition, read and held', async () => {
    const { body } = await get('/api/offers');
    expect(body).toMatchObject({ status: 'qualified', list: 'secnumcloud', edition: '2025-12-05', read: true, held: false, count: 16 });
  });

  it('gives another list with its own fields, and says it is held while its newer document waits', async () => {
    const { body } = await get('/api/offers?list=PASSI&provider=synacktiv');
    expect(body).toMatchObject({ list: 'passi', edition: '2025-12-05', read: true, held: true, count: 1 });
    expect(body.offers[0]).toMatchObject({ list: 'passi', provider: 'Synacktiv', types: [], recommendation: expect.any(String) });
    expect(body.offers[0]).not.toHaveProperty('service');
  });

  it('says a list not read yet is not read, never that it has no offer', async () => {
    const { body } = await get('/api/offers?list=pris');
    expect(body).toMatchObject({ list: 'pris', edition: null, read: false, count: 0 });
    // A list the catalogue's source does not follow says so.
    expect((await get('/api/offers?list=pdis')).body).toMatchObject({ list: 'pdis', edition: null, read: false, followed: false });
    expect((await get('/api/offers?list=pris')).body).not.toHaveProperty('followed');
  });

  it('gives every list with list=all, each with its edition and count', async () => {
    const { body } = await get('/api/offers?list=all');
    expect(body.count).toBe(16 + PASSI_DEC.length);
    expect(body.lists).toEqual([
      { list: 'secnumcloud', read: true, held: false, edition: '2025-12-05', count: 16 },
      { list: 'passi', read: true, held: true, edition: '2025-12-05', count: PASSI_DEC.length },
      { list: 'pris', read: false, held: false, edition: null, count: 0 },
    ]);
    expect(body).not.toHaveProperty('read');
  });

  it('refuses an unknown list with a 400 that names every list id', async () => {
    const { status, body } = await get('/api/offers?list=secnumclouds');
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'invalid_parameter', parameter: 'list', message: `list must be one of ${LIST_IDS.join(', ')}, or all` });
    expect((await get('/api/offers?status=in_progress&list=passi')).body).toMatchObject({ parameter: 'list' });
    // Types are SecNumCloud's: asked of another list they would silently match nothing.
    expect((await get('/api/offers?list=passi&type=IaaS')).body).toEqual({ error: 'invalid_parameter', parameter: 'type', message: 'type: the passi list has no service types (they are SecNumCloud\'s)' });
    expect((await get('/api/offers?list=all&type=IaaS')).body.count).toBe(SNC_DEC.filter((o) => o.types.includes('IaaS')).length);
  });
});

describe('/api/offers?edition= and ?at=', () => {
  it('gives a kept edition, saying which one, its document hash and when it was stored', async () => {
    const { body } = await get('/api/offers?edition=2025-10-03');
    expect(body).toMatchObject({ list: 'secnumcloud', edition: '2025-10-03', read: true, count: 15, kept: { edition: '2025-10-03', dated: true, bodyHash: 'a'.repeat(64), storedAt: '2025-10-03T08:00:00.000Z' } });
    expect(body.offers.some((o) => o.service === WHALLER.service)).toBe(false);
    expect(body).not.toHaveProperty('held');
  });

  it('says a list held when an edition came is not read in it', async () => {
    expect((await get('/api/offers?edition=2025-11-05&list=passi')).body).toMatchObject({ list: 'passi', edition: null, read: false, count: 0 });
  });

  it('answers 404 for an edition not kept, naming the kept ones', async () => {
    const { status, body } = await get('/api/offers?edition=2025-11-04');
    expect(status).toBe(404);
    expect(body).toEqual({ error: 'not_found', parameter: 'edition', message: 'edition 2025-11-04 is not kept; the kept editions are at /api/editions (first 2025-10-03, latest 2025-12-05)' });
  });

  it('gives the edition in force on a day, list by list', async () => {
    expect((await get('/api/offers?at=2025-11-04')).body).toMatchObject({ at: '2025-11-04', edition: '2025-10-03', count: 15 });
    expect((await get('/api/offers?at=2025-11-05')).body).toMatchObject({ edition: '2025-11-05', count: 16, kept: { bodyHash: 'b'.repeat(64) } });
    // PASSI was held in November: in force on 20 November is still October's PASSI.
    const passi = (await get('/api/offers?at=2025-11-20&list=passi&provider=' + encodeURIComponent(PASSI_NEW.provider))).body;
    expect(passi).toMatchObject({ edition: '2025-10-03', read: true });
    const all = (await get('/api/offers?at=2025-11-20&list=all')).body;
    expect(all.lists).toEqual([
      expect.objectContaining({ list: 'secnumcloud', edition: '2025-11-05' }),
      expect.objectContaining({ list: 'passi', edition: '2025-10-03', count: PASSI_DEC.length - 1 }),
    ]);
  });

  it('answers 404 before the first kept edition: tracking starts there', async () => {
    const { status, body } = await get('/api/offers?at=2025-10-02');
    expect(status).toBe(404);
    expect(body).toEqual({ error: 'not_found', parameter: 'at', message: 'tracking starts at the first kept edition, 2025-10-03: nothing is known of 2025-10-02' });
  });

  it('refuses a malformed date, edition with at, and an "en cours" list as of a date', async () => {
    expect((await get('/api/offers?at=2025-02-30')).body).toMatchObject({ error: 'invalid_parameter', parameter: 'at' });
    expect((await get('/api/offers?edition=05/12/2025')).body).toMatchObject({ parameter: 'edition' });
    expect((await get('/api/offers?edition=2025-12-05&at=2025-12-06')).body).toMatchObject({ parameter: 'at', message: 'give edition or at, not both' });
    expect((await get('/api/offers?status=in_progress&at=2025-12-06')).status).toBe(400);
    // NOW is 28 November 2026 in Paris: what will be in force later is not known.
    expect((await get('/api/offers?at=2026-11-29')).body).toMatchObject({ parameter: 'at', message: 'at must not be after today (2026-11-28); the latest edition is at /api/offers' });
    expect((await get('/api/offers?at=2026-11-28')).body).toMatchObject({ edition: '2025-12-05' });
  });

  it('answers 404 where no edition is kept at all', async () => {
    state = stateWithEditions({ editions: null });
    try {
      expect((await get('/api/offers?at=2026-01-01')).body.message).toBe('no edition is kept yet: tracking starts at the first kept edition');
      expect((await get('/api/editions')).body).toEqual({ count: 0, editions: [] });
    } finally {
      state = stateWithEditions();
    }
  });
});

describe('/api/editions', () => {
  it('lists the kept editions oldest first, with their date, hash, storing time and lists', async () => {
    const { body } = await get('/api/editions');
    expect(body).toEqual({ count: 3, editions: KEPT.map(({ records: _, ...meta }) => meta) });
    expect(openApiSchemas().errorsOf('Edition', { ...KEPT[0], records: {} })).not.toEqual([]);
  });
});

describe('/api/editions/diff', () => {
  it('gives the changes between two kept editions, as the diff engine finds them', async () => {
    const { body } = await get('/api/editions/diff?from=2025-10-03&to=2025-12-05');
    expect(body).toMatchObject({ from: { edition: '2025-10-03' }, to: { edition: '2025-12-05', bodyHash: 'c'.repeat(64) }, list: 'secnumcloud', lists: ['secnumcloud'], count: 1 });
    expect(body.changes).toEqual([expect.objectContaining({ kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2025-12-05T08:00:00.000Z', offer: WHALLER })]);
    // The same two editions give the same ids.
    expect((await get('/api/editions/diff?from=2025-10-03&to=2025-12-05')).body.changes).toEqual(body.changes);
  });

  it('diffs another list, or every list kept in both', async () => {
    const passi = (await get('/api/editions/diff?from=2025-10-03&to=2025-12-05&list=passi')).body as Body & { changes: Array<{ kind: string; offer: unknown }> };
    expect(passi.changes.map((c) => [c.kind, c.offer])).toEqual([['offer.added', PASSI_NEW]]);
    const all = (await get('/api/editions/diff?from=2025-10-03&to=2025-12-05&list=all')).body;
    expect(all).toMatchObject({ list: 'all', lists: ['secnumcloud', 'passi'], count: 2 });
  });

  it('answers 404 for an edition not kept or a list missing from one, and 400 for editions out of order', async () => {
    expect((await get('/api/editions/diff?from=2025-10-01&to=2025-12-05')).body).toMatchObject({ error: 'not_found', parameter: 'from' });
    const held = await get('/api/editions/diff?from=2025-10-03&to=2025-11-05&list=passi');
    expect(held).toMatchObject({ status: 404, body: { parameter: 'list', message: 'list passi is not kept in edition 2025-11-05 (not read yet, or held when that edition came)' } });
    expect((await get('/api/editions/diff?from=2025-12-05&to=2025-10-03')).body).toMatchObject({ error: 'invalid_parameter', parameter: 'to' });
    expect((await get('/api/editions/diff?to=2025-10-03')).body).toMatchObject({ parameter: 'from' });
  });

  it('names in openapi.yaml exactly the list ids the catalogue adapter reads', () => {
    const { errorsOf, schema } = openApiSchemas();
    expect((schema('ListId').schema as { enum: string[] }).enum).toEqual([...LIST_IDS]);
    for (const list of LIST_IDS) expect(errorsOf('ListId', list), list).toEqual([]);
    expect(errorsOf('ListId', 'all')).not.toEqual([]);
    expect(SNC_DEC).toHaveLength(16);
  });
});
