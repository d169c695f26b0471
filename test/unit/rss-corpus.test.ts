/**
 * The rss source on 31 real feeds of many shapes (test/fixtures/feeds-corpus, rss-parser's test inputs):
 * every feed becomes as many items as it has <item>/<entry> elements, counted here independently of the
 * parser; the one non-feed is a FeedFormatError. A few first items are checked field by field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedFormatError, parseFeed } from '../../src/sources/rss/index.js';

const DIR = join(import.meta.dirname, '../fixtures/feeds-corpus');
const FILES = readdirSync(DIR).filter((f) => !/^(LICENSE|README)/.test(f)).sort();
const NOT_FEEDS = new Set(['unrecognized.rss']);

const read = (name: string): Buffer => readFileSync(join(DIR, name));

/**
 * Item elements counted on the raw text: CDATA sections and comments removed first (they may quote
 * markup), then `<item …>` or `<entry …>` according to the root (`<items>` of RSS 1.0 is not an item).
 * Tags are ASCII, so latin1 reads every file whatever its charset.
 */
function countItems(name: string): number {
  const text = read(name).toString('latin1').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const atom = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*<feed[\s>]/.test(text);
  return (text.match(atom ? /<entry[\s/>]/g : /<item[\s/>]/g) ?? []).length;
}

describe('rss-parser corpus: every feed becomes its items', () => {
  it('holds the 31 files its README announces', () => {
    expect(FILES).toHaveLength(31);
  });

  it.each(FILES.filter((f) => !NOT_FEEDS.has(f)))('%s: one NewsItem per item element, in feed order', async (name) => {
    const warnings: string[] = [];
    const items = await parseFeed(read(name), { source: 'corpus', warn: (m) => warnings.push(m) });
    expect(items).toHaveLength(countItems(name));
    for (const item of items) {
      expect(item.source).toBe('corpus');
      expect(item.id).not.toBe('');
      expect(item.title).not.toBe('');
      expect(item.title).toBe(item.title.trim());
      if (item.url) expect(item.url).toMatch(/^https?:\/\//);
      if (item.publishedAt) expect(new Date(item.publishedAt).toISOString()).toBe(item.publishedAt);
      if (item.summary) expect(Array.from(item.summary).length).toBeLessThanOrEqual(501);
      expect(item.title + (item.summary ?? '')).not.toMatch(/\uFFFD|[\u0080-\u009f]/);
    }
    expect(warnings.length).toBeLessThanOrEqual(1);
  });

  it('unrecognized.rss (an HTML "Document Moved" page) is a FeedFormatError naming its root', async () => {
    const err = await parseFeed(read('unrecognized.rss'), { source: 'corpus' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedFormatError);
    expect(err).toMatchObject({ name: 'FeedFormatError', message: 'not an RSS or Atom feed (root element <head>)' });
  });
});

describe('rss-parser corpus: first items, field by field, against the files', () => {
  const first = async (name: string): Promise<unknown> => (await parseFeed(read(name), { source: 'corpus' }))[0];

  it('heraldsun.rss (RSS 0.92, no guid, no date): the link is the id', async () => {
    expect(await first('heraldsun.rss')).toEqual({
      id: 'http://www.oreilly.com/example/001.html',
      title: 'The First Item',
      url: 'http://www.oreilly.com/example/001.html',
      summary: 'This is the first item.',
      source: 'corpus',
    });
  });

  it('gulp-atom.atom (Atom): the id, a relative alternate link resolved against the feed link, updated as the date', async () => {
    expect(await first('gulp-atom.atom')).toEqual({
      id: 'tag:github.com,2008:Repository/11167738/v3.9.0',
      title: 'v3.9.0',
      url: 'https://github.com/gulpjs/gulp/releases/tag/v3.9.0',
      publishedAt: '2015-06-01T21:49:41.000Z',
      summary: '3.9.0',
      source: 'corpus',
    });
  });

  it('rss-1.rss (RSS 1.0/RDF): rdf:about as the id, dc:date as the date, an empty CDATA description as no summary', async () => {
    expect(await first('rss-1.rss')).toEqual({
      id: 'http://science.sciencemag.org/cgi/content/short/356/6343/1134-a?rss=1',
      title: 'Food for fungi',
      url: 'http://science.sciencemag.org/cgi/content/short/356/6343/1134-a?rss=1',
      publishedAt: '2017-06-15T17:29:47.000Z',
      source: 'corpus',
    });
  });

  it('encoding.rss (ISO-8859-1): accented Portuguese read right, a pubDate with trailing whitespace read', async () => {
    const items = await parseFeed(read('encoding.rss'), { source: 'corpus' });
    expect(items[0]).toMatchObject({
      id: 'http://feeds.jn.pt/~r/JN-ULTIMAS/~3/UBnb8Ra3Q1U/sonia-laig-e-a-nova-presidente-da-rarissimas-9021600.html',
      title: 'Mãe de utente é a nova presidente da Raríssimas',
      publishedAt: '2018-01-03T13:47:00.000Z',
    });
    expect(items[0]?.summary).toMatch(/^Sónia Laygue, profissional na área da Recursos Humanos/);
    expect(items.map((i) => i.title).join('\n')).toContain('Reações dos partidos ao veto de Marcelo');
  });

  it('uolNoticias.rss (no declaration, no version, latin-1 bytes): read as windows-1252 with one warning', async () => {
    const warnings: string[] = [];
    const items = await parseFeed(read('uolNoticias.rss'), { source: 'corpus', warn: (m) => warnings.push(m) });
    expect(items[0]?.title).toBe('Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno');
    expect(warnings).toEqual(['the feed declares no charset and is not UTF-8: read as windows-1252']);
  });

  it('incomplete-fields.atom (an entry with nothing): "(sans titre)" and a hash id', async () => {
    expect(await first('incomplete-fields.atom')).toEqual({ id: expect.stringMatching(/^h-[0-9a-f]{32}$/), title: '(sans titre)', source: 'corpus' });
  });
});
