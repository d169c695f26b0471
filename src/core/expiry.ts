/**
 * Expiry reminders: `offer.expiring` events when a qualification's end date comes within a window.
 *
 * Pure: the caller gives "today" (in TZ_REFERENCE), the keys already sent, and stores the keys returned.
 * A reminder key names the offer, its decision, its end date and the window, so:
 * - each window is sent at most once per offer and decision, however often the job runs;
 * - a renewal (new decision or later end date) changes the key and, its end being further away,
 *   the windows of the new qualification come again in their time; the old ones are never sent;
 * - only the most urgent window that applies is sent: a tracker started 20 days before an end sends
 *   the 30-day reminder, not the 90-day one as well, and marks the 90-day key so it never comes later.
 * An offer past its end that the catalogue still lists is flagged once (window 0, negative days left)
 * rather than silently kept.
 */
import { daysBetween } from './calendar.js';
import { eventId } from './event-id.js';
import type { OfferEvent, OfferEventKind } from './events.js';
import { isIsoDate, type Offer } from './offer.js';
import { decisionOf, identityKey, normalizeName } from './normalize.js';
import { isProductList } from './tracks.js';

/** Days before the end date at which a reminder is sent, by default. */
export const DEFAULT_REMINDER_WINDOWS: readonly number[] = [90, 30, 7];

const KIND = 'offer.expiring' satisfies OfferEventKind;

/** What `expiryReminders` needs; nothing in it is read from a clock or a store. */
export interface ExpiryInput {
  /** Source id written on the events (the catalogue's). */
  source: string;
  /** The offers the catalogue lists now; only `qualified` ones with a `qualifiedUntil` are considered. */
  offers: readonly Offer[];
  /** Today, `YYYY-MM-DD`, in TZ_REFERENCE (see `todayIn`). */
  today: string;
  /** Reminder windows in days: positive integers, in any order (duplicates are ignored). */
  windows: readonly number[];
  /** Reminder keys already sent or skipped (what earlier calls returned in `keys`). */
  alreadySent: ReadonlySet<string>;
  /** ISO instant written on the events; never part of their ids. */
  detectedAt: string;
  /**
   * Reminders for the records of product lists (a certificate's end date: decision 0025). Off unless set: the
   * caller sets it when a subscription asks for them (`productReminders`).
   */
  products?: boolean;
}

/** The reminders due today, and the keys to add to `alreadySent` once they are stored. */
export interface ExpiryResult {
  /** Sorted by days left, then provider and service. */
  events: OfferEvent[];
  /** Keys of the emitted reminders and of the larger windows they make pointless; none already in `alreadySent`. */
  keys: string[];
}

/**
 * The key of one reminder: normalised provider and service, decision, end date, and the window
 * (`'expired'` for the flag after the end). `normalizeName` leaves no `|` in names, so keys never collide. A list
 * other than SecNumCloud prefixes its id (SecNumCloud's keys are those sent before lists were followed).
 */
export function reminderKey(offer: Offer, until: string, window: number | 'expired'): string {
  const identity = `${offer.list ? `${offer.list}|` : ''}${normalizeName(offer.provider)}|${normalizeName(offer.service)}`;
  return `${identity}|${decisionOf(offer) ?? ''}|${until}|${window}`;
}

function checkWindows(windows: readonly number[]): number[] {
  for (const w of windows) {
    if (!Number.isInteger(w) || w <= 0) {
      throw new RangeError(`Reminder windows must be positive whole numbers of days, got ${w}`);
    }
  }
  return [...new Set(windows)].sort((a, b) => a - b);
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareEvents(a: OfferEvent, b: OfferEvent): number {
  return (
    (a.reminder?.daysLeft ?? 0) - (b.reminder?.daysLeft ?? 0) ||
    compareText(normalizeName(a.offer.provider), normalizeName(b.offer.provider)) ||
    compareText(normalizeName(a.offer.service), normalizeName(b.offer.service)) ||
    compareText(a.id, b.id)
  );
}

/**
 * The `offer.expiring` events due on `today`, at most one per offer. For an offer with `daysLeft` days
 * to its end (0 on the last day), the window sent is the smallest `w` with `0 <= daysLeft <= w`, unless
 * its key was already sent; larger windows that also apply are not sent, and their keys are returned so
 * they never are. `daysLeft < 0` yields one flag with `window: 0`. Offers that are `in_progress`, have no
 * `qualifiedUntil`, or one that is not a real date, are left out (the adapters validate dates), and so are the
 * records of product lists unless `products` is set (no key is marked for them either, so turning product
 * reminders on later still sends the window then due).
 *
 * The id hashes the kind, the offer's identity, the offer and the reminder key, so computing the same
 * reminder twice (a retried job, two schedulers) yields the same id and the store keeps one.
 * Throws a RangeError when `today` is not a calendar date or a window is not a positive integer.
 */
export function expiryReminders(input: ExpiryInput): ExpiryResult {
  const windows = checkWindows(input.windows);
  if (!isIsoDate(input.today)) {
    throw new RangeError(`today is not a calendar date YYYY-MM-DD: ${JSON.stringify(input.today)}`);
  }
  const events: OfferEvent[] = [];
  const keys: string[] = [];
  const decided = new Set(input.alreadySent);
  const mark = (key: string): void => {
    if (decided.has(key)) return;
    decided.add(key);
    keys.push(key);
  };

  for (const offer of input.offers) {
    const until = offer.qualifiedUntil;
    if (offer.status !== 'qualified' || !until || !isIsoDate(until)) continue;
    if (!input.products && offer.list !== undefined && isProductList(offer.list)) continue;
    const daysLeft = daysBetween(input.today, until);
    const applicable = daysLeft < 0 ? [] : windows.filter((w) => daysLeft <= w);
    const [window, ...larger] = applicable;
    if (daysLeft >= 0 && window === undefined) continue;

    const key = reminderKey(offer, until, window ?? 'expired');
    // Larger windows are settled either way: once a smaller one is reached they are never sent.
    for (const w of larger) mark(reminderKey(offer, until, w));
    if (decided.has(key)) continue; // sent before, or the same row printed twice in this catalogue
    mark(key);
    events.push({
      id: eventId(KIND, identityKey(offer), undefined, offer, key),
      kind: KIND,
      source: input.source,
      detectedAt: input.detectedAt,
      offer: { ...offer, types: [...offer.types] },
      reminder: { window: window ?? 0, daysLeft },
    });
  }
  return { events: events.sort(compareEvents), keys };
}
