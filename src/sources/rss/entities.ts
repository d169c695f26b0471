import { HTML_ENTITIES, XML_ENTITY_NAMES } from './entity-table.js';
import { windows1252C1 } from './windows-1252.js';

/** A CDATA section or a comment (left alone, even unterminated), or an `&` with the reference it may start. */
const XML_SCAN = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|&(?:#([0-9]+);|#[xX]([0-9a-fA-F]+);|([A-Za-z][A-Za-z0-9]*);)?/g;
const HTML_REF = /&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));/g;

/** A character XML 1.0 allows (its `Char` production): tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. */
function isXmlChar(n: number): boolean {
  return n === 0x9 || n === 0xa || n === 0xd || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff);
}

/**
 * The character a numeric reference stands for, as browsers read it: 0x80–0x9F are windows-1252
 * (`&#146;` is a right quote in old feeds), and what XML does not allow (NUL and the other C0 controls but
 * tab, LF and CR, surrogates, U+FFFE, U+FFFF, beyond U+10FFFF) becomes U+FFFD rather than an error that
 * would lose the whole feed.
 */
function codePointOf(dec: string | undefined, hex: string | undefined): number {
  const n = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
  if (!Number.isFinite(n) || !isXmlChar(n)) return 0xfffd;
  return windows1252C1(n);
}

/** Raw characters XML does not allow (C0 controls but tab, LF, CR; U+FFFE, U+FFFF; lone surrogates). */
const RAW_NON_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Every raw character outside XML's `Char` production as U+FFFD, as for references: sax lets some through
 * (a title read "a\u001fb") and refuses others, and neither must reach a reader or lose the feed.
 */
export function replaceNonXmlChars(text: string): string {
  return text.replace(RAW_NON_XML, '\uFFFD');
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
