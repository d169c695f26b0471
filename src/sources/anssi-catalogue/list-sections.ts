import type { PDFDocumentProxy } from './pdfjs.js';
import { EXCLUDED_TITLE, foldTitle, NOT_SERVICES_CHAPTER, type ListId, type ListSpec } from './list-specs.js';

/** A place in the document: a page and, when the outline says, the y of a heading's top on it. */
export interface Place {
  page: number;
  top?: number;
}

/** The parts of the document that belong to one list: its section minus excluded sub-sections. */
export interface ListRegion {
  id: ListId;
  /** Depth of the list's heading number ("3.1.2" → 3), when its title has one. */
  depth?: number;
  /** [from, to) ranges in document order; `to` undefined: to the end of the document. */
  ranges: Array<{ from: Place; to?: Place }>;
}

interface Item {
  title: string;
  folded: string;
  depth: number;
  dest: unknown;
  /** Known place (headings found in the text); otherwise resolved from `dest`. */
  place?: Place;
  /** Folded titles of its ancestors, outermost first. */
  ancestors: string[];
}

type OutlineNode = { title: string; dest: unknown; items?: OutlineNode[] };

function flatten(nodes: readonly OutlineNode[] | null | undefined, ancestors: string[] = [], out: Item[] = []): Item[] {
  for (const n of nodes ?? []) {
    const folded = foldTitle(n.title);
    out.push({ title: n.title, folded, depth: ancestors.length, dest: n.dest, ancestors });
    flatten(n.items, [...ancestors, folded], out);
  }
  return out;
}

async function resolve(doc: PDFDocumentProxy, dest: unknown): Promise<Place | undefined> {
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit.length === 0) return undefined;
    const target = explicit[0] as unknown;
    const page =
      typeof target === 'number' ? target : await doc.getPageIndex(target as Parameters<PDFDocumentProxy['getPageIndex']>[0]);
    const mode = (explicit[1] as { name?: string } | undefined)?.name;
    const top = mode === 'XYZ' ? explicit[3] : mode === 'FitH' || mode === 'FitBH' ? explicit[2] : undefined;
    return typeof top === 'number' ? { page, top } : { page };
  } catch {
    return undefined;
  }
}

/** Product lists live in the product chapters; a service list never does (product categories share its titles). */
const excluded = (it: Item, spec: ListSpec): boolean =>
  EXCLUDED_TITLE.test(it.folded) ||
  it.ancestors.some((a) => EXCLUDED_TITLE.test(a)) ||
  (spec.kind !== 'product' && NOT_SERVICES_CHAPTER.test(it.ancestors[0] ?? ''));

/**
 * Finds each list's section through the outline: the shallowest entry whose title names the list, outside
 * product chapters, archive annexes and certification bodies' sub-sections. The section runs to the next
 * entry that is not its descendant; descendants whose title says "not qualified services" (bodies,
 * archives, withdrawals) are cut out. Lists the outline does not name are absent from the result.
 */
export async function locateLists(doc: PDFDocumentProxy, specs: readonly ListSpec[]): Promise<Map<ListId, ListRegion>> {
  let outline: OutlineNode[] | null;
  try {
    outline = (await doc.getOutline()) as OutlineNode[] | null;
  } catch {
    outline = null;
  }
  return regionsOf(doc, flatten(outline), specs);
}

/** A numbered heading found in the text, for documents without an outline. */
export interface TextHeading {
  number: string;
  title: string;
  depth: number;
  page: number;
  top: number;
}

/** The same rules on headings read from the text (a document without outline). */
export function locateListsByHeadings(doc: PDFDocumentProxy, headings: readonly TextHeading[], specs: readonly ListSpec[]): Promise<Map<ListId, ListRegion>> {
  const chapters: string[] = [];
  const items = headings.map((h): Item => {
    const folded = foldTitle(h.title);
    chapters.length = Math.max(0, h.depth - 1);
    const item: Item = { title: `${h.number} ${h.title}`, folded, depth: h.depth - 1, dest: undefined, place: { page: h.page, top: h.top }, ancestors: [...chapters] };
    chapters[h.depth - 1] = folded;
    return item;
  });
  return regionsOf(doc, items, specs);
}

