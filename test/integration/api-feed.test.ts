/**
 * The JSON API, the Atom feed, the CSV and the calendar as a user meets them: a real Redis seeded through the real
 * stores (the real December 2025 catalogue, reached through two earlier editions diffed by the real engine, an
 * operator event, a news item), the compiled CLI started with `start --role web`, then every response validated
 * against openapi/openapi.yaml and each output parsed back (the feed as XML, the CSV with csv-parse, the calendar
 * with ical.js).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseYaml } from '@redocly/openapi-core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import * as cheerio from 'cheerio';
import type { Redis } from 'ioredis';
import { parse as parseCsv } from 'csv-parse/sync';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysBetween, todayIn } from '../../src/core/calendar.js';
import { diffSnapshots } from '../../src/core/diff.js';
import { isOperatorEvent, type ChangeEvent } from '../../src/core/events.js';
import { DEFAULT_KEYWORDS } from '../../src/core/keywords.js';
import { newsGroups } from '../../src/core/news-events.js';
import type { Offer, Snapshot } from '../../src/core/offer.js';
import { chainedStateHash } from '../../src/core/snapshot.js';
import { createChangeLog, type ChangeLog } from '../../src/store/change-log.js';
import { createKeys } from '../../src/store/keys.js';
import { createNewsStore, type NewsStore } from '../../src/store/news-store.js';
import { createSourceStore, type SourceStore } from '../../src/store/source-store.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { readCalendar } from '../support/ical-read.js';
import { responseProblems } from '../support/openapi-schemas.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { ROOT } from '../support/run-cli.js';
import { until } from '../support/until.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const PUBLIC_URL = 'https://secnumcloud.example.org/suivi';
const HOUR = 3_600_000;
/** Detection times a few days back from now, so Redis records each event after its detection, as in production. */
const T0 = Date.now() - 4 * 24 * HOUR;
const at = (hours: number): Date => new Date(T0 + hours * HOUR);

let redis: TestRedis;
let conn: Redis;
let store: SourceStore;
let news: NewsStore;
let log: ChangeLog;
let dir: string;
let web: { child: ChildProcess; url: string; stderr: () => string };
/** The last catalogue commit, for an edition committed later (a renewal). */
let lastCatalogue: { snapshot: Snapshot; state: string; events: ChangeEvent[] };
const prefix = `af${randomUUID().slice(0, 8)}`;

// ---- the seeded history --------------------------------------------------------------------------------

const december = catalogueSnapshot();
const dec = (service: string): Offer => december.offers.find((o) => o.service === service)!;
const ACME: Offer = { provider: 'Acme & Fils', service: 'Nuage <souverain>', types: ['SaaS'], qualifiedFrom: '2023-01-01', qualifiedUntil: '2026-01-01', decision: '12', status: 'qualified' };
const OUTSCALE_BEFORE: Offer = { ...dec('IaaS'), qualifiedUntil: '2025-11-30', decision: '1500', decisionUrl: 'https://messervices.cyber.gouv.fr/visas/2022_1500_np.pdf' };
const without = (...services: string[]): Offer[] => december.offers.filter((o) => !services.includes(o.service));
/** October: no Whaller, no Worldline, Outscale on its older decision, and Acme, since gone. */
const october: Snapshot = { ...december, edition: '2025-10-03', offers: [...without('Whaller Donjon SaaS', 'Worldline Cloud Services - Secured IaaS', 'IaaS'), OUTSCALE_BEFORE, ACME] };
/** November: Whaller qualified. */
const november: Snapshot = { ...october, edition: '2025-11-05', offers: [...october.offers, dec('Whaller Donjon SaaS')] };
const IN_PROGRESS: Snapshot = {
  source: 'anssi-en-cours',
  offers: [
    { provider: 'NumSpot', service: 'NumSpot Cloud', types: ['PaaS', 'IaaS'], status: 'in_progress' },
    // As an older version stored an "en cours" date: in qualifiedFrom (read back as inProgressSince).
    { provider: 'S3NS', service: 'PREMI3NS', types: ['PaaS', 'CaaS', 'IaaS'], qualifiedFrom: '2024-07-01', status: 'in_progress' },
  ],
};
/** The entries as the API gives them: the older record's date read as inProgressSince. */
const IN_PROGRESS_READ: Offer[] = [IN_PROGRESS.offers[0]!, { provider: 'S3NS', service: 'PREMI3NS', types: ['PaaS', 'CaaS', 'IaaS'], inProgressSince: '2024-07-01', status: 'in_progress' }];
const NEWS_TITLE = 'OVH & Outscale : la qualification <SecNumCloud> 3.2 « renouvelée »';

