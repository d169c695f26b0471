/**
 * Editions derived from the real December 2025 PDF by inserting pages, so section 3.3 lands on
 * another page. The document is modified in place: the outline keeps pointing at the very page
 * objects it pointed at, so "3.3. Services d'informatique en nuage (SecNumCloud)" still resolves.
 */
import { readFileSync } from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFPage } from 'pdf-lib';
import { catalogueSnapshot } from './csv-offers.js';
import type { Edition } from './edition-types.js';

const REAL_PDF = new URL('../fixtures/anssi-catalogue/catalogue-anssi_2025-12-05.pdf', import.meta.url);

/** 0-based indices in the real PDF. */
export const REAL = { pages: 68, cloudSection: 61, infogerance: 62 } as const;
/** Pages never copied: cover (edition date), TOC (lists "3.3 … SecNumCloud"), 3.3 and 3.4 themselves. */
const NOT_COPIED = new Set<number>([0, 1, REAL.cloudSection, REAL.infogerance]);

let realBytes: Uint8Array | undefined;
export function realCatalogueBytes(): Uint8Array {
  realBytes ??= new Uint8Array(readFileSync(REAL_PDF));
  return realBytes;
}

function realExpected(): Edition['expected'] {
  const snap = catalogueSnapshot();
  return { edition: snap.edition ?? '', offers: snap.offers };
}

export function realEdition(): Edition {
  return { name: 'real', bytes: realCatalogueBytes(), expected: realExpected() };
}

/**
 * A shallow copy of page `index`: a new page object sharing the content stream and resources, with its
 * own copies of the link annotations (the real PDF's annotations carry no /P, so they can be cloned).
 */
function clonePage(doc: PDFDocument, index: number): PDFPage {
  const ctx = doc.context;
  const leaf = doc.getPage(index).node.clone();
  const annots = leaf.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (annots) {
    const copies = annots.asArray().map((ref) => ctx.register(ctx.lookup(ref, PDFDict).clone()));
    leaf.set(PDFName.of('Annots'), ctx.obj(copies));
  }
  return PDFPage.of(leaf, ctx.register(leaf), doc);
}

/** Copyable page indices of the ORIGINAL document, cycling from `from`. */
function sources(count: number, from: number): number[] {
  const pool = Array.from({ length: REAL.pages }, (_, i) => i).filter((i) => !NOT_COPIED.has(i));
  const start = Math.max(0, pool.indexOf(from));
  return Array.from({ length: count }, (_, k) => pool[(start + k) % pool.length]!);
}

async function loadReal(): Promise<PDFDocument> {
  return PDFDocument.load(realCatalogueBytes(), { updateMetadata: false });
}

/** Pages inserted before 3.3 by `movedSection`: two copies of Common Criteria pages and a blank page. */
export const MOVED_SECTION_INSERTED = 3;

export async function movedSection(): Promise<Edition> {
  const doc = await loadReal();
  const copies = [9, 10].map((src) => clonePage(doc, src));
  copies.forEach((page, k) => doc.insertPage(REAL.cloudSection + k, page));
  doc.insertPage(REAL.cloudSection + copies.length, [595, 842]); // blank
  if (copies.length + 1 !== MOVED_SECTION_INSERTED) throw new Error('movedSection: page count');
  const bytes = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  return { name: 'movedSection', bytes, expected: realExpected() };
}

export const GROWN_PAGES = 300;

/**
 * 300 pages: copies of other pages before 3.3 (inside 3.2.11, the section just before) and after 3.4
 * (before chapter 4), so the section neither starts nor ends where it used to and the document is
 * ~4.4 times longer. Copies keep their "Page N sur 68" footers: page labels are not page numbers.
 */
export async function grown300(): Promise<Edition> {
  const doc = await loadReal();
  const extra = GROWN_PAGES - REAL.pages;
  const before = Math.floor(extra / 2);
  // Clone everything first (while indices are those of the original), then insert: after 3.4, then before 3.3.
  const after = sources(extra - before, 45).map((src) => clonePage(doc, src));
  const ahead = sources(before, 2).map((src) => clonePage(doc, src));
  after.forEach((page, k) => doc.insertPage(REAL.infogerance + 1 + k, page));
  ahead.forEach((page, k) => doc.insertPage(REAL.cloudSection + k, page));
  if (doc.getPageCount() !== GROWN_PAGES) throw new Error(`grown300: ${doc.getPageCount()} pages`);
  const bytes = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  return { name: 'grown300', bytes, expected: realExpected() };
}
