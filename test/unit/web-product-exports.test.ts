/**
 * The feed, the CSV and the calendar of the product lists, over HTTP on the real December 2025 product lists read by
 * the real adapter: the `list` filter accepts them, the search `q` and `category` apply to the CSV and the calendar,
 * the CSV adds the product columns after those of the other lists, the calendar gives certificates' end dates (none
 * for a certificate no longer maintained) under UIDs that follow the certificate; a removal's reason in /api/changes.
 * Answers checked against openapi.yaml; expected rows computed from the parsed records.
 */
import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfferEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import type { LogEntry } from '../../src/store/change-log.js';
import { mountApi } from '../../src/web/api.js';
import { offerEventUid, offersCalendar } from '../../src/web/calendar-offers.js';
import { CHANGES, NOW, TIME_ZONE } from '../support/fake-command-deps.js';
import { readCalendar } from '../support/ical-read.js';
import { openApiSchemas, responseProblems } from '../support/openapi-schemas.js';
import { realProductLists, stateWithProducts, type ProductLists } from '../support/product-lists.js';

const logger = createLogger({ level: 'silent', format: 'json' });
let products: ProductLists;
let server: HttpServer;
let events: OfferEvent[];

beforeAll(async () => {
  products = await realProductLists();
  const cc = products.cc[0]!;
  const cspn = products.cspn[0]!;
  events = [
    { id: 'c3', kind: 'offer.removed', source: 'anssi-catalogue', detectedAt: '2026-11-27T08:00:00Z', offer: cc, reason: 'archived' } as OfferEvent,
    { id: 'c2', kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-11-27T07:00:00Z', offer: cspn },
    { id: 'c1', kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-11-27T06:00:00Z', offer: cc },
  ];
  const all = [...events, ...CHANGES];
  const entries: LogEntry[] = [...all].reverse().map((event, i) => ({ streamId: `${Date.parse(event.detectedAt) + i}-0`, event }));
  const state = { ...stateWithProducts(products), latestChanges: async (n: number) => all.slice(0, n) };
  server = await startHttpServer({
    port: 0, host: '127.0.0.1', logger,
    mount: (app) => mountApi(app, {
      state, clock: () => NOW, timeZone: TIME_ZONE, defaultLang: 'fr', reminderWindows: [90, 30, 7], logger,
      changeLog: {
        range: async (after = '-', count = 1000) => entries.filter((e) => after === '-' || e.streamId > after).slice(0, count),
        recordedSince: async () => entries,
        latest: async (count, before) => [...entries].reverse().filter((e) => before === undefined || e.streamId < before).slice(0, count),
      },
    }),
  });
}, 60_000);
afterAll(async () => server?.close());

async function get(path: string, status = 200): Promise<string> {
  const res = await fetch(server.url + path);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  expect(res.status, path).toBe(status);
  const type = res.headers.get('content-type');
  expect(responseProblems(path.split('?')[0]!, status, type, type?.startsWith('application/json') ? JSON.parse(text) : undefined), path).toEqual([]);
  return text;
}
const csvRows = (text: string): string[][] => parse(text, { bom: true, delimiter: ';', comment: '#', record_delimiter: '\r\n' }) as string[][];
const plain = (s: string | undefined): string => (s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const stormshield = (offers: readonly Offer[]): Offer[] => offers.filter((o) => plain(`${o.provider} ${o.service}`).includes('stormshield'));

describe('/api/offers.csv of a product list', () => {
  it('keeps the columns of the other lists first, then the product columns, one line per certificate found', async () => {
    const text = await get('/api/offers.csv?list=cspn&q=Stormshield');
    expect(text.split('\r\n')[0]).toMatch(/liste CSPN — .*édition du 05\/12\/2025\. Filtres : recherche « Stormshield »\./);
    const [header, ...rows] = csvRows(text);
    const [passiHeader] = csvRows(await get('/api/offers.csv?list=passi'));
    expect(header!.slice(0, passiHeader!.length)).toEqual(passiHeader);
    expect(header!.slice(passiHeader!.length)).toEqual(['Version', 'Catégorie', "Niveau d'agrément", 'Type de produit', 'Commanditaire', "Centre d'évaluation (CESTI)", 'Maintenu', 'Certificat', 'Lien du certificat', 'Lien du rapport de certification', 'Lien de la cible de sécurité']);
    const expected = stormshield(products.cspn);
    expect(expected.length).toBeGreaterThan(1);
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[col('Certificat')])).toEqual(expected.map((o) => o.certificate));
    expect(rows.map((r) => [r[col('Lien du certificat')], r[col('Lien du rapport de certification')], r[col('Lien de la cible de sécurité')]])).toEqual(expected.map((o) => [o.certificateUrl, o.reportUrl, o.securityTargetUrl]));
    expect(rows.map((r) => [r[0], r[1], r[col('Version')], r[col("Centre d'évaluation (CESTI)")], r[col('Fin (AAAA-MM-JJ)')]])).toEqual(expected.map((o) => [o.provider, o.service, o.version ?? '', o.evaluationFacility ?? '', o.qualifiedUntil]));
  });

  it('gives every CC certificate without a search, and a qualified products category with its decisions', async () => {
    const res = await fetch(`${server.url}/api/offers.csv?list=cc&lang=en`);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="cc-products-2025-12-05.csv"');
    expect(csvRows(await res.text()).slice(1)).toHaveLength(products.cc.length);
    const [header, ...rows] = csvRows(await get('/api/offers.csv?list=qualified-products&category=chiffreurs'));
    const expected = products['qualified-products'].filter((o) => o.category === 'Chiffreurs');
    expect(rows.map((r) => r[header!.indexOf('Décision')])).toEqual(expected.map((o) => o.decision));
    expect(JSON.parse(await get('/api/offers.csv?list=cc&category=chiffreurs', 400))).toMatchObject({ parameter: 'category' });
  });
});

describe('/calendar.ics of a product list', () => {
  it('gives each certificate found its end date, linking to the certificate', async () => {
    const cal = readCalendar(await get('/calendar.ics?list=cspn&q=stormshield&lang=en'));
    const expected = stormshield(products.cspn);
    const ends = cal.events.filter((e) => e.summary.startsWith('CSPN validity ends:'));
    expect(ends.map((e) => [e.start, e.url]).sort()).toEqual(expected.map((o) => [o.qualifiedUntil, o.certificateUrl]).sort());
    for (const o of expected) expect(ends.map((e) => e.summary)).toContain(`CSPN validity ends: ${o.provider} — ${[o.service, o.version].filter(Boolean).join(' ')} (${o.certificate})`);
    expect(cal.source).toMatch(/\/calendar\.ics\?q=stormshield&list=cspn&lang=en$/);
  });

  it('gives no end date to a certificate no longer maintained, and keeps an event\'s UID through a reassessment', () => {
    const o = products.cc.find((x) => x.certificate && !/-[RMS]\d+$/.test(x.certificate) && !/v\d+$/.test(x.certificate))!;
    const stale: Offer = { ...o, maintained: false };
    delete stale.qualifiedUntil;
    const cal = offersCalendar({ offers: [stale, o], windows: [30], lang: 'fr', list: 'cc', self: 'x', now: NOW.toISOString() });
    expect(cal.events.map((e) => e.date).sort()).toEqual([o.qualifiedUntil!, cal.events.find((e) => e.summary.includes('dans 30 jours'))!.date].sort());
    // A reassessment (-R01) renews the same certificate: its end event moves, it is not another one.
    const renewed: Offer = { ...o, certificate: `${o.certificate}-R01`, qualifiedUntil: '2030-01-01' };
    expect(offerEventUid(renewed, 'end')).toBe(offerEventUid(o, 'end'));
    expect(offerEventUid({ ...o, certificate: 'ANSSI-CC-1999-01' }, 'end')).not.toBe(offerEventUid(o, 'end'));
  });
});

describe('/feed.atom and /api/changes with the product lists', () => {
  const ids = (xml: string): string[] => cheerio.load(xml, { xml: true })('entry > id').toArray().map((e) => cheerio.load(e, { xml: true }).text().split(':').at(-1)!);

  it('keeps the changes of the product lists asked for', async () => {
    expect(ids(await get('/feed.atom?list=cc&topic=qualifications'))).toEqual(['c3', 'c1']);
    expect(ids(await get('/feed.atom?list=cspn&topic=qualifications'))).toEqual(['c2']);
    expect(ids(await get('/feed.atom?list=cc&list=cspn&topic=qualifications'))).toEqual(['c3', 'c2', 'c1']);
    // Without a list, a filtered feed is SecNumCloud's, as a subscription.
    expect(ids(await get('/feed.atom?topic=qualifications'))).not.toContain('c1');
    // A certificate's entry links to the certificate (a product has no decision).
    const $ = cheerio.load(await get('/feed.atom?list=cspn&topic=qualifications'), { xml: true });
    expect($('entry > link[rel=alternate]').attr('href')).toBe(products.cspn[0]!.certificateUrl);
  });

  it('says a certificate was moved to the archive', async () => {
    // The shared fixture's events have short ids the schema refuses: these events are checked one by one.
    const body = (await (await fetch(`${server.url}/api/changes`)).json()) as { changes: Array<{ id: string; reason?: string; offer?: Offer }> };
    const { errorsOf } = openApiSchemas();
    for (const id of ['c1', 'c2', 'c3']) expect(errorsOf('OfferChange', { ...body.changes.find((c) => c.id === id)!, id: 'f'.repeat(32) }), id).toEqual([]);
    const removed = body.changes.find((c) => c.id === 'c3')!;
    expect(removed).toMatchObject({ reason: 'archived', offer: { list: 'cc', certificate: products.cc[0]!.certificate } });
    expect(body.changes.find((c) => c.id === 'c1')).not.toHaveProperty('reason');
  });
});
