import { CatalogueFormatError } from './errors.js';
import { dominantSize, foldSpaces, groupLines, type Line } from './lines.js';
import type { ColumnKey } from './list-specs.js';
import type { Mark } from './marks.js';
import type { LinkBox, TextRun } from './pdf-document.js';
import { columnBounds, type TableHeader } from './table-header.js';

/** One printed line of a cell, with its width (for telling a mid-word wrap from a word wrap). */
export interface CellLine {
  text: string;
  width: number;
}

/** A table row as printed: the lines of each cell, the links over them, the mark in it. */
export interface ListRow {
  page: number;
  /** Middle baseline of the row (its cells are vertically centred on it). */
  y: number;
  cells: Map<ColumnKey, CellLine[]>;
  /** Width of each column's cells, rule to rule (estimated from the boundaries between columns). */
  widths: Map<ColumnKey, number>;
  /** URIs of the links over each cell, first annotation first. */
  links: Map<ColumnKey, string[]>;
  mark?: Mark['recommendation'];
  /**
   * Service tables: the cells printed above the page's first decision, which belong to no row of this page: the
   * tail of the last row of the page before, cut by the page break ("Datasure CA - eIDAS" + "Qualified Identity+").
   */
  lead?: true;
}

const FOOTNOTE = /^[\d*†‡¹²³⁴-⁹⁰]+$/;
/** Horizontal padding of a cell, each side (OpenOffice's default: 0.1 cm). */
const PAD = 2.8;

interface Cell {
  key: ColumnKey;
  lines: Line[];
  centre: number;
}

/** Consecutive lines of one column, one leading apart at most, form a cell. */
function columnCells(key: ColumnKey, lines: readonly Line[], gap: number): Cell[] {
  const out: Cell[] = [];
  for (const l of lines) {
    const last = out[out.length - 1];
    if (last && last.lines[last.lines.length - 1]!.y - l.y <= gap) last.lines.push(l);
    else out.push({ key, lines: [l], centre: 0 });
  }
  for (const c of out) c.centre = (c.lines[0]!.y + c.lines[c.lines.length - 1]!.y) / 2;
  return out;
}

/**
 * Rebuilds the rows of one table segment (one page's part of one table). Every cell is vertically centred
 * in its row, so a row is the set of cells whose middle baselines agree; rows are anchored on the decision
 * column, which every row fills. Runs go to the column between whose boundaries they stand; a run that
 * crosses a boundary (a footnote, a paragraph) is not table text. A cell that sits between two rows,
 * matching neither, means the layout is not what we read: an error, never a silently shorter name.
 */
