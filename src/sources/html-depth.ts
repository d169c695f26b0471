import { ParseBudgetError } from './budget.js';

// A linear scan of an HTML document's tags that bounds the depth of the tree an HTML5 parser would build from
// it, and its element count, without building it: parse5's tree construction and cheerio's queries cost O(depth)
// per node, so a page of 40,000 nested elements costs seconds and must be refused before `cheerio.load`. It keeps
// a stack of open elements with the HTML rules that pop them (end tags and their scopes, implied end tags,
// SVG/MathML); where the rules are too intricate (misnested formatting elements) it errs on the deep side.

const words = (s: string): Set<string> => new Set(s.split(' '));
const VOID = words('area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr');
// Their content is text up to their own end tag, never markup (in HTML; in SVG and MathML they are elements).
const RAW_TEXT = words('script style textarea title xmp iframe noembed noframes');
const INTEGRATION = words('foreignobject desc title mi mo mn ms mtext annotation-xml'); // HTML again inside them
// The HTML "special" elements (SVG and MathML integration points among them): an end tag for another element
// never closes past one.
const SPECIAL = new Set([
  ...words(
    'address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav noembed noframes noscript object ol p param plaintext pre script search section select source style summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp',
  ),
  ...INTEGRATION,
]);
const SCOPE = new Set([...words('applet caption html table td th marquee object template'), ...INTEGRATION]);
const BUTTON_SCOPE = new Set([...SCOPE, 'button']);
const LIST_SCOPE = new Set([...SCOPE, 'ol', 'ul']);
const TABLE_SCOPE = words('html table template');
const TABLE_PARTS = words('table caption colgroup tbody thead tfoot tr td th');
const TABLE_INSIDE = words('caption col colgroup tbody thead tfoot tr td th'); // ignored outside a table
const ITEM_STOP = new Set([...SPECIAL].filter((n) => !['address', 'div', 'p'].includes(n)));
// HTML start tags that end SVG or MathML content they appear in.
const BREAKOUT = words('b big blockquote body br center code dd div dl dt em embed font h1 h2 h3 h4 h5 h6 head hr i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var');
// Formatting elements come back ("reconstructed") after being closed by another element's end tag:
// `<p><b id=1></p><p><b id=2></p>…<p>x` nests every b. Open ones count as depth whether on the stack or not.
const FORMATTING = words('a b big code em font i nobr s small strike strong tt u');

/** What a start tag closes: the nearest `targets` element above the first `stop` one (undefined: the top only). */
type Closing = Array<[targets: Set<string>, stop?: Set<string>]>;
const CLOSE_P: Closing = [[words('p'), BUTTON_SCOPE]];
const CELL: Closing = [[words('td th'), TABLE_SCOPE]];
const CLOSES: Map<string, Closing> = new Map([
  ['li', [[words('li'), ITEM_STOP], ...CLOSE_P]],
  ...['dd', 'dt'].map((n): [string, Closing] => [n, [[words('dd dt'), ITEM_STOP], ...CLOSE_P]]),
  ...['td', 'th'].map((n): [string, Closing] => [n, CELL]),
  ['tr', [...CELL, [words('tr'), TABLE_SCOPE]]],
  ...['tbody', 'thead', 'tfoot'].map((n): [string, Closing] => [n, [...CELL, [words('tr caption colgroup'), TABLE_SCOPE], [words('tbody thead tfoot'), TABLE_SCOPE]]]),
  ['option', [[words('option')]]],
  ['optgroup', [[words('option optgroup')]]],
  ['body', [[words('head')]]],
  ...['rb', 'rt', 'rtc', 'rp'].map((n): [string, Closing] => [n, [[words('rb rt rtc rp')]]]),
  ...'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header hgroup main menu nav ol p pre listing search section summary ul'
    .split(' ')
    .map((n): [string, Closing] => [n, CLOSE_P]),
  // A table directly in a table (not in a cell or caption) ends the first one.
  ['table', [...CLOSE_P, [words('table'), words('td th caption html template')]]],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((n): [string, Closing] => [n, [...CLOSE_P, [words('h1 h2 h3 h4 h5 h6')]]]),
]);

