/**
 * Low-level pdf-lib pieces for the synthetic editions: fonts, link annotations and the outline
 * (bookmarks), written as plain PDF objects since pdf-lib has no API for the last two.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFPage, PDFRef, PDFString, StandardFonts, type PDFFont } from 'pdf-lib';

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
  boldItalic: PDFFont;
}

/** Standard 14 fonts: pdf-lib encodes them with WinAnsi, so "é", "ç", "’", "«" and "–" survive. */
export async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  const [regular, bold, italic, boldItalic] = await Promise.all([
    doc.embedFont(StandardFonts.Helvetica),
    doc.embedFont(StandardFonts.HelveticaBold),
    doc.embedFont(StandardFonts.HelveticaOblique),
    doc.embedFont(StandardFonts.HelveticaBoldOblique),
  ]);
  return { regular, bold, italic, boldItalic };
}

export type Rect = [number, number, number, number];

function addAnnotation(page: PDFPage, entries: Record<string, unknown>): void {
  const ctx = page.doc.context;
  const dict = ctx.obj({ Type: 'Annot', Subtype: 'Link', Border: [0, 0, 0] }) as PDFDict;
  for (const [k, v] of Object.entries(entries)) dict.set(PDFName.of(k), v as PDFDict);
  page.node.addAnnot(ctx.register(dict));
}

const numbers = (page: PDFPage, values: number[]): PDFArray =>
  page.doc.context.obj(values.map((v) => PDFNumber.of(Math.round(v * 10) / 10))) as PDFArray;

/** A URI link (how decision numbers link to their PDF). */
export function addUriLink(page: PDFPage, rect: Rect, uri: string): void {
  const action = page.doc.context.obj({ Type: 'Action', S: 'URI' }) as PDFDict;
  action.set(PDFName.of('URI'), PDFString.of(uri));
  addAnnotation(page, { Rect: numbers(page, rect), A: action });
}

/** `[pageRef /XYZ x y 0]`, the destination form OpenOffice writes. */
export function xyzDest(target: PDFPage, x: number, y: number): PDFArray {
  const arr = PDFArray.withContext(target.doc.context);
  arr.push(target.ref);
  arr.push(PDFName.of('XYZ'));
  arr.push(PDFNumber.of(Math.round(x * 10) / 10));
  arr.push(PDFNumber.of(Math.round(y * 10) / 10));
  arr.push(PDFNumber.of(0));
  return arr;
}

/** An internal link (table of contents entries, footnote markers). */
export function addInternalLink(page: PDFPage, rect: Rect, target: PDFPage, x: number, y: number): void {
  addAnnotation(page, { Rect: numbers(page, rect), Dest: xyzDest(target, x, y) });
}

export interface OutlineEntry {
  title: string;
  page: PDFPage;
  x: number;
  /** Top of the heading (the XYZ "top"), PDF user space. */
  y: number;
  children: OutlineEntry[];
}

/**
 * Writes /Outlines: a dict with /First /Last /Count, items with /Title /Parent /Next /Prev /First /Last
 * /Count /Dest. All items open, so each /Count is the number of visible descendants.
 */
export function writeOutline(doc: PDFDocument, roots: OutlineEntry[]): void {
  const ctx = doc.context;
  const rootRef = ctx.nextRef();
  const writeLevel = (items: OutlineEntry[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = items.map(() => ctx.nextRef());
    let count = items.length;
    items.forEach((item, i) => {
      const dict = ctx.obj({}) as PDFDict;
      dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title));
      dict.set(PDFName.of('Parent'), parent);
      const prev = refs[i - 1];
      const next = refs[i + 1];
      if (prev) dict.set(PDFName.of('Prev'), prev);
      if (next) dict.set(PDFName.of('Next'), next);
      dict.set(PDFName.of('Dest'), xyzDest(item.page, item.x, item.y));
      if (item.children.length > 0) {
        const sub = writeLevel(item.children, refs[i]!);
        dict.set(PDFName.of('First'), sub.first);
        dict.set(PDFName.of('Last'), sub.last);
        dict.set(PDFName.of('Count'), PDFNumber.of(sub.count));
        count += sub.count;
      }
      ctx.assign(refs[i]!, dict);
    });
    return { first: refs[0]!, last: refs[refs.length - 1]!, count };
  };
  if (roots.length === 0) throw new Error('writeOutline: no entries');
  const top = writeLevel(roots, rootRef);
  const outlines = ctx.obj({ Type: 'Outlines' }) as PDFDict;
  outlines.set(PDFName.of('First'), top.first);
  outlines.set(PDFName.of('Last'), top.last);
  outlines.set(PDFName.of('Count'), PDFNumber.of(top.count));
  ctx.assign(rootRef, outlines);
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
