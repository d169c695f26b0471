/**
 * From feed to NewsItems: links (relative, Atom alternate, non-web), ids (guid, Atom id, link, hash),
 * dates, titles and summaries; what is not a feed; the CERT-FR-like and LeMagIT-like fixtures.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedFormatError, parseFeed, SOURCE_KIND } from '../../src/sources/rss/index.js';
import { SourceFormatError } from '../../src/sources/errors.js';

const DIR = join(import.meta.dirname, '../fixtures/feeds');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));
const parse = (name: string) => parseFeed(read(name), { source: 'test' });
const hashId = (title: string, publishedAt = ''): string =>
  `h-${createHash('sha256').update(`${title}\n${publishedAt}`).digest('hex').slice(0, 32)}`;

describe('links', () => {
  it('relative links resolve against the channel link; only http(s) links are kept; a permalink guid stands in for a missing link', async () => {
    const items = await parse('relative-links.xml');
    expect(items.map((i) => [i.title, i.url, i.id])).toEqual([
      ['Chemin absolu', 'https://www.exemple.fr/actualites/2025/secnumcloud.html', 'https://www.exemple.fr/actualites/2025/secnumcloud.html'],
      ['Chemin relatif', 'https://www.exemple.fr/actualites/2025/numspot.html', 'https://www.exemple.fr/actualites/2025/numspot.html'],
      ['Lien absolu', 'https://autre.exemple.org/article', 'https://autre.exemple.org/article'],
      ['Lien non web', undefined, 'non-web-1'],
      ['Guid permalien sans lien', 'https://www.exemple.fr/actualites/2025/guid.html', 'https://www.exemple.fr/actualites/2025/guid.html'],
    ]);
  });

  it('Atom: the alternate link (a link without rel is one), else the first; relative hrefs resolve against the feed', async () => {
    const items = await parse('atom-alternate.xml');
    expect(items.map((i) => i.url)).toEqual([
      'https://blog.exemple.fr/2025/11/cloud-de-confiance',
      'https://blog.exemple.fr/2025/11/numspot',
      'https://blog.exemple.fr/2025/11/self-only',
      'https://blog.exemple.fr/2025/11/texte', // <link> with text and no attribute: rss-parser alone throws
    ]);
    expect(items.map((i) => i.id)).toEqual(['1', '2', '3', '4'].map((n) => `tag:blog.exemple.fr,2025:${n}`));
  });
});

describe('titles, summaries, dates', () => {
  it('Atom: an HTML title loses its markup, an HTML summary is rendered, XHTML content becomes text', async () => {
    const [first, second] = await parse('atom-alternate.xml');
    expect(first).toMatchObject({ title: 'Le cloud de confiance en 2025', summary: 'Premier résumé.' });
    expect(second?.summary).toBe('Contenu XHTML sur NumSpot.');
  });

  it('Atom dates: published first, else updated; an unreadable one is absent and does not lose the feed', async () => {
    const items = await parse('atom-alternate.xml');
    expect(items.map((i) => i.publishedAt)).toEqual(['2025-11-18T08:00:00.000Z', '2025-11-17T08:30:00.000Z', '2025-11-16T08:30:00.000Z', undefined]);
  });

  it('an empty title takes the summary\'s first words, cut at a word; nothing at all gives "(sans titre)"', async () => {
    const items = await parse('no-guid-no-link.xml');
    expect(items[3]?.title).toBe("Un élément sans titre dont le résumé commence par ces mots, suivis d'une longue…");
    expect(items[4]).toEqual({ id: hashId('(sans titre)'), title: '(sans titre)', source: 'test' });
  });

  it('a long summary is cut near 500 characters at a word boundary, with an ellipsis', async () => {
    const words = Array.from({ length: 120 }, (_, i) => `mot${i}`).join(' ');
    const xml = `<rss version="2.0"><channel><link>https://exemple.fr/</link><item><title>Long</title><description>&lt;p&gt;${words}&lt;/p&gt;</description></item></channel></rss>`;
    const [item] = await parseFeed(new TextEncoder().encode(xml), { source: 'test' });
    expect(item?.summary?.length).toBeLessThanOrEqual(501);
    expect(item?.summary).toMatch(/ mot\d+…$/);
    expect(words.startsWith(item!.summary!.slice(0, -1))).toBe(true);
  });
});

describe('ids', () => {
  it('without guid or link: h- and the sha256 of title and date, the same on every parse', async () => {
    const once = await parse('no-guid-no-link.xml');
    const twice = await parse('no-guid-no-link.xml');
    expect(twice.map((i) => i.id)).toEqual(once.map((i) => i.id));
    const title = 'Communiqué : SecNumCloud et les collectivités';
    expect(once[0]?.id).toBe(hashId(title, '2025-11-18T08:00:00.000Z'));
    expect(once[1]?.id).toBe(hashId(title, '2025-11-19T08:00:00.000Z')); // same title, another day: another item
    expect(once[2]).toEqual({ id: hashId('Lien relatif sans base'), title: 'Lien relatif sans base', source: 'test' });
  });
});

describe('not a feed: FeedFormatError, one line, never a crash', () => {
  const cases: Array<[string, Uint8Array, unknown]> = [
    ['an empty file', read('empty.xml'), 'not an RSS or Atom feed (empty document)'],
    ['an HTML page', read('not-a-feed.html'), 'not an RSS or Atom feed (root element <html>)'],
    ['a truncated feed', read('truncated.xml'), 'malformed or truncated XML in <rss>: Unclosed root tag (line 11, column 59)'],
    ['random text', new TextEncoder().encode('Service Unavailable'), 'not an RSS or Atom feed (no root element; starts with "Service Unavailable")'],
    ['XML of another kind', new TextEncoder().encode('<?xml version="1.0"?>\n<urlset><url/></urlset>'), 'not an RSS or Atom feed (root element <urlset>)'],
    ['only a prolog', new TextEncoder().encode('<?xml version="1.0"?>\n<!-- rien -->'), 'not an RSS or Atom feed (no root element after the XML prolog)'],
    ['<rss> without <channel>', new TextEncoder().encode('<rss version="2.0"></rss>'), "unreadable <rss> feed: Cannot read properties of undefined (reading '0')"],
    ['binary bytes', Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0xe2, 0xe3, 0x01]), expect.stringMatching(/^not an RSS or Atom feed \(no root element; starts with "%PDF-1\.7 /)],
  ];

  it.each(cases)('%s', async (_, bytes, message) => {
    const err = await parseFeed(bytes, { source: 'test' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedFormatError);
    expect(err).toBeInstanceOf(SourceFormatError);
    expect(err).toMatchObject({ name: 'FeedFormatError', message });
    expect((err as Error).message).not.toMatch(/\n/);
  });

  it('a feed with no item is a feed: an empty list', async () => {
    const xml = '<rss version="2.0"><channel><title>Vide</title></channel></rss>';
    expect(await parseFeed(new TextEncoder().encode(xml), { source: 'test' })).toEqual([]);
    expect(SOURCE_KIND).toBe('rss');
  });
});

describe('CERT-FR-like and LeMagIT-like feeds (fixtures for the news pipeline)', () => {
  it('read whole, in feed order, with a shared link and a shared title under another link', async () => {
    const certfr = await parse('certfr-actualite.xml');
    const lemagit = await parse('lemagit.xml');
    expect(certfr).toHaveLength(5);
    expect(lemagit).toHaveLength(8);
    expect(certfr.map((i) => i.publishedAt)).toEqual([...certfr.map((i) => i.publishedAt)].sort().reverse());
    const sharedUrl = 'https://cyber.gouv.fr/actualites/publication-referentiel-secnumcloud-revise';
    expect(certfr.filter((i) => i.url === sharedUrl)).toHaveLength(1);
    expect(lemagit.filter((i) => i.url === sharedUrl)).toHaveLength(1);
    const title = 'Cloud de confiance : l’ANSSI publie un guide pour les collectivités';
    const [a, b] = [certfr.find((i) => i.title === title), lemagit.find((i) => i.title === title)];
    expect(a?.url).toBeDefined();
    expect(b?.url).toBeDefined();
    expect(a?.url).not.toBe(b?.url);
  });

  it('CERT-FR first item, field by field', async () => {
    const [first] = await parse('certfr-actualite.xml');
    expect(first).toEqual({
      id: 'https://www.cert.ssi.gouv.fr/actualite/CERTFR-2025-ACT-048/',
      title: "Bulletin d'actualité CERTFR-2025-ACT-048",
      url: 'https://www.cert.ssi.gouv.fr/actualite/CERTFR-2025-ACT-048/',
      publishedAt: '2025-11-17T14:30:00.000Z',
      summary: "Ce bulletin d'actualité revient sur les vulnérabilités significatives de la semaine passée et rappelle l'importance d'appliquer les mises à jour de sécurité publiées par les éditeurs.",
      source: 'test',
    });
  });
});
