/**
 * Text runs read from the content streams (content-text.ts) are pdfjs's runs: the same strings, positions, widths
 * and sizes on every page of the real December edition and of the editions derived from it, and every list read
 * with them gives the records pdfjs's runs give. Synthetic editions (pdf-lib's standard fonts, no /ToUnicode) are
 * left to pdfjs; hand-made pages show what is followed (Tc, Tw, Tz, TJ kerning, rise, cm, leading) and what is
 * given up.
 */
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { runsFromContent } from '../../src/sources/anssi-catalogue/content-text.js';
import { groupLines } from '../../src/sources/anssi-catalogue/lines.js';
import { LIST_IDS } from '../../src/sources/anssi-catalogue/list-specs.js';
import { ObjectIndex } from '../../src/sources/anssi-catalogue/object-index.js';
import { Ref } from '../../src/sources/anssi-catalogue/pdf-syntax.js';
import { openPdf, readPageRuns, type TextRun } from '../../src/sources/anssi-catalogue/pdf-document.js';
import { readLists } from '../../src/sources/anssi-catalogue/read-lists.js';
import { readToUnicode, simpleFont } from '../../src/sources/anssi-catalogue/simple-fonts.js';
import { DEFAULT_PARSE_BUDGET } from '../../src/sources/budget.js';
import { buildArchiveEdition } from '../support/edition-archive.js';
import { buildListsEdition } from '../support/edition-lists.js';
import { buildProductsEdition } from '../support/edition-products.js';
import { getEdition, realCatalogueBytes } from '../support/editions.js';

/** Each page's runs both ways; `read`: the pages the content reader vouched for. */
async function compare(bytes: Uint8Array): Promise<{ pages: number; read: number }> {
  const index = ObjectIndex.of(Buffer.from(bytes))!;
  const doc = await openPdf(bytes, DEFAULT_PARSE_BUDGET);
  let read = 0;
  try {
    for (let p = 0; p < doc.numPages; p++) {
      const own = runsFromContent(index, (await doc.getPage(p + 1)).ref!);
      if (!own) continue;
      read++;
      const pdfjs = await readPageRuns(doc, p);
      // Not within a tolerance: the same segmentation, and positions computed in pdfjs's order to the same bits.
      expect(own, `page ${p + 1}`).toEqual(pdfjs);
      expect(lineTexts(own)).toEqual(lineTexts(pdfjs));
    }
    return { pages: doc.numPages, read };
  } finally {
    await doc.destroy();
  }
}

const lineTexts = (runs: readonly TextRun[]) => groupLines(runs).map((l) => `${Math.round(l.y * 2) / 2} ${l.text}`);

describe('text runs read from the content streams, as pdfjs reads them', () => {
  it('the real December edition: every one of its 68 pages read, each run identical to pdfjs\'s', async () => {
    expect(await compare(realCatalogueBytes())).toEqual({ pages: 68, read: 68 });
  });

  it.each(['movedSection', 'grown300'] as const)('the edition %s (the real pages, rewritten by pdf-lib): every page read, identical', async (name) => {
    const { pages, read } = await compare((await getEdition(name)).bytes);
    expect(read).toBe(pages);
  });

  it('synthetic editions (pdf-lib\'s standard fonts: no /Widths, no /ToUnicode): left to pdfjs', async () => {
    for (const bytes of [(await getEdition('syntheticOutline')).bytes, await buildListsEdition('february'), await buildProductsEdition('february')]) {
      expect((await compare(bytes)).read).toBe(0);
    }
  });
});

/** Every list as readLists gives it with the document's bytes (the fast paths) and without (pdfjs only). */
async function listsBothWays(bytes: Uint8Array): Promise<{ fast: unknown; pdfjs: unknown; rows: number }> {
  const doc = await openPdf(bytes, DEFAULT_PARSE_BUDGET);
  try {
    const fast = await readLists(doc, LIST_IDS, true, bytes);
    const pdfjs = await readLists(doc, LIST_IDS, true);
    return { fast: Object.fromEntries(fast), pdfjs: Object.fromEntries(pdfjs), rows: [...fast.values()].reduce((n, l) => n + l.length, 0) };
  } finally {
    await doc.destroy();
  }
}

