/**
 * "First announced": the earliest stored news of the twelve months before a qualification whose title names the
 * provider. Pure. News events record only the providers known when they were detected, so an article written
 * before the provider entered any list names none: the title is read again here, by name.
 */
import type { NewsEvent } from './events.js';
import { namedProviders } from './keywords.js';

/** How far back an announcement is looked for (the twelve months). */
export const ANNOUNCED_WINDOW_DAYS = 365;
const DAY_MS = 86_400_000;

/** What an alert and a provider page say of the announcement. */
export interface Announcement {
  title: string;
  url?: string;
  /** ISO instant: the item's publication date, or when it was detected when the feed gave none. */
  at: string;
  source: string;
  sourceName?: string;
}

const whenOf = (e: NewsEvent): string => e.item.publishedAt ?? e.detectedAt;

/**
 * The earliest news (by publication, else detection) within ANNOUNCED_WINDOW_DAYS before `before` (an ISO
 * instant) whose title names one of `names` (a provider's names and aliases, whole words); undefined when none.
 */
export function firstAnnounced(news: readonly NewsEvent[], names: readonly string[], before: string): Announcement | undefined {
  const end = Date.parse(before);
  if (Number.isNaN(end)) return undefined;
  const start = end - ANNOUNCED_WINDOW_DAYS * DAY_MS;
  let best: NewsEvent | undefined;
  for (const e of news) {
    const t = Date.parse(whenOf(e));
    if (Number.isNaN(t) || t < start || t > end) continue;
    if (namedProviders(e.item.title, names).length === 0) continue;
    if (!best || t < Date.parse(whenOf(best))) best = e;
  }
  if (!best) return undefined;
  const { item } = best;
  return { title: item.title, ...(item.url ? { url: item.url } : {}), at: whenOf(best), source: best.source, ...(best.sourceName ? { sourceName: best.sourceName } : {}) };
}
