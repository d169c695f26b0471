/**
 * Bytes 0x80–0x9F of windows-1252 (WHATWG index), the only range where it differs from ISO-8859-1.
 * 0x81, 0x8D, 0x8F, 0x90 and 0x9D map to themselves. The HTML rules for numeric references `&#128;`
 * to `&#159;` use the same table.
 */
const C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** The character windows-1252 gives byte (or HTML gives reference) 0x80–0x9F; other values unchanged. */
export function windows1252C1(codePoint: number): number {
  return codePoint >= 0x80 && codePoint <= 0x9f ? C1.charCodeAt(codePoint - 0x80) : codePoint;
}

/**
 * Repairs text that a windows-1252 TextDecoder produced. Node 20.18.3+ and 22.13+ decode windows-1252
 * (and its labels latin1, iso-8859-1, ascii) as ISO-8859-1, so `’` (0x92) and `€` (0x80) come out as
 * C1 control characters (nodejs/node#56542, #60888). A no-op once the decoder is right: correct
 * output has no C1 characters but the five that map to themselves.
 */
export function repairWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(windows1252C1(c.charCodeAt(0))));
}
