import * as cheerio from 'cheerio';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/core/diff.js';
import type { NewsEvent } from '../../src/core/events.js';
import type { Snapshot } from '../../src/core/offer.js';
import { chainedStateHash } from '../../src/core/snapshot.js';
import { VERSION } from '../../src/version.js';
import type { PublicEvent } from '../../src/web/api-records.js';
import { changeEntry, changesFeed, FEED_SIZE, type FeedContext } from '../../src/web/atom-changes.js';
import { renderAtom, xmlEscape, type AtomFeed } from '../../src/web/atom.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const december = catalogueSnapshot();
const november: Snapshot = {
  ...december,
  edition: '2025-11-05',
  offers: [
    ...december.offers.slice(0, 13),
    { ...december.offers[13]!, qualifiedUntil: '2025-11-30', decision: '1500', decisionUrl: 'https://messervices.cyber.gouv.fr/visas/2022_1500_np.pdf' },
    { provider: 'Acme & Fils', service: 'Nuage <souverain> "v2"', types: ['SaaS'], qualifiedFrom: '2023-01-01', qualifiedUntil: '2026-01-01', decision: '12', status: 'qualified' },
  ],
};
const offerEvents = diffSnapshots(november, december, { detectedAt: '2026-01-05T14:00:00.000Z', previousState: chainedStateHash(undefined, november) });
const news: NewsEvent = {
  id: 'c'.repeat(32), kind: 'news.published', source: 'certfr-alertes', detectedAt: '2026-01-06T09:30:00.000Z',
  item: { id: 'g1', title: 'OVH & Outscale : <SecNumCloud> 3.2', url: 'https://www.cert.ssi.gouv.fr/actualite/a?x=1&y=2', summary: 'Résumé\u0007 avec un caractère de contrôle', source: 'certfr-alertes' },
  keywords: ['SecNumCloud'], providers: ['OVH', 'Outscale'], seenIn: ['certfr-alertes'],
};
/** Newest first, as the change log's latest() gives them. */
const events: PublicEvent[] = [news, ...[...offerEvents].reverse()];
const ctx: FeedContext = { base: 'https://tracker.example.org/snc', lang: 'fr', defaultLang: 'fr', since: '2025-12-05T06:00:00.000Z' };
const byKind = (k: PublicEvent['kind']): PublicEvent => events.find((e) => e.kind === k)!;

const load = (xml: string) => cheerio.load(xml, { xml: true });

describe('escaping', () => {
  it('escapes the five XML specials and drops characters XML 1.0 forbids, keeping astral characters', () => {
    expect(xmlEscape(`a & b < c > d "e" 'f'`)).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;');
    expect(xmlEscape('bell\u0007 nul\u0000 tab\t nl\n \uFFFE \uD800 ok')).toBe('bell nul tab\t nl\n   ok');
    expect(xmlEscape('☁️ 𝔘')).toBe('☁️ 𝔘');
  });

  it('yields a document a strict XML parser reads back, text from sources intact', async () => {
    const xml = renderAtom(changesFeed(events, ctx));
    const parsed = await new Parser().parseString(xml);
    expect(parsed.items).toHaveLength(events.length);
    expect(parsed.items[0]!.title).toBe('Actualité : OVH & Outscale : <SecNumCloud> 3.2');
    const $ = load(xml);
    const acme = $('entry').filter((_, e) => $(e).find('title').text().includes('Acme'));
    expect(acme.find('title').text()).toBe('Retiré du catalogue SecNumCloud : Acme & Fils — Nuage <souverain> "v2"');
    expect($('entry').first().find('summary').text()).toBe('Résumé avec un caractère de contrôle · Source : certfr-alertes · Mots-clés et fournisseurs : SecNumCloud, OVH, Outscale');
  });
});