/** Where an end tag stops looking for its element. */
function endTagStop(name: string): Set<string> {
  if (TABLE_PARTS.has(name)) return TABLE_SCOPE;
  if (name === 'li') return LIST_SCOPE;
  if (name === 'p') return BUTTON_SCOPE;
  // An integration point's name is special only in SVG/MathML: as an HTML element it is "any other" element.
  return SPECIAL.has(name) && !INTEGRATION.has(name) ? SCOPE : SPECIAL;
}

/**
 * What one element costs in cheerio's tree with the text after it: measured on cheerio 1.2, a page of a million
 * `<p>a</p>` (8 MB) holds 1.1 GB. A page may have maxDecodedBytes / NODE_BYTES elements, so that its tree stays
 * within about maxDecodedBytes (200 MB and ~195,000 elements by default; a real page has a few thousand).
 */
export const NODE_BYTES = 1024;

const NAME = /[^\s/>]*/y;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;

/**
 * The tag whose name starts at `from` (after `<` or `</`): its lower-case name, the index after its `>`, and
 * whether it ends with `/>` outside an attribute value (`<a href=x/>` is not self-closing: the slash is the value's).
 */
function readTag(html: string, from: number): { name: string; end: number; selfClosing: boolean } {
  NAME.lastIndex = from;
  const name = NAME.exec(html)![0].toLowerCase();
  let state: 'names' | 'equals' | 'unquoted' | 'quoted' = 'names';
  let quote = 0;
  let slash = false;
  for (let i = from + name.length; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if (state === 'quoted') {
      if (c === quote) state = 'names';
    } else if (c === 0x3e /* > */) {
      return { name, end: i + 1, selfClosing: state === 'names' && slash };
    } else if (state === 'unquoted') {
      if (isSpace(c)) state = 'names';
    } else if (state === 'equals') {
      if (c === 0x22 || c === 0x27) [state, quote] = ['quoted', c];
      else if (!isSpace(c)) state = 'unquoted';
    } else if (c === 0x3d /* = */) {
      state = 'equals';
    }
    slash = c === 0x2f; /* / */
  }
  return { name, end: html.length, selfClosing: false };
}

const rawTextEnds = new Map<string, RegExp>();
/** Index after the end tag that closes raw-text element `name`, or the end of the document. */
function skipRawText(html: string, name: string, from: number): number {
  const re = rawTextEnds.get(name) ?? new RegExp(`</${name}[\\s/>]`, 'gi');
  rawTextEnds.set(name, re);
  re.lastIndex = from;
  const m = re.exec(html);
  return m ? html.indexOf('>', m.index) + 1 || html.length : html.length;
}

const isLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);

/**
 * Throws ParseBudgetError when the tree an HTML parser would build from `html` may nest deeper than `maxDepth`
 * or hold more than `maxNodes` elements and comments. Linear in the length of `html`: every character is read
 * a bounded number of times, and the stack of open elements never holds more than `maxDepth` names.
 */
