import { frenchDateToIso, sortTypes, SERVICE_TYPES, type ServiceType } from '../../core/offer.js';
import { CatalogueFormatError } from './errors.js';
import { tokenCenter, tokens, type TableGeometry, type Token } from './header.js';
import { dominantSize, foldSpaces, groupLines, joinRuns } from './lines.js';
import type { LinkBox, TextRun } from './pdf-document.js';
import { splitColumns } from './columns.js';
import { assignToAnchors } from './anchors.js';

/** A table row as printed, before validation. */
export interface RawRow {
  page: number;
  provider: string;
  service: string;
  types: ServiceType[];
  dates: { start?: string; end?: string };
  decision?: string;
  decisionUrl?: string;
}

const MARK = /^[xX✓✔●]$/;
const DATE = /^\d{1,2}\/\d{1,2}\/\d{4}$/;
const NUMBER = /^\d{1,6}$/;
const FOOTNOTE = /^[\d*†‡¹²³⁴-⁹⁰]+$/;

type Column = ServiceType | 'start' | 'end' | 'decision' | 'level';

function nearestColumn(g: TableGeometry, x: number): Column {
  const cols: Array<[Column, number | undefined]> = [
    ...SERVICE_TYPES.map((t): [Column, number] => [t, g.types[t]]),
    ['start', g.start],
    ['end', g.end],
    ['decision', g.decision],
    ['level', g.level],
  ];
  let best: Column = 'level';
  let bestDistance = Infinity;
  for (const [col, cx] of cols) {
    if (cx !== undefined && Math.abs(cx - x) < bestDistance) [best, bestDistance] = [col, Math.abs(cx - x)];
  }
  return best;
}

/** Runs wholly made of data words (marks, dates, numbers) are data; a footer like "Page 62 sur 68" is not. */
function dataTokens(run: TextRun): Token[] | undefined {
  const words = tokens(run);
  return words.length > 0 && words.every((t) => MARK.test(t.text) || DATE.test(t.text) || NUMBER.test(t.text))
    ? words
    : undefined;
}

/**
 * Rebuilds the rows of one table segment (one page's part of one table).
 * A row is anchored on the line that carries its marks and dates; the wrapped provider and
 * service lines around it are attached to the nearest anchor across the widest vertical gap.
 */
export function buildRows(runs: readonly TextRun[], links: readonly LinkBox[], g: TableGeometry, page: number): RawRow[] {
  const rowSize = dominantSize(runs);
  // Footnote markers are printed smaller and raised; their numbers shift every month.
  const body = runs.filter((r) => !(r.size < 0.8 * rowSize && FOOTNOTE.test(r.str.trim())));
  const typeStep = g.types.PaaS - g.types.SaaS;
  const dataLeft = g.types.SaaS - typeStep / 2;
  const data: Token[] = [];
  const names: TextRun[] = [];
  for (const run of body) {
    if (run.x + run.width / 2 >= dataLeft) data.push(...(dataTokens(run) ?? []));
    else if (Math.abs(run.size - rowSize) <= 0.15 * rowSize) names.push(run);
  }
  const anchors = groupLines(
    data.filter((t) => !NUMBER.test(t.text)).map((t) => ({ str: t.text, x: t.x, y: t.y, width: t.width, size: t.size })),
  ).map((l) => l.y);
  if (anchors.length === 0) return [];
  const anchorOf = (y: number): number => {
    let best = 0;
    for (let i = 1; i < anchors.length; i++) if (Math.abs(anchors[i]! - y) < Math.abs(anchors[best]! - y)) best = i;
    return best;
  };
  const rows: RawRow[] = anchors.map(() => ({ page, provider: '', service: '', types: [], dates: {} }));
  const dates: Token[][] = anchors.map(() => []);
  for (const t of data) {
    const i = anchorOf(t.y);
    if (Math.abs(anchors[i]! - t.y) > 0.6 * t.size) continue;
    const row = rows[i]!;
    const col = nearestColumn(g, tokenCenter(t));
    if (MARK.test(t.text) && (SERVICE_TYPES as readonly string[]).includes(col)) row.types.push(col as ServiceType);
    else if (DATE.test(t.text)) dates[i]!.push(t);
    else if (NUMBER.test(t.text) && col === 'decision' && row.decision === undefined) {
      row.decision = t.text;
      const url = linkAt(links, tokenCenter(t), t.y + t.size / 3);
      if (url) row.decisionUrl = url;
    }
  }
  rows.forEach((row, i) => {
    row.types = sortTypes(row.types);
    row.dates = readDates(g, dates[i]!);
  });
  const { provider, service } = splitColumns(names, g);
  const maxGap = 1.9 * rowSize;
  const providers = assignToAnchors(groupLines(provider), anchors, maxGap);
  const services = assignToAnchors(groupLines(service), anchors, maxGap);
  rows.forEach((row, i) => {
    row.provider = foldSpaces(providers[i]!.map((l) => joinRuns(l.runs)).join(' '));
    row.service = foldSpaces(services[i]!.map((l) => joinRuns(l.runs)).join(' '));
  });
  return rows;
}

function readDates(g: TableGeometry, found: Token[]): RawRow['dates'] {
  const sorted = [...found].sort((a, b) => a.x - b.x);
  const out: RawRow['dates'] = {};
  for (const t of sorted) {
    const col = nearestColumn(g, tokenCenter(t));
    const iso = frenchDateToIso(t.text);
    if (!iso) throw new CatalogueFormatError(`invalid date "${t.text}" in the SecNumCloud table`);
    if (col === 'start' && out.start === undefined) out.start = iso;
    else if (col === 'end' && out.end === undefined) out.end = iso;
    else if (out.start === undefined) out.start = iso;
    else if (out.end === undefined) out.end = iso;
  }
  return out;
}

/** The URI of the link annotation over a point (ANSSI duplicates some annotations: the first wins). */
function linkAt(links: readonly LinkBox[], x: number, y: number): string | undefined {
  const pad = 2;
  return links.find((l) => x >= l.x0 - pad && x <= l.x1 + pad && y >= l.y0 - pad && y <= l.y1 + pad)?.url;
}
