/**
 * The status page's product lists, on the real December 2025 catalogue read by the real adapter: the selector links
 * them, a product list's table has its developer, product, version, certificate (linking to it, its report and
 * security target), level, evaluation facility and sponsor; the search (a GET form) finds developers, products,
 * certificate ids and categories, accents and case ignored, and says "N of 381"; long tables are paged by links.
 */
import { load, type CheerioAPI } from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ListState } from '../../src/commands/ports.js';
import type { Offer } from '../../src/core/offer.js';
import { PRODUCT_LIST_IDS } from '../../src/sources/anssi-catalogue/list-specs.js';
import { buildPageModel, PAGE_ROWS, type PageInput } from '../../src/web/page-model.js';
import { parsePageQuery } from '../../src/web/page-query.js';
import { renderStatusPage } from '../../src/web/page-render.js';
import { pageWords } from '../../src/web/page-words.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { CHANGES, IN_PROGRESS, NOW, SOURCES, TIME_ZONE } from '../support/fake-command-deps.js';
import { realProductLists, type ProductLists } from '../support/product-lists.js';

const catalogue = catalogueSnapshot();
let products: ProductLists;
let lists: ListState[];
beforeAll(async () => {
  products = await realProductLists();
  lists = [
    { list: 'secnumcloud', read: true, held: false, offers: catalogue.offers, edition: '2025-12-05' },
    ...PRODUCT_LIST_IDS.map((list): ListState => ({ list, read: true, held: false, offers: products[list], edition: '2025-12-05' })),
  ];
}, 60_000);