describe('every list read with the runs from the content streams', () => {
  it('the real December edition: the same 840 records as with pdfjs alone', async () => {
    const { fast, pdfjs, rows } = await listsBothWays(realCatalogueBytes());
    expect(rows).toBe(840);
    expect(fast).toEqual(pdfjs);
  });

  it('the edition grown300 and the synthetic editions: the same records both ways', async () => {
    const editions = [(await getEdition('grown300')).bytes, await buildListsEdition('february'), await buildProductsEdition('january'), await buildArchiveEdition('april')];
    for (const bytes of editions) {
      const { fast, pdfjs, rows } = await listsBothWays(bytes);
      expect(rows).toBeGreaterThan(0);
      expect(fast).toEqual(pdfjs);
    }
  });
});

/**
 * A page added to the real PDF drawing with its own fonts (F1 MarianneRegular, F2 MarianneBold: embedded Type 1,
 * Builtin encoding, /ToUnicode), in text states the catalogue never uses: spacing, scaling, kerning, rise, leading.
 */
async function pageDrawing(content: (hex: (font: 'F1' | 'F2', text: string) => string) => string): Promise<Uint8Array> {
  const real = realCatalogueBytes();
  const index = ObjectIndex.of(Buffer.from(real))!;
  const fonts = { F1: PDFRef.of(4473, 0), F2: PDFRef.of(4468, 0) } as const;
  // The codes to write each text with, from the font's own CMap.
  const codes = (font: 'F1' | 'F2') => {
    const f = simpleFont(index, new Ref(fonts[font].objectNumber, 0))!;
    return new Map(f.unicode.flatMap((u, code) => (u === undefined ? [] : [[u, code] as const])));
  };
  const hex = (font: 'F1' | 'F2', text: string): string => {
    const map = codes(font);
    return `<${[...text].map((ch) => map.get(ch)!.toString(16).padStart(2, '0')).join('')}>`;
  };
  const doc = await PDFDocument.load(real, { updateMetadata: false });
  const page = doc.addPage([595, 842]);
  const ctx = doc.context;
  page.node.set(PDFName.of('Resources'), ctx.obj({ Font: ctx.obj({ F1: fonts.F1, F2: fonts.F2 }) }));
  page.node.set(PDFName.of('Contents'), ctx.register(ctx.flateStream(content(hex))));
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
}

describe('a hand-made page: text state the catalogue does not use, against pdfjs', () => {
  it('Tc, Tw (on code 32), Tz, TJ kerning (a space in the flow, a gap that splits), rise, cm, TL, \' and ": the same runs', async () => {
    const bytes = await pageDrawing((hex) =>
      [
        `BT /F1 10 Tf 1.5 Tc 4 Tw 120 Tz 1 0 0 1 50 700 Tm ${hex('F1', 'Tarif 2025 Cloud')} Tj ET`,
        `BT 0 Tc 0 Tw 100 Tz /F1 12 Tf 72 650 Td [${hex('F1', 'Offre')} -250 ${hex('F1', 'Cloud')} 80 ${hex('F1', 'Suite')} -4000 ${hex('F1', 'Lien')}] TJ ET`,
        `BT /F2 9 Tf 14 TL 72 600 Td ${hex('F2', 'PRESTATAIRE')} Tj T* ${hex('F2', 'QUALIFIE')} ' 2 0.5 ${hex('F2', 'ANSSI')} " ET`,
        `q 1 0 0 1 20 -30 cm 0.8 0 0 0.8 0 0 cm BT /F1 8 Tf 3 Ts 100 500 Td ${hex('F1', 'Indice')} Tj 0 Ts ${hex('F1', 'Base')} Tj ET Q`,
        `BT /F1 10 Tf 0 1 -1 0 300 300 Tm ${hex('F1', 'Vertical')} Tj ET`,
        `BT /F1 10 Tf 60 400 Td ${hex('F1', 'Deux')} Tj ET BT /F1 10 Tf 88.5 400 Td ${hex('F1', 'blocs')} Tj ET`,
      ].join('\n'),
    );
    const doc = await openPdf(bytes, DEFAULT_PARSE_BUDGET);
    try {
      const last = doc.numPages - 1;
      const own = runsFromContent(ObjectIndex.of(Buffer.from(bytes))!, (await doc.getPage(last + 1)).ref!);
      const pdfjs = await readPageRuns(doc, last);
      expect(own).toEqual(pdfjs);
      expect(pdfjs.length).toBeGreaterThanOrEqual(8);
      const strs = pdfjs.map((r) => r.str);
      expect(strs).toContain('T a r i f'); // pdfjs's tracking: letters spaced wider than a tenth of the size
      expect(strs).toContain('Lien'); // the -4000 gap ends a run
      expect(strs).toContain('Deux blocs'); // two BT blocks, a gap in the flow: one run with a space
    } finally {
      await doc.destroy();
    }
  });
});

