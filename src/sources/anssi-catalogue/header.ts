import { SERVICE_TYPES, type ServiceType } from '../../core/offer.js';
import type { Line } from './lines.js';
import type { TextRun } from './pdf-document.js';

/** A word of a run, with its horizontal extent estimated from its place in the run. */
export interface Token {
  text: string;
  x: number;
  width: number;
  y: number;
  size: number;
}

/** Splits a run into words; positions are proportional to character offsets (good enough for column picking). */
export function tokens(run: TextRun): Token[] {
  const out: Token[] = [];
  const perChar = run.str.length > 0 ? run.width / run.str.length : 0;
  for (const m of run.str.matchAll(/\S+/g)) {
    out.push({ text: m[0], x: run.x + m.index * perChar, width: m[0].length * perChar, y: run.y, size: run.size });
  }
  return out;
}

export const tokenCenter = (t: Token): number => t.x + t.width / 2;

/** Column centres read from the table header; only the four type columns are required. */
export interface TableGeometry {
  types: Record<ServiceType, number>;
  start?: number;
  end?: number;
  decision?: number;
  level?: number;
  provider?: number;
  service?: number;
  /** Lowest baseline of the header block: rows are below it. */
  bottom: number;
  /** Header text, used to tell the qualified-services table from look-alikes. */
  text: string;
}

const HEADER_WORDS = /fournisseur|alphab|service|qualification|date|lien|d[ée]cision|niveau|recommandation|nom\b/i;
const DATA = /\d{1,2}\/\d{1,2}\/\d{4}|^[xX✓✔●]$/;

/** The four type labels of one line, when the line has all four as separate words. */
export function typeColumns(line: Line): Record<ServiceType, number> | undefined {
  const found = new Map<string, number>();
  for (const run of line.runs) {
    for (const t of tokens(run)) {
      const word = t.text.replace(/[^A-Za-z]/g, '').toLowerCase();
      if (!found.has(word)) found.set(word, tokenCenter(t));
    }
  }
  const centres = SERVICE_TYPES.map((type) => found.get(type.toLowerCase()));
  if (centres.some((c) => c === undefined)) return undefined;
  // A header prints them left to right; prose that mentions all four does not line them up.
  if (!centres.every((c, i) => i === 0 || c! > centres[i - 1]!)) return undefined;
  return Object.fromEntries(SERVICE_TYPES.map((type, i) => [type, centres[i]!])) as Record<ServiceType, number>;
}

/**
 * Reads the header block around the line that holds the type labels: the adjacent lines printed in the
 * same small size whose words are header words. Returns the geometry and the index of the first body line.
 */
export function readHeader(lines: readonly Line[], at: number): { geometry: TableGeometry; next: number } | undefined {
  const typeLine = lines[at]!;
  const types = typeColumns(typeLine);
  if (!types) return undefined;
  const isHeaderLine = (l: Line, neighbour: Line): boolean =>
    Math.abs(neighbour.y - l.y) <= 2.6 * typeLine.size &&
    Math.abs(l.size - typeLine.size) <= 0.25 * typeLine.size &&
    HEADER_WORDS.test(l.text) &&
    !l.runs.some((r) => DATA.test(r.str.trim()));
  let first = at;
  while (first > 0 && isHeaderLine(lines[first - 1]!, lines[first]!)) first--;
  let last = at;
  while (last + 1 < lines.length && isHeaderLine(lines[last + 1]!, lines[last]!)) last++;
  const block = lines.slice(first, last + 1);
  const runs = block.flatMap((l) => l.runs);
  const centreOf = (re: RegExp): number | undefined => {
    const run = runs.find((r) => re.test(r.str));
    return run ? run.x + run.width / 2 : undefined;
  };
  const geometry: TableGeometry = {
    types,
    bottom: Math.min(...block.map((l) => l.y)),
    text: block.map((l) => l.text).join(' '),
  };
  const columns: Array<[keyof TableGeometry, RegExp]> = [
    ['start', /d[ée]but/i],
    ['end', /\bfin\b/i],
    ['decision', /d[ée]cision|\blien\b/i],
    ['level', /niveau|recommandation/i],
    ['provider', /fournisseur/i],
    ['service', /nom du service|^\s*service/i],
  ];
  for (const [key, re] of columns) {
    const c = centreOf(re);
    if (c !== undefined) (geometry as unknown as Record<string, number>)[key] = c;
  }
  return { geometry, next: last + 1 };
}

/** A table lists qualified services when its header has both dates and the decision column. */
export function isQualifiedTable(g: TableGeometry): boolean {
  return g.start !== undefined && g.end !== undefined && g.decision !== undefined;
}