async function regionsOf(doc: PDFDocumentProxy, items: readonly Item[], specs: readonly ListSpec[]): Promise<Map<ListId, ListRegion>> {
  const places = new Map<number, Promise<Place | undefined>>();
  const placeOf = (i: number): Promise<Place | undefined> => {
    let p = places.get(i);
    if (!p) places.set(i, (p = items[i]!.place ? Promise.resolve(items[i]!.place) : resolve(doc, items[i]!.dest)));
    return p;
  };
  const out = new Map<ListId, ListRegion>();
  for (const spec of specs) {
    const candidates = items.map((it, i) => ({ it, i })).filter(({ it }) => spec.title.test(it.folded) && !excluded(it, spec));
    if (candidates.length === 0) continue;
    const { i } = candidates.reduce((a, b) => (b.it.depth < a.it.depth ? b : a));
    const entry = items[i]!;
    let end = items.findIndex((it, k) => k > i && it.depth <= entry.depth);
    if (end < 0) end = items.length;
    // Points where reading switches on (the entry, a kept sub-section) or off (an excluded one).
    const points: Array<{ index: number; on: boolean }> = [{ index: i, on: true }];
    for (let k = i + 1; k < end; k++) {
      const on = !EXCLUDED_TITLE.test(items[k]!.folded);
      const parentOff = points.length > 0 && !points[points.length - 1]!.on && items[k]!.depth > items[points[points.length - 1]!.index]!.depth;
      if (parentOff) continue; // a sub-section of an excluded one stays excluded
      if (on !== points[points.length - 1]!.on) points.push({ index: k, on });
    }
    const ranges: ListRegion['ranges'] = [];
    for (let p = 0; p < points.length; p++) {
      if (!points[p]!.on) continue;
      const from = await placeOf(points[p]!.index);
      if (!from) continue;
      const stop = points[p + 1]?.index ?? (end < items.length ? end : undefined);
      const to = stop === undefined ? undefined : await placeOf(stop);
      ranges.push(to && (to.page > from.page || to.page === from.page) ? { from, to } : { from });
    }
    if (ranges.length === 0) continue;
    const number = /^(\d+(?:\.\d+)*)/.exec(entry.title.trim())?.[1];
    out.set(spec.id, { id: spec.id, ...(number ? { depth: number.split('.').length } : { depth: entry.depth + 1 }), ranges });
  }
  return out;
}

/** The annex of archived lists ("6 Annexe : listes archivées", decision 0025). */
const ARCHIVE_TITLE = /archiv/;

/** The archive annex through the outline, or undefined when the document has none. */
export async function locateArchive(doc: PDFDocumentProxy): Promise<ListRegion | undefined> {
  let outline: OutlineNode[] | null;
  try {
    outline = (await doc.getOutline()) as OutlineNode[] | null;
  } catch {
    outline = null;
  }
  return archiveOf(doc, flatten(outline));
}

/** The same on headings read from the text (a document without outline). */
export function locateArchiveByHeadings(doc: PDFDocumentProxy, headings: readonly TextHeading[]): Promise<ListRegion | undefined> {
  const items = headings.map((h): Item => ({ title: `${h.number} ${h.title}`, folded: foldTitle(h.title), depth: h.depth - 1, dest: undefined, place: { page: h.page, top: h.top }, ancestors: [] }));
  return archiveOf(doc, items);
}

/**
 * The shallowest entry whose title says "archived" (the annex itself, not one of its sub-sections), running to the
 * next entry of its depth or shallower: every table under it, whatever its sub-heading says, is archived.
 */
async function archiveOf(doc: PDFDocumentProxy, items: readonly Item[]): Promise<ListRegion | undefined> {
  const candidates = items.map((it, i) => ({ it, i })).filter(({ it }) => ARCHIVE_TITLE.test(it.folded) && !it.ancestors.some((a) => ARCHIVE_TITLE.test(a)));
  if (candidates.length === 0) return undefined;
  const { i } = candidates.reduce((a, b) => (b.it.depth < a.it.depth ? b : a));
  const entry = items[i]!;
  const from = entry.place ?? (await resolve(doc, entry.dest));
  if (!from) return undefined;
  const end = items.findIndex((it, k) => k > i && it.depth <= entry.depth);
  const next = end < 0 ? undefined : items[end]!;
  const to = next ? (next.place ?? (await resolve(doc, next.dest))) : undefined;
  const number = /^(\d+(?:\.\d+)*)/.exec(entry.title.trim())?.[1];
  // Read with the certified products' columns (read-lists.ts), hence the id; it is no list of its own.
  return { id: 'cc', depth: number ? number.split('.').length : entry.depth + 1, ranges: [to ? { from, to } : { from }] };
}
