/**
 * `renderCatalogue(spec)`: draws a whole catalogue from data with pdf-lib: a cover with the
 * "Catalogue mis à jour le …" line, a table of contents (column by column, like the real one, with
 * rotated title and internal links), the content blocks, footnotes, "Page N sur M" footers and,
 * optionally, the outline (bookmarks).
 */
import { degrees, PDFDocument, type PDFPage } from 'pdf-lib';
import { addInternalLink, embedFonts, writeOutline, type OutlineEntry } from './edition-pdf.js';
import { Flow, NAVY, type HeadingLevel, type HeadingRecord } from './edition-layout.js';
import { drawTable, type TableSpec } from './edition-table.js';
import type { Footnote } from './edition-types.js';

export type Block =
  | { kind: 'heading'; level: HeadingLevel; number: string; title: string; newPage?: boolean }
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullets'; items: { label: string; text: string; note?: Footnote }[] }
  /** `minPages`: the generator fails unless the table really spans that many pages. */
  | { kind: 'table'; table: TableSpec; minPages?: number }
  /** Text rotated by 90°, as on some real pages. */
  | { kind: 'rotated'; text: string };

export interface CatalogueSpec {
  /** Cover title, e.g. "JANVIER 2026". */
  month: string;
  /** `DD/MM/YYYY` and `HH:MM:SS` of the cover's "Catalogue mis à jour le … à …". */
  updatedOn: string;
  updatedAt: string;
  outline: boolean;
  blocks: Block[];
  /** false: heading numbers without the trailing dot ("3.1.2 Audit …"), in the text and the outline. */
  headingDot?: boolean;
}

export async function renderCatalogue(spec: CatalogueSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fixed = new Date(Date.UTC(2026, 0, 1));
  doc.setProducer('OpenOffice 4.1.15');
  doc.setCreator('Writer');
  doc.setCreationDate(fixed);
  doc.setModificationDate(fixed);
  const fonts = await embedFonts(doc);
  const cover = doc.addPage([595, 842]);
  const toc = doc.addPage([595, 842]);
  const flow = new Flow(doc, fonts);
  flow.headingDot = spec.headingDot ?? true;

  const coverText = (s: string, y: number, size: number, x = 41.2): void => {
    cover.drawText(s, { x, y, size, font: fonts.bold, color: NAVY });
  };
  coverText('CATALOGUE', 627, 30);
  coverText('PRODUITS • SERVICES', 488.5, 36);
  coverText('PROFILS DE PROTECTION • SITES', 452.1, 24);
  coverText('CERTIFIÉS  QUALIFIÉS  AGRÉÉS', 384.4, 25);
  coverText(spec.month, 110.1, 30);
  cover.drawText(`Catalogue mis à jour le ${spec.updatedOn} à ${spec.updatedAt}`, { x: 460.1, y: 17.6, size: 6, font: fonts.regular });

  for (const block of spec.blocks) {
    switch (block.kind) {
      case 'heading':
        flow.heading(block.level, block.number, block.title, { newPage: block.newPage ?? false });
        break;
      case 'paragraph':
        flow.paragraph(block.text);
        break;
      case 'bullets':
        for (const item of block.items) flow.bullet(item.label, item.text, item.note);
        break;
      case 'table': {
        const pages = drawTable(flow, block.table);
        if (pages.length < (block.minPages ?? 1)) {
          throw new Error(`renderCatalogue: table spans ${pages.length} page(s), the spec wants ${block.minPages}`);
        }
        break;
      }
      case 'rotated':
        flow.page.drawText(block.text, { x: 30, y: 300, size: 9, font: fonts.regular, rotate: degrees(90) });
        break;
    }
  }

  const pages = doc.getPages();
  drawToc(toc, flow.headings, pages, fonts.regular);
  if (spec.outline) writeOutline(doc, outlineTree(flow.headings, flow.headingDot));
  flow.finish(pages, 1);
  return doc.save({ useObjectStreams: false });
}

/** Numbers, then titles with dot leaders, then page numbers: the real TOC's drawing (and text) order. */
function drawToc(toc: PDFPage, headings: HeadingRecord[], pages: PDFPage[], font: Flow['fonts']['regular']): void {
  toc.drawText('TABLE DES MATIÈRES', { x: 42.6, y: 406.5, size: 35, font, rotate: degrees(90), color: NAVY });
  const rowY = (i: number): number => 766.4 - i * 13.85;
  headings.forEach((h, i) => {
    const w = font.widthOfTextAtSize(h.number, 10);
    toc.drawText(h.number, { x: 167.5 - w, y: rowY(i), size: 10, font });
  });
  headings.forEach((h, i) => {
    let title = h.title;
    while (font.widthOfTextAtSize(`${title}.`, 10) < 341) title += '.';
    toc.drawText(title, { x: 173.1, y: rowY(i), size: 10, font });
    addInternalLink(toc, [172.3, rowY(i) - 2.5, 173.1 + font.widthOfTextAtSize(h.title, 10), rowY(i) + 11.4], h.page, h.x, h.y);
  });
  headings.forEach((h, i) => {
    const label = String(pages.indexOf(h.page) + 1);
    toc.drawText(label, { x: 523.7, y: rowY(i), size: 10, font });
    addInternalLink(toc, [522.9, rowY(i) - 2.5, 523.7 + font.widthOfTextAtSize(label, 10), rowY(i) + 11.4], h.page, h.x, h.y);
  });
}

/** Level 1 headings at the root, each level under the last heading of the level above. */
function outlineTree(headings: HeadingRecord[], dot: boolean): OutlineEntry[] {
  const roots: OutlineEntry[] = [];
  const last: Partial<Record<HeadingLevel, OutlineEntry>> = {};
  for (const h of headings) {
    const title = h.number === '' ? h.title : `${h.number}${dot ? '.' : ''} ${h.title}`;
    const entry: OutlineEntry = { title, page: h.page, x: h.x, y: h.y, children: [] };
    let parent: OutlineEntry | undefined;
    for (let l = h.level - 1; l >= 1 && !parent; l--) parent = last[l as HeadingLevel];
    (parent ? parent.children : roots).push(entry);
    last[h.level] = entry;
    for (let l = h.level + 1; l <= 4; l++) delete last[l as HeadingLevel];
  }
  return roots;
}
