import type { Line } from './lines.js';
import { foldLabel, type ColumnKey, type ListSpec } from './list-specs.js';
import type { TextRun } from './pdf-document.js';

/** One column of a table: what it holds and the horizontal extent of its header text. */
export interface HeaderColumn {
  key: ColumnKey | undefined;
  /** The header cell's text, folded (foldLabel). */
  label: string;
  left: number;
  right: number;
}

export interface TableHeader {
  columns: HeaderColumn[];
  /** Lowest baseline of the header block: rows are below it. */
  bottom: number;
  /** Index of the first line after the header block. */
  next: number;
}

const DATE_LIKE = /\d{1,2}\/\d{1,2}\/\d{2,4}/;

/** A header line names the provider column ("Nom du fournisseur de service", "Nom du développeur du produit"). */
export const isHeaderLine = (line: Line): boolean => /fournisseur|developpeur/.test(foldLabel(line.text));

/**
 * Header cells: the header block's runs grouped by horizontal overlap. Text never crosses a column rule
 * and every cell has padding, so the runs of one cell overlap each other and no run of the next cell.
 */
function cells(runs: readonly TextRun[]): Array<{ left: number; right: number; runs: TextRun[] }> {
  const sorted = [...runs].sort((a, b) => a.x - b.x);
  const out: Array<{ left: number; right: number; runs: TextRun[] }> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.x < last.right - 0.2) {
      last.runs.push(r);
      last.right = Math.max(last.right, r.x + r.width);
    } else out.push({ left: r.x, right: r.x + r.width, runs: [r] });
  }
  return out;
}

/**
 * Reads the header block around line `at` (which names the provider column): the neighbouring lines in the
 * same font size, without dates, one or two leadings apart. Each header cell gets the key of the first
 * column of `spec` whose label matches its text, so columns come from labels, never from positions.
 */
export function readTableHeader(lines: readonly Line[], at: number, spec: ListSpec): TableHeader | undefined {
  const anchor = lines[at]!;
  // Footnote calls ("nationale¹⁴") are printed smaller, on a baseline of their own: skipped, not an end.
  const tiny = (l: Line): boolean => l.size < 0.8 * anchor.size;
  const fits = (l: Line, neighbour: Line): boolean =>
    Math.abs(neighbour.y - l.y) <= 2.6 * anchor.size &&
    Math.abs(l.size - anchor.size) <= 0.2 * anchor.size &&
    !l.runs.some((r) => DATE_LIKE.test(r.str));
  const step = (from: number, dir: 1 | -1): number => {
    let edge = from;
    for (let k = from + dir; k >= 0 && k < lines.length; k += dir) {
      if (tiny(lines[k]!)) continue;
      if (!fits(lines[k]!, lines[edge]!)) break;
      edge = k;
    }
    return edge;
  };
  const first = step(at, -1);
  const last = step(at, 1);
  const block = lines.slice(first, last + 1).filter((l) => !tiny(l));
  const columns = cells(block.flatMap((l) => l.runs)).map((c): HeaderColumn => {
    const text = [...c.runs].sort((p, q) => q.y - p.y || p.x - q.x).map((r) => r.str).join('');
    const label = foldLabel(text);
    return { key: spec.columns.find((s) => s.label.test(label))?.key, label, left: c.left, right: c.right };
  });
  // Two cells with one key (a label split by a wide gap) would make a row ambiguous: keep the first.
  const seen = new Set<ColumnKey>();
  for (const c of columns) {
    if (c.key && seen.has(c.key)) c.key = undefined;
    else if (c.key) seen.add(c.key);
  }
  return { columns, bottom: Math.min(...block.map((l) => l.y)), next: last + 1 };
}

/**
 * A table is one of the list's when its header has the provider, both dates and the decision, and what the
 * list's rows need besides: the service name, the four cloud types. A look-alike of another list is skipped.
 */
export function isListTable(h: TableHeader, spec: ListSpec): boolean {
  const keys = new Set(h.columns.map((c) => c.key));
  if (spec.required) return spec.required.every((k) => keys.has(k));
  const needed = spec.columns.filter((c) => c.key === 'service' ? spec.service : c.key.startsWith('type:')).map((c) => c.key);
  return (['provider', 'start', 'end', 'decision', ...needed] as const).every((k) => keys.has(k));
}

/**
 * Column boundaries for the body runs: between two header cells, the middle of the widest band that the
 * fewest body runs cross (cells are padded, so there is an empty band at each rule even where a
 * left-aligned body starts left of its centred header).
 */
export function columnBounds(h: TableHeader, body: readonly TextRun[]): number[] {
  const bounds: number[] = [];
  for (let i = 0; i + 1 < h.columns.length; i++) {
    const lo = h.columns[i]!.right;
    const hi = h.columns[i + 1]!.left;
    const inside = body.filter((r) => r.x < hi && r.x + r.width > lo);
    const edges = [...new Set([lo, hi, ...inside.flatMap((r) => [r.x, r.x + r.width])])].filter((x) => x >= lo && x <= hi).sort((a, b) => a - b);
    let best = { from: lo, to: hi, cover: Infinity };
    for (let k = 0; k + 1 < edges.length; k++) {
      const mid = (edges[k]! + edges[k + 1]!) / 2;
      const cover = inside.filter((r) => r.x < mid && r.x + r.width > mid).length;
      if (cover < best.cover || (cover === best.cover && edges[k + 1]! - edges[k]! > best.to - best.from)) best = { from: edges[k]!, to: edges[k + 1]!, cover };
    }
    bounds.push((best.from + best.to) / 2);
  }
  return bounds;
}
