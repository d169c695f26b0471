import type { NewsItem } from '../../core/news.js';
import { httpUrl, textOf, type RawItem } from './normalize.js';

/**
 * Press search feeds (Google News' and Bing News' RSS searches) are standard RSS 2.0 with two habits that would defeat
 * matching and cross-feed deduplication, undone here before an item becomes a NewsItem:
 * - Google ends each title with " - <publisher>" (and says who in `<source>`); the same story in the publisher's own
 *   feed has the bare title, so the suffix goes. Its links are opaque `news.google.com/rss/articles/…` tokens: kept as
 *   the item's address (never fetched by the tracker), since the article's is not given.
 * - Bing's links go through `bing.com/news/apiclick.aspx?…&url=<the article>`: the article's address is used, so an
 *   alert links to the publisher and the story matches the publisher's feed by its link.
 */

const isHost = (url: URL, domain: string): boolean => url.hostname === domain || url.hostname.endsWith(`.${domain}`);

/** Google News' item links, whose titles carry the publisher's name as a suffix. */
export function isGoogleNewsLink(link: string | undefined): boolean {
  if (!link || !URL.canParse(link)) return false;
  return isHost(new URL(link), 'news.google.com');
}

/** The article's address in a Bing News link (`url=`), or the link unchanged when it is not one. */
export function unwrapSearchLink(link: string | undefined): string | undefined {
  if (!link || !URL.canParse(link)) return link;
  const url = new URL(link);
  if (!isHost(url, 'bing.com')) return link;
  const target = url.searchParams.get('url');
  return target && /^https?:\/\//i.test(target) && URL.canParse(target) ? new URL(target).href : link;
}

/** Dashes a suffix is set off by: Google writes " - ", some publishers' names come with " – " or " | ". */
const SEPARATOR = /\s+[-–—|]\s+/g;
/** A publisher's name is short: a longer last segment is part of the title, not a suffix. */
const MAX_SUFFIX = { chars: 60, words: 6 };

/**
 * A title without its " - <publisher>" suffix: the publisher named by the item when the title ends with it, else
 * (for a Google News item, which always has one) the last segment when it is short enough to be a name.
 * A title that would be left empty is returned unchanged.
 */
export function withoutPublisher(title: string, publisher: string | undefined, google: boolean): string {
  const seps = [...title.matchAll(SEPARATOR)];
  const last = seps.at(-1);
  if (!last || last.index === 0) return title;
  const head = title.slice(0, last.index).trim();
  const tail = title.slice(last.index + last[0].length).trim();
  const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
  if (publisher && fold(tail) === fold(publisher)) return head || title;
  if (!google || publisher) return title; // Google's suffix is always its <source>; one that differs is the title's own
  const short = tail.length <= MAX_SUFFIX.chars && tail.split(/\s+/).length <= MAX_SUFFIX.words;
  return short && head ? head : title;
}

/** The publisher a press search feed's item names: Google News' `<source>`, Bing News' `<News:Source>`. */
export function publisherOf(raw: RawItem): string | undefined {
  for (const field of ['source', 'News:Source']) {
    const name = textOf(raw[field]).replace(/\s+/g, ' ').trim();
    if (name) return name;
  }
  return undefined;
}

/**
 * An item of any feed with the search feeds' habits undone (a no-op for other feeds): a Bing link becomes the
 * article's address (and the id, when the id was that link), a publisher suffix (the one `raw` names) leaves the
 * title. Applied by parseFeed to toNewsItem's result, before any matching.
 */
export function fromSearchFeed(item: NewsItem, raw: RawItem): NewsItem {
  const publisher = publisherOf(raw);
  const unwrapped = item.url === undefined ? undefined : httpUrl(unwrapSearchLink(item.url));
  const title = withoutPublisher(item.title, publisher, isGoogleNewsLink(item.url));
  if (unwrapped === item.url && title === item.title) return item;
  const id = item.id === item.url && unwrapped ? unwrapped : item.id;
  return { ...item, id, title, ...(unwrapped ? { url: unwrapped } : {}) };
}
