/**
 * The recommendation marks: colours to levels, and the content-stream reader against pdfjs's operator list on
 * every page of the real December 2025 PDF and of a synthetic edition (stroked marks, pdf-lib's matrices).
 */
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { marksFromContent } from '../../src/sources/anssi-catalogue/content-marks.js';
import { ObjectIndex } from '../../src/sources/anssi-catalogue/object-index.js';
import { readPageMarks, recommendationOf, type Mark } from '../../src/sources/anssi-catalogue/marks.js';
import { openPdf } from '../../src/sources/anssi-catalogue/pdf-document.js';
import { DEFAULT_PARSE_BUDGET } from '../../src/sources/budget.js';
import { buildListsEdition } from '../support/edition-lists.js';
import { realCatalogueBytes } from '../support/editions.js';

describe('recommendationOf: the legend, by hue', () => {
  it.each([
    ['#94d82d', 'optimal'],
    ['#8ccc33', 'optimal'],
    ['#fcc419', 'moderate'],
    ['#fab21a', 'moderate'],
    ['#fa5252', 'critical'],
    ['#e03131', 'critical'],
  ])('%s is %s', (hex, level) => expect(recommendationOf(hex)).toBe(level));

  it.each(['#000080', '#eeeeee', '#373856', '#000000', '#ffffff', 'not a colour'])('%s is no mark', (hex) => expect(recommendationOf(hex)).toBeUndefined());
});

const rounded = (marks: readonly Mark[]) => marks.map((m) => [Math.round(m.x), Math.round(m.y), m.recommendation]);

describe('marks read from the content stream', () => {
  it.each([
    ['the real December 2025 PDF', async () => realCatalogueBytes()],
    ['a synthetic edition (stroked marks)', () => buildListsEdition('february')],
  ])('%s: the same marks as the operator list, page by page', async (_, build) => {
    const bytes = await build();
    const doc = await openPdf(bytes, DEFAULT_PARSE_BUDGET);
    try {
      const index = ObjectIndex.of(Buffer.from(bytes))!;
      let read = 0;
      for (let p = 0; p < doc.numPages; p++) {
        const fromStream = marksFromContent(index, (await doc.getPage(p + 1)).ref!, recommendationOf);
        if (!fromStream) continue; // a page drawing images or forms: left to pdfjs
        read++;
        expect(rounded(fromStream), `page ${p + 1}`).toEqual(rounded(await readPageMarks(doc, p)));
      }
      expect(read).toBeGreaterThan(doc.numPages / 2);
    } finally {
      await doc.destroy();
    }
  });

  const pdfWith = (content: Buffer, dict = '/Filter /FlateDecode'): ObjectIndex =>
    ObjectIndex.of(Buffer.concat([
      Buffer.from('%PDF-1.4\n3 0 obj\n<< /Type /Page /Contents 4 0 R >>\nendobj\n4 0 obj\n<< ' + dict + ' >>\nstream\n', 'latin1'),
      content,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]))!;

  it('follows q/Q, cm and the fill colour to a mark in page space', () => {
    const stream = deflateSync(Buffer.from('q 1 0 0 1 500 400 cm 0.58 0.85 0.18 rg 0 0 m 10 0 l 10 9 l h f* Q 0.5 g 0 0 100 100 re f', 'latin1'));
    expect(marksFromContent(pdfWith(stream), { num: 3, gen: 0 }, recommendationOf)).toEqual([{ x: 505, y: 404.5, recommendation: 'optimal' }]);
  });

  it('gives up (pdfjs decides) on what it does not follow: forms or images, other filters, a corrupt stream, no object, bad tokens', () => {
    const form = deflateSync(Buffer.from('q /Fm1 Do Q', 'latin1'));
    expect(marksFromContent(pdfWith(form), { num: 3, gen: 0 }, recommendationOf)).toBeUndefined();
    expect(marksFromContent(pdfWith(Buffer.from('abc'), '/Filter /LZWDecode'), { num: 3, gen: 0 }, recommendationOf)).toBeUndefined();
    expect(marksFromContent(pdfWith(Buffer.from('not zlib at all')), { num: 3, gen: 0 }, recommendationOf)).toBeUndefined();
    expect(marksFromContent(pdfWith(Buffer.from('x')), { num: 9, gen: 0 }, recommendationOf)).toBeUndefined();
    // Tokens the text reader's lexer refuses (a malformed number, an unterminated string): pdfjs decides too.
    expect(marksFromContent(pdfWith(deflateSync(Buffer.from('0.58 0.85 0.18 rg 1.2.3 0 m 10 0 l 10 9 l f', 'latin1'))), { num: 3, gen: 0 }, recommendationOf)).toBeUndefined();
    expect(marksFromContent(pdfWith(deflateSync(Buffer.from('0.58 0.85 0.18 rg 0 0 10 9 re f (open', 'latin1'))), { num: 3, gen: 0 }, recommendationOf)).toBeUndefined();
  });
});
