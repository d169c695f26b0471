import Parser from 'rss-parser';
import type { NewsItem } from '../../core/news.js';
import { parseFeedDate } from './dates.js';
import { decodeFeedBytes } from './decode.js';
import { toXmlSafeReferences } from './entities.js';
import { FeedFormatError } from './errors.js';
import { textOf, toNewsItem, type RawItem } from './normalize.js';
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
}

/**
 * rss-parser trusts two things real feeds break: an Atom `<link>` without attributes (TypeError on `$.rel`)
 * and a `published`/`updated` that `new Date()` cannot read (RangeError from toISOString), either of which
 * would lose the whole feed. This xml2js validator repairs them as the tree is built: such a link gets its
 * text as `href`, and dates become ISO instants, or empty (which rss-parser skips) when unreadable.
 */
function repairAtom(xpath: string, _current: unknown, value: unknown): unknown {
  if (xpath === '/feed/entry/link' || xpath === '/feed/link') {
    return typeof value === 'string' ? { $: { href: value.trim() } } : value;
  }
  if (xpath === '/feed/entry/published' || xpath === '/feed/entry/updated') return parseFeedDate(textOf(value)) ?? '';
  return value;
}

/** What parseFeed reads of rss-parser's output. */
interface ParsedFeed {
  link?: unknown;
  feedUrl?: string;
  items?: RawItem[];
}

function newParser(): Parser<Record<string, unknown>, RawItem> {
  // A new parser per call: xml2js keeps state between parses, and one broken document must not affect the next.
  return new Parser<Record<string, unknown>, RawItem>({
    defaultRSS: 2, // `<rss>` without a version attribute (seen in the wild) reads as RSS 2.0
    // `source` and `News:Source`: the publisher in Google News' and Bing News' search feeds (search-feeds.ts).
    customFields: { item: [['link', 'links', { keepArray: true }], 'published', 'updated', 'source', 'News:Source'] },
    xml2js: { validator: repairAtom },
  });
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

/**
 * Parses a feed's bytes (RSS 0.9x, RSS 1.0/RDF, RSS 2.0 or Atom) into NewsItems, in feed order.
 * Pure: bytes in, records out. Decoding follows decodeFeedBytes (BOM, HTTP charset, XML declaration);
 * HTML named references are made XML-safe before parsing (toXmlSafeReferences).
 * Throws FeedFormatError, with a one-line message, for anything that is not a readable feed; a feed
 * with no items is not an error (the trust guard decides what an empty snapshot means).
 */
export async function parseFeed(bytes: Uint8Array, ctx: FeedContext): Promise<NewsItem[]> {
  const { text } = decodeFeedBytes(bytes, ctx.contentType, ctx.warn);
  const root = readRoot(text);
  if (root.element === undefined) throw new FeedFormatError(`not an RSS or Atom feed (${root.found})`);
  if (root.format === undefined) throw new FeedFormatError(`not an RSS or Atom feed (root element <${root.element}>)`);
  const format: FeedFormat = root.format;
  let feed: ParsedFeed;
  try {
    feed = await newParser().parseString(toXmlSafeReferences(text));
  } catch (err) {
    throw new FeedFormatError(describe(err, root.element));
  }
  const feedLink = textOf(feed.link).trim() || feed.feedUrl;
  return (feed.items ?? []).map((item) => fromSearchFeed(toNewsItem(item, format, feedLink, ctx.source), item));
}