/** A minimal file (not for pdfjs): page 3 with font F1 (object 5) and content stream 4; extra objects appended. */
function file(opts: { font?: string; content?: Buffer; contentDict?: string; resources?: string; extra?: string[] } = {}): ObjectIndex {
  const cmap = '/CIDInit/ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <41> <0041> <20> <0020> endbfchar 1 beginbfrange <61> <63> <0061> endbfrange endcmap end end';
  const font = opts.font ?? '<</Type/Font/Subtype/Type1/BaseFont/X/FirstChar 32/LastChar 99/Widths 8 0 R/FontDescriptor 6 0 R/ToUnicode 7 0 R>>';
  const widths = `[${Array.from({ length: 68 }, () => 500).join(' ')}]`;
  const objects = [
    `3 0 obj\n<</Type/Page/MediaBox[0 0 600 800]/Resources<</Font<</F1 5 0 R>>${opts.resources ?? ''}>>/Contents 4 0 R>>\nendobj`,
    `5 0 obj\n${font}\nendobj`,
    '6 0 obj\n<</Type/FontDescriptor/FontName/X/FontFile 9 0 R/MissingWidth 250>>\nendobj',
    `7 0 obj\n<</Length ${cmap.length}>>\nstream\n${cmap}\nendstream\nendobj`,
    `8 0 obj\n${widths}\nendobj`,
    ...(opts.extra ?? []),
  ];
  const content = opts.content ?? deflateSync(Buffer.from('BT /F1 10 Tf 100 700 Td (Aab) Tj ET', 'latin1'));
  return ObjectIndex.of(
    Buffer.concat([
      Buffer.from(`%PDF-1.4\n${objects.join('\n')}\n4 0 obj\n<< ${opts.contentDict ?? '/Filter /FlateDecode'} >>\nstream\n`, 'latin1'),
      content,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]),
  )!;
}
const PAGE = { num: 3, gen: 0 };
const flate = (s: string) => deflateSync(Buffer.from(s, 'latin1'));

