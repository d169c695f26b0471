/**
 * /feed.atom's `category` filter: the subscriptions' `category:` (decision 0026), on real qualified products of the
 * December 2025 catalogue, through the subscriptions' own `receives`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Offer } from '../../src/core/offer.js';
import { receives } from '../../src/core/subscriptions.js';
import { feedSubscription, filterParams, parseFeedFilter, type FeedFilter } from '../../src/web/feed-filter.js';
import { productEvent, productRecord } from '../support/product-records.js';

let firewall: Offer;
let encryptor: Offer;
beforeAll(async () => {
  firewall = await productRecord('qualified-products', (o) => o.provider === 'Stormshield' && o.category === 'Pare-feu');
  encryptor = await productRecord('qualified-products', (o) => o.provider === 'Stormshield' && o.category === 'Chiffreurs');
}, 60_000);

const known = { qualified: [] as Offer[], inProgress: [] as Offer[] };
/** The filters of a query that must be read. */
function filterOf(query: Record<string, string | string[]>): FeedFilter {
  const parsed = parseFeedFilter(query);
  if (!parsed.ok || !parsed.value) throw new Error(`not a filter: ${JSON.stringify(query)}`);
  return parsed.value;
}

describe('/feed.atom?category=', () => {
  it('keeps the qualified products of that category, accents and case ignored, and means that list alone', () => {
    const f = filterOf({ category: 'PARE-FEU' });
    expect(f.lists).toEqual(['qualified-products']);
    expect(filterParams(f).toString()).toBe('list=qualified-products&category=PARE-FEU');
    const sub = feedSubscription(f, known);
    expect(receives(sub, productEvent('offer.added', firewall))).toBe(true);
    expect(receives(sub, productEvent('offer.added', encryptor))).toBe(false);
    // Without the filter, both.
    const all = feedSubscription(filterOf({ list: 'qualified-products' }), known);
    expect(receives(all, productEvent('offer.added', encryptor))).toBe(true);
  });

  it('refuses a category beside lists that have none', () => {
    const bad = parseFeedFilter({ list: 'passi', category: 'Pare-feu' });
    expect(bad).toMatchObject({ ok: false, error: { parameter: 'category' } });
    expect(parseFeedFilter({ list: ['all'], category: 'Pare-feu' }).ok).toBe(true);
  });
});
