/**
 * What the provider pages and `/api/providers` are built from, read at each request: the qualified records of every
 * list, the "en cours" entries, the change log (oldest first) and where the history starts. The log is read in
 * chunks up to HISTORY_SCAN_MAX entries: a provider's story needs all of it, and a bound keeps one request from
 * reading an unbounded stream (beyond it, the oldest entries are left out and `truncated` says so).
 */
import type { TrackerState } from '../commands/ports.js';
import type { ChangeEvent } from '../core/events.js';
import type { Offer } from '../core/offer.js';
import { findProvider, providerIndex, type ProviderEntry } from '../core/provider-index.js';
import { providerStory, type ProviderStory } from '../core/provider-story.js';
import type { LogEntry } from '../store/change-log.js';
import { isPublicEvent } from './api-records.js';

export const HISTORY_SCAN_MAX = 50_000;
const CHUNK = 1000;

/** The log reads needed (src/store/change-log.ts). */
export interface HistoryReader {
  range(afterStreamId?: string, count?: number): Promise<LogEntry[]>;
}

export interface ProviderData {
  current: Offer[];
  inProgress: Offer[];
  /** Public events, oldest first. */
  events: ChangeEvent[];
  index: ProviderEntry[];
  trackedSince?: string;
  /** The first kept edition's records of every list (absent where no edition is kept). */
  firstEdition?: { edition: string; offers: Offer[] };
}

/** The first kept edition, with its records of every list kept then. */
async function readFirstEdition(state: TrackerState): Promise<ProviderData['firstEdition']> {
  const first = state.editions && (await state.editions.list())[0];
  const edition = first && (await state.editions!.get(first.edition));
  return edition ? { edition: edition.edition, offers: Object.values(edition.records).flat() } : undefined;
}

async function readHistory(log: HistoryReader, max: number): Promise<ChangeEvent[]> {
  const events: ChangeEvent[] = [];
  let after = '-';
  for (let read = 0; read < max; ) {
    const chunk = await log.range(after, Math.min(CHUNK, max - read));
    if (chunk.length === 0) break;
    read += chunk.length;
    after = chunk.at(-1)!.streamId;
    for (const { event } of chunk) if (isPublicEvent(event)) events.push(event);
  }
  return events;
}

export async function readProviderData(state: TrackerState, log: HistoryReader, max = HISTORY_SCAN_MAX): Promise<ProviderData> {
  const [lists, inProgress, sources, events, firstEdition] = await Promise.all([state.lists(), state.inProgress(), state.sources(), readHistory(log, max), readFirstEdition(state)]);
  const current = lists.flatMap((l) => l.offers);
  const trackedSince = sources.map((s) => s.trustedSince).filter((x): x is string => x !== undefined).sort()[0];
  return { current, inProgress, events, index: providerIndex({ current, inProgress, events }), ...(trackedSince ? { trackedSince } : {}), ...(firstEdition ? { firstEdition } : {}) };
}

/** A slug's story: `redirect` when the slug is a former name's (answer with the current slug's address). */
export function storyOf(data: ProviderData, slug: string, timeZone: string): { story: ProviderStory; redirect: boolean } | undefined {
  const found = findProvider(data.index, data.events, slug);
  if (!found) return undefined;
  const story = providerStory({ provider: found.entry.name, events: data.events, current: data.current, inProgress: data.inProgress, timeZone, ...(data.trackedSince ? { trackedSince: data.trackedSince } : {}), ...(data.firstEdition ? { firstEdition: data.firstEdition } : {}) });
  return story ? { story: { ...story, slug: found.entry.slug }, redirect: found.redirect } : undefined;
}
