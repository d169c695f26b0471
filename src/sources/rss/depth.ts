/**
 * The element nesting and count of an XML text, measured by a linear scan that builds nothing, so that a
 * document nested 20,000 levels deep, or made of a million empty items, is refused before sax and xml2js
 * build a tree of it. Comments, CDATA
 * sections, processing instructions and declarations (a DOCTYPE with its internal subset) hold no elements;
 * quoted attribute values may hold `>`. Each character is looked at a bounded number of times, whatever the
 * input. Malformed markup is not judged here: the XML parser refuses it later.
 */

/** Where the construct that starts at `i` (a `<`) ends, just past its closing delimiter, or -1 if it never does. */
function skipTo(text: string, i: number, open: string, close: string): number | undefined {
  if (!text.startsWith(open, i)) return undefined;
  const end = text.indexOf(close, i + open.length);
  return end === -1 ? -1 : end + close.length;
}

/** Past the `>` of a declaration such as `<!DOCTYPE … [ … ]>`, whose internal subset may hold `>`. */
function skipDeclaration(text: string, i: number): number {
  for (let j = i + 2; j < text.length; j++) {
    const c = text[j];
    if (c === '>') return j + 1;
    if (c === '[') {
      const close = text.indexOf(']', j + 1);
      if (close === -1) return -1;
      j = close;
    }
  }
  return -1;
}

/** Past the `>` of a start tag, skipping quoted attribute values; -1 when the tag never ends. */
function skipTag(text: string, i: number): { end: number; selfClosing: boolean } {
  let quote = '';
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return { end: j + 1, selfClosing: text[j - 1] === '/' };
  }
  return { end: -1, selfClosing: false };
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;

/**
 * Most elements a feed may have. Real feeds have a few thousand (the corpus's podcast of 730 episodes, 11,000);
 * 7 MB of `<item/>` would be a million items, 9 s and 450 MB to build, and the fetch cap allows 50 MB.
 */
export const MAX_FEED_ELEMENTS = 250_000;

/**
 * What in `text` is over budget: an element more than `maxDepth` levels deep (the root is level 1), or more
 * than `maxElements` elements; undefined when neither. Stops at the first excess, so a bomb costs no more
 * than the text before it.
 */
export function markupOverBudget(text: string, maxDepth: number, maxElements: number = MAX_FEED_ELEMENTS): 'depth' | 'elements' | undefined {
  let depth = 0;
  let elements = 0;
  let i = text.indexOf('<');
  while (i !== -1 && i < text.length) {
    let next: number | undefined =
      skipTo(text, i, '<!--', '-->') ?? skipTo(text, i, '<![CDATA[', ']]>') ?? skipTo(text, i, '<?', '?>');
    if (next === undefined && text[i + 1] === '!') next = skipDeclaration(text, i);
    if (next === undefined && text[i + 1] === '/') {
      depth = Math.max(0, depth - 1);
      next = text.indexOf('>', i + 2);
      if (next !== -1) next += 1;
    }
    if (next === undefined && NAME_START.test(text[i + 1] ?? '')) {
      const tag = skipTag(text, i);
      if (tag.end !== -1 && ++elements > maxElements) return 'elements';
      if (tag.end !== -1 && !tag.selfClosing && ++depth > maxDepth) return 'depth';
      next = tag.end;
    }
    if (next === -1) return undefined; // unterminated: the XML parser will say where
    i = text.indexOf('<', next ?? i + 1);
  }
  return undefined;
}
