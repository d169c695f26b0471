import { streamData } from './content-stream.js';
import { isDict, resolve, type ObjectIndex } from './object-index.js';
import { Lexer, Name, Op, Ref, SyntaxLimit, type Value } from './pdf-syntax.js';

/**
 * A simple font as content-text.ts needs it: each one-byte code's width (glyph space, thousandths of the size) and
 * text. Only what pdfjs would read the same way: an embedded Type1, MMType1 or TrueType font with its /Widths and a
 * /ToUnicode CMap of one-byte codes. A code its CMap does not map is left undefined: pdfjs would then take the text
 * from the font's encoding or program, which this reader does not follow (the page goes to pdfjs).
 */
export interface SimpleFont {
  /** /BaseFont, which pdfjs compares to tell a change of font from a change of resource name. */
  name: string;
  widths: Array<number | undefined>;
  /** /MissingWidth of its descriptor, else 0 (as pdfjs). */
  missingWidth: number;
  unicode: Array<string | undefined>;
}

const SIMPLE = new Set(['Type1', 'MMType1', 'TrueType']);
const MAX_CMAP_TOKENS = 200_000;

const nameOf = (v: Value | undefined): string | undefined => (v instanceof Name ? v.name : undefined);

const cache = new WeakMap<ObjectIndex, Map<string, SimpleFont | null>>();

/** The font `ref` points to, read once per document; undefined when it is not a font this reader supports. */
export function simpleFont(index: ObjectIndex, ref: Value | undefined): SimpleFont | undefined {
  if (!(ref instanceof Ref)) return ref === undefined ? undefined : readFont(index, ref);
  let fonts = cache.get(index);
  if (!fonts) cache.set(index, (fonts = new Map()));
  const key = `${ref.num} ${ref.gen}`;
  let font = fonts.get(key);
  if (font === undefined) fonts.set(key, (font = readFont(index, ref) ?? null));
  return font ?? undefined;
}

function readFont(index: ObjectIndex, ref: Value): SimpleFont | undefined {
  const dict = resolve(index, ref);
  if (!isDict(dict) || !SIMPLE.has(nameOf(dict.get('Subtype')) ?? '')) return undefined;
  const name = nameOf(dict.get('BaseFont'));
  if (name === undefined) return undefined;
  const first = dict.get('FirstChar') ?? 0;
  const widths = resolve(index, dict.get('Widths'));
  const descriptor = resolve(index, dict.get('FontDescriptor'));
  const toUnicode = dict.get('ToUnicode');
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > 255) return undefined;
  if (!Array.isArray(widths) || widths.length > 256 || !widths.every((w) => typeof w === 'number')) return undefined;
  // Without its program pdfjs reads some codes' text from the standard encodings instead: not followed here.
  if (!isDict(descriptor) || !['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.has(k))) return undefined;
  if (!(toUnicode instanceof Ref)) return undefined;
  const stream = streamData(index, toUnicode.num, toUnicode.gen);
  const unicode = stream && readToUnicode(stream.data);
  if (!unicode) return undefined;
  const missing = descriptor.get('MissingWidth');
  const byCode: Array<number | undefined> = [];
  widths.forEach((w, i) => (byCode[first + i] = w as number));
  return { name, widths: byCode, missingWidth: typeof missing === 'number' ? missing : 0, unicode };
}

/** A ToUnicode CMap's one-byte codes (bfchar, bfrange with a string or an array); undefined for anything else. */
export function readToUnicode(data: string): Array<string | undefined> | undefined {
  const map: Array<string | undefined> = [];
  const lexer = new Lexer(data);
  const operands: Array<Value | Op> = [];
  let count = 0;
  try {
    for (let t = lexer.next(); t !== undefined; t = lexer.next()) {
      if (++count > MAX_CMAP_TOKENS) return undefined;
      if (!(t instanceof Op)) {
        operands.push(t);
        continue;
      }
      const args = operands.splice(0);
      switch (t.op) {
        case 'usecmap': case 'begincidrange': case 'begincidchar': case 'beginnotdefrange': return undefined;
        case 'endcodespacerange':
          if (args.length % 2 || !args.every((a) => typeof a === 'string' && a.length === 1)) return undefined;
          break;
        case 'endbfchar':
          if (args.length % 2) return undefined;
          for (let i = 0; i < args.length; i += 2) {
            const [src, dst] = [args[i], args[i + 1]];
            if (typeof src !== 'string' || src.length !== 1 || typeof dst !== 'string') return undefined;
            map[src.charCodeAt(0)] = utf16(dst);
          }
          break;
        case 'endbfrange':
          if (args.length % 3) return undefined;
          for (let i = 0; i < args.length; i += 3) {
            const [lo, hi, dst] = [args[i], args[i + 1], args[i + 2]];
            if (typeof lo !== 'string' || lo.length !== 1 || typeof hi !== 'string' || hi.length !== 1) return undefined;
            if (!bfrange(map, lo.charCodeAt(0), hi.charCodeAt(0), dst)) return undefined;
          }
          break;
      }
    }
  } catch (err) {
    if (err instanceof SyntaxLimit) return undefined;
    throw err;
  }
  return map.some((u) => u !== undefined) ? map : undefined;
}

function bfrange(map: Array<string | undefined>, lo: number, hi: number, dst: Value | Op | undefined): boolean {
  if (Array.isArray(dst)) {
    for (let code = lo, i = 0; code <= hi && i < dst.length; code++, i++) {
      const s = dst[i];
      if (typeof s !== 'string') return false;
      map[code] = utf16(s);
    }
    return true;
  }
  if (typeof dst !== 'string' || dst.length === 0) return false;
  // The destination's last byte counts up along the range, as pdfjs's mapBfRange does it.
  const last = dst.length - 1;
  let bytes = dst;
  for (let code = lo; code <= hi; code++) {
    map[code] = utf16(bytes);
    const next = bytes.charCodeAt(last) + 1;
    if (next > 0xff && code < hi) return false;
    bytes = bytes.slice(0, last) + String.fromCharCode(next & 0xff);
  }
  return true;
}

/** UTF-16BE bytes to text, as pdfjs's readToUnicode decodes them (an odd length gets a leading zero byte). */
function utf16(bytes: string): string | undefined {
  const s = bytes.length % 2 ? `\0${bytes}` : bytes;
  const points: number[] = [];
  for (let k = 0; k < s.length; k += 2) {
    const w1 = (s.charCodeAt(k) << 8) | s.charCodeAt(k + 1);
    if ((w1 & 0xf800) !== 0xd800) {
      points.push(w1);
      continue;
    }
    k += 2;
    const w2 = (s.charCodeAt(k) << 8) | s.charCodeAt(k + 1);
    points.push(((w1 & 0x3ff) << 10) + (w2 & 0x3ff) + 0x10000);
  }
  const text = String.fromCodePoint(...points);
  return text === '' ? undefined : text;
}
