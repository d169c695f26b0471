/**
 * /api/offers over the product lists of the real December 2025 catalogue (read by the real adapter): the product
 * fields, the search `q` (developer, product, version, certificate id, category; case and accents ignored), the
 * qualified products' `category`, and `reason` on a removal; every answer checked against openapi/openapi.yaml.
 * Expected rows are computed from the parsed records, never written down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfferEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { mountApi } from '../../src/web/api.js';
import { toApiChange, toApiListedOffer } from '../../src/web/api-records.js';
import { NOW, TIME_ZONE } from '../support/fake-command-deps.js';
import { openApiSchemas, responseProblems } from '../support/openapi-schemas.js';
import { realProductLists, stateWithProducts, type ProductLists } from '../support/product-lists.js';

const logger = createLogger({ level: 'silent', format: 'json' });
let products: ProductLists;
let server: HttpServer;
beforeAll(async () => {
  products = await realProductLists();
  const state = stateWithProducts(products);
  server = await startHttpServer({
    port: 0, host: '127.0.0.1', logger,
    mount: (app) => mountApi(app, { state, changeLog: { range: async () => [], recordedSince: async () => [], latest: async () => [] }, clock: () => NOW, timeZone: TIME_ZONE, defaultLang: 'fr', reminderWindows: [90, 30, 7], logger }),
  });
}, 60_000);
afterAll(async () => server?.close());

type Body = Record<string, unknown> & { offers: Array<Record<string, unknown>>; count: number; lists?: Array<{ list: string; count: number }> };
async function get(path: string): Promise<{ status: number; body: Body }> {
  const res = await fetch(server.url + path);
  const body = (await res.json()) as Body;
  expect(responseProblems(path.split('?')[0]!, res.status, res.headers.get('content-type'), body), path).toEqual([]);
  return { status: res.status, body };
}
/** A plain reading of "contains", accents stripped and case ignored, independent of the views' folding. */
const plain = (s: string | undefined): string => (s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const certs = (offers: ReadonlyArray<{ certificate?: unknown; service?: unknown }>): string[] => offers.map((o) => `${String(o.certificate)} ${String(o.service)}`);
const today = (): string => '2026-11-28';

describe('/api/offers on the product lists', () => {
  it('gives every CC certificate with its developer, product, certificate id and three links, as read', async () => {
    const { body } = await get('/api/offers?list=cc');
    expect(body).toMatchObject({ list: 'cc', edition: '2025-12-05', read: true, count: products.cc.length });
    expect(body.count).toBe(381);
    expect(body.offers.map(({ daysLeft: _, ...o }) => o)).toEqual(products.cc.map((o) => { const { daysLeft: _, ...a } = toApiListedOffer(o, today()); return a; }));
    for (const o of body.offers) expect(o).toMatchObject({ list: 'cc', certificate: expect.stringMatching(/^ANSSI-CC-|^EUCC-/), certificateUrl: expect.stringMatching(/^https:/), reportUrl: expect.stringMatching(/^https:/), securityTargetUrl: expect.stringMatching(/^https:/) });
  });

  it('finds exactly the Stormshield CSPN rows with q=stormshield, whatever the case', async () => {
    const expected = products.cspn.filter((o) => [o.provider, o.service].some((f) => plain(f).includes('stormshield')));
    expect(expected.length).toBeGreaterThan(1);
    const { body } = await get('/api/offers?list=cspn&q=stormshield');
    expect(body.count).toBe(expected.length);
    expect(certs(body.offers)).toEqual(certs(expected));
    expect(certs((await get('/api/offers?list=CSPN&q=STORMSHIELD')).body.offers)).toEqual(certs(expected));
    // Every term must be found: a product name narrows it down.
    const one = expected[0]!;
    const word = one.service!.split(' ').at(-1)!;
    const narrowed = (await get(`/api/offers?list=cspn&q=${encodeURIComponent(`stormshield ${word}`)}`)).body.offers;
    expect(certs(narrowed)).toEqual(certs(expected.filter((o) => plain(`${o.provider} ${o.service} ${o.version}`).includes(plain(word)))));
    expect((await get('/api/offers?list=cspn&q=stormshield%20zzzz')).body.count).toBe(0);
  });

  it('ignores accents and case, in the search and in the names', async () => {
    const accented = products.cc.find((o) => /[éè]/.test(`${o.provider} ${o.service}`))!;
    const word = `${accented.provider} ${accented.service}`.split(/\s+/).find((w) => /[éè]/.test(w))!;
    const expectedCc = products.cc.filter((o) => [o.provider, o.service, o.version, o.certificate].some((f) => plain(f).includes(plain(word))));
    expect(expectedCc.length).toBeGreaterThan(0);
    expect(expectedCc.length).toBeLessThan(products.cc.length);
    const a = (await get(`/api/offers?list=cc&q=${encodeURIComponent(word)}`)).body;
    const b = (await get(`/api/offers?list=cc&q=${encodeURIComponent(plain(word).toUpperCase())}`)).body;
    expect(certs(a.offers)).toEqual(certs(expectedCc));
    expect(certs(b.offers)).toEqual(certs(expectedCc));
  });

  it('finds a certificate by its id, printed with any punctuation, and not another number', async () => {
    const id = products.cc.find((o) => /v2$/.test(o.certificate ?? ''))!.certificate!;
    const stem = id.replace(/v2$/, '');
    const expected = products.cc.filter((o) => (o.certificate ?? '').startsWith(stem));
    const { body } = await get(`/api/offers?list=cc&q=${encodeURIComponent(stem.replaceAll('-', ' ').toLowerCase())}`);
    expect(certs(body.offers)).toEqual(certs(expected));
    expect(body.offers.map((o) => o.certificate)).toContain(id);
    // "2021-18" is one term: ANSSI-CC-2018-21 does not hold it.
    const [, year, n] = /(\d{4})-(\d+)/.exec(stem)!;
    const swapped = (await get(`/api/offers?list=cc&q=${n}-${year}`)).body.offers;
    expect(swapped.map((o) => o.certificate)).not.toContain(id);
    expect(swapped.every((o) => plain(`${o.certificate} ${o.service} ${o.version} ${o.provider}`).replace(/[^a-z0-9]+/g, ' ').includes(`${n} ${year}`))).toBe(true);
  });

  it('keeps the qualified products of a category, and refuses a category for a list without any', async () => {
    const firewalls = products['qualified-products'].filter((o) => o.category === 'Pare-feu');
    expect(firewalls.length).toBeGreaterThan(0);
    const { body } = await get('/api/offers?list=qualified-products&category=PARE%20FEU');
    expect(certs(body.offers)).toEqual(certs(firewalls));
    expect(body.offers.every((o) => o.category === 'Pare-feu' && typeof o.decision === 'string')).toBe(true);
    // The search reaches the category too.
    expect((await get('/api/offers?list=qualified-products&q=pare-feu')).body.count).toBe(firewalls.length + products['qualified-products'].filter((o) => o.category !== 'Pare-feu' && [o.provider, o.service, o.version].some((f) => plain(f).replace(/[^a-z0-9]+/g, ' ').includes('pare feu'))).length);
    const refused = await get('/api/offers?list=cc&category=Pare-feu');
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_parameter', parameter: 'category' });
  });

  it('searches every list at once with list=all, each list counting its own matches', async () => {
    const { body } = await get('/api/offers?list=all&q=thales');
    const all = Object.values(products).flat();
    const expected = all.filter((o) => [o.provider, o.service, o.version, o.certificate, o.category].some((f) => plain(f).includes('thales')));
    expect(body.offers.filter((o) => o.list !== undefined && o.list !== 'passi')).toHaveLength(expected.length);
    const cc = body.lists!.find((l) => l.list === 'cc')!;
    expect(cc.count).toBe(expected.filter((o) => o.list === 'cc').length);
  });

  it('gives the product records of a kept edition as of a day', async () => {
    const { body } = await get('/api/offers?list=sites&at=2026-01-10');
    expect(body).toMatchObject({ list: 'sites', edition: '2025-12-05', count: products.sites.length });
  });
});

describe('reason on a removal', () => {
  const { errorsOf } = openApiSchemas();
  it('is given for an archived or lapsed certificate, as openapi.yaml says, and left out when unknown', () => {
    const cert: Offer = products.cc[0]!;
    const removed = (reason: unknown): OfferEvent => ({ id: 'a'.repeat(32), kind: 'offer.removed', source: 'anssi-catalogue', detectedAt: '2026-11-27T06:00:00.000Z', offer: cert, ...(reason === undefined ? {} : { reason }) }) as OfferEvent;
    for (const reason of ['archived', 'lapsed']) {
      const change = toApiChange(removed(reason));
      expect(change).toMatchObject({ reason, offer: { certificate: cert.certificate } });
      expect(errorsOf('OfferChange', change)).toEqual([]);
    }
    expect(toApiChange(removed('eaten'))).not.toHaveProperty('reason');
    expect(toApiChange(removed(undefined))).not.toHaveProperty('reason');
    expect(errorsOf('OfferChange', { ...toApiChange(removed(undefined)), reason: 'eaten' })).not.toEqual([]);
  });
});
