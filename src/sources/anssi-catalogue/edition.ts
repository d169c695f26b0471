import type { PDFDocumentProxy } from './pdfjs.js';
import { frenchDateToIso } from '../../core/offer.js';
import { groupLines } from './lines.js';
import { readPageRuns, type TextRun } from './pdf-document.js';

const UPDATED_ON = /mis\s+à\s+jour\s+le\s+(\d{1,2}\/\d{1,2}\/\d{4})/i;

/**
 * The edition date printed on the cover ("Catalogue mis à jour le 05/12/2025 à 13:08:19"). `runsOf`: where a page's
 * runs come from (the parse's pages, already read or read from the content stream), pdfjs's by default.
 */
export async function readEdition(doc: PDFDocumentProxy, runsOf: (page: number) => Promise<TextRun[]> = (p) => readPageRuns(doc, p)): Promise<string | undefined> {
  for (let p = 0; p < Math.min(2, doc.numPages); p++) {
    const runs = await runsOf(p);
    const text = groupLines(runs).map((l) => l.text).join('\n');
    const m = UPDATED_ON.exec(text);
    if (m) return frenchDateToIso(m[1]!);
  }
  return undefined;
}
