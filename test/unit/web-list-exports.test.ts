/**
 * The `list` filter of the feed, the CSV and the calendar, over HTTP on a fake state where PASSI was read (and a
 * newer document of it is held) and PRIS is followed but not read yet; answers checked against openapi.yaml.
 */
import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfferEvent } from '../../src/core/events.js';
import { nameKey } from '../../src/core/normalize.js';
import { sha256 } from '../../src/core/snapshot.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import type { LogEntry } from '../../src/store/change-log.js';
import { mountApi } from '../../src/web/api.js';
import { offerEventUid } from '../../src/web/calendar-offers.js';
import { filterParams, parseFeedFilter } from '../../src/web/feed-filter.js';
import { CHANGES, NOW, TIME_ZONE } from '../support/fake-command-deps.js';
import { PASSI_DEC, SNC_DEC, stateWithEditions } from '../support/fake-editions.js';
import { readCalendar } from '../support/ical-read.js';
import { responseProblems } from '../support/openapi-schemas.js';

const synacktiv = PASSI_DEC.find((o) => o.provider === 'Synacktiv')!;
const passiAdded: OfferEvent = { id: 'p1', kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-11-27T06:00:00Z', offer: synacktiv };
const passiRenewed: OfferEvent = { ...passiAdded, id: 'p2', kind: 'offer.renewed', detectedAt: '2026-11-27T07:00:00Z', previous: { ...synacktiv, decision: 'old' }, changes: ['decision'] };
/** Newest first: two PASSI changes on top of the SecNumCloud ones and a news item. */
const events = [passiRenewed, passiAdded, ...CHANGES];
const entries: LogEntry[] = [...events].reverse().map((event, i) => ({ streamId: `${Date.parse(event.detectedAt) + i}-0`, event }));
const logger = createLogger({ level: 'silent', format: 'json' });

let server: HttpServer;
beforeAll(async () => {
  const state = { ...stateWithEditions(), latestChanges: async (n: number) => events.slice(0, n) };
  server = await startHttpServer({
    port: 0, host: '127.0.0.1', logger,
    mount: (app) => mountApi(app, {
      state, clock: () => NOW, timeZone: TIME_ZONE, defaultLang: 'fr', reminderWindows: [90, 30, 7], logger,
      changeLog: { range: async () => entries, recordedSince: async () => entries, latest: async (count, before) => [...entries].reverse().filter((e) => before === undefined || e.streamId < before).slice(0, count) },
    }),
  });
});
afterAll(async () => server.close());

async function get(path: string, status = 200): Promise<string> {
  const res = await fetch(server.url + path);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  expect(res.status, path).toBe(status);
  const type = res.headers.get('content-type');
  expect(responseProblems(path.split('?')[0]!, status, type, type?.startsWith('application/json') ? JSON.parse(text) : undefined), path).toEqual([]);
  return text;
}
const ids = (xml: string): string[] => cheerio.load(xml, { xml: true })('entry > id').toArray().map((e) => cheerio.load(e, { xml: true }).text().split(':').at(-1)!);

describe('/feed.atom?list=', () => {
  it('keeps the changes of the lists asked for, and no news (they belong to no list)', async () => {
    expect(ids(await get('/feed.atom?list=passi'))).toEqual(['p2', 'p1']);
    // Other filters apply to the list's changes as to SecNumCloud's.
    expect(ids(await get('/feed.atom?list=passi&provider=Synacktiv&topic=qualifications'))).toEqual(['p2', 'p1']);
    expect(ids(await get('/feed.atom?list=passi&keyword=zzz'))).toEqual([]);
    const both = ids(await get('/feed.atom?list=passi&list=secnumcloud'));
    expect(both).toEqual(events.filter((e) => e.kind !== 'news.published').map((e) => e.id));
    // The unfiltered feed keeps every change, the PASSI ones included.
    expect(ids(await get('/feed.atom'))).toEqual(events.map((e) => e.id));
  });

  it('says its list in its title, keeps it in its self link and id, and refuses an unknown list', async () => {
    const xml = await get('/feed.atom?list=PASSI&lang=en');
    const $ = cheerio.load(xml, { xml: true });
    expect($('feed > title').text()).toBe('SecNumCloud: catalogue changes and news (PASSI list)');
    expect($('feed > link[rel=self]').attr('href')).toMatch(/\/feed\.atom\?list=passi&lang=en$/);
    expect($('feed > id').text()).toMatch(/:feed:en\?list=passi$/);
    const bad = JSON.parse(await get('/feed.atom?list=passy', 400)) as { parameter: string };
    expect(bad.parameter).toBe('list');
    const f = parseFeedFilter({ list: ['pris', 'passi'] });
    expect(f.ok && f.value ? filterParams(f.value).toString() : '').toBe('list=passi&list=pris');
  });
});

const csvRows = (text: string): string[][] => parse(text, { bom: true, delimiter: ';', comment: '#', record_delimiter: '\r\n' }) as string[][];

describe('/api/offers.csv?list= and /calendar.ics?list=', () => {
  it('gives the list as a CSV with its own columns, its name and edition, and that it is held', async () => {
    const text = await get('/api/offers.csv?list=passi&provider=synacktiv');
    expect(text.split('\r\n')[0]).toBe(
      "\uFEFF# Source : catalogue de l'ANSSI, liste PASSI — prestataires d'audit de la sécurité des systèmes d'information, édition du 05/12/2025. " +
        'Un nouveau document de la liste PASSI est retenu pour vérification : les offres affichées sont celles de sa dernière édition validée. ' +
        'Filtres : fournisseur « synacktiv ». Extrait le 28/11/2026 par secnumcloud-tracker.',
    );
    const [header, ...rows] = csvRows(text);
    expect(header).toEqual(['Fournisseur', 'Service', 'Activités', 'Début de qualification', 'Début (AAAA-MM-JJ)', 'Fin de qualification', 'Fin (AAAA-MM-JJ)', 'Jours restants', 'Décision', 'Lien de la décision', 'Niveau', 'Sécurité nationale', 'Recommandation', 'OID']);
    expect(rows).toHaveLength(1);
    expect(rows[0]![0]).toBe('Synacktiv');
    expect(rows[0]![2]).toContain("tests d'intrusion");
    // SecNumCloud's file is as it was.
    expect(csvRows(await get('/api/offers.csv'))[0]![2]).toBe('Types');
  });

  it('says a list not read yet is not read: a CSV line, and a 503 calendar rather than an empty one', async () => {
    const text = await get('/api/offers.csv?list=pris');
    expect(text.split('\r\n')[0]).toContain("La liste PRIS n'a pas encore été lue");
    expect(csvRows(text)).toHaveLength(1);
    const body = JSON.parse(await get('/calendar.ics?list=pris', 503)) as { message: string };
    expect(body.message).toMatch(/La liste PRIS n'a pas encore été lue/);
  });

  it('gives a list\'s end dates in a calendar named after it, with UIDs apart from SecNumCloud\'s', async () => {
    const cal = readCalendar(await get('/calendar.ics?list=passi&provider=synacktiv&lang=en'));
    expect(cal.events.map((e) => e.summary)).toContain('PASSI qualification ends: Synacktiv');
    expect(cal.source).toMatch(/\/calendar\.ics\?provider=synacktiv&list=passi&lang=en$/);
    expect(offerEventUid(synacktiv, 'end')).not.toBe(offerEventUid({ ...synacktiv, list: 'pris' }, 'end'));
    // SecNumCloud's UIDs do not move: the same as for a record without a list.
    expect(offerEventUid(SNC_DEC[0]!, 'end')).toBe(`${sha256(JSON.stringify([nameKey(SNC_DEC[0]!), '', 'end'])).slice(0, 32)}@secnumcloud-tracker`);
    expect((await get('/calendar.ics?list=nope', 400)).length).toBeGreaterThan(0);
    expect(JSON.parse(await get('/api/offers.csv?list=passi&type=SaaS', 400))).toMatchObject({ parameter: 'type' });
  });
});
