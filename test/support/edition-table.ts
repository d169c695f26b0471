/**
 * Draws a catalogue table the way OpenOffice prints them: a dark header band with 4 pt white titles
 * centred in their columns, zebra rows, every cell vertically centred in its row (so a provider sits
 * on the middle of a wrapped service name), decision numbers underlined with a URI link over them,
 * a drawn check mark (not text) for the recommendation level, and the header repeated on each page.
 */
import { rgb, type PDFPage } from 'pdf-lib';
import { addUriLink, type Rect } from './edition-pdf.js';
import { BLACK, Flow } from './edition-layout.js';
import type { Footnote } from './edition-types.js';

export interface Column {
  /** Header lines, printed centred in the column. */
  header: string[];
  width: number;
  /** Left columns wrap their text; centred columns never wrap (X, dates, numbers). */
  align: 'left' | 'center';
}

export interface Cell {
  text?: string;
  /** A URI link over the text (decision numbers; broken `file:///` links in other sections). */
  link?: string;
  /** Add a second, slightly offset annotation with the same URI (seen in real editions). */
  duplicateLink?: boolean;
  note?: Footnote;
  check?: 'green' | 'orange';
}

export interface TableSpec {
  columns: Column[];
  rows: Cell[][];
  /** Left edge of the table. */
  x0: number;
  /** Baseline-to-baseline distance inside a wrapped cell (real: 8.3). */
  lineHeight: number;
  /** Space above and below the tallest cell of a row. */
  padY: number;
}

const ROW_SIZE = 6;
const HEADER_SIZE = 4;
const HEADER_LINE = 5.6;
const PAD_X = 2.8;
const LINK_BLUE = rgb(0.1, 0.1, 0.55);
const ZEBRA = rgb(0.93, 0.93, 0.93);
const CHECK = { green: rgb(0.55, 0.8, 0.2), orange: rgb(0.98, 0.7, 0.1) } as const;

/** Baseline of line `i` of `n` lines of `size` pt text vertically centred on `cy`. */
const baselineOf = (cy: number, size: number, n: number, i: number, lh: number): number =>
  cy - size * 0.35 + ((n - 1) / 2 - i) * lh;

/** Draws the table in the flow; returns the pages it was drawn on. */
export function drawTable(flow: Flow, spec: TableSpec): PDFPage[] {
  const { fonts } = flow;
  const xs = spec.columns.reduce<number[]>((acc, c, i) => [...acc, (acc[i] ?? spec.x0) + c.width], [spec.x0]);
  const right = xs[xs.length - 1]!;
  const headerH = Math.max(...spec.columns.map((c) => c.header.length)) * HEADER_LINE + 6;
  const pages: PDFPage[] = [];
  let links: [PDFPage, Rect, string][] = [];
  const flushLinks = (): void => {
    for (const [page, rect, uri] of links.reverse()) addUriLink(page, rect, uri); // bottom-up, like OpenOffice
    links = [];
  };

  const drawHeader = (): void => {
    const page = flow.page;
    const top = flow.y;
    page.drawRectangle({ x: spec.x0, y: top - headerH, width: right - spec.x0, height: headerH, color: rgb(0.2, 0.22, 0.35) });
    spec.columns.forEach((c, ci) => {
      c.header.forEach((line, i) => {
        const w = fonts.regular.widthOfTextAtSize(line, HEADER_SIZE);
        const x = xs[ci]! + (c.width - w) / 2;
        flow.text(line, x, baselineOf(top - headerH / 2, HEADER_SIZE, c.header.length, i, HEADER_LINE), HEADER_SIZE, fonts.regular, rgb(1, 1, 1));
      });
    });
    flow.y = top - headerH;
    pages.push(page);
  };

  const wrapped = spec.rows.map((row) =>
    row.map((cell, ci) => {
      const col = spec.columns[ci]!;
      const text = cell.text ?? '';
      if (text === '') return [];
      const room = col.width - 2 * PAD_X - (cell.note ? 5 : 0);
      return col.align === 'left' ? Flow.wrap(text, fonts.regular, ROW_SIZE, room) : [text];
    }),
  );

  flow.ensure(headerH + spec.lineHeight + 2 * spec.padY + 4);
  drawHeader();
  spec.rows.forEach((row, ri) => {
    const cellLines = wrapped[ri]!;
    const n = Math.max(1, ...cellLines.map((l) => l.length));
    const h = (n - 1) * spec.lineHeight + ROW_SIZE + 2 * spec.padY;
    const notes = row.filter((c) => c.note).length;
    if (flow.ensure(h, notes)) {
      flushLinks();
      drawHeader();
    }
    const page = flow.page;
    const top = flow.y;
    const cy = top - h / 2;
    if (ri % 2 === 1) page.drawRectangle({ x: spec.x0, y: top - h, width: right - spec.x0, height: h, color: ZEBRA });
    row.forEach((cell, ci) => {
      const col = spec.columns[ci]!;
      const lines = cellLines[ci]!;
      const color = cell.link ? LINK_BLUE : BLACK;
      lines.forEach((line, i) => {
        const w = fonts.regular.widthOfTextAtSize(line, ROW_SIZE);
        const x = col.align === 'left' ? xs[ci]! + PAD_X : xs[ci]! + (col.width - w) / 2;
        const y = baselineOf(cy, ROW_SIZE, lines.length, i, spec.lineHeight);
        flow.text(line, x, y, ROW_SIZE, fonts.regular, color);
        if (cell.note && i === lines.length - 1) flow.marker(cell.note, x + w, y, ROW_SIZE);
        if (cell.link) {
          page.drawLine({ start: { x, y: y - 0.8 }, end: { x: x + w, y: y - 0.8 }, thickness: 0.3, color });
          links.push([page, [x - 0.8, y - 1.6, x + w + 0.7, y + 6.8], cell.link]);
          if (cell.duplicateLink) links.push([page, [x - 0.5, y - 1.4, x + w + 0.4, y + 6.6], cell.link]);
        }
      });
      if (cell.check) {
        const cx = xs[ci]! + col.width / 2;
        page.drawSvgPath('M 0 0 L 3 3 L 9 -5', { x: cx - 4.5, y: cy + 0.5, borderColor: CHECK[cell.check], borderWidth: 1.2 });
      }
    });
    flow.y = top - h;
  });
  flushLinks();
  flow.y -= 10;
  return [...new Set(pages)];
}
