/**
 * Event ids: what makes a change the same change.
 *
 * The id is the sha256 of a canonical JSON of (kind, identity, before, after, previous state),
 * truncated to 32 hex characters (128 bits). `detectedAt` is never part of it, so a poll that is
 * retried, or two workers that see the same document, produce the same id and the store keeps one.
 *
 * "Previous state" is the hash of the previous snapshot (`snapshotHash`), which covers the edition
 * date as well as the rows. The contract also wants an offer removed, re-added and removed again to
 * yield three distinct events. With contents alone that is impossible: the two removals go from the
 * same table A to the same table B. The catalogue, though, is a monthly edition, and the two A's are
 * different editions (2025-12-05 and 2026-02-05), so their hashes differ and so do the ids. For a
 * source whose documents carry no edition, the caller passes a chained state id instead
 * (`chainedStateHash`, the hash of the parent state and the contents, kept by the store), which
 * distinguishes the two A's by their history while staying the same when one poll is retried.
 *
 * `occurrence` separates events that would otherwise be identical within one diff (a row printed
 * twice and added twice); it is left out of the hash when 0, so ordinary ids do not depend on it.
 */
import type { OfferEventKind } from './events.js';
import type { Offer } from './offer.js';
import { canonicalFields, sha256 } from './snapshot.js';

/** Length of an event id in hex characters. */
export const EVENT_ID_LENGTH = 32;

/**
 * The id of one change event. Same inputs, same id; any differing input, another id.
 * `before` is absent for an addition, `after` for a removal.
 */
export function eventId(
  kind: OfferEventKind,
  identityKey: string,
  before: Offer | undefined,
  after: Offer | undefined,
  previousState: string,
  occurrence = 0,
): string {
  const parts: unknown[] = [
    kind,
    identityKey,
    before ? canonicalFields(before) : null,
    after ? canonicalFields(after) : null,
    previousState,
  ];
  if (occurrence > 0) parts.push(occurrence);
  return sha256(JSON.stringify(parts)).slice(0, EVENT_ID_LENGTH);
}
