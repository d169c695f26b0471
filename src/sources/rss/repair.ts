import { parseFeedDate } from './dates.js';
import { textOf } from './normalize.js';

/** A parsed XML tree as xml2js builds it (explicitArray: every child element is an array of values). */
type Tree = Record<string, unknown>;

const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * rss-parser reads `link.$.rel` of every Atom link: a `<link>` without attributes (its text, or '' when
 * empty) would be a TypeError that loses the whole feed. Such a link gets its text as `href`.
 */
function repairLinks(node: Tree): void {
  const links = node.link;
  if (!Array.isArray(links)) return;
  node.link = links.map((l: unknown) => {
    if (typeof l === 'string') return { $: { href: l.trim() } };
    if (isTree(l) && !isTree(l.$)) return { ...l, $: { href: textOf(l).trim() } };
    return l;
  });
}

/** rss-parser turns `published`/`updated` into ISO strings with `new Date()`: a RangeError when unreadable. */
function repairDates(entry: Tree): void {
  for (const field of ['published', 'updated']) {
    const values = entry[field];
    if (Array.isArray(values)) entry[field] = values.map((v: unknown) => parseFeedDate(textOf(v)) ?? '');
  }
}

/**
 * Repairs, in place, what rss-parser trusts and real Atom feeds break: links without attributes and dates
 * `new Date()` cannot read (which become '', which rss-parser skips). Done on the finished tree rather than
 * by an xml2js `validator`, which rebuilds the element's whole path at every closing tag (O(depth²)).
 */
export function repairAtomTree(result: unknown): void {
  const feed = isTree(result) ? result.feed : undefined;
  if (!isTree(feed)) return;
  repairLinks(feed);
  const entries = Array.isArray(feed.entry) ? feed.entry : [];
  for (const entry of entries) {
    if (!isTree(entry)) continue;
    repairLinks(entry);
    repairDates(entry);
  }
}

type ParseCallback = (err: unknown, result?: unknown) => void;
interface XmlParser { parseString(xml: string, cb: ParseCallback): unknown }

/**
 * Runs `repair` on the tree xml2js builds, before rss-parser reads it: rss-parser 3.13 parses with its
 * `xmlParser` (an xml2js Parser) and offers no hook between the two. Throws (a plain Error: a bug of ours,
 * caught by the tests) if an upgrade of rss-parser removes that field.
 */
export function repairBeforeBuild(parser: object, repair: (tree: unknown) => void): void {
  const xml = (parser as { xmlParser?: Partial<XmlParser> }).xmlParser;
  if (typeof xml?.parseString !== 'function') throw new Error('rss-parser has no xmlParser.parseString to hook');
  const parse = xml.parseString.bind(xml);
  xml.parseString = (text: string, cb: ParseCallback) =>
    parse(text, (err, result) => {
      if (!err) repair(result);
      cb(err, result);
    });
}
