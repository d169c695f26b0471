import { HTML_ENTITIES, XML_ENTITY_NAMES } from './entity-table.js';
import { windows1252C1 } from './windows-1252.js';

/** A CDATA section or a comment (left alone, even unterminated), or an `&` with the reference it may start. */
const XML_SCAN = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|&(?:#([0-9]+);|#[xX]([0-9a-fA-F]+);|([A-Za-z][A-Za-z0-9]*);)?/g;
const HTML_REF = /&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));/g;

/**
 * The character a numeric reference stands for, as browsers read it: 0x80–0x9F are windows-1252
 * (`&#146;` is a right quote in old feeds), and what is no character (0, surrogates, beyond U+10FFFF)
 * becomes U+FFFD rather than an error that would lose the whole feed.
 */
function codePointOf(dec: string | undefined, hex: string | undefined): number {
  const n = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
  if (!Number.isFinite(n) || n <= 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return 0xfffd;
  return windows1252C1(n);
}

/**
 * Makes a feed's text acceptable to a strict XML parser without changing what it says: HTML named
 * references (`&eacute;`, `&nbsp;`, `&rsquo;`…) become numeric ones, XML's five stay as they are,
 * unknown names and bare ampersands (`AT&T`, unescaped query strings) become `&amp;` so they read
 * literally. CDATA sections and comments are copied untouched: a `&` in them is already literal.
 */
export function toXmlSafeReferences(xml: string): string {
  return xml.replace(XML_SCAN, (match, dec?: string, hex?: string, name?: string) => {
    if (match.startsWith('<')) return match;
    if (dec !== undefined || hex !== undefined) return `&#${codePointOf(dec, hex)};`;
    if (name === undefined) return '&amp;';
    if (XML_ENTITY_NAMES.has(name)) return match;
    const chars = HTML_ENTITIES.get(name);
    return chars === undefined ? `&amp;${name};` : `&#${chars.codePointAt(0)};`;
  });
}

/**
 * Decodes the character references of HTML text (what a description's markup or a double-escaped title
 * holds once XML is parsed). Unknown names are left as written.
 */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(HTML_REF, (match, dec?: string, hex?: string, name?: string) => {
    if (name === undefined) return String.fromCodePoint(codePointOf(dec, hex));
    return HTML_ENTITIES.get(name) ?? match;
  });
}
