import { ParseBudgetError } from '../budget.js';
import { streamData } from './content-stream.js';
import { isDict, resolve, type ObjectIndex } from './object-index.js';
import { Name, objectValue, Ref, type Dict, type Value } from './pdf-syntax.js';
import { simpleFont } from './simple-fonts.js';
import type { TextRun } from './pdf-document.js';
import { TextReader, type PageFonts, type PageXObjects } from './text-reader.js';

const MAX_PARENTS = 32;

/**
 * A page's text runs read straight from its content stream, as pdfjs's getTextContent and readPageRuns give them
 * (the same runs, strings, positions and widths), at a fraction of the cost: pdfjs loads and rebuilds every font
 * program and works glyph by glyph through its operator machinery; reading the runs of the whole catalogue was
 * three quarters of reading every list (decision 0031). Returns undefined whenever the page is not a plain case
 * this reader can vouch for: a font other than an embedded simple font with /Widths and a one-byte /ToUnicode
 * (Type0, Type3, standard fonts), a code its CMap does not map, a filter other than FlateDecode, a form XObject,
 * an inline image, an ExtGState that sets a font, right-to-left text, anything unparsable or over a bound. The
 * caller then asks pdfjs. Tests compare both on every page of the real and synthetic editions.
 */
export function runsFromContent(index: ObjectIndex, ref: { num: number; gen: number }): TextRun[] | undefined {
  try {
    return readRuns(index, ref);
  } catch (err) {
    // A decode budget refused is the document's refusal; anything else thrown means "not a plain case".
    if (err instanceof ParseBudgetError) throw err;
    return undefined;
  }
}

function readRuns(index: ObjectIndex, ref: { num: number; gen: number }): TextRun[] | undefined {
  const chain = pageChain(index, ref);
  if (!chain) return undefined;
  const page = chain[0]!;
  const res = resourcesOf(index, chain);
  if (!res) return undefined;
  const view = pageView(chain);
  if (!view) return undefined;
  const contents = page.get('Contents');
  const refs = contents === undefined ? [] : Array.isArray(contents) ? contents : [contents];
  const parts: string[] = [];
  for (const r of refs) {
    if (!(r instanceof Ref)) return undefined;
    const stream = streamData(index, r.num, r.gen);
    // A stream's own /Resources are merged with the page's by pdfjs: not followed here.
    if (!stream || /\/Resources\b/.test(stream.dict)) return undefined;
    parts.push(stream.data);
  }
  const reader = new TextReader(view, fontsOf(index, res), xobjectsOf(index, res), (name) => extGStateSetsFont(index, res, name));
  return reader.read(parts.join('\n'));
}

/** The page's dictionary and its ancestors in the page tree, nearest first; undefined when one cannot be read. */
function pageChain(index: ObjectIndex, ref: { num: number; gen: number }): Dict[] | undefined {
  const chain: Dict[] = [];
  const seen = new Set<string>();
  let at: { num: number; gen: number } | undefined = ref;
  while (at) {
    const key = `${at.num} ${at.gen}`;
    if (seen.has(key) || chain.length > MAX_PARENTS) return undefined;
    seen.add(key);
    const dict = index.value(at.num, at.gen);
    if (!isDict(dict)) return undefined;
    chain.push(dict);
    const parent = dict.get('Parent');
    if (parent !== undefined && !(parent instanceof Ref)) return undefined;
    at = parent;
  }
  return chain;
}

/**
 * The page's resources as pdfjs's Page.resources: the /Resources of the page and of every ancestor, merged entry by
 * entry, the nearest first (a page's own empty dictionary does not hide its parent's fonts).
 */
function resourcesOf(index: ObjectIndex, chain: Dict[]): Dict | undefined {
  const merged: Dict = new Map();
  for (const node of chain) {
    const value = node.get('Resources');
    if (value === undefined) continue;
    const dict = resolve(index, value);
    if (dict === undefined) return undefined;
    if (!isDict(dict)) continue; // as pdfjs, which passes over a value that is not a dictionary
    for (const [key, v] of dict) if (!merged.has(key)) merged.set(key, v);
  }
  return merged;
}

type Rect = [number, number, number, number];

function normalRect(v: Value | undefined): Rect | undefined {
  if (!Array.isArray(v) || v.length !== 4 || !v.every((n) => typeof n === 'number')) return undefined;
  const [x0, y0, x1, y1] = v as Rect;
  const r: Rect = [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
  return r[2] - r[0] > 0 && r[3] - r[1] > 0 ? r : undefined;
}

/** The page's view box as pdfjs's Page.view: the crop box within the media box (nearest inherited value of each). */
function pageView(chain: Dict[]): Rect | undefined {
  const nearest = (key: string): Value | undefined => chain.find((d) => d.has(key))?.get(key);
  const mediaRaw = nearest('MediaBox');
  const cropRaw = nearest('CropBox');
  // pdfjs falls back to a letter page or the media box for a missing or invalid box: not followed here.
  const media = normalRect(mediaRaw);
  if (!media) return undefined;
  if (cropRaw === undefined) return media;
  const crop = normalRect(cropRaw);
  if (!crop) return undefined;
  const box: Rect = [Math.max(crop[0], media[0]), Math.max(crop[1], media[1]), Math.min(crop[2], media[2]), Math.min(crop[3], media[3])];
  return box[2] - box[0] > 0 && box[3] - box[1] > 0 ? box : media;
}

function fontsOf(index: ObjectIndex, res: Dict): PageFonts {
  const fonts = resolve(index, res.get('Font'));
  return (name) => (isDict(fonts) ? simpleFont(index, fonts.get(name)) : undefined);
}

/** What a `Do` draws: 'image' (pdfjs passes over it, ending the current run), else undefined (not followed). */
function xobjectsOf(index: ObjectIndex, res: Dict): PageXObjects {
  const xobjects = resolve(index, res.get('XObject'));
  return (name) => {
    const ref = isDict(xobjects) ? xobjects.get(name) : undefined;
    if (!(ref instanceof Ref)) return undefined;
    const dict = index.value(ref.num, ref.gen) ?? headValue(index, ref);
    return isDict(dict) && dict.get('Subtype') instanceof Name && (dict.get('Subtype') as Name).name === 'Image' ? 'image' : undefined;
  };
}

/** The dictionary of a stream too long for ObjectIndex.text (an image), read from its text up to `stream`. */
function headValue(index: ObjectIndex, ref: Ref): Value | undefined {
  const at = index.offset(ref.num, ref.gen);
  if (at === undefined) return undefined;
  const kw = index.pdf.indexOf('stream', at, 'latin1');
  return kw < 0 || kw - at > 65536 ? undefined : objectValue(index.pdf.toString('latin1', at, kw));
}

/** Whether the named graphics state sets a font (undefined when it cannot be read): either way not followed. */
function extGStateSetsFont(index: ObjectIndex, res: Dict, name: string): boolean | undefined {
  const states = resolve(index, res.get('ExtGState'));
  const state = isDict(states) ? resolve(index, states.get(name)) : undefined;
  return isDict(state) ? state.has('Font') : undefined;
}