/** Commits `next` after `previous` as a poll would: the real diff, the chained state, one atomic commit. */
async function commitEdition(previous: { snapshot: Snapshot; state: string } | undefined, next: Snapshot, now: Date) {
  const state = chainedStateHash(previous?.state, next);
  const events = previous ? diffSnapshots(previous.snapshot, next, { detectedAt: now.toISOString(), previousState: previous.state }) : [];
  const ok = await store.commit(next.source, { ...(previous ? { expectedState: previous.state } : {}), state, snapshot: next, validators: {}, events, now });
  expect(ok).toBe(true);
  await store.recordSuccess(next.source, now);
  return { snapshot: next, state, events };
}

async function publishNews(title: string, url: string, now: Date): Promise<void> {
  const groups = newsGroups({
    source: 'certfr-actualite', items: [{ id: url, title, url, source: 'certfr-actualite', publishedAt: now.toISOString() }],
    baseline: false, now, maxAgeMs: 7 * 24 * HOUR, keywords: DEFAULT_KEYWORDS, providers: december.offers.map((o) => o.provider),
  });
  expect(groups[0]?.event).toBeDefined();
  expect((await news.commitFeed('certfr-actualite', { validators: {}, groups, ttlSeconds: 3600, now })).appended).toHaveLength(1);
}

async function seed(): Promise<void> {
  const base = await commitEdition(undefined, october, at(0));
  const first = await commitEdition(base, november, at(24));
  const second = await commitEdition(first, december, at(48));
  lastCatalogue = second;
  expect(first.events.map((e) => e.kind)).toEqual(['offer.added']);
  expect(second.events.map((e) => e.kind).sort()).toEqual(['offer.added', 'offer.removed', 'offer.renewed']);
  // Operators' events, between the changes: a failing source and its recovery.
  await store.recordFailure('certfr-actualite', 'GET https://proxy.internal/feed: HTTP 503', at(49), 1);
  await store.recordSuccess('certfr-actualite', at(50));
  await commitEdition(undefined, IN_PROGRESS, at(50));
  await publishNews(NEWS_TITLE, 'https://www.cert.ssi.gouv.fr/actualite/CERTFR-2026-ACT-001/?a=1&b=2', at(60));
}

// ---- the product, started as a user starts it ---------------------------------------------------------


async function startWeb(): Promise<typeof web> {
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATA_DIR: join(dir, 'data'), SOURCES_FILE: join(dir, 'sources.json'), REDIS_URL: `unix://${redis.socket}`, REDIS_PREFIX: prefix,
    HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', PUBLIC_URL, LOG_FORMAT: 'json', LOG_LEVEL: 'info', TZ_REFERENCE: 'Europe/Paris', DEFAULT_LANG: 'fr',
    SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', DISCORD_TOKEN: '', ADMIN_USER: '', ADMIN_PASSWORD: '',
  };
  const child = spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', 'web'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.resume();
  let url = '';
  await until(`the web role's HTTP server\n${err}`, () => {
    url = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"http server listening"/.exec(err)?.[1] ?? '';
    return url !== '' || child.exitCode !== null;
  });
  if (!url) throw new Error(`the web role exited ${child.exitCode}:\n${err}`);
  return { child, url, stderr: () => err };
}

beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
  const keys = createKeys(prefix);
  store = createSourceStore(conn, keys);
  news = createNewsStore(conn, keys);
  log = createChangeLog(conn, keys);
  dir = mkdtempSync(join(tmpdir(), 'api-feed-'));
  const unreachable = 'http://127.0.0.1:9'; // the web role polls nothing
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [
    { id: 'anssi-catalogue', name: 'Catalogue ANSSI', kind: 'anssi-catalogue', url: `${unreachable}/catalogue.pdf`, interval: '6h' },
    { id: 'anssi-en-cours', kind: 'anssi-page', url: `${unreachable}/en-cours`, interval: '12h' },
    { id: 'certfr-actualite', name: 'CERT-FR — actualité', kind: 'rss', url: `${unreachable}/feed`, interval: '1h' },
  ] }));
  await seed();
  web = await startWeb();
}, 60_000);

afterAll(async () => {
  if (web?.child.exitCode === null) {
    web.child.kill('SIGTERM');
    await new Promise((r) => web.child.once('exit', r));
  }
  conn?.disconnect();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
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

/** GETs a path of the running web role; a PUBLIC_URL link is followed on the local server, as a reverse proxy would. */
async function get(pathOrPublicUrl: string, headers: Record<string, string> = {}): Promise<Response> {
  const path = pathOrPublicUrl.startsWith(PUBLIC_URL) ? pathOrPublicUrl.slice(PUBLIC_URL.length) : pathOrPublicUrl;
  return fetch(web.url + path, { headers });
}
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

/** GETs a path, checks the response against openapi.yaml, and returns its text with the BOM kept. */
async function getChecked(path: string, status = 200): Promise<{ res: Response; text: string }> {
  const res = await get(path);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  expect(res.status, path).toBe(status);
  const type = res.headers.get('content-type');
  expect(responseProblems(path.split('?')[0]!, status, type, type?.startsWith('application/json') ? JSON.parse(text) : undefined), path).toEqual([]);
  return { res, text };
}
const csvRows = (text: string): string[][] => parseCsv(text, { bom: true, delimiter: ';', comment: '#', record_delimiter: '\r\n' }) as string[][];

describe('/api/offers.csv', () => {
  it('holds the offers /api/offers gives, with the same filters, under a line naming the catalogue and its edition', async () => {
    for (const query of ['', '?provider=OODRIVE&type=saas']) {
      const { res, text } = await getChecked(`/api/offers.csv${query}`);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(text.startsWith("\uFEFF# Source : catalogue des offres qualifiées SecNumCloud de l'ANSSI, édition du 05/12/2025.")).toBe(true);
      const api = await getJson<OffersBody>(`/api/offers${query}`);
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
    expectValid('Error', JSON.parse((await getChecked('/feed.atom?topic=offers.added', 400)).text));
  });
});

describe('a renewal', () => {
  it('moves the calendar event of the offer, same UID, to the new end date; the feed filtered on it shows the renewal', async () => {
    const cegedim = (text: string) => readCalendar(text).events.filter((e) => e.summary.endsWith('Cegedim — CegNumCloud Secured IaaS'));
    const before = cegedim((await getChecked('/calendar.ics')).text);
    expect(before.map((e) => e.start)).toEqual(['2027-09-05', '2027-11-04', '2027-11-27', '2027-12-04']);
    const renewed: Offer = { ...dec('CegNumCloud Secured IaaS'), qualifiedFrom: '2027-11-20', qualifiedUntil: '2030-11-20', decision: '2399', decisionUrl: 'https://messervices.cyber.gouv.fr/visas/2027_2399_np.pdf' };
    const january: Snapshot = { ...december, edition: '2026-01-09', offers: december.offers.map((o) => (o.provider === 'Cegedim' ? renewed : o)) };
    lastCatalogue = await commitEdition(lastCatalogue, january, new Date());
    expect(lastCatalogue.events.map((e) => e.kind)).toEqual(['offer.renewed']);
    const after = cegedim((await getChecked('/calendar.ics')).text);
    expect(after.map((e) => e.uid)).toEqual(before.map((e) => e.uid));
    expect(after.map((e) => e.start)).toEqual(['2030-08-22', '2030-10-21', '2030-11-13', '2030-11-20']);
    expect(after.at(-1)!.url).toBe(renewed.decisionUrl);
    expect((await entries('?provider=cegedim')).titles).toEqual(['Qualification renouvelée : Cegedim — CegNumCloud Secured IaaS']);
  });
});