function page(query: Record<string, string>, over: Partial<PageInput> = {}): CheerioAPI {
  const input: PageInput = {
    qualified: { offers: catalogue.offers, edition: '2025-12-05' }, lists,
    inProgress: IN_PROGRESS, sources: SOURCES, changes: CHANGES, query: parsePageQuery(query, 'fr'), now: NOW, timeZone: TIME_ZONE, ...over,
  };
  return load(renderStatusPage(buildPageModel(input)));
}
const heads = ($: CheerioAPI): string[] => $('table.offers thead th').toArray().map((th) => $(th).text());
const products$ = ($: CheerioAPI): string[] => $('table.offers tbody th[scope=row]').toArray().map((th) => $(th).text());
const certs$ = ($: CheerioAPI): string[] => $('table.offers tbody td[data-label=Certificat] > a').toArray().map((a) => $(a).contents().first().text()).sort();
const plain = (s: string | undefined): string => (s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const ids = (offers: readonly Offer[]): string[] => offers.map((o) => o.certificate!).sort();

describe('the product lists on the status page', () => {
  it('are in the selector, each linking its own page', () => {
    const $ = page({});
    const hrefs = $('nav[aria-labelledby=lists-h] a').toArray().map((a) => $(a).attr('href'));
    for (const list of PRODUCT_LIST_IDS) expect(hrefs).toContain(`?lang=fr&list=${list}`);
  });

  it('shows a CC page of rows grouped by developer, with the certificate and its documents linked, and says 100 of 381 shown', () => {
    const $ = page({ list: 'cc' });
    expect(heads($)).toEqual(['Produit', 'Version', 'Certificat', 'Niveau', "Centre d'évaluation (CESTI)", 'Commanditaire', 'Début de validité', 'Fin de validité']);
    expect($('table.offers tbody tr:not(:has(th[scope=rowgroup]))')).toHaveLength(PAGE_ROWS);
    expect($('.counts').text()).toContain(`Produits cc${products.cc.length}`.replace('cc', $('nav a[aria-current=page]').contents().first().text()));
    expect($('nav.paging').text()).toContain(`Lignes 1 à ${PAGE_ROWS} sur 381.`);
    expect($('nav.paging').text()).toContain('Page 1 sur 4');
    expect($('nav.paging a[rel=next]').attr('href')).toBe('?lang=fr&list=cc&page=2');
    // Every certificate shown links to its certificate, its report and its security target, as read.
    const byId = new Map(products.cc.map((o) => [o.certificate!, o]));
    const rows = $('table.offers tbody td[data-label=Certificat]').toArray();
    expect(rows).toHaveLength(PAGE_ROWS);
    for (const td of rows) {
      const links = $(td).find('a').toArray().map((a) => $(a).attr('href'));
      const o = byId.get($(td).find('a').first().contents().first().text())!;
      expect(links).toEqual([o.certificateUrl, o.reportUrl, o.securityTargetUrl]);
    }
    expect($('[style]')).toHaveLength(0);
    expect($('script')).toHaveLength(0);
  });

  it('pages through every CC certificate once, the last page holding the rest', () => {
    const seen: string[] = [];
    for (let p = 1; p <= 4; p++) {
      const $ = page({ list: 'cc', page: String(p) });
      seen.push(...$('table.offers tbody td[data-label=Certificat] > a').toArray().map((a) => `${$(a).attr('href')}`));
      if (p === 4) {
        expect($('nav.paging a[rel=next]')).toHaveLength(0);
        expect($('nav.paging a[rel=prev]').attr('href')).toBe('?lang=fr&list=cc&page=3');
        expect($('nav.paging').text()).toContain('Lignes 301 à 381 sur 381.');
      }
    }
    expect(seen.sort()).toEqual(products.cc.map((o) => o.certificateUrl).sort());
    // A page past the last shows the last.
    expect(page({ list: 'cc', page: '99' })('nav.paging').text()).toContain('Page 4 sur 4');
  });

  it('finds a developer\'s certificates with the search form, whatever the case and accents, and says how many of 381', () => {
    const expected = products.cc.filter((o) => [o.provider, o.service, o.version, o.certificate].some((f) => plain(f).includes('thales')));
    expect(expected.length).toBeGreaterThan(1);
    for (const q of ['thales', 'THALÈS', ' Thales ']) {
      const $ = page({ list: 'cc', q });
      expect(certs$($)).toEqual(ids(expected));
      expect($('p.matched').text()).toBe(`${expected.length} produits sur 381 correspondent aux critères.`);
    }
    const $ = page({ list: 'cc', q: 'thales' });
    expect($('form[method=get] input[name=list]').attr('value')).toBe('cc');
    expect($('label[for=q]').text()).toBe('Rechercher');
    expect($('nav.paging')).toHaveLength(0);
    const hrefs = $('p.exports a').toArray().map((a) => $(a).attr('href'));
    expect(hrefs.slice(0, 2)).toEqual(['api/offers.csv?lang=fr&list=cc&q=thales', 'calendar.ics?lang=fr&list=cc&q=thales']);
    // The feed names the developers found, as a subscription would…
    const found = [...new Set(expected.map((o) => o.provider))];
    expect(new URLSearchParams(hrefs[2]!.split('?')[1]).getAll('provider').sort()).toEqual(found.sort());
    // …up to the feed's 20: a search finding more links the list's whole feed, never a link the feed refuses.
    const wide = page({ list: 'cc', q: 'anssi' });
    const developers = new Set(products.cc.filter((o) => plain(o.certificate).includes('anssi')).map((o) => o.provider)).size;
    expect(developers).toBeGreaterThan(20);
    expect(wide('p.exports a').last().attr('href')).toBe('feed.atom?list=cc&lang=fr');
  });

  it('finds a certificate by its id, and the Stormshield CSPN products', () => {
    const v2 = products.cc.find((o) => /v2$/.test(o.certificate ?? ''))!;
    expect(certs$(page({ list: 'cc', q: v2.certificate! }))).toEqual(ids(products.cc.filter((o) => o.certificate === v2.certificate)));
    const storm = products.cspn.filter((o) => plain(`${o.provider} ${o.service}`).includes('stormshield'));
    const $ = page({ list: 'cspn', q: 'stormshield' });
    expect(certs$($)).toEqual(ids(storm));
    expect(products$($)).toEqual(expect.arrayContaining(storm.map((o) => o.service!)));
    expect($('p.matched').text()).toBe(`${storm.length} produits sur ${products.cspn.length} correspondent aux critères.`);
    expect(page({ list: 'cspn', q: 'zzzz' })('section[aria-labelledby=offers-h] p').text()).toContain('Aucun produit ne correspond à ces critères.');
  });

  it('offers the qualified products\' categories, with their level, approval, decision and recommendation', () => {
    const $ = page({ list: 'qualified-products', category: 'Pare-feu' });
    const categories = [...new Set(products['qualified-products'].map((o) => o.category))];
    expect($('select#category option').toArray().map((o) => $(o).attr('value'))).toEqual(['', ...categories]);
    expect($('select#category option[selected]').attr('value')).toBe('Pare-feu');
    const firewalls = products['qualified-products'].filter((o) => o.category === 'Pare-feu');
    expect($('table.offers tbody th[scope=row]')).toHaveLength(firewalls.length);
    expect(heads($)).toEqual(['Produit', 'Version', 'Catégorie', 'Niveau', "Niveau d'agrément", 'Début de validité', 'Fin de validité', "Décision de l'ANSSI", 'Recommandation']);
    expect($('p.matched').text()).toBe(pageWords('fr').products.matched(firewalls.length, products['qualified-products'].length));
    // The category is a search term too, accents ignored.
    expect(page({ list: 'qualified-products', q: 'chiffreurs' })('table.offers tbody th[scope=row]').length).toBe(products['qualified-products'].filter((o) => o.category === 'Chiffreurs' || plain(`${o.provider} ${o.service}`).includes('chiffreurs')).length);
    // Another list has no category to choose, and ignores one in the query.
    expect(page({ list: 'cc', category: 'Pare-feu' })('select#category')).toHaveLength(0);
    expect(page({ list: 'cc', category: 'Pare-feu', q: 'thales' })('p.matched').text()).toMatch(/sur 381/);
  });

  it('says "Non maintenu" where a certificate is no longer maintained, with no end date', () => {
    const stale: Offer = { ...products.cc[0]!, qualifiedUntil: undefined, maintained: false } as Offer;
    delete (stale as { qualifiedUntil?: string }).qualifiedUntil;
    const mine = lists.map((l) => (l.list === 'cc' ? { ...l, offers: [stale] } : l));
    const $ = page({ list: 'cc' }, { lists: mine });
    expect($('td[data-label="Fin de validité"]').text()).toBe('Non maintenu');
    expect($('td[data-label="Fin de validité"] time')).toHaveLength(0);
  });

  it('in English, says developers, products and certificates', () => {
    const $ = page({ list: 'cspn', lang: 'en', q: 'stormshield' });
    expect(heads($)[0]).toBe('Product');
    expect($('p.matched').text()).toMatch(/^\d+ of 39 products match/);
    expect($('.counts').text()).toContain('Developers');
  });
});

describe("a developer's page", () => {
  it("lists the developer's certificates of every product list, each linking to its certificate", async () => {
    const { startHttpServer } = await import('../../src/http/server.js');
    const { createLogger } = await import('../../src/logger.js');
    const { mountStatusPage } = await import('../../src/web/site.js');
    const { providerSlug } = await import('../../src/core/provider-slug.js');
    const { stateWithProducts } = await import('../support/product-lists.js');
    const logger = createLogger({ level: 'silent', format: 'json' });
    const server = await startHttpServer({
      port: 0, host: '127.0.0.1', logger,
      mount: (app) => mountStatusPage(app, { state: stateWithProducts(products), changeLog: { range: async () => [] }, clock: () => NOW, timeZone: TIME_ZONE, defaultLang: 'fr', logger }),
    });
    try {
      // The developer with the most certificates across the CC and CSPN lists.
      const all = [...products.cc, ...products.cspn];
      const counts = new Map<string, number>();
      for (const o of all) counts.set(o.provider, (counts.get(o.provider) ?? 0) + 1);
      const [developer] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
      // The page is the developer's under every spelling of its name (THALES DIS, Thales DIS): names fold as identities do.
      const { normalizeName } = await import('../../src/core/normalize.js');
      const mine = Object.values(products).flat().filter((o) => normalizeName(o.provider) === normalizeName(developer));
      const res = await fetch(`${server.url}/providers/${providerSlug(developer)}`);
      expect(res.status).toBe(200);
      const $ = load(await res.text());
      const links = $('table a').toArray().map((a) => $(a).attr('href'));
      for (const o of mine.filter((x) => x.certificate)) expect(links).toContain(o.certificateUrl);
      expect($('table').first().find('tbody tr')).toHaveLength(mine.length);
      expect(mine.length).toBeGreaterThan(counts.get(developer)! - 1);
    } finally {
      await server.close();
    }
  });
});
