import { createHash } from 'node:crypto';
import { load, type CheerioAPI } from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import { buildPageModel, type PageInput } from '../../src/web/page-model.js';
import { parsePageQuery } from '../../src/web/page-query.js';
import { renderStatusPage } from '../../src/web/page-render.js';
import { PAGE_CSP } from '../../src/web/site.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { CHANGES, IN_PROGRESS, NOW, SOURCES, sourceStatus, TIME_ZONE } from '../support/fake-command-deps.js';

const catalogue = catalogueSnapshot();

/** The page over the real December 2025 catalogue, as the handler builds it, for a query string. */
function page(query: Record<string, string> = {}, over: Partial<PageInput> = {}): CheerioAPI {
  const input: PageInput = {
    qualified: { offers: catalogue.offers, edition: '2025-12-05' },
    inProgress: IN_PROGRESS,
    sources: SOURCES,
    changes: CHANGES,
    query: parsePageQuery(query, 'fr'),
    now: NOW,
    timeZone: TIME_ZONE,
    ...over,
  };
  return load(renderStatusPage(buildPageModel(input)));
}

interface Row { provider: string; service: string; types: string; from: string; until: string; decisionUrl: string | undefined; decision: string }

/** The offers table as a reader sees it: each row with the provider of its group. */
function rows($: CheerioAPI): Row[] {
  return $('table.offers tbody')
    .toArray()
    .flatMap((tbody) => {
      const provider = $(tbody).find('th[scope=rowgroup]').contents().first().text().trim();
      return $(tbody)
        .find('tr:has(th[scope=row])')
        .toArray()
        .map((tr) => {
          const td = $(tr).find('td');
          return {
            provider,
            service: $(tr).find('th[scope=row]').text(),
            types: td.eq(0).text(),
            from: td.eq(1).find('time').attr('datetime') ?? '',
            until: td.eq(2).find('time').attr('datetime') ?? '',
            decision: td.eq(3).text(),
            decisionUrl: td.eq(3).find('a').attr('href'),
          };
        });
    });
}

const expectedRow = (o: Offer): Row => ({
  provider: o.provider,
  service: o.service ?? '',
  types: o.types.join(', '),
  from: o.qualifiedFrom ?? '',
  until: o.qualifiedUntil ?? '',
  decision: `décision ${o.decision} (PDF)`,
  decisionUrl: o.decisionUrl,
});

const key = (r: { provider: string; service?: string }): string => `${r.provider} | ${r.service}`;

