import type { ParseBudget } from '../budget.js';
import { AnnotationType, getDocument, type PDFDocumentProxy } from './pdfjs.js';
import { CatalogueFormatError } from './errors.js';
import { keptRun, type TextRun } from './lines.js';

export type { TextRun } from './lines.js';

export interface LinkBox {
  url: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Opens PDF bytes; anything pdfjs cannot open becomes a CatalogueFormatError. The decoded bytes are metered
 * by the caller (withDecodeBudget); `budget` also bounds the size of images, which the parser never decodes.
 */
export async function openPdf(bytes: Uint8Array, budget: ParseBudget): Promise<PDFDocumentProxy> {
  if (bytes.length === 0) throw new CatalogueFormatError('empty file: expected the ANSSI catalogue PDF');
  if (!startsWithPdfHeader(bytes)) throw new CatalogueFormatError('not a PDF file (no %PDF- header)');
  try {
    // pdfjs takes ownership of (and detaches) the buffer it is given: hand it a copy.
    return await getDocument({
      data: bytes.slice(),
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: true,
      maxImageSize: Math.floor(budget.maxDecodedBytes / 4), // pixels, 4 bytes each once decoded
    }).promise;
  } catch (err) {
    throw new CatalogueFormatError(`unreadable PDF: ${(err as Error).message}`);
  }
}

function startsWithPdfHeader(bytes: Uint8Array): boolean {
  // The header may follow a few bytes of garbage (the spec tolerates up to 1024).
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** Reads one page's horizontal text runs; rotated text is dropped. */
export async function readPageRuns(doc: PDFDocumentProxy, index: number): Promise<TextRun[]> {
  try {
    const page = await doc.getPage(index + 1);
    const content = await page.getTextContent();
    const runs: TextRun[] = [];
    for (const item of content.items) {
      const run = 'str' in item ? keptRun(item.str, item.transform as number[], item.width) : undefined;
      if (run) runs.push(run);
    }
    return runs;
  } catch (err) {
    throw new CatalogueFormatError(`unreadable page ${index + 1}: ${(err as Error).message}`);
  }
}

/**
 * Reads one page's URI link annotations. getAnnotationsByType, limited to this page, is used rather than
 * page.getAnnotations: for display, pdfjs 5 extracts the page's text a second time to find the text under
 * each link, which would double the cost of the section page.
 */
export async function readPageLinks(doc: PDFDocumentProxy, index: number): Promise<LinkBox[]> {
  const others = new Set<number>();
  for (let i = 0; i < doc.numPages; i++) if (i !== index) others.add(i);
  try {
    const annotations = (await doc.getAnnotationsByType(new Set([AnnotationType.LINK]), others)) as Array<{
      pageIndex?: number;
      url?: string;
      rect?: number[];
    }>;
    const links: LinkBox[] = [];
    for (const a of annotations) {
      if (a.pageIndex !== index || typeof a.url !== 'string' || !a.rect || a.rect.length < 4) continue;
      const [x0, y0, x1, y1] = a.rect as [number, number, number, number];
      links.push({ url: a.url, x0: Math.min(x0, x1), y0: Math.min(y0, y1), x1: Math.max(x0, x1), y1: Math.max(y0, y1) });
    }
    return links;
  } catch (err) {
    throw new CatalogueFormatError(`unreadable annotations on page ${index + 1}: ${(err as Error).message}`);
  }
}

/** Height of a page, for telling whether a heading stands at its top. */
export async function pageHeight(doc: PDFDocumentProxy, index: number): Promise<number> {
  const page = await doc.getPage(index + 1);
  return page.view[3]! - page.view[1]!;
}
