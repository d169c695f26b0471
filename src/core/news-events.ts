import { EVENT_ID_LENGTH } from './event-id.js';
import type { NewsEvent } from './events.js';
import { matchKeywords, namedProviders, normalizeText } from './keywords.js';
import type { NewsItem } from './news.js';
import { sha256 } from './snapshot.js';

/** Titles shorter than this (once normalised) are too generic ("Actualités", "Édito") to identify a story. */
const MIN_TITLE_KEY = 16;

/** A link without what does not change the story: fragment, tracking parameters, trailing slash, host case. */
export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    for (const p of [...u.searchParams.keys()]) if (/^(utm_|xtor$|at_|fbclid$|gclid$)/i.test(p)) u.searchParams.delete(p);
    const path = u.pathname.replace(/\/+$/, '');
    return `${u.protocol === 'http:' ? 'https:' : u.protocol}//${u.host.toLowerCase()}${path}${u.search}`;
  } catch {
    return url;
  }
}

/**
 * What identifies a story across polls and feeds: its id within its feed, its link, its title once normalised.
 * Two items sharing any of these are one story.
 */
export function storyKeys(item: NewsItem): string[] {
  const keys = [`id:${item.source}:${item.id}`];
  if (item.url) keys.push(`url:${normalizeUrl(item.url)}`);
  const title = normalizeText(item.title);
  if (title.length >= MIN_TITLE_KEY) keys.push(`title:${title}`);
  return keys;
}

export interface NewsInput {
  source: string;
  items: readonly NewsItem[];
  /** True on a feed's first poll: its items are a baseline and alert nobody. */
  baseline: boolean;
  now: Date;
  /** Items published longer ago than this are not alerted (a feed can republish old items). */
  maxAgeMs: number;
  keywords: readonly string[];
  /** Providers of the catalogue, to list those an item names. */
  providers: readonly string[];
  /** The source's name for people (alerts say "LeMagIT", not "lemagit"). */
  sourceName?: string;
}

/**
 * For each item, its story keys and, when it deserves one, its `news.published` event: not the baseline,
 * not too old, and naming a keyword or a provider. Whether the story was already seen (in this feed or
 * another) is the store's to decide atomically; an event's id depends on the story, not on the feed.
 */
export function newsGroups(input: NewsInput): Array<{ keys: string[]; event?: NewsEvent }> {
  const detectedAt = input.now.toISOString();
  return input.items.map((item) => {
    const keys = storyKeys(item);
    const published = item.publishedAt ? Date.parse(item.publishedAt) : Number.NaN;
    const tooOld = !Number.isNaN(published) && input.now.getTime() - published > input.maxAgeMs;
    if (input.baseline || tooOld) return { keys };
    const text = `${item.title}\n${item.summary ?? ''}`;
    const keywords = matchKeywords(text, input.keywords);
    const providers = namedProviders(text, input.providers);
    if (keywords.length === 0 && providers.length === 0) return { keys };
    const story = keys.find((k) => k.startsWith('url:')) ?? keys.find((k) => k.startsWith('title:')) ?? keys[0]!;
    const id = sha256(JSON.stringify(['news.published', story])).slice(0, EVENT_ID_LENGTH);
    const named = input.sourceName ? { sourceName: input.sourceName } : {};
    return { keys, event: { id, kind: 'news.published', source: input.source, detectedAt, item, keywords, providers, seenIn: [input.source], ...named } };
  });
}
