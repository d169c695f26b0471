/**
 * Compression bombs as small one-page PDFs (issue 14, finding 2), written byte by byte: pdf-lib would decode
 * or re-encode what it is given. Each page's text is spaces, so pdfjs must decode all of it to read the page.
 *
 *   flate   a content stream of 1 GiB of spaces, `/FlateDecode` (~1 MB)
 *   double  2 GiB of spaces deflated twice, `[/FlateDecode /FlateDecode]` (~3.7 KB), the one of the review
 *   objstm  the page tree in an object stream whose data ends with 1 GiB of spaces, deflated twice (~2 KB)
 *   lzw     1 GiB of spaces as LZW codes, deflated: `[/FlateDecode /LZWDecode]` (~3 KB)
 *   brotli  1 GiB of spaces, `/BrotliDecode` (a PDF 2.0 filter pdfjs 5 decodes)
 *   font    the embedded program of the page's font: 1 GiB of spaces, `/FlateDecode` (~1 MB)
 *
 * Run as a script to write them: `npx tsx test/support/pdf-bombs.ts <dir>`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const GIB = 1024 ** 3;
const CHUNK = Buffer.alloc(16 * 1024 * 1024, 0x20);

/** Feeds `head` then `spaces` spaces through a zlib/brotli transform, 16 MiB at a time, and returns its output. */
async function compress(t: zlib.Deflate | zlib.BrotliCompress, spaces: number, head: Buffer = Buffer.alloc(0)): Promise<Buffer> {
  const out: Buffer[] = [];
  t.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve, reject) => t.on('end', resolve).on('error', reject));
  t.write(head);
  for (let left = spaces; left > 0; left -= CHUNK.length) {
    if (!t.write(left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left))) await new Promise((r) => t.once('drain', r));
  }
  t.end();
  await done;
  return Buffer.concat(out);
}

// Z_RLE finds the distance-1 matches of a run as well as level 9 does (about 1,030:1), seven times faster.
const deflateSpaces = (spaces: number, head?: Buffer): Promise<Buffer> =>
  compress(zlib.createDeflate({ strategy: zlib.constants.Z_RLE, level: 9 }), spaces, head);

