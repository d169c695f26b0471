import { objectValue, Ref, type Dict, type Value } from './pdf-syntax.js';

/**
 * Where each object of a PDF starts, found once per document: the readers that take plain pages straight from the
 * file (content-links.ts, content-marks.ts) look objects up here rather than searching the file for each one.
 */
export class ObjectIndex {
  private readonly offsets = new Map<string, number>();
  private constructor(readonly pdf: Buffer) {}

  /** Offsets of every `num gen obj` in the file (the last wins: incremental updates append), or undefined when too big. */
  static of(pdf: Buffer): ObjectIndex | undefined {
    if (pdf.length > MAX_INDEXED) return undefined;
    const index = new ObjectIndex(pdf);
    for (const m of pdf.toString('latin1').matchAll(/(?<=^|[\s>\]])(\d{1,9})\s+(\d{1,5})\s+obj\b/g)) index.offsets.set(`${m[1]} ${m[2]}`, m.index);
    return index;
  }

  /** Offset of the object's `num gen obj`, or undefined when the file has no such object. */
  offset(num: number, gen: number): number | undefined {
    return this.offsets.get(`${num} ${gen}`);
  }

  /** The object's text up to `endobj`, when it is short (a page or an annotation is). */
  text(num: number, gen: number): string | undefined {
    const at = this.offset(num, gen);
    if (at === undefined) return undefined;
    const end = this.pdf.indexOf('endobj', at, 'latin1');
    if (end < 0 || end - at > MAX_OBJECT) return undefined;
    return this.pdf.toString('latin1', at, end);
  }

  /** The object's value (pdf-syntax.ts), when it is short and parsable. */
  value(num: number, gen: number): Value | undefined {
    const text = this.text(num, gen);
    return text === undefined ? undefined : objectValue(text);
  }
}

/** The object `v` refers to (one level), or `v` itself; undefined when it cannot be read. */
export function resolve(index: ObjectIndex, v: Value | undefined): Value | undefined {
  return v instanceof Ref ? index.value(v.num, v.gen) : v;
}

export const isDict = (v: Value | undefined): v is Dict => v instanceof Map;

const MAX_INDEXED = 256 * 1024 * 1024;
const MAX_OBJECT = 65536;
