import type { PDFDocumentProxy } from './pdfjs.js';
import { asHeading, CLOUD_SECTION_TITLE, NOT_QUALIFIED_TITLE, type Heading } from './headings.js';
import { isQualifiedTable, readHeader, typeColumns, type TableGeometry } from './header.js';
import { dominantSize, groupLines } from './lines.js';
import type { SectionStart } from './locate-section.js';
import { pageHeight, readPageLinks, readPageRuns, type TextRun } from './pdf-document.js';
import { buildRows, type RawRow } from './rows.js';

/** Without an outline end, a section longer than this is not the cloud section we know. */
const MAX_SECTION_PAGES = 25;

export interface SectionTables {
  rows: RawRow[];
  /** Qualified-services tables seen (a header with dates and a decision column, outside excluded sub-sections). */
  qualifiedTables: number;
}

/** Finds the cloud section by reading pages in order: the fallback when the outline does not lead to it. */
export async function locateByText(doc: PDFDocumentProxy): Promise<SectionStart | undefined> {
  for (let p = 0; p < doc.numPages; p++) {
    const runs = await readPageRuns(doc, p);
    const bodySize = dominantSize(runs);
    for (const line of groupLines(runs)) {
      const h = asHeading(line, bodySize);
      if (h && CLOUD_SECTION_TITLE.test(h.title)) return { page: p, top: h.y + h.size, depth: h.depth };
    }
  }
  return undefined;
}

function clip(runs: TextRun[], page: number, s: SectionStart): TextRun[] {
  return runs.filter(
    (r) =>
      !(page === s.page && s.top !== undefined && r.y > s.top + 1) &&
      !(s.end && page === s.end.page && s.end.top !== undefined && r.y <= s.end.top),
  );
}

/**
 * Reads the section's pages and rebuilds the rows of its qualified-services tables. A table segment starts
 * at a header (repeated on each page) and ends at the next header, a heading or the end of the page;
 * a page without a repeated header continues the previous table with its geometry.
 */
export async function readSectionTables(doc: PDFDocumentProxy, s: SectionStart): Promise<SectionTables> {
  const last = s.end ? s.end.page : Math.min(doc.numPages - 1, s.page + MAX_SECTION_PAGES);
  const result: SectionTables = { rows: [], qualifiedTables: 0 };
  let section: Heading | undefined;
  let geometry: TableGeometry | undefined;
  let excluded = false;
  for (let p = s.page; p <= last; p++) {
    if (p !== s.page && s.end && p === s.end.page && (await startsAtTop(doc, p, s.end.top))) break;
    const runs = await readPageRuns(doc, p);
    const lines = groupLines(clip(runs, p, s));
    const bodySize = dominantSize(runs);
    let segment: TextRun[] = [];
    const tables: Array<{ runs: TextRun[]; geometry: TableGeometry }> = [];
    const flush = (): void => {
      if (geometry && !excluded && isQualifiedTable(geometry) && segment.length > 0) {
        tables.push({ runs: segment, geometry });
      }
      segment = [];
    };
    let ended = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const h = asHeading(line, bodySize);
      if (h) {
        if (!section && CLOUD_SECTION_TITLE.test(h.title)) {
          section = h;
          continue;
        }
        const depth = section?.depth ?? s.depth;
        flush();
        geometry = undefined;
        if (depth !== undefined && h.depth <= depth) {
          ended = true;
          break;
        }
        excluded = NOT_QUALIFIED_TITLE.test(h.title);
        continue;
      }
      const header = typeColumns(line) ? readHeader(lines, i) : undefined;
      if (header) {
        flush();
        geometry = header.geometry;
        if (!excluded && isQualifiedTable(geometry)) result.qualifiedTables++;
        i = header.next - 1;
        continue;
      }
      segment.push(...line.runs);
    }
    flush();
    // Links are read only for pages that hold rows: annotations cost as much as a page of text.
    const links = tables.length > 0 ? await readPageLinks(doc, p) : [];
    for (const t of tables) result.rows.push(...buildRows(t.runs, links, t.geometry, p));
    if (ended) break;
  }
  return result;
}

/** True when the next section's heading stands at the top of its page: nothing above it is ours. */
async function startsAtTop(doc: PDFDocumentProxy, page: number, top: number | undefined): Promise<boolean> {
  return top === undefined || top >= 0.9 * (await pageHeight(doc, page));
}
