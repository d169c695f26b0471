/**
 * Records of the real December 2025 catalogue's product lists (decision 0023), read once per test file, and events
 * made of them: what chat and alert tests of the product lists use instead of hand-written records.
 */
import type { OfferEvent } from '../../src/core/events.js';
import type { Offer } from '../../src/core/offer.js';
import { parseCatalogueLists, PRODUCT_LIST_IDS } from '../../src/sources/anssi-catalogue/index.js';
import { realCatalogueBytes } from './editions.js';

let read: Promise<Record<string, Offer[]>> | undefined;

/** The five product lists of the December 2025 edition, by list id. */
export function decemberProducts(): Promise<Record<string, Offer[]>> {
  read ??= parseCatalogueLists(realCatalogueBytes(), PRODUCT_LIST_IDS).then((r) => r.lists as Record<string, Offer[]>);
  return read;
}

/** The one record of a list whose certificate (or, for qualified products, product and version) is the one given. */
export async function productRecord(list: string, pick: (o: Offer) => boolean): Promise<Offer> {
  const found = (await decemberProducts())[list]?.filter(pick) ?? [];
  if (found.length !== 1) throw new Error(`${found.length} records of ${list} match`);
  return found[0]!;
}

/** An event about a record, as the change log holds it. */
export const productEvent = (kind: OfferEvent['kind'], offer: Offer, more: Partial<OfferEvent> = {}): OfferEvent => ({
  id: `e-${kind}-${offer.certificate ?? offer.service ?? offer.provider}`,
  kind,
  source: 'anssi-catalogue',
  detectedAt: '2026-02-02T08:00:00Z',
  offer,
  ...more,
});
