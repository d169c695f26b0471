import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/cli/parse-diff.js';
import { PageFormatError } from '../../src/sources/anssi-page/index.js';
import { budgetFor, ParseBudgetError } from '../../src/sources/budget.js';
import { htmlListSettingsSchema, parseHtmlList } from '../../src/sources/html/index.js';
import { loadAdapter, SOURCE_KINDS } from '../../src/sources/registry.js';
import { sourceSchema } from '../../src/sources/schema.js';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`../fixtures/html/${name}`, import.meta.url));
const defaults = htmlListSettingsSchema.parse({});
const ctx = { source: 'numspot-actualites', baseUrl: 'https://numspot.example/actualites/' };

describe('the html kind: a newsroom list page read as news items', () => {
  it('reads a WordPress-like list with the default selectors: titles, links, dates, excerpts, no menu or sidebar', () => {
    expect(parseHtmlList(fixture('numspot-actualites.html'), defaults, ctx)).toEqual([
      {
        id: 'https://numspot.example/actualites/numspot-franchit-une-etape-de-sa-qualification-secnumcloud/',
        title: 'NumSpot franchit une étape de sa qualification SecNumCloud',
        url: 'https://numspot.example/actualites/numspot-franchit-une-etape-de-sa-qualification-secnumcloud/',
        publishedAt: '2025-11-17T08:30:00.000Z',
        summary: 'L’audit de l’offre IaaS s’est achevé ; la décision de l’ANSSI est attendue au premier trimestre.',
        source: 'numspot-actualites',
      },
      expect.objectContaining({ title: 'NumSpot au Forum InCyber 2026', publishedAt: '2025-11-03T13:00:00.000Z' }),
      expect.objectContaining({
        title: 'Kubernetes managé : disponibilité générale sur la plateforme de cloud de confiance',
        url: 'https://numspot.example/actualites/kubernetes-manage-disponible/',
      }),
    ]);
  });

  it('reads DSFR cards: relative links resolved, dates written in French, a card without a link left out', () => {
    const items = parseHtmlList(fixture('newsroom-cards.html'), defaults, { source: 'presse', baseUrl: 'https://nuage.example/presse/' });
    expect(items.map((i) => [i.title, i.url, i.publishedAt])).toEqual([
      ['Nuage Hexagone entre en qualification SecNumCloud', 'https://nuage.example/presse/communiques/2025-11-12-entree-en-qualification', '2025-11-12T00:00:00.000Z'],
      ['Une deuxième région à Lyon', 'https://nuage.example/presse/communiques/2025-10-02-region-lyon', '2025-10-02T00:00:00.000Z'],
    ]);
  });

  it('lets settings.selectors say where the items are', () => {
    const s = htmlListSettingsSchema.parse({ selectors: { item: '.nav-links a.page-numbers', title: ':scope' } });
    expect(parseHtmlList(fixture('numspot-actualites.html'), s, ctx)).toEqual([]); // the pagination is removed chrome
    const cards = htmlListSettingsSchema.parse({ selectors: { item: '.fr-card__title' , title: 'a' } });
    expect(parseHtmlList(fixture('newsroom-cards.html'), cards, ctx).map((i) => i.title)).toEqual(['Nuage Hexagone entre en qualification SecNumCloud', 'Une deuxième région à Lyon']);
  });

  it('refuses what is not HTML and a page over its budget, in one line', () => {
    expect(() => parseHtmlList(new TextEncoder().encode('%PDF-1.7\n'), defaults, ctx)).toThrow(PageFormatError);
    expect(() => parseHtmlList(fixture('numspot-actualites.html'), defaults, { ...ctx, budget: budgetFor(500) })).toThrow(ParseBudgetError);
  });

  it('is a source kind: in the registry (links resolved against the source url), the sources schema and `parse html FILE`', async () => {
    expect(SOURCE_KINDS).toContain('html');
    const adapter = (await loadAdapter('html'))!;
    const doc = await adapter.parse(fixture('newsroom-cards.html'), { source: 'presse', baseUrl: 'https://nuage.example/presse/' });
    expect(doc.records === 'news' && doc.items[0]?.url).toBe('https://nuage.example/presse/communiques/2025-11-12-entree-en-qualification');
    const source = sourceSchema.parse({ id: 'numspot-actualites', kind: 'html', url: 'https://numspot.example/actualites/', interval: '6h' });
    expect(source).toMatchObject({ kind: 'html', maxNewsPerPoll: 10, settings: { selectors: { title: 'h1, h2, h3, h4, [class*="title"]' } } });
    const out: string[] = [];
    await parseCommand(['html', 'test/fixtures/html/numspot-actualites.html'], { SOURCES_FILE: 'feeds/sources.json', FETCH_MAX_BYTES: 50_000_000, PARSE_TIMEOUT_MS: 60_000 }, (s) => out.push(s), () => {});
    const printed = JSON.parse(out.join('\n')) as { source: string; items: Array<{ title: string; url?: string }> };
    expect(printed.source).toBe('html');
    // no base URL for a local file: relative links stay out of `url`, the absolute one is kept
    expect(printed.items.map((i) => i.url ?? null)).toEqual([null, null, 'https://numspot.example/actualites/kubernetes-manage-disponible/']);
  });
});
