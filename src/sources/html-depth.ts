import { ParseBudgetError } from './budget.js';

// A linear scan of an HTML document's tags that bounds the depth of the tree an HTML5 parser would build from
// it, without building it: parse5's tree construction and cheerio's queries cost O(depth) per node, so a page
// of 40,000 nested elements costs seconds, and it must be refused before `cheerio.load`. The estimate errs on
// the deep side where the HTML rules are too intricate to follow (misnested tags, formatting elements).

const VOID = new Set('area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr'.split(' '));
// Their content is text up to their own end tag, never markup.
const RAW_TEXT = new Set('script style textarea title xmp iframe noembed noframes'.split(' '));
// An end tag does not close an element past one of these (the HTML "default scope").
const SCOPE = new Set('applet caption html table td th marquee object template'.split(' '));
// Formatting elements come back (are "reconstructed") after being closed by another element's end tag:
// `<p><b id=1></p><p><b id=2></p>…<p>x` nests every b. Open ones count as depth even off the stack.
const FORMATTING = new Set('a b big code em font i nobr s small strike strong tt u'.split(' '));
const CLOSES_P = 'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header hgroup main menu nav ol p pre listing search section summary table ul h1 h2 h3 h4 h5 h6';
const TABLE_PARTS = ['td', 'th', 'tr', 'tbody', 'thead', 'tfoot', 'caption', 'colgroup'];
// Start tags that end open elements without an end tag: what a `<li>`, a `<td>` or a `<div>` closes when it
// is the open element (`<li>a<li>b`, `<p>text<div>`). Only the top of the stack is closed: deeper, the rules
// depend on what lies between, and keeping it open errs on the deep side.
const IMPLIED: Map<string, Set<string>> = new Map([
  ['li', new Set(['li', 'p'])],
  ['dd', new Set(['dd', 'dt', 'p'])],
  ['dt', new Set(['dd', 'dt', 'p'])],
  ['tr', new Set(['td', 'th', 'tr'])],
  ['td', new Set(['td', 'th'])],
  ['th', new Set(['td', 'th'])],
  ['tbody', new Set(TABLE_PARTS)],
  ['thead', new Set(TABLE_PARTS)],
  ['tfoot', new Set(TABLE_PARTS)],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['option', 'optgroup'])],
  ['body', new Set(['head'])],
  ...['rb', 'rt', 'rtc', 'rp'].map((n): [string, Set<string>] => [n, new Set(['rb', 'rt', 'rtc', 'rp'])]),
  ...CLOSES_P.split(' ').map((n): [string, Set<string>] => [n, new Set(/^h\d$/.test(n) ? ['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'] : ['p'])]),
]);

const NAME = /[^\s/>]*/y;

/**
 * What one element costs in cheerio's tree with the text after it: measured on cheerio 1.2, a page of a million
 * `<p>a</p>` (8 MB) holds 1.1 GB. A page may have maxDecodedBytes / NODE_BYTES elements, so that its tree stays
 * within about maxDecodedBytes (200 MB and ~200,000 elements by default; a real page has a few thousand).
 */
export const NODE_BYTES = 1024;

interface Tag {
  name: string;
  end: number;
  selfClosing: boolean;
}

/** The tag whose name starts at `from` (just after `<` or `</`): its lower-case name and the index after its `>`. */
function readTag(html: string, from: number): Tag {
  NAME.lastIndex = from;
  const name = NAME.exec(html)![0].toLowerCase();
  let i = from + name.length;
  let quote = 0;
  let afterEquals = false;
  for (; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x3e /* > */) {
      return { name, end: i + 1, selfClosing: html.charCodeAt(i - 1) === 0x2f /* / */ };
    } else if ((c === 0x22 || c === 0x27) && afterEquals) {
      quote = c; // a quote opens a value only right after `=`, as the HTML tokenizer reads it
    } else if (c === 0x3d /* = */) {
      afterEquals = true;
      continue;
    }
    if (c > 0x20) afterEquals = false;
  }
  return { name, end: html.length, selfClosing: false };
}

/** Index just after `</name` … `>` closing a raw-text element, or the end of the document. */
function skipRawText(html: string, name: string, from: number): number {
  const re = new RegExp(`</${name}[\\s/>]`, 'gi');
  re.lastIndex = from;
  const m = re.exec(html);
  return m ? html.indexOf('>', m.index) + 1 || html.length : html.length;
}

const isLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);

/**
 * Throws ParseBudgetError when the tree an HTML parser would build from `html` may nest deeper than `maxDepth`
 * or hold more than `maxNodes` elements and comments. Linear in the length of `html`: every character is
 * looked at a bounded number of times, and the stack of open elements never holds more than `maxDepth` names.
 */
export function checkHtmlTree(html: string, maxDepth: number, maxNodes: number): void {
  let nodes = 0;
  const stack: string[] = [];
  const formatting = new Map<string, number>();
  let offStack = 0; // open formatting elements: counted once more, whether on the stack or not
  let foreign = 0; // open <svg>/<math>, where `<x/>` is an empty element (in HTML it opens one)
  const pop = (to: number): void => {
    while (stack.length > to) {
      const name = stack.pop();
      if (name === 'svg' || name === 'math') foreign--;
    }
  };
  const tooDeep = (): boolean => stack.length + offStack > maxDepth;
  for (let i = html.indexOf('<'); i !== -1 && i < html.length; i = html.indexOf('<', i)) {
    const c = html.charCodeAt(i + 1);
    if ((c === 0x21 || isLetter(c)) && ++nodes > maxNodes) {
      throw new ParseBudgetError(`the page has more than ${maxNodes} elements, over the parse budget`);
    }
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      i = close === -1 ? html.length : close + 3;
    } else if (c === 0x21 /* ! */ || c === 0x3f /* ? */) {
      i = html.indexOf('>', i) + 1 || html.length;
    } else if (c === 0x2f /* / */ && isLetter(html.charCodeAt(i + 2))) {
      const tag = readTag(html, i + 2);
      i = tag.end;
      if (FORMATTING.has(tag.name) && (formatting.get(tag.name) ?? 0) > 0) {
        formatting.set(tag.name, formatting.get(tag.name)! - 1);
        offStack--;
      }
      for (let k = stack.length - 1; k >= 0; k--) {
        const open = stack[k]!;
        if (open === tag.name) pop(k);
        if (open === tag.name || SCOPE.has(open)) break;
      }
    } else if (isLetter(c)) {
      const tag = readTag(html, i + 1);
      i = tag.end;
      const closes = IMPLIED.get(tag.name);
      if (closes) while (stack.length > 0 && closes.has(stack[stack.length - 1]!)) pop(stack.length - 1);
      if (FORMATTING.has(tag.name)) {
        // A second <a> or <nobr> closes the first; other formatting elements pile up.
        const open = formatting.get(tag.name) ?? 0;
        const next = tag.name === 'a' || tag.name === 'nobr' ? 1 : open + 1;
        formatting.set(tag.name, next);
        offStack += next - open;
      }
      if (tag.name === 'plaintext') break; // the rest of the document is text
      if (!VOID.has(tag.name) && !(tag.selfClosing && foreign > 0)) {
        stack.push(tag.name);
        if (tag.name === 'svg' || tag.name === 'math') foreign++;
      }
      if (tooDeep()) throw new ParseBudgetError(`the page nests elements more than ${maxDepth} levels deep`);
      if (RAW_TEXT.has(tag.name) && stack[stack.length - 1] === tag.name) {
        i = skipRawText(html, tag.name, i);
        stack.pop();
      }
    } else {
      i++; // a `<` that opens no tag is text
    }
  }
}
