/**
 * The status page's catalogue lists: a selector made of links (no JavaScript), SecNumCloud by default as before, and
 * another list with the columns its records have, its name in French or English, the edition it shows, and what
 * is true of it (not read yet, a newer document held). On the real December 2025 records of SecNumCloud, PASSI and PAMS.
 */
import { load, type CheerioAPI } from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { ListState } from '../../src/commands/ports.js';
import { buildPageModel, type PageInput } from '../../src/web/page-model.js';
import { parsePageQuery } from '../../src/web/page-query.js';
import { renderStatusPage } from '../../src/web/page-render.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { CHANGES, IN_PROGRESS, NOW, SOURCES, TIME_ZONE } from '../support/fake-command-deps.js';
import { listCsvRecords } from '../support/list-csv.js';

const catalogue = catalogueSnapshot();
const passi = listCsvRecords('passi');
const pams = listCsvRecords('pams');
/** As TrackerState.lists gives them: SecNumCloud first, then by id. */
const LISTS: ListState[] = [
  { list: 'secnumcloud', read: true, held: false, offers: catalogue.offers, edition: '2025-12-05' },
  { list: 'eidas-seal', read: true, held: false, offers: [], edition: '2025-12-05' },
  { list: 'pams', read: true, held: false, offers: pams, edition: '2025-12-05' },
  { list: 'passi', read: true, held: true, offers: passi, edition: '2025-12-05' },
  { list: 'pris', read: false, held: false, offers: [] },
];

function page(query: Record<string, string> = {}, lists: readonly ListState[] | null = LISTS): CheerioAPI {
  const input: PageInput = {
    qualified: { offers: catalogue.offers, edition: '2025-12-05' },
    ...(lists ? { lists } : {}),
    inProgress: IN_PROGRESS, sources: SOURCES, changes: CHANGES, query: parsePageQuery(query, 'fr'), now: NOW, timeZone: TIME_ZONE,
  };
  return load(renderStatusPage(buildPageModel(input)));
}
const heads = ($: CheerioAPI): string[] => $('table.offers thead th').toArray().map((th) => $(th).text());
const links = ($: CheerioAPI) => $('nav[aria-labelledby=lists-h] li').toArray().map((li) => [$(li).find('a').attr('href'), $(li).text(), $(li).find('a').attr('aria-current') ?? '']);

describe('the status page\'s list selector', () => {
  it('links every list followed in the catalogue\'s order, SecNumCloud current by default, and says which are not read or held', () => {
    const $ = page();
    expect(links($)).toEqual([
      ['?lang=fr', 'SecNumCloud — prestataires de services d\'informatique en nuage', 'page'],
      ['?lang=fr&list=passi', "PASSI — prestataires d'audit de la sécurité des systèmes d'information (document retenu)", ''],
      ['?lang=fr&list=pris', 'PRIS — prestataires de réponse aux incidents de sécurité (pas encore lue)', ''],
      ['?lang=fr&list=pams', "PAMS — prestataires d'administration et de maintenance sécurisées", ''],
      ['?lang=fr&list=eidas-seal', 'eIDAS — délivrance de certificats de cachet électronique', ''],
    ]);
    // What is seen is the short name; the rest is for screen readers.
    expect($('nav li a').first().contents().first().text()).toBe('SecNumCloud');
    expect($('h2#offers-h').text()).toBe('Offres qualifiées');
    expect(heads($)).toEqual(['Service', 'Types', 'Début de qualification', 'Fin de qualification', "Décision de l'ANSSI"]);
  });

  it('shows no selector when SecNumCloud is the only list, and SecNumCloud for a list it does not know', () => {
    expect(page({}, null)('nav[aria-labelledby=lists-h]')).toHaveLength(0);
    expect(page({}, LISTS.slice(0, 1))('nav[aria-labelledby=lists-h]')).toHaveLength(0);
    expect(page({ list: 'nope' })('h2#offers-h').text()).toBe('Offres qualifiées');
  });
});

