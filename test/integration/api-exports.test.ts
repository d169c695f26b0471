/**
 * The CSV, the calendar and the filtered feed as a user meets them, on the stack of api-feed.test.ts (a real Redis
 * seeded with the real December 2025 catalogue through two earlier editions, the compiled web role with PUBLIC_URL):
 * each output parsed back (csv-parse, ical.js, cheerio as XML), compared with /api/offers, checked against
 * openapi/openapi.yaml; then a January edition renewing one offer, which moves its calendar events.
 */
import * as cheerio from 'cheerio';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Offer, Snapshot } from '../../src/core/offer.js';
import { dec, december, PUBLIC_URL, startApiStack, type ApiStack, type Commit } from '../support/api-stack.js';
import { readCalendar } from '../support/ical-read.js';
import { openApiSchemas, responseProblems } from '../support/openapi-schemas.js';

let stack: ApiStack;
/** The last catalogue commit, for an edition committed later (a renewal). */
let lastCatalogue: Commit;

beforeAll(async () => {
  stack = await startApiStack('ax');
  lastCatalogue = stack.december;
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const { errorsOf } = openApiSchemas();

/** GETs a path, checks the response against openapi.yaml, and returns its text with the BOM kept. */
async function getChecked(path: string, status = 200): Promise<{ res: Response; text: string }> {
  const res = await stack.get(path);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  expect(res.status, path).toBe(status);
  const type = res.headers.get('content-type');
  expect(responseProblems(path.split('?')[0]!, status, type, type?.startsWith('application/json') ? JSON.parse(text) : undefined), path).toEqual([]);
  return { res, text };
}
const csvRows = (text: string): string[][] => parseCsv(text, { bom: true, delimiter: ';', comment: '#', record_delimiter: '\r\n' }) as string[][];
interface OffersBody { offers: Array<Offer & { daysLeft?: number }> }
const apiOffers = async (query: string): Promise<OffersBody['offers']> => (JSON.parse((await getChecked(`/api/offers${query}`)).text) as OffersBody).offers;

describe('/api/offers.csv', () => {
  it('holds the offers /api/offers gives, with the same filters, under a line naming the catalogue and its edition', async () => {
    for (const query of ['', '?provider=OODRIVE&type=saas']) {
      const { res, text } = await getChecked(`/api/offers.csv${query}`);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(text.startsWith("\uFEFF# Source : catalogue des offres qualifiées SecNumCloud de l'ANSSI, édition du 05/12/2025.")).toBe(true);
      const api = { offers: await apiOffers(query) };
      const rows = csvRows(text).slice(1);
      expect(rows.map((r) => [r[0], r[1], r[4], r[6], r[7], r[8], r[9]]), query).toEqual(
        api.offers.map((o) => [o.provider, o.service, o.qualifiedFrom, o.qualifiedUntil, String(o.daysLeft), o.decision, o.decisionUrl]),
      );
    }
  });
});

describe('/calendar.ics', () => {
  it('has an end event and three reminders per offer, which ical.js reads, under PUBLIC_URL', async () => {
    const { res, text } = await getChecked('/calendar.ics?lang=en');
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const cal = readCalendar(text);
    expect(cal.events).toHaveLength(december.offers.length * 4);
    expect(cal.source).toBe(`${PUBLIC_URL}/calendar.ics?lang=en`);
    const whaller = cal.events.filter((e) => e.summary.endsWith('Whaller — Whaller Donjon SaaS')).map((e) => [e.start, e.summary]);
    expect(whaller).toEqual([
      ['2027-05-04', 'SecNumCloud qualification ends in 90 days: Whaller — Whaller Donjon SaaS'],
      ['2027-07-03', 'SecNumCloud qualification ends in 30 days: Whaller — Whaller Donjon SaaS'],
      ['2027-07-26', 'SecNumCloud qualification ends in 7 days: Whaller — Whaller Donjon SaaS'],
      ['2027-08-02', 'SecNumCloud qualification ends: Whaller — Whaller Donjon SaaS'],
    ]);
    expect(readCalendar((await getChecked('/calendar.ics?type=PaaS')).text).events).toHaveLength(december.offers.filter((o) => o.types.includes('PaaS')).length * 4);
  });
});

/** The entries of the feed at `query` (checked against openapi.yaml), and the document. */
async function entries(query: string) {
  const { text } = await getChecked(`/feed.atom${query}`);
  const $ = cheerio.load(text, { xml: true });
  return { $, titles: $('feed > entry > title').toArray().map((e) => $(e).text()) };
}

describe('/feed.atom with filters', () => {
  it('holds only the changes a subscription with the same filters receives, its self link keeping them', async () => {
    const saas = await entries('?topic=qualifications&type=SaaS');
    expect(saas.titles).toEqual(['Retiré du catalogue SecNumCloud : Acme & Fils — Nuage <souverain>', 'Nouvelle qualification SecNumCloud : Whaller — Whaller Donjon SaaS']);
    expect(saas.$('feed > link[rel="self"]').attr('href')).toBe(`${PUBLIC_URL}/feed.atom?topic=qualifications&type=SaaS`);
    expect(saas.$('feed > id').text()).toBe('tag:secnumcloud.example.org,2026:feed:fr?topic=qualifications&type=SaaS');
    // Providers are spelled as subscribe reads them: "3DS Outscale" is Outscale's alias.
    for (const provider of ['outscale', '3ds%20outscale']) expect((await entries(`?topic=qualifications&provider=${provider}`)).titles).toEqual(['Qualification renouvelée : Outscale — IaaS']);
    expect((await entries('?topic=qualifications&provider=ovh')).titles).toEqual([]);
    const news = await entries('?topic=actualités');
    expect(news.titles.length).toBeGreaterThan(0);
    expect(news.titles.every((t) => t.startsWith('Actualité : '))).toBe(true);
    expect(errorsOf('Error', JSON.parse((await getChecked('/feed.atom?topic=offers.added', 400)).text))).toEqual([]);
  });
});

describe('a renewal', () => {
  it('moves the calendar event of the offer, same UID, to the new end date; the feed filtered on it shows the renewal', async () => {
    const cegedim = (text: string) => readCalendar(text).events.filter((e) => e.summary.endsWith('Cegedim — CegNumCloud Secured IaaS'));
    const before = cegedim((await getChecked('/calendar.ics')).text);
    expect(before.map((e) => e.start)).toEqual(['2027-09-05', '2027-11-04', '2027-11-27', '2027-12-04']);
    const renewed: Offer = { ...dec('CegNumCloud Secured IaaS'), qualifiedFrom: '2027-11-20', qualifiedUntil: '2030-11-20', decision: '2399', decisionUrl: 'https://messervices.cyber.gouv.fr/visas/2027_2399_np.pdf' };
    const january: Snapshot = { ...december, edition: '2026-01-09', offers: december.offers.map((o) => (o.provider === 'Cegedim' ? renewed : o)) };
    lastCatalogue = await stack.commitEdition(lastCatalogue, january, new Date());
    expect(lastCatalogue.events.map((e) => e.kind)).toEqual(['offer.renewed']);
    const after = cegedim((await getChecked('/calendar.ics')).text);
    expect(after.map((e) => e.uid)).toEqual(before.map((e) => e.uid));
    expect(after.map((e) => e.start)).toEqual(['2030-08-22', '2030-10-21', '2030-11-13', '2030-11-20']);
    expect(after.at(-1)!.url).toBe(renewed.decisionUrl);
    expect((await entries('?provider=cegedim')).titles).toEqual(['Qualification renouvelée : Cegedim — CegNumCloud Secured IaaS']);
  });
});