describe('the feed of changes', () => {
  it('has a stable tag: id, the title, the latest entry as updated, self and alternate links, an author', () => {
    const $ = load(renderAtom(changesFeed(events, ctx)));
    const feed = $('feed');
    expect(feed.attr('xmlns')).toBe('http://www.w3.org/2005/Atom');
    expect(feed.attr('xml:lang')).toBe('fr');
    expect(feed.children('id').text()).toBe('tag:tracker.example.org,2026:feed:fr');
    expect(feed.children('title').text()).toBe('SecNumCloud : changements du catalogue et actualités');
    expect(feed.children('updated').text()).toBe('2026-01-06T09:30:00.000Z');
    const links = feed.children('link').toArray().map((l) => l.attribs);
    expect(links).toEqual([
      { rel: 'self', type: 'application/atom+xml', href: 'https://tracker.example.org/snc/feed.atom' },
      { rel: 'alternate', type: 'text/html', hreflang: 'fr', href: 'https://tracker.example.org/snc/?lang=fr' },
      { rel: 'alternate', type: 'application/atom+xml', hreflang: 'en', href: 'https://tracker.example.org/snc/feed.atom?lang=en' },
    ]);
    expect(feed.find('author > name').text()).toBe('secnumcloud-tracker');
    expect(feed.children('generator').attr('version')).toBe(VERSION);
  });

  it('has one entry per event in the order given, each with its event id as a tag: URI, dates, kind and link', () => {
    const $ = load(renderAtom(changesFeed(events, ctx)));
    const entries = $('entry').toArray().map((e) => $(e));
    expect(entries).toHaveLength(events.length);
    entries.forEach((entry, i) => {
      const e = events[i]!;
      expect(entry.children('id').text()).toBe(`tag:tracker.example.org,2026:change:${e.id}`);
      expect(entry.children('updated').text()).toBe(e.detectedAt);
      expect(entry.children('published').text()).toBe(e.detectedAt);
      expect(entry.children('category').attr('term')).toBe(e.kind);
      expect(entry.children('link').attr('rel')).toBe('alternate');
    });
  });

  it("links an offer change to its ANSSI decision and its provider's page, a removal without one to the page, news to the article", () => {
    const renewed = changeEntry(byKind('offer.renewed'), ctx);
    expect(renewed.links).toEqual([
      { rel: 'alternate', href: 'https://messervices.cyber.gouv.fr/visas/2023_2118_np.pdf' },
      { rel: 'related', href: 'https://tracker.example.org/snc/providers/outscale?lang=fr', type: 'text/html', title: 'Outscale' },
    ]);
    expect(changeEntry(news, ctx).links).toHaveLength(1);
    expect(changeEntry(byKind('offer.removed'), ctx).links[0]!.href).toBe('https://tracker.example.org/snc/?lang=fr');
    expect(changeEntry(news, ctx).links[0]!.href).toBe('https://www.cert.ssi.gouv.fr/actualite/a?x=1&y=2');
  });

  it('words titles and summaries as the chat alerts do, in French by default and in English on request', () => {
    const fr = changeEntry(byKind('offer.renewed'), ctx);
    expect(fr.title).toBe('Qualification renouvelée : Outscale — IaaS');
    expect(fr.summary).toBe('Types : IaaS · Validité : du 30/11/2023 au 30/11/2026 · ANSSI : décision n° 2118');
    const en = changeEntry(byKind('offer.renewed'), { ...ctx, lang: 'en' });
    expect(en.title).toBe('Qualification renewed: Outscale — IaaS');
    expect(en.summary).toBe('Types: IaaS · Valid: from 2023-11-30 to 2026-11-30 · ANSSI: decision no. 2118');
    expect(en.id).toBe(fr.id); // the same entry, translated
  });

  it('in English: its own id, title and language, self with ?lang=en, the French one as alternate', () => {
    const $ = load(renderAtom(changesFeed(events, { ...ctx, lang: 'en' })));
    expect($('feed').attr('xml:lang')).toBe('en');
    expect($('feed > id').text()).toBe('tag:tracker.example.org,2026:feed:en');
    expect($('feed > title').text()).toBe('SecNumCloud: catalogue changes and news');
    expect($('feed > link[rel="self"]').attr('href')).toBe('https://tracker.example.org/snc/feed.atom?lang=en');
    expect($('feed > link[hreflang="fr"][type="application/atom+xml"]').attr('href')).toBe('https://tracker.example.org/snc/feed.atom');
  });

  it(`keeps the latest ${FEED_SIZE} entries, and an empty feed is updated when the first source was trusted, never in 1970`, () => {
    const many = Array.from({ length: FEED_SIZE + 7 }, (_, i) => ({ ...news, id: i.toString(16).padStart(32, '0') }));
    expect(changesFeed(many, ctx).entries).toHaveLength(FEED_SIZE);
    const empty: AtomFeed = changesFeed([], ctx);
    expect(empty.entries).toEqual([]);
    expect(empty.updated).toBe('2025-12-05T06:00:00.000Z');
    expect(renderAtom(empty)).not.toContain('1970');
    expect(load(renderAtom(empty))('entry')).toHaveLength(0);
  });
});
