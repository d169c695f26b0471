import type { NewsEvent, OfferEvent } from '../src/core/events.js';
import type { Offer, Snapshot } from '../src/core/offer.js';
import type { HeldSnapshot } from '../src/core/trust.js';
import type { Logger } from '../src/logger.js';
import type { Fetcher } from '../src/sources/fetcher.js';
import type { ParsedDocument } from '../src/sources/registry.js';
import type { SourceConfig } from '../src/sources/schema.js';
import type { NewsStore } from '../src/store/news-store.js';
import type { EditionStore } from '../src/store/edition-store.js';
import type { LogEntry } from '../src/store/change-log.js';
import type { SourceStore } from '../src/store/source-store.js';

/** What a poll needs, passed in so that tests and the CLI can give their own. */
export interface PollDeps {
  fetcher: Fetcher;
  store: SourceStore;
  news: NewsStore;
  parse: (source: SourceConfig, bytes: Uint8Array, contentType?: string) => Promise<ParsedDocument>;
  /** Offers of the other sources, as last trusted: qualified ones (catalogues) or "en cours" ones (pages). */
  offersOf: (status: Offer['status']) => Promise<Offer[]>;
  clock: () => Date;
  logger: Logger;
  /** The change log, for the news a new qualification was announced in (absent: no announcement looked for). */
  changeLog?: { recordedSince(ms: number, count?: number): Promise<LogEntry[]> };
  /** Where a catalogue's trusted editions are kept (absent: not kept, as in tests that do not look). */
  editions?: EditionStore;
}

/** What became of each list of a catalogue (or the page's one list) in a poll. */
export interface ListResult {
  list: string;
  outcome: 'baseline' | 'changed' | 'released' | 'held' | 'superseded';
  events: number;
}

/**
 * The outcome of a poll: for an offer source, SecNumCloud's (the page's list), with `events` of every list, and
 * `lists` saying what became of each.
 */
export type PollResult = (
  | { outcome: 'unchanged'; reason: '304' | 'same-hash' }
  | { outcome: 'baseline'; snapshot?: Snapshot; items?: number; events?: OfferEvent[] }
  | { outcome: 'changed'; events: OfferEvent[] }
  | { outcome: 'held'; held: HeldSnapshot; alerted: boolean; events?: OfferEvent[] }
  | { outcome: 'released'; events: OfferEvent[] }
  /** Another poll of the same source committed this state first: nothing written here. */
  | { outcome: 'superseded' }
  /** A feed: its items, the news events stored (or, without commit, that could be), and how many the caps held. */
  | { outcome: 'news'; items: number; events: NewsEvent[]; held?: number }
) & { lists?: ListResult[] };

