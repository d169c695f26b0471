import { inflateSync } from 'node:zlib';
import { chargeDecoded } from './decode-meter.js';
import type { ObjectIndex } from './object-index.js';

const MAX_STREAM = 16 * 1024 * 1024;

/**
 * A stream object's decoded bytes (as a latin1 string) and its dictionary's text, for the readers that take pages
 * straight from the file (content-marks.ts, content-text.ts): only unfiltered or FlateDecode streams without
 * parameters; undefined for anything else or anything unparsable, so the caller asks pdfjs. The decoded size is
 * charged to the parse's decode meter as pdfjs's decoders charge theirs (decision 0016): a ParseBudgetError thrown
 * here is the document's refusal, not a reason to fall back.
 */
export function streamData(index: ObjectIndex, num: number, gen: number): { dict: string; data: string } | undefined {
  // A page's content stream is read for its text, then for its marks: the last stream read is kept, so it is
  // inflated (and charged to the meter) once.
  const kept = last.get(index);
  if (kept && kept.num === num && kept.gen === gen) return kept.stream;
  const stream = readStream(index, num, gen);
  last.set(index, { num, gen, stream });
  return stream;
}

const last = new WeakMap<ObjectIndex, { num: number; gen: number; stream: { dict: string; data: string } | undefined }>();

function readStream(index: ObjectIndex, num: number, gen: number): { dict: string; data: string } | undefined {
  const { pdf } = index;
  const at = index.offset(num, gen);
  if (at === undefined) return undefined;
  const kw = pdf.indexOf('stream', at, 'latin1');
  const endobj = pdf.indexOf('endobj', at, 'latin1');
  if (kw < 0 || (endobj >= 0 && endobj < kw)) return undefined;
  const dict = pdf.toString('latin1', at, kw);
  if (/\/DecodeParms|\/F\s|\/FFilter/.test(dict)) return undefined;
  const filters = [...(/\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dict)?.[1] ?? '').matchAll(/\/(\w+)/g)].map((m) => m[1]);
  if (filters.some((f) => f !== 'FlateDecode') || filters.length > 1) return undefined;
  let start = kw + 'stream'.length;
  if (pdf[start] === 0x0d) start++;
  if (pdf[start] === 0x0a) start++;
  const end = pdf.indexOf('endstream', start, 'latin1');
  if (end < 0) return undefined;
  const raw = pdf.subarray(start, end);
  let data: Buffer;
  try {
    data = filters.length ? inflateSync(raw, { maxOutputLength: MAX_STREAM }) : raw;
  } catch {
    return undefined;
  }
  if (filters.length) chargeDecoded(data.length, data.length);
  return { dict, data: data.toString('latin1') };
}
