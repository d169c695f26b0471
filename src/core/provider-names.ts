/**
 * Which records and events are one provider's, across renames. Pure.
 *
 * A provider is known by its normalised name (normalizeName); an `offer.renamed` whose provider changed joins the
 * old and the new name, so the story of "Worldline" includes what happened while it was printed "Atos Worldline".
 */
import { isNewsEvent, isOperatorEvent, type ChangeEvent, type NewsEvent, type OfferEvent } from './events.js';
import { namedProviders } from './keywords.js';
import { normalizeName } from './normalize.js';
import type { Offer } from './offer.js';
import type { ProviderRename } from './provider-slug.js';

export const offerEvents = (events: readonly ChangeEvent[]): OfferEvent[] =>
  events.filter((e): e is OfferEvent => !isOperatorEvent(e) && !isNewsEvent(e));

/** Provider renames in the change log, oldest first (events given oldest first). */
export function providerRenames(events: readonly ChangeEvent[]): ProviderRename[] {
  return offerEvents(events)
    .filter((e) => e.kind === 'offer.renamed' && e.previous && normalizeName(e.previous.provider) !== normalizeName(e.offer.provider))
    .map((e) => ({ from: e.previous!.provider, to: e.offer.provider }));
}

/**
 * Every name (as printed) the provider went by: `name` and the names renames join to it, normalised names
 * compared. Bounded by the renames: each pass adds a name or stops.
 */
export function namesOf(name: string, renames: readonly ProviderRename[]): string[] {
  const keys = new Set([normalizeName(name)]);
  const printed = new Map([[normalizeName(name), name]]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of renames) {
      const [a, b] = [normalizeName(r.from), normalizeName(r.to)];
      if (keys.has(a) !== keys.has(b)) {
        const [added, as] = keys.has(a) ? [b, r.to] : [a, r.from];
        keys.add(added);
        printed.set(added, as);
        grew = true;
      }
    }
  }
  return [...printed.values()];
}

/** Whether a record (or the record before a change) is one of these names'. */
export const isOfProvider = (o: Offer | undefined, keys: ReadonlySet<string>): boolean => o !== undefined && keys.has(normalizeName(o.provider));

/**
 * Whether a news item is about the provider: its title names one of the names (found by name, since a news event
 * records only the providers known when it was detected), or the event recorded it.
 */
export function newsNames(e: NewsEvent, names: readonly string[]): boolean {
  if (namedProviders(e.item.title, names).length > 0) return true;
  const keys = new Set(names.map(normalizeName));
  return e.providers.some((p) => keys.has(normalizeName(p)));
}
