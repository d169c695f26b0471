/**
 * The JSON API and the Atom feed as a user meets them: a real Redis seeded through the real stores (the real
 * December 2025 catalogue, reached through two earlier editions diffed by the real engine, an operator event,
 * a news item), the compiled CLI started with `start --role web` (test/support/api-stack.ts), then every response
 * validated against openapi/openapi.yaml and the feed parsed back element by element.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '@redocly/openapi-core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import * as cheerio from 'cheerio';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysBetween, todayIn } from '../../src/core/calendar.js';
import { isOperatorEvent, type ChangeEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import type { ChangeLog } from '../../src/store/change-log.js';
import { at, dec, december, HOUR, IN_PROGRESS_READ, NEWS_TITLE, PUBLIC_URL, startApiStack, type ApiStack } from '../support/api-stack.js';
import { ROOT } from '../support/run-cli.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

let stack: ApiStack;
let log: ChangeLog;
const publishNews = (title: string, url: string, now: Date): Promise<void> => stack.publishNews(title, url, now);

beforeAll(async () => {
  stack = await startApiStack('af');
  ({ log } = stack);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

// ---- the OpenAPI schemas, as ajv validators --------------------------------------------------------------

const spec = parseYaml(readFileSync(join(ROOT, 'openapi/openapi.yaml'), 'utf8')) as { components: { schemas: Record<string, unknown> } };
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
// OpenAPI 3.1 schemas are JSON Schema 2020-12; their refs point into components.schemas, here $defs.
ajv.addSchema({ $id: 'openapi', $defs: JSON.parse(JSON.stringify(spec.components.schemas).replaceAll('#/components/schemas/', '#/$defs/')) });
const schema = (name: string): ValidateFunction => {
  const v = ajv.getSchema(`openapi#/$defs/${name}`);
  if (!v) throw new Error(`no schema ${name} in openapi.yaml`);
  return v;
};
function expectValid(name: string, body: unknown): void {
  const v = schema(name);
  expect(v(body) ? [] : v.errors, `${name}: ${JSON.stringify(v.errors)}`).toEqual([]);
}

const get = (pathOrPublicUrl: string, headers: Record<string, string> = {}): Promise<Response> => stack.get(pathOrPublicUrl, headers);
async function getJson<T>(path: string, status = 200): Promise<T> {
  const res = await get(path);
  expect(res.status, path).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return (await res.json()) as T;
}

const publicEvents = async (): Promise<ChangeEvent[]> => (await log.range()).map((e) => e.event).filter((e) => !isOperatorEvent(e));
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

interface OffersBody { status: string; edition?: string; today: string; count: number; offers: Array<Offer & { daysLeft?: number }> }
interface ChangesBody { changes: Array<{ id: string; kind: string; detectedAt: string }>; cursor?: string; next?: string }

describe('/api/offers', () => {
  it('returns exactly the 16 offers of the trusted December 2025 edition, with the days left, valid against the schema', async () => {
    const before = todayIn('Europe/Paris', new Date());
    const body = await getJson<OffersBody>('/api/offers');
    expectValid('OffersResponse', body);
    expect([before, todayIn('Europe/Paris', new Date())]).toContain(body.today);
    expect(body).toMatchObject({ status: 'qualified', edition: '2025-12-05', count: 16 });
    expect(body.offers.map(({ daysLeft, ...o }) => o)).toEqual(december.offers);
    for (const o of body.offers) expect(o.daysLeft).toBe(daysBetween(body.today, o.qualifiedUntil!));
  });

  it('filters by provider and type, and lists the "en cours" entries', async () => {
    const oodrive = await getJson<OffersBody>('/api/offers?provider=OODRIVE&type=saas');
    expectValid('OffersResponse', oodrive);
    expect(oodrive.offers.map((o) => o.service)).toEqual(['Oodrive_Meet', 'Oodrive_Work', 'Oodrive_Work_Share']);
    const pending = await getJson<OffersBody>('/api/offers?status=in_progress');
    expectValid('OffersResponse', pending);
    expect(pending).toMatchObject({ status: 'in_progress', count: 2, offers: IN_PROGRESS_READ });
    expect(pending.edition).toBeUndefined();
  });

  it('refuses an unknown type with a 400 the Error schema describes', async () => {
    const body = await getJson<unknown>('/api/offers?type=XaaS', 400);
    expectValid('Error', body);
    expect(body).toMatchObject({ error: 'invalid_parameter', parameter: 'type' });
  });
});

describe('/api/changes', () => {
  it('returns every change of the log oldest first, as stored, without the operators\' events', async () => {
    const body = await getJson<ChangesBody>('/api/changes');
    expectValid('ChangesResponse', body);
    const expected = await publicEvents();
    expect(expected.map((e) => e.kind)).toEqual(['offer.added', ...expected.slice(1, 4).map((e) => e.kind), 'news.published']);
    expect(body.changes).toEqual(json(expected));
    expect((await log.range()).some((e) => e.event.kind === 'source.failing')).toBe(true);
    expect(body.next).toBeUndefined();
  });

  it('keeps the changes detected since a date-time, in UTC or with an offset', async () => {
    const all = await publicEvents();
    const since = at(36); // between November's change and December's
    const want = all.filter((e) => Date.parse(e.detectedAt) >= since.getTime()).map((e) => e.id);
    expect(want).toHaveLength(4);
    const utc = await getJson<ChangesBody>(`/api/changes?since=${since.toISOString()}`);
    expectValid('ChangesResponse', utc);
    expect(utc.changes.map((c) => c.id)).toEqual(want);
    const paris = new Date(since.getTime() + HOUR).toISOString().replace('Z', '+01:00'); // the same instant, written in UTC+1
    expect((await getJson<ChangesBody>(`/api/changes?since=${encodeURIComponent(paris)}`)).changes.map((c) => c.id)).toEqual(want);
    expect((await getJson<ChangesBody>(`/api/changes?since=${new Date().toISOString()}`)).changes).toEqual([]);
  });

  it('answers a since that is not an ISO 8601 date-time with 400 and a JSON error', async () => {
    for (const since of ['2026-01-05', 'hier', '2026-13-01T00:00:00Z']) {
      const body = await getJson<unknown>(`/api/changes?since=${since}`, 400);
      expectValid('Error', body);
      expect(body).toMatchObject({ error: 'invalid_parameter', parameter: 'since' });
    }
  });

  it('pages with limit and next, each change once and in order, then resumes from the cursor with only what is new', async () => {
    const all = (await publicEvents()).map((e) => e.id);
    const seen: string[] = [];
    let page = await getJson<ChangesBody>('/api/changes?limit=2');
    const pages = [page];
    while (page.next) {
      expect(page.next.startsWith(`${PUBLIC_URL}/api/changes?`)).toBe(true);
      page = await getJson<ChangesBody>(page.next);
      pages.push(page);
    }
    for (const p of pages) {
      expectValid('ChangesResponse', p);
      seen.push(...p.changes.map((c) => c.id));
    }
    expect(seen).toEqual(all);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    // A follower keeps the last cursor; a change published later is all it gets.
    const cursor = page.cursor!;
    expect((await getJson<ChangesBody>(`/api/changes?after=${cursor}`)).changes).toEqual([]);
    await publishNews('NumSpot obtient la qualification SecNumCloud', 'https://www.cert.ssi.gouv.fr/actualite/CERTFR-2026-ACT-002/', new Date());
    const fresh = await getJson<ChangesBody>(`/api/changes?after=${cursor}`);
    expect(fresh.changes.map((c) => c.kind)).toEqual(['news.published']);
    expect(fresh.cursor).not.toBe(cursor);
  });
});

describe('/api/sources and /healthz', () => {
  it('describes each configured source with its health, valid against the schema', async () => {
    const body = await getJson<{ sources: Array<Record<string, unknown>> }>('/api/sources');
    expectValid('SourcesResponse', body);
    expect(body.sources.map((s) => s.id)).toEqual(['anssi-catalogue', 'anssi-en-cours', 'certfr-actualite']);
    // Its last success was two days ago, for a source polled every 6 hours: overdue.
    expect(body.sources[0]).toEqual({ id: 'anssi-catalogue', kind: 'anssi-catalogue', name: 'Catalogue ANSSI', enabled: true, state: 'overdue', lastAttemptAt: at(48).toISOString(), lastSuccessAt: at(48).toISOString(), failures: 0, held: false });
    expect(JSON.stringify(body)).not.toContain('proxy.internal');
  });

  it('answers /healthz as described', async () => {
    expectValid('Health', await getJson<unknown>('/healthz'));
  });
});

describe('the schemas catch a response that breaks them', () => {
  it('rejects real responses mutated out of the contract', async () => {
    const offers = await getJson<OffersBody>('/api/offers');
    const changes = await getJson<ChangesBody>('/api/changes');
    const mutants: Array<[string, string, unknown]> = [
      ['OffersResponse', 'an unknown type', { ...offers, offers: [{ ...offers.offers[0], types: ['XaaS'] }] }],
      ['OffersResponse', 'an offer without provider', { ...offers, offers: [(({ provider, ...o }) => o)(offers.offers[0]!)] }],
      ['OffersResponse', 'a field not in the contract', { ...offers, offers: [{ ...offers.offers[0], internal: 1 }] }],
      ['OffersResponse', 'a date that is not a calendar date', { ...offers, edition: '05/12/2025' }],
      ['OffersResponse', 'a count as text', { ...offers, count: '16' }],
      ['ChangesResponse', "an operator's event", { ...changes, changes: [{ ...changes.changes[0], kind: 'source.failing' }] }],
      ['ChangesResponse', 'a detectedAt that is not an instant', { ...changes, changes: [{ ...changes.changes[0], detectedAt: 'yesterday' }] }],
      ['ChangesResponse', 'a news change without its item', { ...changes, changes: [(({ item, ...c }) => c)(changes.changes.at(-1) as unknown as { item: unknown })] }],
      ['ChangesResponse', 'a malformed cursor', { ...changes, cursor: 'abc' }],
    ];
    for (const [name, what, body] of mutants) expect(schema(name)(body), what).toBe(false);
    // And the unmutated ones pass, so the failures above come from the mutations.
    expect(schema('OffersResponse')(offers)).toBe(true);
    expect(schema('ChangesResponse')(changes)).toBe(true);
  });
});

describe('/feed.atom', () => {
  const entriesOf = ($: cheerio.CheerioAPI) => $('feed > entry').toArray().map((e) => $(e));

  it('is an Atom 1.0 document a strict parser reads, with the feed elements expected', async () => {
    const res = await get('/feed.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    const parsed = await new Parser().parseString(xml); // xml2js, strict: a malformed document throws
    const events = [...(await publicEvents())].reverse(); // newest first
    expect(parsed.items).toHaveLength(events.length);
    const $ = cheerio.load(xml, { xml: true });
    const feed = $('feed');
    expect(feed.attr('xmlns')).toBe('http://www.w3.org/2005/Atom');
    expect(feed.children('id').text()).toBe('tag:secnumcloud.example.org,2026:feed:fr');
    expect(feed.children('title').text()).toBe('SecNumCloud : changements du catalogue et actualités');
    expect(feed.children('updated').text()).toBe(events[0]!.detectedAt);
    expect(feed.children('link[rel="self"]').attr('href')).toBe(`${PUBLIC_URL}/feed.atom`);
    expect(feed.children('link[rel="alternate"][type="text/html"]').attr('href')).toBe(`${PUBLIC_URL}/?lang=fr`);
    expect(feed.find('author > name').text()).toBe('secnumcloud-tracker');
    expect(res.headers.get('last-modified')).toBeNull();
    expect(res.headers.get('vary') ?? '').not.toMatch(/Host/); // PUBLIC_URL is set: links do not depend on the request
  });

  it('has one entry per change, newest first, each with its id, title, dates and link', async () => {
    const $ = cheerio.load(await (await get('/feed.atom')).text(), { xml: true });
    const entries = entriesOf($);
    const events = [...(await publicEvents())].reverse();
    expect(entries.map((e) => e.children('id').text())).toEqual(events.map((e) => `tag:secnumcloud.example.org,2026:change:${e.id}`));
    entries.forEach((entry, i) => {
      expect(entry.children('updated').text()).toBe(events[i]!.detectedAt);
      expect(entry.children('published').text()).toBe(events[i]!.detectedAt);
      expect(entry.children('category').attr('term')).toBe(events[i]!.kind);
    });
    const byTitle = (start: string) => entries.find((e) => e.children('title').text().startsWith(start))!;
    const newsEntry = byTitle('Actualité : OVH');
    expect(newsEntry.children('title').text()).toBe(`Actualité : ${NEWS_TITLE}`);
    expect(newsEntry.children('link').attr('href')).toBe('https://www.cert.ssi.gouv.fr/actualite/CERTFR-2026-ACT-001/?a=1&b=2');
    const whaller = byTitle('Nouvelle qualification SecNumCloud : Whaller');
    expect(whaller.children('title').text()).toBe('Nouvelle qualification SecNumCloud : Whaller — Whaller Donjon SaaS');
    expect(whaller.children('link').attr('href')).toBe(dec('Whaller Donjon SaaS').decisionUrl);
    expect(whaller.children('summary').text()).toBe('Types : SaaS · Validité : du 02/08/2024 au 02/08/2027 · ANSSI : décision n° 1369');
    const renewed = byTitle('Qualification renouvelée');
    expect(renewed.children('title').text()).toBe('Qualification renouvelée : Outscale — IaaS');
    expect(renewed.children('link').attr('href')).toBe(dec('IaaS').decisionUrl);
    const removed = byTitle('Retiré du catalogue');
    expect(removed.children('title').text()).toBe('Retiré du catalogue SecNumCloud : Acme & Fils — Nuage <souverain>');
    expect(removed.children('link').attr('href')).toBe(`${PUBLIC_URL}/?lang=fr`); // no decision link: the page
    expect($.xml()).not.toMatch(/source\.(failing|recovered)|proxy\.internal/);
  });

  it('speaks English with ?lang=en, under its own feed id and self link, with the same entry ids', async () => {
    const fr = cheerio.load(await (await get('/feed.atom')).text(), { xml: true });
    const $ = cheerio.load(await (await get('/feed.atom?lang=en')).text(), { xml: true });
    expect($('feed').attr('xml:lang')).toBe('en');
    expect($('feed > id').text()).toBe('tag:secnumcloud.example.org,2026:feed:en');
    expect($('feed > title').text()).toBe('SecNumCloud: catalogue changes and news');
    expect($('feed > link[rel="self"]').attr('href')).toBe(`${PUBLIC_URL}/feed.atom?lang=en`);
    const titles = entriesOf($).map((e) => e.children('title').text());
    expect(titles).toContain('Qualification renewed: Outscale — IaaS');
    expect(titles).toContain('Removed from the SecNumCloud catalogue: Acme & Fils — Nuage <souverain>');
    expect(entriesOf($).map((e) => e.children('id').text())).toEqual(entriesOf(fr).map((e) => e.children('id').text()));
  });

  it('answers 304 to a reader that sends its ETag back, and 400 to an unknown language', async () => {
    const etag = (await get('/feed.atom')).headers.get('etag')!;
    expect((await get('/feed.atom', { 'if-none-match': etag, 'cache-control': 'max-age=0' })).status).toBe(304);
    expectValid('Error', await getJson<unknown>('/feed.atom?lang=de', 400));
  });
});