export function checkHtmlTree(html: string, maxDepth: number, maxNodes: number): void {
  const stack: string[] = [];
  const foreign: boolean[] = []; // stack[k] is an SVG or MathML element
  const formatting = new Map<string, number>();
  let formattingOpen = 0;
  let nodes = 0;
  let bangClose = -2; // next `--!>` (which also ends a comment); -1: none left; -2: not looked for yet
  const popTo = (k: number): void => {
    stack.length = k;
    foreign.length = k;
  };
  const inTable = (): boolean => {
    for (let k = stack.length - 1; k >= 0; k--) if (stack[k] === 'table' || stack[k] === 'template') return true;
    return false;
  };
  const inForeign = (): boolean => foreign[stack.length - 1] === true && !INTEGRATION.has(stack[stack.length - 1]!);
  /** Pops the nearest `targets` element, unless a `stop` element comes first; undefined `stop`: the top only. */
  const close = (targets: Set<string> | string, stop?: Set<string>): void => {
    for (let k = stack.length - 1; k >= 0 && (stop || k === stack.length - 1); k--) {
      if (typeof targets === 'string' ? stack[k] === targets : targets.has(stack[k]!)) return popTo(k);
      if (stop?.has(stack[k]!)) return;
    }
  };
  for (let i = html.indexOf('<'); i !== -1 && i < html.length; i = html.indexOf('<', i)) {
    const c = html.charCodeAt(i + 1);
    if ((c === 0x21 || isLetter(c)) && ++nodes > maxNodes) {
      throw new ParseBudgetError(`the page has more than ${maxNodes} elements, over the parse budget`);
    }
    if (html.startsWith('<!--', i)) {
      if (bangClose !== -1 && bangClose < i + 2) bangClose = html.indexOf('--!>', i + 2);
      const dashes = html.indexOf('-->', i + 2); // from i + 2: `<!-->` and `<!--->` are whole comments
      const ends = [dashes === -1 ? Infinity : dashes + 3, bangClose === -1 ? Infinity : bangClose + 4];
      i = Math.min(html.length, ...ends);
    } else if (c === 0x21 /* ! */ || c === 0x3f /* ? */) {
      i = html.indexOf('>', i) + 1 || html.length;
    } else if (c === 0x2f /* / */ && isLetter(html.charCodeAt(i + 2))) {
      const { name, end } = readTag(html, i + 2);
      i = end;
      if ((formatting.get(name) ?? 0) > 0) {
        formatting.set(name, formatting.get(name)! - 1);
        formattingOpen--;
      }
      // `</p>` and `</br>` end SVG or MathML content, like the HTML start tags of BREAKOUT.
      if ((name === 'p' || name === 'br') && inForeign()) while (inForeign()) popTo(stack.length - 1);
      if (name === 'form') {
        // The form is taken out of the stack but what was opened inside it stays open, and in it in the tree.
        const k = stack.lastIndexOf('form');
        if (k !== -1 && !stack.slice(k + 1).some((n) => SCOPE.has(n))) stack[k] = '#closed-form';
      } else {
        close(name, endTagStop(name));
      }
    } else if (isLetter(c)) {
      const { name, end, selfClosing } = readTag(html, i + 1);
      i = end;
      if (inForeign() && BREAKOUT.has(name)) while (inForeign()) popTo(stack.length - 1);
      const isForeign = inForeign() || name === 'svg' || name === 'math';
      if (!isForeign && TABLE_INSIDE.has(name) && !inTable()) continue; // `<td>` out of a table is dropped
      if (!isForeign) {
        for (const [targets, stop] of CLOSES.get(name) ?? []) close(targets, stop);
        if (name === 'plaintext') return; // the rest of the document is text
        if (FORMATTING.has(name)) {
          // A second <a> or <nobr> closes the first; other formatting elements pile up.
          const open = formatting.get(name) ?? 0;
          const next = name === 'a' || name === 'nobr' ? 1 : open + 1;
          formatting.set(name, next);
          formattingOpen += next - open;
        }
      }
      // `<x/>` is an empty element in SVG and MathML only: in HTML the slash is ignored and `<div/>` opens a div.
      const push = (n: string): void => {
        stack.push(n);
        foreign.push(isForeign);
      };
      // A row or cell straight in a table gets the tbody (and row) the parser inserts.
      if (!isForeign && /^(tr|td|th)$/.test(name) && stack[stack.length - 1] === 'table') push('tbody');
      if (!isForeign && /^(td|th)$/.test(name) && /^(tbody|thead|tfoot)$/.test(stack[stack.length - 1]!)) push('tr');
      if (isForeign ? !selfClosing : !VOID.has(name)) push(name);
      if (!isForeign && name === 'template') push('#content'); // its content is a fragment under it: one level more
      if (stack.length + formattingOpen > maxDepth) throw new ParseBudgetError(`the page nests elements more than ${maxDepth} levels deep`);
      if (!isForeign && RAW_TEXT.has(name)) {
        i = skipRawText(html, name, i);
        popTo(stack.length - 1);
      }
    } else {
      i++; // a `<` that opens no tag is text
    }
  }
}
