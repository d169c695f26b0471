import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { runInThisContext } from 'node:vm';
import { chargeDecoded } from './decode-meter.js';
// Before pdfjs (modules are evaluated in the order they are imported): it saves the built-ins pdfjs replaces.
import { restoreBuiltins } from './native-builtins.js';

// pdfjs inflates a stream without limit: a 4 KB PDF can make it allocate gigabytes (issue 14), and in Node its
// "worker" runs in this thread, with typed arrays that no V8 heap limit bounds. So the decoders themselves are
// metered: pdfjs's worker module is loaded from its source with a call to `__meter` (chargeDecoded) before
// each of the three places where decoded bytes take memory. See docs/decisions/0016-parse-budgets.md.
// `insert` goes before the line found, or, with `after`, after it (first in a loop's body).
const PATCHES: Array<{ what: string; find: string; insert: string; after?: true }> = [
  // DecodeStream.ensureBuffer, through which every JS decoder (Flate, LZW, RunLength, ASCII85/Hex, predictors) grows.
  { what: 'DecodeStream.ensureBuffer', find: '    const buffer2 = new Uint8Array(size);\n', insert: '    __meter(size - buffer.byteLength, size);\n' },
  // The native inflate pdfjs 5 prefers for content streams and fonts (DecompressionStream), chunk by chunk.
  {
    what: 'DecodeStream.asyncGetBytesFromDecompressionStream',
    find: '      for await (const chunk of readable) {\n',
    insert: '        __meter(chunk.byteLength, totalLength + chunk.byteLength);\n',
    after: true,
  },
  // The JS Brotli decoder, which decodes a whole stream at once in chunks of 16 KiB.
  { what: 'BrotliDecode', find: '      chunks.push(chunk);\n      s.output = chunk;\n', insert: '      __meter(16384, (chunks.length + 1) * 16384);\n' },
];

/** Every offset of `needle` in `bytes`. */
function offsetsOf(bytes: Buffer, needle: string): number[] {
  const found: number[] = [];
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/**
 * The worker module's source with the meter calls inserted, as the body of a function. Edited as bytes, not as
 * a string: Buffer.indexOf is a byte search, many times faster than String.indexOf on this 2.3 MB file.
 */
function meteredWorkerSource(path: string): string {
  const bytes = readFileSync(path);
  const edits: Array<{ at: number; cut: number; text: string }> = [];
  for (const { what, find, insert, after } of PATCHES) {
    const found = offsetsOf(bytes, find);
    if (found.length !== 1) {
      // Fail closed: an unmetered pdfjs would parse bombs again. A pdfjs upgrade must review these patches.
      throw new Error(`cannot meter pdfjs's ${what} in ${path}: its code changed (see src/sources/anssi-catalogue/pdfjs.ts)`);
    }
    const at = after ? found[0]! + find.length : found[0]!;
    edits.push({ at, cut: 0, text: insert });
  }
  // A function body has no import.meta (pdfjs reads it to find its wasm decoders for images) and no export.
  const url = JSON.stringify(pathToFileURL(path).href);
  for (const at of offsetsOf(bytes, 'import.meta.url')) edits.push({ at, cut: 'import.meta.url'.length, text: url });
  const exported = 'export { WorkerMessageHandler };';
  edits.push({ at: bytes.lastIndexOf(exported), cut: exported.length, text: 'return { WorkerMessageHandler };' });
  if (edits.some((e) => e.at < 0)) throw new Error(`pdfjs's worker module ${path} does not end by exporting WorkerMessageHandler`);
  const parts: Buffer[] = [];
  let from = 0;
  for (const e of edits.sort((a, b) => a.at - b.at)) {
    parts.push(bytes.subarray(from, e.at), Buffer.from(e.text));
    from = e.at + e.cut;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts).toString('utf8');
}

/** pdfjs's worker module, metered, evaluated as a function of `__meter` (an ES module cannot take arguments). */
function loadMeteredWorker(): unknown {
  const path = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
  const factory = runInThisContext(`(function (__meter) {"use strict";\n${meteredWorkerSource(path)}\n})`, { filename: path, lineOffset: -1 });
  return (factory as (meter: typeof chargeDecoded) => unknown)(chargeDecoded);
}

// In Node, pdfjs runs its "worker" in this thread and takes it from globalThis.pdfjsWorker when set (else it
// would import the unmetered module on the first getDocument): set here, with the parser, paid once per process.
const meteredWorker = loadMeteredWorker();
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = meteredWorker;
// Both halves of pdfjs are loaded now, with their polyfills: the process gets its native built-ins back.
restoreBuiltins();

export { AnnotationType, getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