export function buildListRows(
  runs: readonly TextRun[],
  header: TableHeader,
  links: readonly LinkBox[],
  marks: readonly Mark[],
  page: number,
  anchor: 'decision' | 'any' = 'decision',
): ListRow[] {
  if (runs.length === 0) return [];
  const rowSize = dominantSize(runs);
  const body = runs.filter((r) => Math.abs(r.size - rowSize) <= 0.2 * rowSize && !(r.size < 0.8 * rowSize && FOOTNOTE.test(r.str.trim())));
  const bounds = columnBounds(header, body);
  const columnOf = (r: TextRun): number | undefined => {
    const mid = r.x + r.width / 2;
    let i = bounds.findIndex((b) => mid < b);
    if (i < 0) i = bounds.length;
    const from = i === 0 ? -Infinity : bounds[i - 1]!;
    const to = i === bounds.length ? Infinity : bounds[i]!;
    return r.x >= from - 0.5 && r.x + r.width <= to + 0.5 ? i : undefined;
  };
  const perColumn = header.columns.map((): TextRun[] => []);
  // Where any cell anchors a row, a footnote below the table ("1  La mention « DR » …") would be a row of its
  // own through its number: a line holding a run wider than a third of the table is a paragraph, not cells.
  const tableWidth = header.columns[header.columns.length - 1]!.right - header.columns[0]!.left;
  const paragraphs = anchor === 'any' ? body.filter((r) => columnOf(r) === undefined && r.width > tableWidth / 3).map((r) => r.y) : [];
  for (const r of body) {
    const i = columnOf(r);
    if (i !== undefined && !paragraphs.some((y) => Math.abs(y - r.y) <= 0.35 * r.size)) perColumn[i]!.push(r);
  }
  const gap = 1.6 * rowSize;
  const cells: Cell[] = [];
  const widths = new Map<ColumnKey, number>();
  header.columns.forEach((c, i) => {
    if (!c.key) return;
    const lines = groupLines(perColumn[i]!);
    cells.push(...columnCells(c.key, lines, gap));
    // The outer columns have one boundary: the other side is their text's extent plus the usual padding.
    const from = i === 0 ? Math.min(c.left, ...perColumn[i]!.map((r) => r.x)) - PAD : bounds[i - 1]!;
    const to = i === bounds.length ? Math.max(c.right, ...perColumn[i]!.map((r) => r.x + r.width)) + PAD : bounds[i]!;
    widths.set(c.key, to - from);
  });
  const { anchors, rowOf } = anchor === 'any' ? bandRows(cells, rowSize) : decisionRows(cells, 0.5 * rowSize);
  if (anchors.length === 0) return [];
  const rows: ListRow[] = anchors.map((y) => ({ page, y, cells: new Map(), widths, links: new Map() }));
  let lead: ListRow | undefined;
  for (const cell of cells) {
    const k = rowOf(cell);
    if (k === undefined && anchor === 'decision' && cell.centre > anchors[0]!) {
      // Above the first decision: the end of a row begun on the page before, for the reader to join (or drop).
      lead ??= { page, y: cell.centre, cells: new Map(), widths, links: new Map(), lead: true };
    } else if (k === undefined) {
      if (cell.centre > anchors[0]! || cell.centre < anchors[anchors.length - 1]!) continue; // above or below the table
      const text = cell.lines.map((l) => l.text).join(' ');
      throw new CatalogueFormatError(`page ${page + 1}: "${text}" belongs to no row of the table`);
    }
    const row = k === undefined ? lead! : rows[k]!;
    const lines = [...(row.cells.get(cell.key) ?? []), ...cell.lines.map((l) => ({ text: l.text, width: lineWidth(l) }))];
    row.cells.set(cell.key, lines);
    const uris = cell.lines.flatMap((l) => l.runs.flatMap((r) => linksOver(links, r)));
    if (uris.length > 0) row.links.set(cell.key, [...new Set([...(row.links.get(cell.key) ?? []), ...uris])]);
  }
  attachMarks(rows, header, bounds, marks, rowSize);
  return lead ? [lead, ...rows] : rows;
}

interface RowGrouping {
  /** Middle baselines of the rows, top to bottom. */
  anchors: number[];
  /** The row a cell belongs to, or undefined when it matches none. */
  rowOf: (cell: Cell) => number | undefined;
}

/** Service tables: a row is where a decision cell is centred; every other cell must be centred there too. */
function decisionRows(cells: readonly Cell[], tolerance: number): RowGrouping {
  const anchors = cells.filter((c) => c.key === 'decision').map((c) => c.centre).sort((a, b) => b - a);
  const rowOf = (cell: Cell): number | undefined => {
    let k = 0;
    for (let i = 1; i < anchors.length; i++) if (Math.abs(anchors[i]! - cell.centre) < Math.abs(anchors[k]! - cell.centre)) k = i;
    return anchors.length > 0 && Math.abs(anchors[k]! - cell.centre) <= tolerance ? k : undefined;
  };
  return { anchors, rowOf };
}

/**
 * Product tables: a row is a band of cells whose heights overlap. Any cell anchors it, since the fragment of
 * a row split across pages may hold any column, or only one; and where the row is cut, OpenOffice prints
 * the first part of each cell from the top of the row rather than centred, so middles would not agree.
 * Rows never overlap: cells are padded, so two rows are always more than a line apart.
 */