describe('the status page over the real December 2025 catalogue', () => {
  it('lists each of the 16 offers exactly once, with its types, dates and decision link, grouped by provider', () => {
    const $ = page();
    const shown = rows($);
    expect(catalogue.offers).toHaveLength(16);
    expect(shown.map(key).sort()).toEqual(catalogue.offers.map(key).sort());
    expect(new Set(shown.map(key)).size).toBe(16);
    for (const o of catalogue.offers) expect(shown.find((r) => key(r) === key(o))).toEqual(expectedRow(o));
    // One group per provider, in alphabetical order, each with the count of its offers.
    const groups = $('th[scope=rowgroup]').toArray().map((th) => $(th).text());
    expect(groups).toEqual([
      'Cegedim (1 offre)', 'Cloud Temple (2 offres)', 'Index Education (4 offres)', 'Oodrive (3 offres)', 'Orange Business Services (1 offre)',
      'Outscale (1 offre)', 'OVH (2 offres)', 'Whaller (1 offre)', 'Worldline (1 offre)',
    ]);
    expect($('table.offers caption').text()).toBe('Offres qualifiées SecNumCloud, par fournisseur, catalogue du 05/12/2025');
    expect($('dl.counts').text()).toContain('Offres qualifiées16Fournisseurs9En cours de qualification3Édition du catalogue05/12/2025');
  });

  it('is an accessible document: French by default, headers with scopes, labelled controls, a skip link, no script', () => {
    const $ = page();
    expect($('html').attr('lang')).toBe('fr');
    expect($('table.offers thead th').toArray().map((th) => [$(th).attr('scope'), $(th).text()])).toEqual([
      ['col', 'Service'], ['col', 'Types'], ['col', 'Début de qualification'], ['col', 'Fin de qualification'], ['col', "Décision de l'ANSSI"],
    ]);
    for (const id of ['type', 'q']) expect($(`label[for=${id}]`).text()).not.toBe('');
    expect($('a.skip').attr('href')).toBe('#main');
    expect($('main#main')).toHaveLength(1);
    expect($('script')).toHaveLength(0);
    expect($('form').attr('method')).toBe('get');
    expect($('a[hreflang=en]').attr('href')).toBe('?lang=en');
  });

  it('says in words which qualifications end within 90 days, relative to today in Paris', () => {
    const soon = (now: Date, lang = 'fr'): string[][] => {
      const $ = page({ lang }, { now });
      const tags = $('table.offers tbody tr:has(th[scope=row])').toArray().map((tr) => $(tr).find('.tag').text());
      return rows($).flatMap((r, i) => (tags[i] ? [[r.provider, r.service, tags[i]]] : []));
    };
    // 23:30 UTC on 27 November is already the 28th in Paris: Outscale ends on the 30th, OVH's cloud on 29 December.
    expect(soon(new Date('2026-11-27T23:30:00Z'))).toEqual([
      ['Outscale', 'IaaS', 'se termine dans 2 jours'],
      ['OVH', 'Hosted Private Cloud powered by VMware', 'se termine dans 31 jours'],
    ]);
    expect(soon(new Date('2026-11-27T22:30:00Z'))).toContainEqual(['Outscale', 'IaaS', 'se termine dans 3 jours']);
    expect(soon(new Date('2026-11-30T10:00:00Z'), 'en')).toContainEqual(['Outscale', 'IaaS', 'ends today']);
    // After its end date an offer still listed says so; 91 days before its end, nothing is said.
    expect(soon(new Date('2026-12-03T08:00:00Z'))).toContainEqual(['Outscale', 'IaaS', 'date de fin dépassée depuis 3 jours, toujours listée']);
    expect(soon(new Date('2026-08-31T08:00:00Z'))).toEqual([]);
    expect(soon(new Date('2026-09-01T08:00:00Z'))).toEqual([['Outscale', 'IaaS', 'se termine dans 90 jours']]);
  });

  it('filters on the server by service type and by part of a provider name, keeping the choices in the form', () => {
    const iaas = page({ type: 'IaaS' });
    expect(rows(iaas).map(key).sort()).toEqual(catalogue.offers.filter((o) => o.types.includes('IaaS')).map(key).sort());
    expect(rows(iaas)).toHaveLength(7);
    expect(iaas('select#type option[selected]').attr('value')).toBe('IaaS');
    expect(iaas('p.matched').text()).toBe('7 offres sur 16 correspondent aux critères.');
    expect(iaas('a[href="?lang=fr"]').text()).toBe('Tout afficher');

    // Case, accents and punctuation are ignored; the search is on the provider's name.
    const oodrive = page({ q: '  OÔDRIVE ' });
    expect(rows(oodrive).map((r) => r.service)).toEqual(['Oodrive_Meet', 'Oodrive_Work', 'Oodrive_Work_Share']);
    expect(oodrive('input#q').attr('value')).toBe('OÔDRIVE');
    expect(rows(page({ q: 'orange business' })).map(key)).toEqual(['Orange Business Services | Cloud Avenue SecNum']);

    const both = page({ type: 'PaaS', q: 'cloud temple' });
    expect(rows(both).map(key)).toEqual(['Cloud Temple | PaaS Openshift']);
    // The "en cours" entries are filtered alike: Cloud Temple's one is CaaS.
    expect(both('#progress-h').nextAll('p').last().text()).toBe('Aucun service en cours de qualification ne correspond à ces critères.');
    expect(page({ type: 'CaaS', q: 'temple' })('#progress-h ~ ul li').text()).toBe('Cloud Temple — Kubernetes managé — CaaS');

    const none = page({ type: 'CaaS' });
    expect(none('table.offers')).toHaveLength(0);
    expect(none('section[aria-labelledby=offers-h]').text()).toContain('Aucune offre qualifiée ne correspond à ces critères.');
    expect(none('p.matched').text()).toBe('0 offre sur 16 correspond aux critères.');
  });

  it('reads a type whatever its case, as the API does: /?type=iaas is IaaS', () => {
    expect(parsePageQuery({ type: 'iaas' }, 'fr')).toEqual({ lang: 'fr', type: 'IaaS', q: '' });
    expect(parsePageQuery({ type: [' SAAS '] }, 'fr').type).toBe('SaaS');
    const iaas = page({ type: 'iaas' });
    expect(rows(iaas)).toHaveLength(7);
    expect(iaas('select#type option[selected]').attr('value')).toBe('IaaS');
  });

  it('ignores a type or language it does not know rather than failing, and cuts an over-long search', () => {
    expect(parsePageQuery({ lang: 'de', type: 'XaaS', q: ['ovh', 'x'] }, 'fr')).toEqual({ lang: 'fr', q: 'ovh' });
    expect(parsePageQuery({ lang: ['en'], type: 'IaaS' }, 'fr')).toEqual({ lang: 'en', type: 'IaaS', q: '' });
    expect(parsePageQuery({ q: 'a'.repeat(500) }, 'en').q).toHaveLength(100);
    expect(parsePageQuery(undefined, 'en')).toEqual({ lang: 'en', q: '' });
    expect(rows(page({ type: 'XaaS' }))).toHaveLength(16);
  });

  it('lists the latest changes with their day in Paris, in words, and the en cours entries', () => {
    const $ = page();
    const changes = $('#changes-h ~ ol li').toArray().map((li) => $(li).text());
    expect(changes).toEqual([
      '28/11/2026 — Fin de qualification proche : Outscale — IaaS — se termine dans 2 jours',
      '27/11/2026 — Actualité : NumSpot <b>vise</b> SecNumCloud',
      "02/10/2026 — Renouvelée : OVH — Hosted Private Cloud powered by VMware — jusqu'au 29/12/2029",
      '15/09/2026 — Renommée : Worldline — Worldline Cloud Services - Secured IaaS — auparavant Worldline — Worldline Secured IaaS',
      '03/07/2026 — Nouvelle qualification : NumSpot — NumSpot Cloud — était en cours de qualification',
      '10/03/2026 — Nouvelle offre en cours de qualification : NumSpot — NumSpot Cloud',
    ]);
    expect($('#changes-h ~ ol li a').attr('href')).toBe('https://example.org/numspot');
    expect($('#progress-h ~ ul li').toArray().map((li) => $(li).text())).toEqual([
      'Cloud Temple — Kubernetes managé — CaaS',
      'NumSpot — NumSpot Cloud — PaaS, IaaS',
      'S3NS — PREMI3NS — PaaS, CaaS, IaaS',
    ]);
    const operator: ChangeEvent = { id: 'op', kind: 'source.failing', source: 'lemagit', detectedAt: NOW.toISOString(), summary: 'secret detail' };
    expect(page({}, { changes: [operator] })('#changes-h').nextAll().first().text()).toBe("Aucun changement enregistré pour l'instant.");
  });

  it("gives each source's health and last check in words", () => {
    const $ = page({ lang: 'en' });
    const sources = $('table.sources tbody tr').toArray().map((tr) => $(tr).find('th, td').toArray().map((c) => $(c).text()));
    expect(sources).toEqual([
      ['Catalogue ANSSI', 'working', '28 Nov 2026, 07:00 (3 h ago)', '28 Nov 2026, 07:00 (3 h ago)'],
      ['ANSSI en cours', 'failing since 26 Nov 2026, 22:00: 4 failed checks in a row (HTTP 503)', '26 Nov 2026, 10:00 (2 days ago)', '26 Nov 2026, 10:00 (2 days ago)'],
      ['LeMagIT', 'document held' + 'a new document is held as suspect: nothing is sent until it is confirmed or an operator accepts it', '28 Nov 2026, 09:30 (30 min ago)', '28 Nov 2026, 09:30 (30 min ago)'],
      ['new-feed', 'never read', 'never', 'never'],
    ]);
  });

  it('has an English version with the same offers, English words and a link back to French', () => {
    const $ = page({ lang: 'en', type: 'IaaS' });
    expect($('html').attr('lang')).toBe('en');
    expect(rows($)).toHaveLength(7);
    expect($('h2#offers-h').text()).toBe('Qualified offers');
    expect($('table.offers caption').text()).toBe('SecNumCloud qualified offers, by provider, catalogue of 5 Dec 2025');
    expect($('a[hreflang=fr]').first().attr('href')).toBe('?lang=fr&type=IaaS');
    expect($('a[hreflang=fr]').first().attr('lang')).toBe('fr');
    expect($('input[name=lang]').attr('value')).toBe('en');
    expect($('table.offers').text()).toContain('ends in 2 days');
    expect($('table.offers').text()).toContain('30 Nov 2026');
    expect($('p.matched').text()).toBe('7 of 16 offers match the criteria.');
  });

  it('escapes every text from the sources and links only http(s) URLs', () => {
    const evil = '<script>alert("x")</script> & \' "';
    const offers: Offer[] = [
      { provider: evil, service: `<img src=x onerror=alert(1)>`, types: ['SaaS'], qualifiedFrom: '2025-01-01', qualifiedUntil: '2028-01-01', decision: '1"2', decisionUrl: 'javascript:alert(1)', status: 'qualified' },
    ];
    const news: ChangeEvent = {
      id: 'n', kind: 'news.published', source: 'feed', detectedAt: NOW.toISOString(), keywords: [], providers: [], seenIn: ['feed'],
      item: { id: 'i', title: '</li><script>alert(2)</script>', url: 'JaVaScRiPt:alert(2)', source: 'feed' },
    };
    const input: PageInput = {
      qualified: { offers }, inProgress: [{ provider: '<b>p</b>', service: 's', types: [], status: 'in_progress' }],
      sources: [sourceStatus({ id: 'x', name: '<i>feed</i>', kind: 'rss' }, { failures: 1, lastError: '<svg onload=alert(3)>' })],
      changes: [news], query: parsePageQuery({ q: '"><script>alert(4)</script>' }, 'fr'), now: NOW, timeZone: TIME_ZONE,
    };
    const out = renderStatusPage(buildPageModel(input));
    expect(out).not.toMatch(/<script|<img|<svg|<b>p|<i>feed|javascript:/i);
    const $ = load(out);
    expect($('input#q').attr('value')).toBe('"><script>alert(4)</script>');
    // With a search that matches nothing the table is gone; without it, the names read back exactly as given.
    const all = load(renderStatusPage(buildPageModel({ ...input, query: parsePageQuery({}, 'fr') })));
    expect(all('th[scope=rowgroup]').contents().first().text().trim()).toBe(evil.trim());
    expect(all('th[scope=row]').first().text()).toBe('<img src=x onerror=alert(1)>');
    // The one link is the provider's page, at a slug of letters, digits and dashes whatever the name.
    expect(all('table.offers a').map((_, a) => all(a).attr('href')).get()).toEqual([expect.stringMatching(/^providers\/[a-z0-9-]+\?lang=fr$/)]);
    expect(all('table.offers').text()).toContain('décision 1"2');
    expect(all('#changes-h ~ ol li').text()).toBe(`${all('#changes-h ~ ol li time').text()} — Actualité : </li><script>alert(2)</script>`);
    expect(all('#changes-h ~ ol a')).toHaveLength(0);
    expect(all('table.sources').text()).toContain('(document illisible ou mise en page inattendue)');
    expect(all('table.sources').text()).not.toContain('svg');
  });

  it('says the catalogue was never read rather than showing an empty table', () => {
    const never = [sourceStatus({ id: 'anssi-catalogue', kind: 'anssi-catalogue' }), sourceStatus({ id: 'anssi-en-cours', kind: 'anssi-page' })];
    const $ = page({}, { qualified: { offers: [] }, inProgress: [], changes: [], sources: never });
    expect($('table.offers')).toHaveLength(0);
    expect($('#offers-h ~ p.notice').text()).toBe("Le catalogue n'a pas encore été lu : aucune offre qualifiée à afficher pour l'instant.");
    expect($('#progress-h ~ p.notice').text()).toBe("La page des services en cours de qualification n'a pas encore été lue.");
    expect($('main').text()).not.toContain('Aucun service');
    expect($('.counts').text()).toContain('Offres qualifiéespas encore lu');
  });

  it('inlines exactly the stylesheet its Content-Security-Policy allows, and nothing else', () => {
    const $ = page();
    const css = $('style').text();
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    expect(PAGE_CSP).toContain(`style-src 'sha256-${hash}'`);
    expect(PAGE_CSP).toMatch(/^default-src 'none';/);
    expect($('style')).toHaveLength(1);
    expect($('[style], link[rel=stylesheet], img, iframe')).toHaveLength(0);
  });
});

