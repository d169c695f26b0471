import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_BUDGET, ParseBudgetError } from '../../src/sources/budget.js';
import { SourceFormatError } from '../../src/sources/errors.js';
import { createParserHost, type ParserHost } from '../../src/sources/parse-host/parse-host.js';
import { loadAdapter } from '../../src/sources/registry.js';

const catalogue = new Uint8Array(readFileSync('test/fixtures/anssi-catalogue/catalogue-anssi_2025-12-05.pdf'));
const feed = new Uint8Array(readFileSync('test/fixtures/feeds/lemagit.xml'));

describe('the parser host (one long-lived parser thread)', () => {
  let host: ParserHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it('parses the real catalogue in its thread exactly as the adapter does in this one', async () => {
    host = createParserHost({ budget: DEFAULT_PARSE_BUDGET });
    const inThread = await host.parse('anssi-catalogue', catalogue, { source: 'anssi-catalogue' });
    const here = await (await loadAdapter('anssi-catalogue'))!.parse(catalogue, { source: 'anssi-catalogue' });
    expect(inThread).toEqual(here);
    expect(inThread.records === 'offers' && inThread.snapshot.offers.length).toBe(16);
  });

  it('keeps one thread for many parses, and hands the caller its bytes back untouched', async () => {
    host = createParserHost({ budget: DEFAULT_PARSE_BUDGET });
    const before = Buffer.from(feed).toString('base64');
    const docs = await Promise.all([1, 2, 3].map(() => host!.parse('rss', feed, { source: 'lemagit' })));
    expect(docs.every((d) => d.records === 'news' && d.items.length > 0)).toBe(true);
    expect(Buffer.from(feed).toString('base64')).toBe(before);
    expect(host.stats()).toEqual({ parses: 3, threadsStarted: 1, timeouts: 0 });
  });

  it('stops a parse over its time budget with a ParseBudgetError, then parses the next one in a fresh thread', async () => {
    const exits: string[] = [];
    host = createParserHost({ budget: DEFAULT_PARSE_BUDGET, onThreadExit: (e) => exits.push(`${e.reason} ${e.source}`) });
    const slow = host.parse('anssi-catalogue', catalogue, { source: 'anssi-catalogue', budget: { ...DEFAULT_PARSE_BUDGET, timeMs: 20 } });
    const after = host.parse('rss', feed, { source: 'lemagit' });
    const err = await slow.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseBudgetError);
    expect((err as Error).message).toMatch(/^anssi-catalogue: parsing took longer than 0 s and was stopped$/);
    expect((await after).records).toBe('news');
    expect(exits).toEqual(['timeout anssi-catalogue']);
    expect(host.stats()).toMatchObject({ threadsStarted: 2, timeouts: 1 });
  });

  it("rebuilds the thread's format errors as SourceFormatErrors with their own name", async () => {
    host = createParserHost({ budget: DEFAULT_PARSE_BUDGET });
    const err = (await host.parse('anssi-catalogue', new TextEncoder().encode('<html></html>'), { source: 'c' }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(SourceFormatError);
    expect(err.name).toBe('CatalogueFormatError');
    expect(err.message).toBe('not a PDF file (no %PDF- header)');
  });

  it("forwards the adapter's warnings to the caller", async () => {
    host = createParserHost({ budget: DEFAULT_PARSE_BUDGET });
    const warnings: string[] = [];
    // A feed that declares an unknown charset is read, with a warning.
    const xml = new TextEncoder().encode('<?xml version="1.0" encoding="x-klingon"?><rss version="2.0"><channel><title>t</title><item><title>SecNumCloud</title><link>https://example.org/a</link></item></channel></rss>');
    const doc = await host.parse('rss', xml, { source: 'f', warn: (m) => warnings.push(m) });
    expect(doc.records === 'news' && doc.items.map((i) => i.title)).toEqual(['SecNumCloud']);
    expect(warnings).toEqual(['unknown charset "x-klingon" (XML declaration): read as utf-8']);
  });

  it("hands the thread the document's address, against which a page's relative links resolve", async () => {
    host = createParserHost({ budget: DEFAULT_PARSE_BUDGET });
    const page = new Uint8Array(readFileSync('test/fixtures/html/newsroom-cards.html'));
    const doc = await host.parse('html', page, { source: 'presse', baseUrl: 'https://nuage.example/presse/' });
    expect(doc.records === 'news' && doc.items[0]?.url).toBe('https://nuage.example/presse/communiques/2025-11-12-entree-en-qualification');
  });

  it('rejects the parses still waiting when it is closed, and every parse after', async () => {
    host = createParserHost({ budget: DEFAULT_PARSE_BUDGET });
    const first = host.parse('anssi-catalogue', catalogue, { source: 'a' }).catch((e: Error) => e.message);
    const second = host.parse('anssi-catalogue', catalogue, { source: 'b' }).catch((e: Error) => e.message);
    await host.close();
    expect(await first).toBe('the parser host is closed');
    expect(await second).toBe('the parser host is closed');
    await expect(host.parse('rss', feed, { source: 'c' })).rejects.toThrow('the parser host is closed');
  });
});
