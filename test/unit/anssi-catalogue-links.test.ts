/**
 * Link annotations read from the PDF's objects (content-links.ts) give exactly what pdfjs gives, on every page of
 * the real December edition and of the synthetic ones; anything this reader does not follow is left to pdfjs.
 */
import { describe, expect, it } from 'vitest';
import { linksFromContent } from '../../src/sources/anssi-catalogue/content-links.js';
import { ObjectIndex } from '../../src/sources/anssi-catalogue/object-index.js';
import { openPdf, readPageLinks } from '../../src/sources/anssi-catalogue/pdf-document.js';
import { DEFAULT_PARSE_BUDGET } from '../../src/sources/budget.js';
import { buildListsEdition } from '../support/edition-lists.js';
import { buildProductsEdition } from '../support/edition-products.js';
import { getEdition } from '../support/editions.js';
import { realCatalogueBytes } from '../support/editions.js';

async function compare(bytes: Uint8Array): Promise<{ pages: number; links: number }> {
  const buf = Buffer.from(bytes);
  const index = ObjectIndex.of(buf)!;
  const doc = await openPdf(bytes, DEFAULT_PARSE_BUDGET);
  let links = 0;
  try {
    for (let p = 0; p < doc.numPages; p++) {
      const own = linksFromContent(index, (await doc.getPage(p + 1)).ref!);
      const pdfjs = await readPageLinks(doc, p);
      expect(own, `page ${p + 1}`).toEqual(pdfjs);
      links += pdfjs.length;
    }
    return { pages: doc.numPages, links };
  } finally {
    await doc.destroy();
  }
}

describe('links read from the objects, as pdfjs reads them', () => {
  it('the real December edition: 68 pages, the same 4,118 URL links on every page (18 others have none)', async () => {
    expect(await compare(realCatalogueBytes())).toEqual({ pages: 68, links: 4118 });
  });

  it.each(['syntheticOutline', 'syntheticSubsections'] as const)('the synthetic edition %s', async (name) => {
    const { links } = await compare((await getEdition(name)).bytes);
    expect(links).toBeGreaterThan(0);
  });

  it('the synthetic editions with service and product lists', async () => {
    for (const bytes of [await buildListsEdition('february'), await buildProductsEdition('february')]) expect((await compare(bytes)).links).toBeGreaterThan(0);
  });
});

/** A minimal file: page 1 0 obj with the given annotations as objects 2, 3, …. */
function file(...annots: string[]): { index: ObjectIndex; ref: { num: number; gen: number } } {
  const refs = annots.map((_, i) => `${i + 2} 0 R`).join(' ');
  const body = [`1 0 obj\n<</Type/Page/Annots[${refs}]>>\nendobj`, ...annots.map((a, i) => `${i + 2} 0 obj\n${a}\nendobj`)].join('\n');
  return { index: ObjectIndex.of(Buffer.from(`%PDF-1.4\n${body}\n`, 'latin1'))!, ref: { num: 1, gen: 0 } };
}

describe('what the object reader follows, and what it leaves to pdfjs', () => {
  it('a URI link with escapes, a www. address, an internal link and a file:/// link (no URL, as pdfjs)', () => {
    const { index, ref } = file(
      '<</Type/Annot/Subtype/Link/Rect[10 20 30 40]/A<</S/URI/URI(https://example.org/a\\(b\\).pdf)>>>>',
      '<</Type/Annot/Subtype/Link/Rect[30 40 10 20]/A<</S/URI/URI(www.example.org/x)>>>>',
      '<</Type/Annot/Subtype/Link/Rect[0 0 1 1]/A<</S/GoTo/D[1 0 R/XYZ 0 0 0]>>>>',
      '<</Type/Annot/Subtype/Link/Rect[0 0 1 1]/A<</S/URI/URI(file:///C:/catalogue.pdf)>>>>',
      '<</Type/Annot/Subtype/Widget/Rect[0 0 1 1]>>',
    );
    expect(linksFromContent(index, ref)).toEqual([
      { url: 'https://example.org/a(b).pdf', x0: 10, y0: 20, x1: 30, y1: 40 },
      { url: 'http://www.example.org/x', x0: 10, y0: 20, x1: 30, y1: 40 },
    ]);
  });

  it.each([
    ['a hex string', '<</Type/Annot/Subtype/Link/Rect[0 0 1 1]/A<</S/URI/URI<68747470>>>>'],
    ['an indirect action', '<</Type/Annot/Subtype/Link/Rect[0 0 1 1]/A 9 0 R>>'],
    ['a launch action', '<</Type/Annot/Subtype/Link/Rect[0 0 1 1]/A<</S/Launch/F(x.pdf)>>>>'],
    ['no rectangle', '<</Type/Annot/Subtype/Link/A<</S/URI/URI(https://example.org)>>>>'],
  ])('%s: undefined, for pdfjs to read', (_, annot) => {
    const { index, ref } = file(annot);
    expect(linksFromContent(index, ref)).toBeUndefined();
  });

  it('a missing annotation object or page: undefined', () => {
    const { index } = file('<</Type/Annot/Subtype/Link/Rect[0 0 1 1]/A<</S/URI/URI(https://example.org)>>>>');
    expect(linksFromContent(index, { num: 7, gen: 0 })).toBeUndefined();
  });
});