function bandRows(cells: readonly Cell[], rowSize: number): RowGrouping {
  const pad = 0.3 * rowSize;
  const top = (c: Cell): number => c.lines[0]!.y + pad;
  const bottom = (c: Cell): number => c.lines[c.lines.length - 1]!.y - pad;
  const sorted = [...cells].sort((a, b) => top(b) - top(a));
  const bands: Array<{ hi: number; lo: number }> = [];
  const index = new Map<Cell, number>();
  for (const c of sorted) {
    const last = bands[bands.length - 1];
    if (last && top(c) >= last.lo) last.lo = Math.min(last.lo, bottom(c));
    else bands.push({ hi: top(c), lo: bottom(c) });
    index.set(c, bands.length - 1);
  }
  return { anchors: bands.map((b) => (b.hi + b.lo) / 2), rowOf: (c) => index.get(c) };
}

const lineWidth = (l: Line): number => {
  const first = l.runs[0]!;
  const last = l.runs[l.runs.length - 1]!;
  return last.x + last.width - first.x;
};

function linksOver(links: readonly LinkBox[], r: TextRun): string[] {
  const x = r.x + r.width / 2;
  const y = r.y + r.size / 3;
  const pad = 2;
  return links.filter((l) => x >= l.x0 - pad && x <= l.x1 + pad && y >= l.y0 - pad && y <= l.y1 + pad).map((l) => l.url);
}

/** The mark drawn in a row's recommendation cell (its centre is the row's middle, a third of a line above the baseline). */
function attachMarks(rows: ListRow[], header: TableHeader, bounds: readonly number[], marks: readonly Mark[], rowSize: number): void {
  const i = header.columns.findIndex((c) => c.key === 'recommendation');
  if (i < 0) return;
  const from = i === 0 ? -Infinity : bounds[i - 1]!;
  const to = i === bounds.length ? Infinity : bounds[i]!;
  for (const m of marks) {
    if (m.x < from || m.x > to) continue;
    let best: ListRow | undefined;
    for (const row of rows) if (!best || Math.abs(row.y - m.y) < Math.abs(best.y - m.y)) best = row;
    if (best && Math.abs(best.y + 0.35 * rowSize - m.y) <= 1.5 * rowSize && !best.mark) best.mark = m.recommendation;
  }
}

const COMPANY_FORM = /^(INC|SA|SAS|AG|AB|BV|NV|CO|LTD|LLC|PLC|SPA|OY|KG)\b/;

/** A cell's text: lines joined by a space, or glued where a word was cut at the cell's edge. */
export function cellText(lines: readonly CellLine[] | undefined, width: number, glue: 'words' | 'tight'): string {
  if (!lines || lines.length === 0) return '';
  let text = foldSpaces(lines[0]!.text);
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!;
    const next = foldSpaces(lines[i]!.text);
    // OpenOffice cuts a word only when it alone fills the line: a single word within two characters of the
    // cell's inner width, the rest of the word going on in lower case ("PricewaterhouseCoop" + "ers", "Conta" +
    // "ct"). "Sans" + "objet" (short) and "PricewaterhouseCoopers" + "Advisory" (a capital) are two words.
    const char = prev.width / Math.max(1, prev.text.length);
    const single = !/\s/.test(foldSpaces(prev.text)) && /\p{L}$/u.test(prev.text.trim());
    // A name in capitals is cut the same way, its tail in capitals too ("GATEWATCHE" + "R", "INTERNATIO" + "NAL"),
    // unless the tail is a company form ("TECHNOLOGIES" + "INC").
    const capsTail = /^[\p{Lu}\d]+$/u.test(prev.text.trim()) && /^\p{Lu}{1,3}(\s|$)/u.test(next) && !COMPANY_FORM.test(next);
    const tail = /^\p{Ll}/u.test(next) || capsTail;
    const cut = glue === 'tight' || (single && tail && prev.width + 2 * char >= width - 2 * PAD);
    text += cut ? next : ` ${next}`;
  }
  return foldSpaces(text);
}
