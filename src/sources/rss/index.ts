import Parser from 'rss-parser';
import type { NewsItem } from '../../core/news.js';
import { DEFAULT_PARSE_BUDGET, ParseBudgetError, type ParseBudget } from '../budget.js';
import { SourceFormatError } from '../errors.js';
import { decodeFeedBytes } from './decode.js';
import { MAX_FEED_ELEMENTS, markupOverBudget } from './depth.js';
import { replaceNonXmlChars, toXmlSafeReferences } from './entities.js';
import { FeedFormatError } from './errors.js';
import { textOf, toNewsItem, type RawItem } from './normalize.js';
import { repairAtomTree, repairBeforeBuild } from './repair.js';
import { readRoot, type FeedFormat } from './root.js';
import { fromSearchFeed } from './search-feeds.js';

export { FeedFormatError } from './errors.js';

/** The `kind` of feed sources in feeds/sources.json. */
export const SOURCE_KIND = 'rss';

/** What parseFeed needs besides the bytes. */
export interface FeedContext {
  /** The source id (feeds/sources.json), copied into every item. */
  source: string;
  /** The HTTP Content-Type header, whose `charset` outranks the XML declaration. */
  contentType?: string;
  /** Told about recoverable oddities (an unknown charset label, an undeclared legacy charset). */
  warn?: (msg: string) => void;
  /** Decoded size and nesting depth this parse may reach; DEFAULT_PARSE_BUDGET when absent. */
  budget?: ParseBudget;
}

/** What parseFeed reads of rss-parser's output. */
interface ParsedFeed {
  link?: unknown;
  feedUrl?: string;
  items?: RawItem[];
}

function newParser(): Parser<Record<string, unknown>, RawItem> {
  // A new parser per call: xml2js keeps state between parses, and one broken document must not affect the next.
  const parser = new Parser<Record<string, unknown>, RawItem>({
    defaultRSS: 2, // `<rss>` without a version attribute (seen in the wild) reads as RSS 2.0
    // `source` and `News:Source`: the publisher in Google News' and Bing News' search feeds (search-feeds.ts).
    customFields: { item: [['link', 'links', { keepArray: true }], 'published', 'updated', 'source', 'News:Source'] },
  });
  repairBeforeBuild(parser, repairAtomTree);
  return parser;
}

/** One line about what rss-parser (or sax below it) refused; sax gives a 0-based line. */
function describe(err: unknown, root: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const [first = 'unknown error', ...rest] = message.split('\n');
  const line = /^Line: (\d+)$/m.exec(rest.join('\n'))?.[1];
  const column = /^Column: (\d+)$/m.exec(rest.join('\n'))?.[1];
  if (line !== undefined) return `malformed or truncated XML in <${root}>: ${first} (line ${Number(line) + 1}, column ${column ?? '?'})`;
  return `unreadable <${root}> feed: ${first.slice(0, 160)}`;
}

/** The decoded text as the XML parser will read it, refused when over the budget's size or depth. */
function xmlWithinBudget(text: string, budget: ParseBudget): string {
  // Depth and size first, on a scan that builds nothing: sax and xml2js would build the whole tree before any check.
  const over = markupOverBudget(text, budget.maxDepth);
  if (over === 'depth') throw new ParseBudgetError(`feed nested deeper than ${budget.maxDepth} elements`);
  if (over === 'elements') throw new ParseBudgetError(`feed of more than ${MAX_FEED_ELEMENTS} elements`);
  const xml = toXmlSafeReferences(replaceNonXmlChars(text));
  if (xml.length > budget.maxDecodedBytes) {
    throw new ParseBudgetError(`feed decodes to ${xml.length} characters, over the budget of ${budget.maxDecodedBytes}`);
  }
  return xml;
}

async function readFeed(bytes: Uint8Array, ctx: FeedContext): Promise<NewsItem[]> {
  const budget = ctx.budget ?? DEFAULT_PARSE_BUDGET;
  if (bytes.length > budget.maxDecodedBytes) {
    throw new ParseBudgetError(`feed of ${bytes.length} bytes, over the budget of ${budget.maxDecodedBytes}`);
  }
  const { text } = decodeFeedBytes(bytes, ctx.contentType, ctx.warn);
  const root = readRoot(text);
  if (root.element === undefined) throw new FeedFormatError(`not an RSS or Atom feed (${root.found})`);
  if (root.format === undefined) throw new FeedFormatError(`not an RSS or Atom feed (root element <${root.element}>)`);
  const format: FeedFormat = root.format;
  const xml = xmlWithinBudget(text, budget);
  let feed: ParsedFeed;
  try {
    feed = await newParser().parseString(xml);
  } catch (err) {
    throw new FeedFormatError(describe(err, root.element));
  }
  const feedLink = textOf(feed.link).trim() || feed.feedUrl;
  return (feed.items ?? []).map((item) => fromSearchFeed(toNewsItem(item, format, feedLink, ctx.source), item));
}

/**
 * Parses a feed's bytes (RSS 0.9x, RSS 1.0/RDF, RSS 2.0 or Atom) into NewsItems, in feed order.
 * Pure: bytes in, records out. Decoding follows decodeFeedBytes (BOM, HTTP charset, XML declaration);
 * HTML named references are made XML-safe before parsing (toXmlSafeReferences).
 * Throws a SourceFormatError, with a one-line message, for anything that is not a readable feed: a
 * FeedFormatError, or a ParseBudgetError for a feed over its budget (size, nesting depth). Whatever the
 * parsers throw is one of these, so a hostile feed is never retried as if the fault were ours. A feed with
 * no items is not an error (the trust guard decides what an empty snapshot means).
 */
export async function parseFeed(bytes: Uint8Array, ctx: FeedContext): Promise<NewsItem[]> {
  try {
    return await readFeed(bytes, ctx);
  } catch (err) {
    if (err instanceof SourceFormatError) throw err;
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new FeedFormatError(`unreadable feed: ${message.split('\n')[0]!.slice(0, 160)}`);
  }
}
