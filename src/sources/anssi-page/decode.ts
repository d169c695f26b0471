import { PageFormatError } from './errors.js';

const UTF8 = 'utf-8';

/** The label of a BOM at the start of `bytes`, if there is one. */
function bomCharset(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return UTF8;
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  return undefined;
}

const CHARSET_PARAM = /charset\s*=\s*["']?\s*([\w.:+-]+)/i;
// `<meta charset="…">` and `<meta http-equiv="Content-Type" content="text/html; charset=…">` alike.
const META_CHARSET = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:+-]+)/i;

/** A label TextDecoder knows, or undefined. */
function known(label: string | undefined): string | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined; // an unknown label is ignored, as browsers do
  }
}

/**
 * The charset of an HTML body: its BOM, else the Content-Type's `charset`, else a `<meta>` in the first
 * 4 KiB, else UTF-8. A `<meta>` claiming UTF-16 cannot be right (it was read as ASCII) and means UTF-8.
 */
export function sniffCharset(bytes: Uint8Array, contentType?: string): string {
  const fromBom = bomCharset(bytes);
  if (fromBom) return fromBom;
  const fromHeader = known(contentType?.match(CHARSET_PARAM)?.[1]);
  if (fromHeader) return fromHeader;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const fromMeta = known(head.match(META_CHARSET)?.[1]);
  return fromMeta && !fromMeta.startsWith('utf-16') ? fromMeta : UTF8;
}

const HTML_START = /<(?:!doctype\s+html|html|head|body)[\s>]/i;
// C0 controls other than tab, line feed, form feed and carriage return never occur in a web page.
const BINARY = /[\u0000-\u0008\u000b\u000e-\u001f]/;

/**
 * Decodes an HTML body, or throws PageFormatError (one line) when it is not HTML at all:
 * empty, a PDF, binary data, or text with no `<html>`, `<head>`, `<body>` or doctype.
 */
export function decodeHtml(bytes: Uint8Array, contentType?: string): string {
  const text = new TextDecoder(sniffCharset(bytes, contentType)).decode(bytes);
  const start = text.trimStart();
  const typeNote = contentType ? ` (content type ${contentType.split(';')[0]!.trim()})` : '';
  if (start === '') throw new PageFormatError(`empty body${typeNote}: not an HTML page`);
  if (start.startsWith('%PDF-')) throw new PageFormatError(`a PDF document${typeNote}, not an HTML page`);
  if (BINARY.test(start.slice(0, 4096))) throw new PageFormatError(`binary data${typeNote}, not an HTML page`);
  if (!HTML_START.test(start.slice(0, 65_536))) {
    const opening = start.slice(0, 40).replace(/\s+/g, ' ');
    throw new PageFormatError(`not an HTML page${typeNote}: it starts with "${opening}"`);
  }
  return text;
}
