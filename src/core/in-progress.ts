import { eventId } from './event-id.js';
import type { OfferEvent } from './events.js';
import { identityKey, normalizeName } from './normalize.js';
import { upgradeOffer, type Offer, type Snapshot } from './offer.js';
import { snapshotHash } from './snapshot.js';
import type { TrustedState } from './trust.js';

/**
 * Whether two records (one "en cours", one qualified) name the same service: same provider once normalised,
 * and the same service, or one service name containing the other ("Plateforme X" / "Plateforme X v2"): the
 * page and the catalogue do not always spell a service the same way.
 */
export function sameService(a: Offer, b: Offer): boolean {
  if (normalizeName(a.provider) !== normalizeName(b.provider)) return false;
  const [x, y] = [normalizeName(a.service), normalizeName(b.service)];
  return x === y || (x.length >= 3 && y.length >= 3 && (x.includes(y) || y.includes(x)));
}

/**
 * The "en cours" entries that are still only en cours: those matching no qualified offer (`sameService`). The one
 * rule, for the events and for every view and count: an entry the catalogue already lists as qualified (the page
 * lags the catalogue) is shown once, as qualified.
 */
export function stillInProgress(entries: readonly Offer[], qualified: readonly Offer[]): Offer[] {
  return entries.filter((e) => !qualified.some((q) => sameService(e, q)));
}

/**
 * The page of services "en cours de qualification": a new entry is `offer.in_progress`, except for an
 * entry that matches an offer already qualified (the page has been seen lagging the catalogue). Entries
 * leaving the page say nothing by themselves: the catalogue tells whether they were qualified.
 */
export function inProgressEvents(
  previous: TrustedState | undefined,
  next: Snapshot,
  qualified: readonly Offer[],
  detectedAt: string,
): OfferEvent[] {
  if (!previous) return [];
  const before = new Set(previous.snapshot.offers.map((o) => `${normalizeName(o.provider)}|${normalizeName(o.service)}`));
  const state = previous.state ?? snapshotHash(previous.snapshot);
  const fresh = next.offers.filter((o) => !before.has(`${normalizeName(o.provider)}|${normalizeName(o.service)}`));
  return stillInProgress(fresh, qualified)
    .map((o) => ({
      id: eventId('offer.in_progress', identityKey(o), undefined, o, state),
      kind: 'offer.in_progress' as const,
      source: next.source,
      detectedAt,
      offer: o,
    }));
}

/**
 * The "en cours" entry a new qualification comes from: the same service, or else the provider's only entry
 * when they share a service type (the page says "Plateforme NumSpot" where the catalogue says "NumSpot Cloud
 * Platform"). With several entries of that provider and no name match, none: no guessing.
 */
function originOf(offer: Offer, inProgress: readonly Offer[]): Offer | undefined {
  const same = inProgress.find((p) => sameService(p, offer));
  if (same) return same;
  const ofProvider = inProgress.filter((p) => normalizeName(p.provider) === normalizeName(offer.provider));
  const only = ofProvider.length === 1 ? ofProvider[0]! : undefined;
  return only && (only.types.length === 0 || only.types.some((t) => offer.types.includes(t))) ? only : undefined;
}

/** A new qualification of a service that was "en cours" says so (`wasInProgress`), with the date it entered. */
export function markWasInProgress(events: readonly OfferEvent[], inProgress: readonly Offer[]): OfferEvent[] {
  return events.map((e) => {
    if (e.kind !== 'offer.added') return e;
    const entry = originOf(e.offer, inProgress);
    const since = entry && upgradeOffer(entry).inProgressSince;
    return entry ? { ...e, wasInProgress: since ? { since } : {} } : e;
  });
}
