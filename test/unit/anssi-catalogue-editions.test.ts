/**
 * The catalogue parser on editions other than December 2025 (test/support/editions.ts): the section
 * moved, the document grown to 300 pages, catalogues drawn from data with other dates, footnote numbers,
 * column positions, row spacing, sub-sections and section numbers. Plus inputs that must be refused.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { Offer } from '../../src/core/offer.js';
import { parseCatalogue } from '../../src/sources/anssi-catalogue/index.js';
import { EDITION_NAMES, getEdition, GROWN_PAGES, MOVED_SECTION_INSERTED, notCatalogues, REAL, type EditionName } from '../support/editions.js';

const FIELDS = ['provider', 'service', 'types', 'qualifiedFrom', 'qualifiedUntil', 'decision', 'decisionUrl', 'recommendation', 'status'] as const satisfies readonly (keyof Offer)[];
const KNOWN: readonly string[] = FIELDS;

describe('parseCatalogue on every edition', () => {
  it.each(EDITION_NAMES)('%s: edition date and every offer, field by field, in table order', async (name) => {
    const edition = await getEdition(name);
    const snapshot = await parseCatalogue(edition.bytes.slice());
    expect(snapshot.source).toBe('anssi-catalogue');
    expect(snapshot.edition).toBe(edition.expected.edition);
    // Rows first (the clearest diff when one is missing, extra or out of order), then each field.
    const label = (o: Offer): string => `${o.provider} | ${o.service}`;
    expect(snapshot.offers.map(label)).toEqual(edition.expected.offers.map(label));
    edition.expected.offers.forEach((want, i) => {
      const got = snapshot.offers[i];
      for (const field of FIELDS) expect(got?.[field], `${name}, row ${i + 1} (${label(want)}): ${field}`).toEqual(want[field]);
      expect(Object.keys(got ?? {}).filter((k) => !KNOWN.includes(k)), `${name}, row ${i + 1}: unknown fields`).toEqual([]);
    });
  });
});

describe('parseCatalogue refuses what is not a catalogue', () => {
  it.each(notCatalogues.map((n) => [n.name, n.bytes] as const))('%s: CatalogueFormatError, never an empty list', async (_, bytes) => {
    await expect(parseCatalogue(bytes.slice())).rejects.toMatchObject({ name: 'CatalogueFormatError' });
  });
});

const CLOUD_TITLE = "Services d'informatique en nuage (SecNumCloud)";

/**
 * Where the outline sends "… (SecNumCloud)", and which of `pages` (all when omitted) print that title
 * in 14 pt (the section heading, not the table of contents).
 */
async function locate(name: EditionName, pages?: number[]): Promise<{ pages: number; outline: number | undefined; headings: number[] }> {
  const doc = await getDocument({ data: (await getEdition(name)).bytes.slice(), verbosity: 0 }).promise;
  try {
    type Node = { title: string; dest: unknown; items: Node[] };
    const flat = (nodes: Node[] | null): Node[] => (nodes ?? []).flatMap((n) => [n, ...flat(n.items)]);
    const entry = flat((await doc.getOutline()) as Node[] | null).find((n) => n.title.endsWith(CLOUD_TITLE));
    const dest = entry?.dest as [{ num: number; gen: number }] | undefined;
    const outline = dest ? await doc.getPageIndex(dest[0]) : undefined;
    const headings: number[] = [];
    for (const i of pages ?? Array.from({ length: doc.numPages }, (_, k) => k)) {
      const { items } = await (await doc.getPage(i + 1)).getTextContent();
      if (items.some((it) => 'str' in it && it.str === CLOUD_TITLE && it.transform[0] === 14)) headings.push(i);
    }
    return { pages: doc.numPages, outline, headings };
  } finally {
    await doc.destroy();
  }
}

describe('the editions are what they claim', () => {
  it('movedSection: the section moved, the outline followed it', async () => {
    const moved = REAL.cloudSection + MOVED_SECTION_INSERTED;
    expect(await locate('movedSection', [REAL.cloudSection, moved])).toEqual({
      pages: REAL.pages + MOVED_SECTION_INSERTED,
      outline: moved,
      headings: [moved],
    });
  });

  it('grown300: 300 pages, the section elsewhere, the outline still on it', async () => {
    const { pages, outline } = await locate('grown300', []);
    expect(pages).toBe(GROWN_PAGES);
    expect(outline).toBeDefined();
    expect(outline).not.toBe(REAL.cloudSection);
    expect((await locate('grown300', [REAL.cloudSection, outline!])).headings).toEqual([outline]);
  });

  it('syntheticOutline has an outline entry for the section; syntheticNoOutline has none', async () => {
    const withOutline = await locate('syntheticOutline');
    expect(withOutline.headings).toHaveLength(1);
    expect(withOutline.outline).toBe(withOutline.headings[0]);
    const without = await locate('syntheticNoOutline');
    expect(without).toEqual({ ...withOutline, outline: undefined });
  });
});
