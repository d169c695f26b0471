import { createHash } from 'node:crypto';
import type { NewsItem } from '../../core/news.js';
import { parseFeedDate } from './dates.js';
import type { FeedFormat } from './root.js';
import { htmlToText, titleText, truncateAtWord } from './text.js';

/** An item as rss-parser returns it, plus the custom fields index.ts asks for (`links`, `published`, `updated`). */
export type RawItem = Record<string, unknown>;

/** Longest summary, in characters, before it is cut at a word and given an ellipsis. */
export const SUMMARY_MAX = 500;
const TITLE_FROM_SUMMARY_MAX = 80;
/** The title of an item that has neither title nor summary. */
export const UNTITLED = '(sans titre)';

/**
 * The text of a value xml2js produced: a string, an element's `_` text, or (for an array, or markup such
 * as an Atom `type="xhtml"` title) the texts of its parts joined by spaces; never attributes.
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length > 0 ? value.map(textOf).join(' ') : '';
  if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (typeof node._ === 'string') return node._;
    return Object.entries(node).filter(([k]) => k !== '$').map(([, v]) => textOf(v)).join(' ');
  }
  return '';
}

function attrs(value: unknown): Record<string, unknown> {
  const $ = value && typeof value === 'object' ? (value as { $?: unknown }).$ : undefined;
  return $ && typeof $ === 'object' ? ($ as Record<string, unknown>) : {};
}

/** Atom (RFC 4287 §4.2.7.2): the `alternate` link, a link without `rel` being one; else the first link. */
function atomLink(links: unknown): string | undefined {
  if (!Array.isArray(links)) return undefined;
  const hrefs = links.map((l) => ({ rel: attrs(l).rel, href: attrs(l).href }));
  const pick = hrefs.find((l) => (l.rel === undefined || l.rel === 'alternate') && typeof l.href === 'string') ??
    hrefs.find((l) => typeof l.href === 'string');
  return pick?.href as string | undefined;
}

/** An absolute http(s) URL, the reference resolved against `base` when relative; otherwise undefined. */
export function httpUrl(ref: string | undefined, base?: string): string | undefined {
  const r = ref?.trim();
  if (!r) return undefined;
  let url: URL;
  try {
    url = URL.canParse(r) ? new URL(r) : new URL(r, base);
  } catch {
    return undefined; // relative with no usable base, or not a URL at all
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

function firstDate(item: RawItem): string | undefined {
  for (const field of ['published', 'pubDate', 'date', 'updated']) {
    const iso = parseFeedDate(textOf(item[field]));
    if (iso) return iso;
  }
  return undefined;
}

function summaryOf(item: RawItem): string | undefined {
  for (const field of ['summary', 'content', 'content:encoded']) {
    const text = htmlToText(textOf(item[field]));
    if (text) return truncateAtWord(text, SUMMARY_MAX);
  }
  return undefined;
}

/** The id rule of NewsItem: guid (Atom id, RSS 1.0 rdf:about), else the URL, else a hash of title and date. */
function idOf(item: RawItem, url: string | undefined, title: string, publishedAt: string | undefined): string {
  for (const field of ['guid', 'id', 'rdf:about']) {
    const id = textOf(item[field]).trim();
    if (id) return id;
  }
  if (url) return url;
  return `h-${createHash('sha256').update(`${title}\n${publishedAt ?? ''}`).digest('hex').slice(0, 32)}`;
}

/**
 * One feed item as a NewsItem. `feedLink` (the channel's link) resolves relative item links; without a
 * link, an RSS guid that is an absolute http(s) URL serves as the URL (RSS 2.0's permalink guid).
 */
export function toNewsItem(item: RawItem, format: FeedFormat, feedLink: string | undefined, source: string): NewsItem {
  const base = httpUrl(feedLink);
  // An RSS <link> with attributes and no text (an Atom-style link without its namespace) holds its href as Atom's does.
  const link = format === 'atom' ? atomLink(item.links) : textOf(item.link).trim() || atomLink(item.links);
  const url = httpUrl(link, base) ?? (format === 'atom' ? undefined : httpUrl(textOf(item.guid)));
  const publishedAt = firstDate(item);
  const summary = summaryOf(item);
  const title = titleText(textOf(item.title)) || (summary ? truncateAtWord(summary, TITLE_FROM_SUMMARY_MAX) : UNTITLED);
  return {
    id: idOf(item, url, title, publishedAt),
    title,
    ...(url ? { url } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    ...(summary ? { summary } : {}),
    source,
  };
}