/** Bytes of a PDF: `objects[i]` is object i + 1 (a dictionary, optionally with its stream), a classic xref. */
function pdf(objects: Array<{ dict: string; stream?: Buffer }>, trailer = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let size = parts[0]!.length;
  const push = (b: Buffer): void => {
    parts.push(b);
    size += b.length;
  };
  objects.forEach((o, i) => {
    offsets.push(size);
    if (o.stream === undefined) return push(Buffer.from(`${i + 1} 0 obj\n${o.dict}\nendobj\n`, 'latin1'));
    push(Buffer.from(`${i + 1} 0 obj\n${o.dict.replace(/>>\s*$/, `/Length ${o.stream.length} >>`)}\nstream\n`, 'latin1'));
    push(o.stream);
    push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  });
  const xref = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  const n = objects.length + 1;
  push(Buffer.from(`xref\n0 ${n}\n0000000000 65535 f \n${xref}trailer\n<< /Size ${n} /Root 1 0 R ${trailer}>>\nstartxref\n${size}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

const CATALOG = { dict: '<< /Type /Catalog /Pages 2 0 R >>' };
const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const PAGE = { dict: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>' };

/** A one-page PDF whose content stream is `data` under `filter`. */
const onePage = (filter: string, data: Buffer): Buffer =>
  pdf([CATALOG, { dict: PAGES }, PAGE, { dict: `<< /Filter ${filter} >>`, stream: data }]);

/** A one-page PDF whose content is `count` streams of `spaces` spaces each, deflated: not a bomb, a meter test. */
export function contentStreamsPdf(count: number, spaces: number): Uint8Array {
  const refs = Array.from({ length: count }, (_, i) => `${4 + i} 0 R`).join(' ');
  const page = { dict: PAGE.dict.replace('/Contents 4 0 R', `/Contents [${refs}]`) };
  const stream = { dict: '<< /Filter /FlateDecode >>', stream: zlib.deflateSync(Buffer.alloc(spaces, 0x20)) };
  return new Uint8Array(pdf([CATALOG, { dict: PAGES }, page, ...Array.from({ length: count }, () => stream)]));
}

export async function flateBomb(spaces = GIB): Promise<Buffer> {
  return onePage('/FlateDecode', await deflateSpaces(spaces));
}

export async function doubleFlateBomb(spaces = 2 * GIB): Promise<Buffer> {
  return onePage('[/FlateDecode /FlateDecode]', zlib.deflateSync(await deflateSpaces(spaces), { level: 9 }));
}

/**
 * The page tree (object 2) lives in object stream 5 (N 1), whose data is `2 0 ` then the tree then `spaces`
 * spaces: pdfjs decodes an object stream's last object to its end. Compressed objects need an xref stream
 * (object 6: W [1 4 2], no filter).
 */
export async function objectStreamBomb(spaces = GIB): Promise<Buffer> {
  const head = Buffer.from(`2 0 ${PAGES}`, 'latin1');
  const objstm = zlib.deflateSync(await deflateSpaces(spaces, head), { level: 9 });
  const content = { dict: '<< >>', stream: Buffer.from('BT ET', 'latin1') };
  const body = pdf([CATALOG, { dict: '<< >>' }, PAGE, content, { dict: '<< /Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode] >>', stream: objstm }]);
  // Object 2 above is a placeholder: the xref stream sends readers to the object stream instead.
  const offsets = [...body.toString('latin1').matchAll(/^(\d+) 0 obj$/gm)].map((m) => [Number(m[1]), m.index] as const);
  const xrefAt = body.toString('latin1').lastIndexOf('xref\n');
  const row = (type: number, a: number, b: number): Buffer => {
    const r = Buffer.alloc(7);
    r.writeUInt8(type, 0);
    r.writeUInt32BE(a, 1);
    r.writeUInt16BE(b, 5);
    return r;
  };
  const rows = [row(0, 0, 65535), ...offsets.map(([num, at]) => (num === 2 ? row(2, 5, 0) : row(1, at, 0))), row(1, xrefAt, 0)];
  const data = Buffer.concat(rows);
  const xrefStream = `6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length ${data.length} >>\nstream\n`;
  return Buffer.concat([
    body.subarray(0, xrefAt),
    Buffer.from(xrefStream, 'latin1'),
    data,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'),
  ]);
}

/** Writes LZW codes MSB first, each at the width the PDF decoder (EarlyChange 1) will read it. */
class LzwWriter {
  private bytes: number[] = [];
  private acc = 0;
  private bits = 0;
  nextCode = 258;
  width = 9;
  /** `code` read with a previous sequence adds a dictionary entry: the width then follows `nextCode + 1`. */
  write(code: number, adds: boolean): void {
    this.acc = (this.acc << this.width) | code;
    this.bits += this.width;
    while (this.bits >= 8) this.bytes.push((this.acc >>> (this.bits -= 8)) & 0xff);
    this.acc &= (1 << this.bits) - 1;
    if (code === 256) [this.nextCode, this.width] = [258, 9];
    else if (adds && ++this.nextCode + 1 >= 1 << this.width) this.width = Math.min(this.width + 1, 12);
  }
  get bitLength(): number {
    return this.bytes.length * 8 + this.bits;
  }
  done(): Buffer {
    if (this.bits > 0) this.bytes.push((this.acc << (8 - this.bits)) & 0xff);
    return Buffer.from(this.bytes);
  }
}

/**
 * LZW of a run of spaces: a space, then each code is the one about to be defined (read as the previous
 * sequence plus its first byte: one space longer), up to entry 4095, then a clear code. A cycle is prefixed
 * with `pad` pairs (space, clear) so that it fills whole bytes: the cycles are then identical bytes, which
 * deflate folds away.
 */
export function lzwSpaces(minSpaces: number): Buffer {
  for (let pad = 0; pad < 8; pad++) {
    const w = new LzwWriter();
    let out = pad + 1;
    for (let i = 0; i < pad; i++) [0x20, 256].forEach((c) => w.write(c, false));
    w.write(0x20, false);
    for (let len = 2; w.nextCode <= 4095; len++, out += len - 1) w.write(w.nextCode, true);
    w.write(256, false);
    if (w.bitLength % 8 !== 0) continue;
    const cycle = w.done();
    const eod = Buffer.from([0x80, 0x80]); // 257 in 9 bits, then padding
    return Buffer.concat([...Array.from({ length: Math.ceil(minSpaces / out) }, () => cycle), eod]);
  }
  throw new Error('no LZW cycle fills whole bytes');
}

export async function lzwBomb(spaces = GIB): Promise<Buffer> {
  return onePage('[/FlateDecode /LZWDecode]', zlib.deflateSync(lzwSpaces(spaces), { level: 9 }));
}

export async function brotliBomb(spaces = GIB): Promise<Buffer> {
  const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 };
  return onePage('/BrotliDecode', await compress(zlib.createBrotliCompress({ params }), spaces));
}

/**
 * A page of text in a TrueType font whose embedded program (FontFile2) is 1 GiB of spaces, deflated: pdfjs
 * reads the font to extract the text, and falls back to a standard font when a font fails to load.
 */
export async function fontBomb(spaces = GIB): Promise<Buffer> {
  const page = { dict: PAGE.dict.replace('/Resources << >>', '/Resources << /Font << /F1 5 0 R >> >>') };
  const text = { dict: '<< >>', stream: Buffer.from('BT /F1 12 Tf 72 720 Td (SecNumCloud) Tj ET', 'latin1') };
  const font = { dict: '<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 32 /Widths [250] /FontDescriptor 6 0 R >>' };
  const descriptor = { dict: '<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>' };
  const program = { dict: '<< /Filter /FlateDecode >>', stream: await deflateSpaces(spaces) };
  return pdf([CATALOG, { dict: PAGES }, page, text, font, descriptor, program]);
}

export const BOMBS = { flate: flateBomb, font: fontBomb, double: doubleFlateBomb, objstm: objectStreamBomb, lzw: lzwBomb, brotli: brotliBomb };
export type BombName = keyof typeof BOMBS;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? '.';
  for (const [name, make] of Object.entries(BOMBS)) {
    const bytes = await make();
    writeFileSync(join(dir, `${name}.pdf`), bytes);
    console.log(`${name}.pdf ${bytes.length} bytes`);
  }
}
