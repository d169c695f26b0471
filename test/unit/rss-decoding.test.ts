/**
 * Bytes to text for the rss source: BOMs, HTTP charset, XML declaration, unknown labels, legacy French
 * charsets; then HTML named entities inside XML, with and without CDATA. Fixtures in test/fixtures/feeds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../src/sources/rss/decode.js';
import { toXmlSafeReferences } from '../../src/sources/rss/entities.js';
import { parseFeed } from '../../src/sources/rss/index.js';

const DIR = join(import.meta.dirname, '../fixtures/feeds');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));
const parse = (bytes: Uint8Array, contentType?: string, warn?: (m: string) => void) =>
  parseFeed(bytes, { source: 'test', ...(contentType ? { contentType } : {}), ...(warn ? { warn } : {}) });
const titleOf = async (bytes: Uint8Array, contentType?: string): Promise<string | undefined> => (await parse(bytes, contentType))[0]?.title;

describe('charsets', () => {
  it('windows-1252: é (0xE9), ’ (0x92) and € (0x80) read right, whatever Node\'s decoder does with 0x80–0x9F', async () => {
    const bytes = read('windows-1252.xml');
    expect([0xe9, 0x92, 0x80].every((b) => bytes.includes(b))).toBe(true);
    const [item] = await parse(bytes);
    expect(item?.title).toBe('Sécurité : l’offre à 10 € par mois');
    expect(item?.summary).toBe('Qualifiée « SecNumCloud » dès l’été');
  });

  it('windows-1252 bytes 0x80–0x9F all map as the WHATWG index says', () => {
    const bytes = new TextEncoder().encode('<?xml version="1.0" encoding="windows-1252"?>');
    const all = Uint8Array.from([...bytes, ...Array.from({ length: 32 }, (_, i) => 0x80 + i)]);
    expect(decodeFeedBytes(all).text.slice(bytes.length)).toBe(
      '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ',
    );
  });

  it('ISO-8859-15: € (0xA4), œ (0xBD) and Ÿ (0xBE), which latin-1 does not have', async () => {
    const bytes = read('iso-8859-15.xml');
    expect([0xa4, 0xbd, 0xbe].every((b) => bytes.includes(b))).toBe(true);
    const [item] = await parse(bytes);
    expect(item?.title).toBe('Le cœur du cloud à 10 € : Ÿ compris');
    expect(item?.summary).toBe('Œuvre qualifiée');
  });

  it('UTF-16LE with a BOM; the same text as UTF-16BE with a BOM and as UTF-16LE without one', async () => {
    const le = read('utf-16le-bom.xml');
    expect([le[0], le[1]]).toEqual([0xff, 0xfe]);
    const want = 'Données de santé : l’hébergeur qualifié';
    expect(await titleOf(le)).toBe(want);
    const be = le.slice();
    for (let i = 0; i + 1 < be.length; i += 2) [be[i], be[i + 1]] = [le[i + 1]!, le[i]!];
    expect(await titleOf(be)).toBe(want);
    expect(decodeFeedBytes(le.subarray(2)).via).toBe('utf-16 pattern');
    expect(await titleOf(le.subarray(2))).toBe(want);
  });

  it('UTF-8 with a BOM: the BOM is no character of the text', async () => {
    const bytes = read('utf-8-bom.xml');
    const decoded = decodeFeedBytes(bytes);
    expect(decoded).toMatchObject({ encoding: 'utf-8', via: 'bom' });
    expect(decoded.text.startsWith('<?xml')).toBe(true);
    expect(await titleOf(bytes)).toBe('Qualification SecNumCloud : déjà trois mois');
  });

  it('a BOM outranks the HTTP charset', async () => {
    expect(await titleOf(read('utf-8-bom.xml'), 'text/xml; charset=windows-1252')).toBe('Qualification SecNumCloud : déjà trois mois');
  });

  it('the HTTP charset overrides a wrong XML declaration (UTF-8 bytes declared ISO-8859-1)', async () => {
    const bytes = read('wrong-declaration.xml');
    expect(await titleOf(bytes)).toBe('HÃ©bergement souverain : oÃ¹ en est-on ?'); // what the declaration alone gives
    expect(await titleOf(bytes, 'application/rss+xml; charset=utf-8')).toBe('Hébergement souverain : où en est-on ?');
    expect(await titleOf(bytes, 'application/rss+xml;charset="UTF-8"')).toBe('Hébergement souverain : où en est-on ?');
    expect(decodeFeedBytes(bytes, 'text/xml; charset=utf-8').via).toBe('content-type');
  });

  it('an unknown label (encoding="x-made-up") reads as UTF-8 with exactly one warning naming it', async () => {
    const warnings: string[] = [];
    const [item] = await parse(read('unknown-label.xml'), undefined, (m) => warnings.push(m));
    expect(item?.title).toBe('Réversibilité : le guide');
    expect(warnings).toEqual(['unknown charset "x-made-up" (XML declaration): read as utf-8']);
  });

  it('an unknown HTTP charset is skipped for the XML declaration, with one warning', async () => {
    const warnings: string[] = [];
    const [item] = await parse(read('windows-1252.xml'), 'text/xml; charset=bogus', (m) => warnings.push(m));
    expect(item?.title).toBe('Sécurité : l’offre à 10 € par mois');
    expect(warnings).toEqual(['unknown charset "bogus" (Content-Type): read as windows-1252']);
  });

  it('a stray invalid byte in a UTF-8 feed costs one U+FFFD, never the feed or its other accents', async () => {
    const text = new TextDecoder().decode(read('unknown-label.xml')).replace('encoding="x-made-up"', 'encoding="UTF-8"');
    const bytes = new TextEncoder().encode(text.replace('le guide', 'le guide \u0000'));
    bytes[bytes.indexOf(0)] = 0xff;
    expect(await titleOf(bytes)).toBe('Réversibilité : le guide \uFFFD');
  });
});

describe('HTML named entities inside XML', () => {
  it('&eacute; &nbsp; &rsquo; &laquo; &raquo; &hellip; &euro; &oelig; &ccedil; in elements become their characters', async () => {
    const [item] = await parse(read('entities.xml'));
    expect(item?.title).toBe('La qualification : l’ANSSI publie le « référentiel »…');
    expect(item?.summary).toBe('Tarif à 10 € pour le cœur de l’offre ça alors');
    expect(item?.url).toBe('https://exemple.fr/actualites/referentiel?id=1&lang=fr');
  });

  it('CDATA is left as is by the XML pass, then rendered as HTML: entities decoded, tags removed', async () => {
    const xml = new TextDecoder().decode(read('entities.xml'));
    const cdata = xml.match(/<!\[CDATA\[[\s\S]*?\]\]>/g) ?? [];
    expect(cdata).toHaveLength(2);
    const safe = toXmlSafeReferences(xml);
    for (const section of cdata) expect(safe).toContain(section);
    const [, item] = await parse(read('entities.xml'));
    expect(item?.title).toBe('Cloud de confiance : l’été « SecNumCloud »');
    expect(item?.summary).toBe('Dans le CDATA : été & &foo; restent tels quels jusqu’au rendu.');
  });

  it('an unknown entity (&foo;) and a bare ampersand read literally; numeric references, &#146; included, decode', async () => {
    const [, , item] = await parse(read('entities.xml'));
    expect(item?.title).toBe('Entité inconnue &foo; et esperluette nue AT&T & é€’');
    expect(item?.url).toBe('https://exemple.fr/actualites/inconnue?a=1&b=2');
  });

  it('the XML pass keeps XML\'s five, turns HTML names into numbers, escapes the rest, and skips comments', () => {
    expect(toXmlSafeReferences('&amp;&lt;&gt;&quot;&apos; &eacute;&nbsp;&OElig; &foo; a & b &#0; &#x110000; <!-- &eacute; -->')).toBe(
      '&amp;&lt;&gt;&quot;&apos; &#233;&#160;&#338; &amp;foo; a &amp; b &#65533; &#65533; <!-- &eacute; -->',
    );
  });
});
