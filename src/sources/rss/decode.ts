import { TextDecoder } from 'node:util';
import { repairWindows1252 } from './windows-1252.js';

/** How the bytes of a feed were read, and from what evidence. */
export interface DecodedText {
  text: string;
  /** The WHATWG name of the encoding used (`utf-8`, `windows-1252`, `utf-16le`…). */
  encoding: string;
  via: 'bom' | 'utf-16 pattern' | 'content-type' | 'xml declaration' | 'default' | 'sniffed';
}

const DECLARATION = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/;
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]+))/i;

function bom(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** `<` then a character, each as two bytes with a zero half: UTF-16 with no BOM (XML 1.0, appendix F). */
function utf16Pattern(b: Uint8Array): string | undefined {
  if (b.length < 4) return undefined;
  if (b[0] === 0x3c && b[1] === 0 && b[2] !== 0 && b[3] === 0) return 'utf-16le';
  if (b[0] === 0 && b[1] === 0x3c && b[2] === 0 && b[3] !== 0) return 'utf-16be';
  return undefined;
}

/**
 * More invalid UTF-8 bytes than well-formed multi-byte sequences: a legacy 8-bit feed that declares
 * nothing. A UTF-8 feed with a stray byte or two stays UTF-8.
 */
function looksLegacy8bit(b: Uint8Array): boolean {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < b.length; ) {
    const lead = b[i]!;
    if (lead < 0x80) { i++; continue; }
    const len = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= b.length;
    for (let k = 1; ok && k < len; k++) ok = ((b[i + k] ?? 0) & 0xc0) === 0x80;
    if (ok) { valid++; i += len; } else { invalid++; i++; }
  }
  return invalid > valid;
}

/** A label as it goes into a one-line warning: quoted, escaped, bounded. */
const quote = (label: string): string => JSON.stringify(label.slice(0, 40));

/** A decoder for a WHATWG label, or undefined when the label is unknown (TextDecoder throws RangeError). */
function decoderFor(label: string): TextDecoder | undefined {
  try {
    return new TextDecoder(label.trim()); // never `fatal`: a stray byte must not lose the feed
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/**
 * Decodes a feed's bytes into text. The evidence, in order: a byte order mark; bytes that can only be
 * UTF-16 (`<\0?\0`, which no ASCII-compatible charset can produce, so it outranks the header); the
 * `charset` of the HTTP Content-Type; the XML declaration's `encoding` (a UTF-16 label there is ignored,
 * since the declaration was just read as ASCII); else UTF-8, or windows-1252 when the bytes are clearly
 * not UTF-8. Unknown labels are skipped and reported through `warn`, once per call.
 * Malformed bytes become U+FFFD; the BOM character is removed.
 */
export function decodeFeedBytes(
  bytes: Uint8Array,
  contentType?: string,
  warn?: (msg: string) => void,
): DecodedText {
  const unknown: string[] = [];
  const pick = (): { decoder: TextDecoder; via: DecodedText['via'] } => {
    const fromBytes = bom(bytes) ?? utf16Pattern(bytes);
    if (fromBytes) return { decoder: new TextDecoder(fromBytes), via: bom(bytes) ? 'bom' : 'utf-16 pattern' };
    const header = contentType?.match(CHARSET);
    const headerLabel = header?.[1] ?? header?.[2];
    if (headerLabel) {
      const d = decoderFor(headerLabel);
      if (d) return { decoder: d, via: 'content-type' };
      unknown.push(`${quote(headerLabel)} (Content-Type)`);
    }
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
    const declared = head.match(DECLARATION)?.[2];
    if (declared) {
      const d = decoderFor(declared);
      if (d && !d.encoding.startsWith('utf-16')) return { decoder: d, via: 'xml declaration' };
      if (!d) unknown.push(`${quote(declared)} (XML declaration)`);
      return { decoder: new TextDecoder('utf-8'), via: 'default' };
    }
    if (unknown.length === 0 && looksLegacy8bit(bytes)) {
      warn?.('the feed declares no charset and is not UTF-8: read as windows-1252');
      return { decoder: new TextDecoder('windows-1252'), via: 'sniffed' };
    }
    return { decoder: new TextDecoder('utf-8'), via: 'default' };
  };
  const { decoder, via } = pick();
  if (unknown.length > 0) warn?.(`unknown charset ${unknown.join(' and ')}: read as ${decoder.encoding}`);
  const decoded = decoder.decode(bytes);
  const text = decoder.encoding === 'windows-1252' ? repairWindows1252(decoded) : decoded;
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: decoder.encoding, via };
}