describe('another list on the status page', () => {
  it('has its name, its edition, its own columns, one row a provider, and says a newer document is held', () => {
    const $ = page({ list: 'PASSI' });
    expect($('h2#offers-h').text()).toBe("PASSI — prestataires d'audit de la sécurité des systèmes d'information");
    expect($('table.offers caption').text()).toBe("PASSI — prestataires d'audit de la sécurité des systèmes d'information, catalogue du 05/12/2025");
    expect(heads($)).toEqual(['Fournisseur', 'Activités', 'Niveau', 'Sécurité nationale', 'Début de qualification', 'Fin de qualification', "Décision de l'ANSSI", 'Recommandation']);
    expect($('table.offers tbody th[scope=row]').toArray().map((th) => $(th).text())).toEqual(expect.arrayContaining(['Synacktiv']));
    expect($('table.offers tbody tr')).toHaveLength(passi.length);
    expect($('th[scope=rowgroup]')).toHaveLength(0);
    expect($('section[aria-labelledby=offers-h] p.notice').text()).toBe('Un nouveau document de la liste PASSI est retenu pour vérification : les offres affichées sont celles de sa dernière édition validée.');
    expect($('.counts').text()).toContain(`Qualifications PASSI${passi.length}`);
    expect($('nav a[aria-current=page]').attr('href')).toBe('?lang=fr&list=passi');
    expect($('[style]')).toHaveLength(0);
    expect($('title').text()).toBe('PASSI — SecNumCloud : offres qualifiées, en cours et derniers changements');
    // The "en cours" entries are SecNumCloud's: not on another list's page.
    expect($('#progress-h')).toHaveLength(0);
    expect($('.counts').text()).not.toContain('En cours de qualification');
    expect(page()('#progress-h')).toHaveLength(1);
  });

  it('searches within the list, keeps the list in the form and the exports, and has no type to choose', () => {
    const $ = page({ list: 'passi', q: 'synacktiv', type: 'IaaS' });
    expect($('table.offers tbody tr')).toHaveLength(1);
    expect($('select#type')).toHaveLength(0);
    expect($('form input[name=list]').attr('value')).toBe('passi');
    const hrefs = $('p.exports a').toArray().map((a) => $(a).attr('href'));
    expect(hrefs).toEqual(['api/offers.csv?lang=fr&list=passi&provider=synacktiv', 'calendar.ics?lang=fr&list=passi&provider=synacktiv', 'feed.atom?provider=Synacktiv&list=passi&lang=fr']);
    // Back to SecNumCloud: the search is kept, and the type too (SecNumCloud has types).
    expect($('nav li a').first().attr('href')).toBe('?lang=fr&type=IaaS&q=synacktiv');
  });

  it('groups a list whose rows name a service by provider, with the service heading each row', () => {
    const $ = page({ list: 'pams' });
    expect(heads($)).toEqual(['Service', 'Début de qualification', 'Fin de qualification', "Décision de l'ANSSI", 'Recommandation']);
    expect($('th[scope=rowgroup]')).toHaveLength(new Set(pams.map((o) => o.provider)).size);
    expect($('th[scope=rowgroup]').attr('colspan')).toBe('5');
  });

  it('says a list not read yet is not read, never that it has no offer', () => {
    const $ = page({ list: 'pris' });
    expect($('table.offers')).toHaveLength(0);
    expect($('section[aria-labelledby=offers-h] p.notice').text()).toBe("La liste PRIS n'a pas encore été lue : ses offres seront affichées après sa première lecture validée.");
    expect($('.counts').text()).toContain('Qualifications PRISpas encore lu');
    expect($('.counts').text()).not.toContain('Édition');
  });

  it('says which list a change of another list is about, in the latest changes', () => {
    const synacktiv = passi.find((o) => o.provider === 'Synacktiv')!;
    const input: PageInput = {
      qualified: { offers: catalogue.offers, edition: '2025-12-05' }, lists: LISTS, inProgress: IN_PROGRESS, sources: SOURCES,
      changes: [{ id: 'p1', kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-11-27T06:00:00Z', offer: synacktiv }, ...CHANGES],
      query: parsePageQuery({}, 'fr'), now: NOW, timeZone: TIME_ZONE,
    };
    const $ = load(renderStatusPage(buildPageModel(input)));
    expect($('#changes-h').parent().find('li').first().text()).toBe('27/11/2026 — Nouvelle qualification : Synacktiv (PASSI)');
  });

  it('says a list the catalogue source does not follow is not followed', () => {
    expect(page({ list: 'pdis' })('section[aria-labelledby=offers-h] p.notice').text()).toBe("La liste PDIS n'est pas suivie : la source du catalogue ne la lit pas (réglage lists de la source).");
  });

  it('is in English with ?lang=en, the list kept in the link to French', () => {
    const $ = page({ list: 'passi', lang: 'en' });
    expect($('h2#offers-h').text()).toBe('PASSI — information security audit providers');
    expect(heads($)).toContain('Activities');
    expect($('a[hreflang=fr]').first().attr('href')).toBe('?lang=fr&list=passi');
    expect($('table.offers tbody td[data-label=Activities]').first().text()).toMatch(/audit|testing/);
  });
});
