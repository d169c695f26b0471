import type { Offer } from '../../core/offer.js';
import { CatalogueFormatError } from './errors.js';
import { asHeading } from './headings.js';
import { dominantSize, foldSpaces, groupLines, type Line } from './lines.js';
import { toRecord, type HeaderKeys } from './list-records.js';
import { locateArchive, locateArchiveByHeadings, locateLists, locateListsByHeadings, type ListRegion, type Place, type TextHeading } from './list-sections.js';
import { EXCLUDED_TITLE, foldTitle, LIST_SPECS, type ListId, type ListSpec } from './list-specs.js';
import { linksFromContent } from './content-links.js';
import { ObjectIndex } from './object-index.js';
import { marksFromContent } from './content-marks.js';
import { runsFromContent } from './content-text.js';
import { readPageMarks, recommendationOf, type Mark } from './marks.js';
import { pageHeight, readPageLinks, readPageRuns, type LinkBox, type TextRun } from './pdf-document.js';
import type { PDFDocumentProxy } from './pdfjs.js';
import { isHeaderLine, isListTable, readTableHeader, type TableHeader } from './table-header.js';
import { isFragment, joinFragments, productRecord } from './product-records.js';
import { buildListRows, type ListRow } from './table-rows.js';

/** A section with no end in the outline (the last entry) is not read further than this. */
const MAX_OPEN_PAGES = 40;

/** Pages are read once per parse, whichever lists (and the edition date) share them. */
export class Pages {
  private readonly runs = new Map<number, Promise<TextRun[]>>();
  private readonly links = new Map<number, Promise<LinkBox[]>>();
  private readonly marks = new Map<number, Promise<Mark[]>>();
  private readonly pdf: Buffer | undefined;
  /** `pdf`: the document's bytes, for reading runs, links and marks from its objects (through pdfjs otherwise). */
  constructor(
    readonly doc: PDFDocumentProxy,
    pdf?: Uint8Array,
  ) {
    this.pdf = pdf ? Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength) : undefined;
  }
  private once<T>(cache: Map<number, Promise<T>>, page: number, read: () => Promise<T>): Promise<T> {
    let p = cache.get(page);
    if (!p) cache.set(page, (p = read()));
    return p;
  }
  /** Text runs read from the page's content stream when plain (content-text.ts), else through pdfjs. */
  runsOf = (p: number): Promise<TextRun[]> =>
    this.once(this.runs, p, async () => {
      const index = this.objects();
      const ref = index ? (await this.doc.getPage(p + 1)).ref : null;
      return (ref && index && runsFromContent(index, ref)) || readPageRuns(this.doc, p);
    });
  private index: ObjectIndex | undefined | null = null;
  /** Where the document's objects start, built on first use; undefined without the bytes or when too big. */
  private objects(): ObjectIndex | undefined {
    if (this.index === null) this.index = this.pdf ? ObjectIndex.of(this.pdf) : undefined;
    return this.index;
  }
  /** Links read from the page's objects when plain (content-links.ts), else through pdfjs. */
  linksOf = (p: number): Promise<LinkBox[]> =>
    this.once(this.links, p, async () => {
      const index = this.objects();
      const ref = index ? (await this.doc.getPage(p + 1)).ref : null;
      return (ref && index && linksFromContent(index, ref)) || readPageLinks(this.doc, p);
    });
  /** Marks read from the page's content stream when plain (content-marks.ts), else from pdfjs's operator list. */
  marksOf = (p: number): Promise<Mark[]> =>
    this.once(this.marks, p, async () => {
      const index = this.objects();
      const ref = index ? (await this.doc.getPage(p + 1)).ref : null;
      return (ref && index && marksFromContent(index, ref, recommendationOf)) || readPageMarks(this.doc, p);
    });
}

/** Numbered headings of every page: only for a document without a usable outline. */
async function textHeadings(pages: Pages): Promise<TextHeading[]> {
  const out: TextHeading[] = [];
  for (let p = 0; p < pages.doc.numPages; p++) {
    const runs = await pages.runsOf(p);
    const size = dominantSize(runs);
    for (const line of groupLines(runs)) {
      const h = asHeading(line, size);
      if (h) out.push({ number: h.number, title: h.title, depth: h.depth, page: p, top: h.y + h.size });
    }
  }
  return out;
}

const inRange = (r: TextRun, page: number, from: Place, to: Place | undefined): boolean =>
  !(page === from.page && from.top !== undefined && r.y > from.top + 1) && !(to && page === to.page && to.top !== undefined && r.y <= to.top);

const PAGE_FOOTER = /^page \d+ (sur|of|\/) \d+$/i;

/** A row read but not yet turned into a record: at a page's end, it may go on at the top of the next page. */
interface Pending {
  row: ListRow;
  keys: HeaderKeys;
  category: string | undefined;
  page: number;
}