describe('what the content reader follows, and what it leaves to pdfjs', () => {
  it('a plain page: one run, its width from /Widths (an unlisted code at /MissingWidth)', () => {
    expect(runsFromContent(file(), PAGE)).toEqual([{ str: 'Aab', x: 100, y: 700, width: 15, size: 10 }]);
    expect(runsFromContent(file({ content: flate('BT /F1 10 Tf 100 700 Td (A\x7fa) Tj ET') }), PAGE)).toBeUndefined(); // \x7f: not in the CMap
  });

  it('Tw widens code 32: a gap within the flow is a space in the run, a wider one splits it (as pdfjs)', () => {
    expect(runsFromContent(file({ content: flate('BT /F1 10 Tf 100 700 Td (A a) Tj ET') }), PAGE)).toEqual([{ str: 'A a', x: 100, y: 700, width: 15, size: 10 }]);
    expect(runsFromContent(file({ content: flate('BT /F1 10 Tf 100 700 Td 3 Tw (A a) Tj ET') }), PAGE)).toEqual([
      { str: 'A', x: 100, y: 700, width: 5, size: 10 },
      { str: 'a', x: 113, y: 700, width: 5, size: 10 },
    ]);
  });

  it('ToUnicode: bfchar, bfrange with a string (counting up) or an array, UTF-16 surrogates', () => {
    const map = readToUnicode('begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <01> <D835DC00> endbfchar 2 beginbfrange <10> <12> <0041> <20> <21> [<0066006C> <00E9>] endbfrange');
    expect([map?.[1], map?.[0x10], map?.[0x12], map?.[0x20], map?.[0x21], map?.[0x13]]).toEqual(['\u{1d400}', 'A', 'C', 'fl', 'é', undefined]);
    expect(readToUnicode('begincodespacerange <0000> <FFFF> endcodespacerange')).toBeUndefined(); // two-byte codes
    expect(readToUnicode('/Adobe-Japan1-UCS2 usecmap 1 beginbfchar <01> <0041> endbfchar')).toBeUndefined();
  });

  it('an image drawn: passed over; a form drawn: undefined', () => {
    const image = '10 0 obj\n<</Type/XObject/Subtype/Image/Width 1/Height 1/BitsPerComponent 8/ColorSpace/DeviceGray/Length 1>>\nstream\n\x00\nendstream\nendobj';
    const form = '11 0 obj\n<</Type/XObject/Subtype/Form/BBox[0 0 1 1]/Length 0>>\nstream\n\nendstream\nendobj';
    const resources = '/XObject<</Im1 10 0 R/Fm1 11 0 R>>';
    const run = { str: 'Aab', x: 100, y: 700, width: 15, size: 10 };
    expect(runsFromContent(file({ resources, extra: [image, form], content: flate('q 10 0 0 10 0 0 cm /Im1 Do Q BT /F1 10 Tf 100 700 Td (Aab) Tj ET') }), PAGE)).toEqual([run]);
    expect(runsFromContent(file({ resources, extra: [image, form], content: flate('/Fm1 Do BT /F1 10 Tf 100 700 Td (Aab) Tj ET') }), PAGE)).toBeUndefined();
  });

  it.each([
    ['a Type0 font', { font: '<</Type/Font/Subtype/Type0/BaseFont/X/Encoding/Identity-H/DescendantFonts[6 0 R]/ToUnicode 7 0 R>>' }],
    ['a Type3 font', { font: '<</Type/Font/Subtype/Type3/FontMatrix[1 0 0 1 0 0]/FirstChar 32/Widths 8 0 R/ToUnicode 7 0 R>>' }],
    ['a font without /ToUnicode', { font: '<</Type/Font/Subtype/Type1/BaseFont/X/FirstChar 32/Widths 8 0 R/FontDescriptor 6 0 R>>' }],
    ['a standard font (no /Widths, not embedded)', { font: '<</Type/Font/Subtype/Type1/BaseFont/Helvetica/ToUnicode 7 0 R>>' }],
    ['an LZW content stream', { contentDict: '/Filter /LZWDecode', content: Buffer.from('BT /F1 10 Tf (A) Tj ET', 'latin1') }],
    ['a corrupt zlib stream', { content: Buffer.from('x\x9c not zlib at all', 'latin1') }],
    ['an inline image', { content: flate('BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI BT /F1 10 Tf (A) Tj ET') }],
    ['an unterminated string', { content: flate('BT /F1 10 Tf (A Tj ET') }],
    ['a font resource that does not exist', { content: flate('BT /F9 10 Tf (A) Tj ET') }],
    ['q nested 100 deep', { content: flate(`${'q '.repeat(100)}BT /F1 10 Tf (A) Tj ET`) }],
    ['a thousand operands', { content: flate(`${'1 '.repeat(1000)}BT /F1 10 Tf (A) Tj ET`) }],
    ['a malformed number', { content: flate('BT /F1 10 Tf 100 7-00 Td (A) Tj ET') }],
    ['a font without /BaseFont', { font: '<</Type/Font/Subtype/Type1/FirstChar 32/Widths 8 0 R/FontDescriptor 6 0 R/ToUnicode 7 0 R>>' }],
    ['a graphics state that sets a font', { resources: '/ExtGState<</G1<</Font[5 0 R 12]>>>>', content: flate('/G1 gs BT (A) Tj ET') }],
  ])('%s: undefined, for pdfjs to read', (_, opts) => {
    expect(runsFromContent(file(opts as Parameters<typeof file>[0]), PAGE)).toBeUndefined();
  });

  it('a missing page object: undefined', () => {
    expect(runsFromContent(file(), { num: 42, gen: 0 })).toBeUndefined();
  });
});
