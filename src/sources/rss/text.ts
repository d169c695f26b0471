import { decodeHtmlEntities } from './entities.js';

/**
 * Blocks whose content is never text a reader sees (unclosed: to the end, as browsers do). Every pattern
 * here stops at the next `<` or consumes to the end, so hostile markup costs linear time.
 */
const INVISIBLE = /<(script|style|noscript|template)\b[^<>]*>[\s\S]*?(?:<\/\1\s*>|$)|<!--[\s\S]*?(?:-->|$)/gi;
/** Tags that separate words: removing them must leave a space. */
const BLOCK_TAG = /<\/?(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|img|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)\b[^<>]*>/gi;
/** Anything else that looks like a tag: a letter after `<` or `</`, so "a < b" survives. */
const ANY_TAG = /<\/?[A-Za-z][^<>]*>|<!\[CDATA\[|\]\]>/g;
/** Inline markup that turns up in titles (Atom `type="html"`, careless CMSs); other `<…>` stays as written. */
const INLINE_TAG = /<\/?(?:a|abbr|b|big|cite|code|em|font|i|mark|q|s|small|span|strong|sub|sup|u)\b[^<>]*>/gi;

/**
 * Markup read for a title or a summary: far more than the 500 visible characters a summary keeps, and a bound
 * on the work, so a description of 40 MB costs what 100 KB does (the regexps below and the code point split
 * in truncateAtWord ran over all of it: 10 s and 700 MB for 20 MB).
 */
export const MARKUP_READ_MAX = 100_000;

/** At most `max` code units of markup, without the tag, reference or surrogate pair a cut left unfinished. */
export function headOfMarkup(s: string, max: number = MARKUP_READ_MAX): string {
  return s.length <= max ? s : s.slice(0, max).replace(/(?:<[^<>]*|&#?\w*|[\uD800-\uDBFF])$/, '');
}

/** Every run of whitespace (line breaks and no-break spaces included) becomes one space; ends trimmed. */
export function foldWhitespace(s: string): string {
  // A single space before a non-space is left as it is: replacing it with itself cost ten times the rest.
  return s.replace(/(?! \S)\s+/gu, ' ').trim();
}

/** Text of an HTML fragment: scripts and comments dropped, tags removed, references decoded, spaces folded. */
export function htmlToText(html: string): string {
  const bare = html.replace(INVISIBLE, ' ').replace(BLOCK_TAG, ' ').replace(ANY_TAG, '');
  return foldWhitespace(decodeHtmlEntities(bare));
}

/** A title as plain text: inline markup removed, references decoded (double-escaped feeds), spaces folded. */
export function titleText(raw: string): string {
  return foldWhitespace(decodeHtmlEntities(raw.replace(/<br\s*\/?>/gi, ' ').replace(INLINE_TAG, '')));
}

/**
 * At most `max` characters (plus the ellipsis), cut at the last word boundary before the limit when
 * one is not too far back, with trailing punctuation dropped and '…' appended. Shorter text is returned as is.
 */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  // Code points, never cutting a surrogate pair in half; `max` of them lie within the first 2 × max code units.
  const chars = Array.from(text.slice(0, 2 * max + 2));
  if (chars.length <= max) return text;
  let cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  if (space >= max * 0.6) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:.!?…\-–—]+$/u, '')}…`;
}