/** A category sub-heading of 2.2 ("Chiffreurs"): unnumbered in some editions, so told by its size alone. */
const isCategoryLine = (line: Line, bodySize: number): boolean =>
  line.size >= 1.6 * bodySize && !/^aucun\b/i.test(line.text) && !isHeaderLine(line);

/**
 * Reads one list's rows from its region: its tables, header by header, page by page. `archive`: the region is the
 * annex of archived lists, whose sub-headings all say "archived" (none is cut out) and which may hold no table of
 * the kind (none is an answer, not an error).
 */
async function readList(pages: Pages, spec: ListSpec, region: ListRegion, present: boolean, archive = false): Promise<Offer[] | undefined> {
  const records: Offer[] = [];
  const product = spec.kind === 'product';
  const emit = (p: Pending): void => {
    records.push(product ? productRecord(p.row, spec, p.category) : toRecord(p.row, spec, p.keys));
  };
  let tablesSeen = 0;
  let headersSeen = 0;
  let open: Pending | undefined;
  for (const { from, to } of region.ranges) {
    let header: TableHeader | undefined;
    let excludedAt: number | undefined;
    let ownHeading = false;
    let ended = false;
    let category: string | undefined;
    // The size of the table text read so far: a page holding only a fragment of a row is mostly header text.
    let textSize = 0;
    // Without an end in the outline, the next heading of the list's depth ends it, and so does this cap.
    // The annex, last in the document, runs to its end: cut short, it would call archived certificates gone.
    const last = to ? to.page : archive ? pages.doc.numPages - 1 : Math.min(pages.doc.numPages - 1, from.page + MAX_OPEN_PAGES);
    for (let p = from.page; p <= last && !ended; p++) {
      if (to && p === to.page && p !== from.page && (to.top === undefined || to.top >= 0.9 * (await pageHeight(pages.doc, p)))) break;
      const all = await pages.runsOf(p);
      const bodySize = Math.max(dominantSize(all), textSize);
      const lines = groupLines(all.filter((r) => inRange(r, p, from, to)));
      const tables: Array<{ runs: TextRun[]; header: TableHeader; category: string | undefined; afterHeading: boolean }> = [];
      let segment: TextRun[] = [];
      let headingSeen = false;
      const flush = (): void => {
        if (header && excludedAt === undefined && isListTable(header, spec) && segment.length > 0) tables.push({ runs: segment, header, category, afterHeading: headingSeen });
        segment = [];
      };
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        const h = asHeading(line, bodySize);
        if (h || (spec.categories && isCategoryLine(line, bodySize))) {
          flush();
          header = undefined;
          headingSeen = true;
        }
        if (!h && spec.categories && isCategoryLine(line, bodySize)) {
          category = foldSpaces(line.text);
          continue;
        }
        if (h) {
          if (!ownHeading && spec.title.test(foldTitle(h.title))) {
            ownHeading = true;
            continue;
          }
          if (!to && region.depth !== undefined && h.depth <= region.depth) {
            ended = true;
            break;
          }
          if (spec.categories && region.depth !== undefined && h.depth > region.depth) category = h.title;
          if (excludedAt !== undefined && h.depth <= excludedAt) excludedAt = undefined;
          if (!archive && excludedAt === undefined && EXCLUDED_TITLE.test(foldTitle(h.title))) excludedAt = h.depth;
          continue;
        }
        if (isHeaderLine(line)) {
          headersSeen++;
          const read = readTableHeader(lines, i, spec);
          if (read) {
            flush();
            header = read;
            if (excludedAt === undefined && isListTable(read, spec)) tablesSeen++;
            i = read.next - 1;
            continue;
          }
        }
        // The page footer ("Page 6 sur 68") would make a row of its own where any cell anchors a row.
        if (!PAGE_FOOTER.test(line.text)) segment.push(...line.runs);
      }
      flush();
      if (tables.length === 0) continue;
      const links = await pages.linksOf(p);
      // Drawing operators cost as much as the text: read only where a recommendation column is printed.
      const needMarks = tables.some((t) => t.header.columns.some((c) => c.key === 'recommendation'));
      const marks = needMarks ? await pages.marksOf(p) : [];
      tables.forEach((t, ti) => {
        const keys = t.header.columns.map((c) => c.key);
        const rows = buildListRows(t.runs, t.header, links, marks, p, spec.anchor);
        textSize = Math.max(textSize, dominantSize(t.runs));
        rows.forEach((row, ri) => {
          // A row split across pages: the last row of the page before and the first of this one, one of them incomplete.
          const goesOn = open && ri === 0 && ti === 0 && !t.afterHeading && open.page === p - 1;
          if (goesOn && open && (row.lead || (product && (isFragment(open.row, spec) || isFragment(row, spec))))) {
            open = { ...open, row: joinFragments(open.row, row), page: p };
            return;
          }
          // Cells above a page's first decision with no row before them to end: not this list's rows (as before).
          if (row.lead) return;
          if (open) emit(open);
          open = { row, keys, category: t.category, page: p };
        });
      });
    }
  }
  if (open) emit(open);
  // "Every list the document prints": a heading over no table at all (a chapter announced, nothing listed) is not one.
  if (present && headersSeen === 0) return undefined;
  if (archive) return records;
  if (tablesSeen === 0) throw new CatalogueFormatError(`no ${spec.id} table in its section: the layout changed`);
  if (records.length === 0) throw new CatalogueFormatError(`the ${spec.id} table has no rows`);
  return records;
}

