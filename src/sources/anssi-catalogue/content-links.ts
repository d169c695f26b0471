import type { ObjectIndex } from './object-index.js';
import type { LinkBox } from './pdf-document.js';

const MAX_ANNOTATIONS = 5000;
const REF = /(\d+)\s+(\d+)\s+R/g;
const NUM = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)`;
const RECT = new RegExp(String.raw`/Rect\s*\[\s*(${NUM})\s+(${NUM})\s+(${NUM})\s+(${NUM})\s*\]`);
const PROTOCOLS = new Set(['http:', 'https:', 'ftp:', 'mailto:', 'tel:']);

/**
 * A page's URI links read straight from the PDF's objects: its `/Annots`, each a `/Link` with a `/Rect` and an
 * inline `/A << /S /URI /URI (…) >>`. pdfjs's `getAnnotationsByType` builds every annotation object in full, which
 * costs a fifth of reading every list of the catalogue (BENCHMARKS.md, decision 0023). Returns undefined whenever
 * the page is not a plain case this reader can vouch for (objects in object streams, indirect or hex values,
 * actions other than URI and GoTo, anything unparsable): the caller then asks pdfjs. The URL is checked as pdfjs
 * checks it (absolute, http, https, ftp, mailto or tel; `www.` gets `http://`), so both give the same links; a
 * test compares them on every page of the real and synthetic editions.
 */
export function linksFromContent(index: ObjectIndex, ref: { num: number; gen: number }): LinkBox[] | undefined {
  const page = index.text(ref.num, ref.gen);
  if (!page) return undefined;
  const annots = /\/Annots\s*(?:\[([^\]]*)\]|(\d+)\s+(\d+)\s+R)/.exec(page);
  if (!annots) return /\/Annots\b/.test(page) ? undefined : [];
  let list = annots[1];
  if (list === undefined) {
    const array = index.text(Number(annots[2]), Number(annots[3]));
    list = array ? /obj\s*\[([^\]]*)\]/.exec(array)?.[1] : undefined;
    if (list === undefined) return undefined;
  }
  const refs = [...list.matchAll(REF)];
  if (refs.length > MAX_ANNOTATIONS || list.replace(REF, '').trim() !== '') return undefined;
  const links: LinkBox[] = [];
  for (const [, num, gen] of refs) {
    const annot = index.text(Number(num), Number(gen));
    if (!annot || /\/ObjStm\b/.test(annot)) return undefined;
    if (!/\/Subtype\s*\/Link\b/.test(annot)) continue;
    const link = readLink(annot);
    if (link === undefined) return undefined;
    if (link) links.push(link);
  }
  return links;
}

/** A link annotation's URL and box; null for a link without a URL (internal), undefined when not a plain case. */
function readLink(annot: string): LinkBox | null | undefined {
  const rect = RECT.exec(annot);
  if (!rect) return undefined;
  const action = /\/A\s*<<([\s\S]*?)>>/.exec(annot);
  if (!action) return /\/A\b/.test(annot) ? undefined : null;
  const kind = /\/S\s*\/(\w+)/.exec(action[1]!)?.[1];
  if (kind === 'GoTo') return null;
  if (kind !== 'URI') return undefined;
  const literal = /\/URI\s*\(((?:\\[\s\S]|[^\\()])*)\)/.exec(action[1]!);
  if (!literal) return undefined;
  const url = validUrl(unescapeLiteral(literal[1]!));
  if (!url) return null;
  const [x0, y0, x1, y1] = rect.slice(1, 5).map(Number) as [number, number, number, number];
  return { url, x0: Math.min(x0, x1), y0: Math.min(y0, y1), x1: Math.max(x0, x1), y1: Math.max(y0, y1) };
}

function unescapeLiteral(s: string): string {
  const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  return s.replace(/\\(?:([0-7]{1,3})|(\r\n|\r|\n)|([\s\S]))/g, (_, octal: string | undefined, eol: string | undefined, c: string | undefined) =>
    octal ? String.fromCharCode(parseInt(octal, 8) & 0xff) : eol ? '' : (named[c!] ?? c!),
  );
}

/** As pdfjs's createValidAbsoluteUrl with addDefaultProtocol and tryConvertEncoding, and no base URL. */
function validUrl(raw: string): string | undefined {
  let url = raw;
  if (url.startsWith('www.') && (url.match(/\./g)?.length ?? 0) >= 2) url = `http://${url}`;
  try {
    url = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(url, 'latin1'));
  } catch {
    // not UTF-8 bytes: kept as they are, as pdfjs does
  }
  try {
    const absolute = new URL(url);
    return PROTOCOLS.has(absolute.protocol) ? absolute.href : undefined;
  } catch {
    return undefined;
  }
}
