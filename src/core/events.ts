import type { NewsItem } from './news.js';
import type { Offer } from './offer.js';

/** Change kinds, as ARCHITECTURE.md lists them (a contract with users' scripts). */
export const OFFER_EVENT_KINDS = [
  'offer.added',
  'offer.removed',
  'offer.renamed',
  'offer.renewed',
  'offer.updated',
  'offer.expiring',
  'offer.in_progress',
] as const;
export const OPERATOR_EVENT_KINDS = ['source.suspect', 'source.failing', 'source.recovered'] as const;
export const EVENT_KINDS = [...OFFER_EVENT_KINDS, 'news.published', ...OPERATOR_EVENT_KINDS] as const;

export type OfferEventKind = (typeof OFFER_EVENT_KINDS)[number];
export type OperatorEventKind = (typeof OPERATOR_EVENT_KINDS)[number];
export type EventKind = (typeof EVENT_KINDS)[number];

/** Where and when a provider was first announced (src/core/first-announced.ts). */
export interface Announcement {
  title: string;
  url?: string;
  /** ISO instant: the item's publication date, or when it was detected when the feed gave none. */
  at: string;
  source: string;
  sourceName?: string;
}

/**
 * Why an offer left its list (decision 0025): `archived`, its certificate is printed in the edition's annex of
 * archived lists; `lapsed`, not archived but its end date is before the edition's date.
 */
export const REMOVAL_REASONS = ['archived', 'lapsed'] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

/** A change about one offer: `offer` is the record after, `previous` the record before (when there is one). */
export interface OfferEvent {
  id: string;
  kind: OfferEventKind;
  source: string;
  /** ISO instant of detection; never part of the id. */
  detectedAt: string;
  offer: Offer;
  previous?: Offer;
  /** Names of the fields that differ between `previous` and `offer` (renamed, renewed, updated). */
  changes?: string[];
  /**
   * `offer.removed` only, when the edition tells why (decision 0025); absent for a plain removal. Not part of the
   * id: the same removal is the same event whatever the reading of the annex.
   */
  reason?: RemovalReason;
  /** offer.added: the service was listed "en cours de qualification" before (since that date, when known). */
  wasInProgress?: { since?: string };
  /**
   * `offer.expiring` only: the reminder window (in days) that was reached and the days left until
   * `offer.qualifiedUntil` in TZ_REFERENCE. `window` 0 with a negative `daysLeft` flags an offer
   * whose end date has passed while the catalogue still lists it.
   */
  reminder?: { window: number; daysLeft: number };
  /**
   * `offer.added` of a qualification: the earliest stored news of the previous twelve months whose title names the
   * provider, attached at detection (not part of the id).
   */
  announced?: Announcement;
}

/** Something the operators must know about a source; subscribers never see these. */
export interface OperatorEvent {
  id: string;
  kind: OperatorEventKind;
  source: string;
  detectedAt: string;
  /** One line for humans: why the snapshot is held, what failed, how long it lasted. */
  summary: string;
  reasons?: string[];
  /** Consecutive failed polls (source.failing, source.recovered). */
  failures?: number;
  /** The held document's body hash (source.suspect): `accept` releases exactly this one. */
  bodyHash?: string;
  /** The source's name in the sources file, for the operators' alerts ("LeMagIT" rather than "lemagit"). */
  sourceName?: string;
}

/** A news item that matters: it names a keyword, or a provider of the catalogue. */
export interface NewsEvent {
  id: string;
  kind: 'news.published';
  source: string;
  detectedAt: string;
  item: NewsItem;
  /** Default or source keywords the item matches (unfiltered news subscriptions get only these). */
  keywords: string[];
  /** Catalogue providers the item names (for subscriptions filtered on a provider). */
  providers: string[];
  /** Every source in which the same story was seen when it was detected. */
  seenIn: string[];
  /** The name of `source` in the sources file, for people ("LeMagIT"); alerts fall back to the id. */
  sourceName?: string;
}

/** Everything the change log holds. */
export type ChangeEvent = OfferEvent | OperatorEvent | NewsEvent;

export const isOperatorEvent = (e: ChangeEvent): e is OperatorEvent =>
  (OPERATOR_EVENT_KINDS as readonly string[]).includes(e.kind);

export const isNewsEvent = (e: ChangeEvent): e is NewsEvent => e.kind === 'news.published';