/**
 * Reads the given lists of an opened catalogue. Sections come from the outline (or, without one, from the
 * numbered headings of the text). A list the document does not have is a CatalogueFormatError, unless
 * `present` is set: then it is left out (a document without any of them is still an error). A list whose
 * section is found but whose table cannot be read completely is an error either way.
 */
export async function readLists(doc: PDFDocumentProxy, ids: readonly ListId[], present = false, pdf?: Uint8Array): Promise<Map<ListId, Offer[]>> {
  return (await readListsAndArchive(doc, ids, present, pdf, false)).lists;
}

/**
 * `readLists`, and with `archive` the certificate ids of the annex of archived lists (`readArchive`), the pages
 * read once for both (and for whatever else the caller reads from `pages`). `archived` is undefined when the document
 * prints no annex, or when the annex cannot be read (then no removal is called "archived"; the lists, which the
 * tracker alerts on, are not held back by an annex).
 */
export async function readListsAndArchive(
  doc: PDFDocumentProxy,
  ids: readonly ListId[],
  present: boolean,
  pdf: Uint8Array | undefined,
  archive: boolean,
  pages: Pages = new Pages(doc, pdf),
): Promise<{ lists: Map<ListId, Offer[]>; archived?: string[] }> {
  const lists = await readListsOn(pages, ids, present);
  if (!archive) return { lists };
  let archived: string[] | undefined;
  try {
    archived = await readArchive(pages);
  } catch (err) {
    if (!(err instanceof CatalogueFormatError)) throw err;
  }
  return { lists, ...(archived ? { archived } : {}) };
}

async function readListsOn(pages: Pages, ids: readonly ListId[], present: boolean): Promise<Map<ListId, Offer[]>> {
  const doc = pages.doc;
  const specs = ids.map((id) => LIST_SPECS[id]);
  let regions = await locateLists(doc, specs);
  if (regions.size < specs.length) {
    const byText = await locateListsByHeadings(doc, await textHeadings(pages), specs.filter((s) => !regions.has(s.id)));
    regions = new Map([...regions, ...byText]);
  }
  const out = new Map<ListId, Offer[]>();
  if (regions.size === 0) throw new CatalogueFormatError('none of the catalogue\'s lists in this PDF: not the ANSSI catalogue');
  for (const spec of specs) {
    const region = regions.get(spec.id);
    if (!region && present) continue;
    if (!region) throw new CatalogueFormatError(`no "${spec.id}" section in this PDF: not the ANSSI catalogue, or the list was dropped`);
    const records = await readList(pages, spec, region, present);
    if (records) out.set(spec.id, records);
  }
  return out;
}

/**
 * Certified products' tables, wherever they are in the annex (Common Criteria, CSPN, profiles and sites share the
 * developer, product, dates and certificate columns): read with the Common Criteria columns, for their ids.
 */
const ARCHIVED_SPEC: ListSpec = { ...LIST_SPECS.cc, title: /archiv/ };

/**
 * The certificate ids printed in the document's annex of archived lists (decision 0025), in printed order without
 * repeats; undefined when the document has no such annex. Its rows are never offers. Service tables of the annex
 * (archived PASSI or SecNumCloud rows) print no certificate and are passed over.
 */
async function readArchive(p: Pages): Promise<string[] | undefined> {
  const doc = p.doc;
  let region = await locateArchive(doc);
  if (!region && !(await hasOutline(doc))) region = await locateArchiveByHeadings(doc, await textHeadings(p));
  if (!region) return undefined;
  const records = (await readList(p, ARCHIVED_SPEC, region, false, true)) ?? [];
  return [...new Set(records.map((r) => r.certificate).filter((c): c is string => c !== undefined && c !== ''))];
}

async function hasOutline(doc: PDFDocumentProxy): Promise<boolean> {
  try {
    return ((await doc.getOutline()) ?? []).length > 0;
  } catch {
    return false;
  }
}
