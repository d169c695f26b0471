import type { PDFDocumentProxy } from './pdfjs.js';
import { CLOUD_SECTION_TITLE } from './headings.js';

/** Where the cloud section starts (and, when the outline says, where it ends). */
export interface SectionStart {
  page: number;
  /** Items above this y on the start page belong to earlier sections (undefined: whole page). */
  top?: number;
  depth?: number;
  end?: { page: number; top?: number };
}

interface FlatItem {
  title: string;
  depth: number;
  dest: unknown;
}

type OutlineNode = { title: string; dest: unknown; items?: OutlineNode[] };

function flatten(nodes: readonly OutlineNode[] | null, depth = 0, out: FlatItem[] = []): FlatItem[] {
  for (const n of nodes ?? []) {
    out.push({ title: n.title, depth, dest: n.dest });
    flatten(n.items ?? [], depth + 1, out);
  }
  return out;
}

async function resolve(doc: PDFDocumentProxy, dest: unknown): Promise<{ page: number; top?: number } | undefined> {
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit.length === 0) return undefined;
    const target = explicit[0] as unknown;
    const page =
      typeof target === 'number' ? target : await doc.getPageIndex(target as Parameters<PDFDocumentProxy['getPageIndex']>[0]);
    const mode = (explicit[1] as { name?: string } | undefined)?.name;
    const topValue = mode === 'XYZ' ? explicit[3] : mode === 'FitH' || mode === 'FitBH' ? explicit[2] : undefined;
    return typeof topValue === 'number' ? { page, top: topValue } : { page };
  } catch {
    return undefined;
  }
}

/**
 * Finds the cloud section through the PDF outline (bookmarks): cheap, and independent of page numbers.
 * Returns undefined when the document has no usable outline entry, so the caller searches the text.
 */
export async function locateByOutline(doc: PDFDocumentProxy): Promise<SectionStart | undefined> {
  let outline: OutlineNode[] | null;
  try {
    outline = (await doc.getOutline()) as OutlineNode[] | null;
  } catch {
    return undefined;
  }
  const items = flatten(outline);
  // The shallowest matching entry is the section itself, not one of its sub-sections.
  const matches = items.map((it, i) => ({ it, i })).filter(({ it }) => CLOUD_SECTION_TITLE.test(it.title));
  if (matches.length === 0) return undefined;
  const { it: entry, i } = matches.reduce((a, b) => (b.it.depth < a.it.depth ? b : a));
  const start = await resolve(doc, entry.dest);
  if (!start) return undefined;
  const numberPrefix = /^(\d+(?:\.\d+)*)/.exec(entry.title.trim())?.[1];
  const result: SectionStart = { ...start, ...(numberPrefix ? { depth: numberPrefix.split('.').length } : {}) };
  const next = items.slice(i + 1).find((it) => it.depth <= entry.depth);
  if (next) {
    const end = await resolve(doc, next.dest);
    if (end && end.page >= start.page) result.end = end;
  }
  return result;
}
