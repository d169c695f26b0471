/**
 * The search of the views (`q`): what a visitor types to find a product or a provider in a list, on the status page,
 * in /api/offers and in the exports. Pure.
 *
 * Terms are what the visitor separated with spaces; each is folded as names are (normalizeName: case, accents and
 * punctuation ignored) and must appear whole within one field of the row, every term in some field. So "2021-18"
 * stays one term and finds "ANSSI-CC-2021-18v2" but not "ANSSI-CC-2018-21", and "stormshield endpoint" finds the
 * developer's product of that name. The fields: the provider (the developer), the service (the product), its
 * version, the certificate id and the category of a qualified product (docs/decisions/0027-product-views.md).
 */
import { normalizeName } from '../core/normalize.js';
import type { Offer } from '../core/offer.js';
import { PRODUCT_LIST_IDS } from '../sources/anssi-catalogue/list-specs.js';

/** Whether a list is one of the product lists (cc, cspn, qualified-products, protection-profiles, sites). */
export const isProductList = (list: string | undefined): boolean => list !== undefined && (PRODUCT_LIST_IDS as readonly string[]).includes(list);

/** The folded terms of a search; none for an empty one. */
export function searchTerms(q: string | undefined): string[] {
  return (q ?? '').split(/\s+/).map(normalizeName).filter((t) => t !== '');
}

const fields = (o: Offer): string[] => [o.provider, o.service, o.version, o.certificate, o.category].filter((f): f is string => f !== undefined).map(normalizeName);

/** Whether the row holds every term (true for no term). */
export function matchesSearch(o: Offer, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const folded = fields(o);
  return terms.every((t) => folded.some((f) => f.includes(t)));
}

/** A qualified product's category as asked (`category=Pare-feu`, `pare feu`): the same once folded. */
export const sameCategory = (o: Offer, category: string): boolean => o.category !== undefined && normalizeName(o.category) === normalizeName(category);
