/**
 * "First announced": the earliest stored news of the twelve months before a qualification whose title names the
 * provider. Pure. News events record only the providers known when they were detected, so an article written
 * before the provider entered any list names none: the title is read again here, by name.
 */
import type { Announcement, NewsEvent, OfferEvent } from './events.js';
import { namedProviders, providerNames } from './keywords.js';

export type { Announcement } from './events.js';

/** How far back an announcement is looked for (the twelve months). */
export const ANNOUNCED_WINDOW_DAYS = 365;
const DAY_MS = 86_400_000;

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

/**
 * New qualifications (`offer.added` of a qualified record) with their announcement, when the news of the twelve
 * months before names their provider (by its name or its press aliases). Other events are returned as they are.
 */
export function markAnnounced(events: readonly OfferEvent[], news: readonly NewsEvent[]): OfferEvent[] {
  if (news.length === 0) return [...events];
  return events.map((e) => {
    if (e.kind !== 'offer.added' || e.offer.status !== 'qualified') return e;
    const announced = firstAnnounced(news, providerNames(e.offer.provider), e.detectedAt);
    return announced ? { ...e, announced } : e;
  });
}