describe('a failing source on the public page', () => {
  it('is failing from its first failed check, since when, how many times and what kind, never the stored text', () => {
    const state = (failures: number, lang: 'fr' | 'en'): string => {
      const health = { failures, failingSince: '2026-11-28T08:00:00Z', lastAttemptAt: '2026-11-28T09:00:00Z', lastSuccessAt: '2026-11-28T03:00:00Z', lastError: 'GET http://x/?key=s3cr3t: HTTP 503' };
      const $ = page({ lang }, { sources: [sourceStatus({ id: 'x', kind: 'rss' }, health)] });
      return $('table.sources tbody tr td').first().text();
    };
    expect(state(0, 'en')).toBe('working');
    expect(state(1, 'en')).toBe('failing since 28 Nov 2026, 09:00: 1 failed check (HTTP 503)');
    expect(state(1, 'fr')).toBe('en échec depuis le 28/11/2026 à 09:00 : 1 vérification échouée (HTTP 503)');
    expect(state(3, 'en')).toBe('failing since 28 Nov 2026, 09:00: 3 failed checks in a row (HTTP 503)');
  });
});

describe('the links that take the offers elsewhere', () => {
  const links = ($: CheerioAPI) => Object.fromEntries($('form[role=search] ~ p.exports a').toArray().map((a) => [$(a).attr('type'), $(a).attr('href')]));

  it('sit next to the filters, in the page\'s language, and keep its filters', () => {
    const $ = page();
    expect($('form[role=search] + p.exports, form[role=search] ~ p.exports').first().text()).toBe(
      'Emporter ces offres : tableur (CSV) · calendrier des fins de qualification (iCalendar) · flux Atom des changements correspondants',
    );
    expect(links($)).toEqual({ 'text/csv': 'api/offers.csv?lang=fr', 'text/calendar': 'calendar.ics?lang=fr', 'application/atom+xml': 'feed.atom?lang=fr' });
    expect(links(page({ lang: 'en', type: 'IaaS', q: 'ovh' }))).toEqual({
      'text/csv': 'api/offers.csv?lang=en&type=IaaS&provider=ovh',
      'text/calendar': 'calendar.ics?lang=en&type=IaaS&provider=ovh',
      // The feed names the providers the search found, as a subscription would.
      'application/atom+xml': 'feed.atom?provider=OVH&type=IaaS&lang=en',
    });
  });

  it('give the feed every provider the search found, or the search as typed when it found none', () => {
    expect(links(page({ q: 'ou' }))['application/atom+xml']).toBe('feed.atom?provider=Cloud+Temple&provider=Outscale&lang=fr');
    expect(links(page({ q: 'Nimbus' }))['application/atom+xml']).toBe('feed.atom?provider=Nimbus&lang=fr');
  });
});
