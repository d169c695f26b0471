/**
 * The product lists of the real December 2025 catalogue, read by the real adapter (once per test file), and a
 * tracker state that follows them next to SecNumCloud and PASSI, with the December edition kept: what the views of
 * the product lists (status page, API, exports, provider pages) are tested on.
 */
import type { ListState, TrackerState } from '../../src/commands/ports.js';
import type { Offer } from '../../src/core/offer.js';
import { parseCatalogueLists, PRODUCT_LIST_IDS } from '../../src/sources/anssi-catalogue/index.js';
import { memoryEditions, PASSI_DEC, SNC_DEC } from './fake-editions.js';
import { fakeCommandDeps } from './fake-command-deps.js';
import { realCatalogueBytes } from './editions.js';

export type ProductLists = Record<(typeof PRODUCT_LIST_IDS)[number], Offer[]>;

let read: Promise<ProductLists> | undefined;

/** cc, cspn, qualified-products, protection-profiles and sites as the adapter reads them from the real PDF. */
export function realProductLists(): Promise<ProductLists> {
  read ??= parseCatalogueLists(realCatalogueBytes(), PRODUCT_LIST_IDS).then((doc) => doc.lists as ProductLists);
  return read;
}

export const DECEMBER = '2025-12-05';

/** The command deps' state following SecNumCloud, PASSI and every product list, December kept as an edition. */
export function stateWithProducts(products: ProductLists): TrackerState {
  const lists: ListState[] = [
    { list: 'passi', read: true, held: false, offers: PASSI_DEC, edition: DECEMBER },
    ...PRODUCT_LIST_IDS.map((list): ListState => ({ list, read: true, held: false, offers: products[list], edition: DECEMBER })),
  ];
  const { state } = fakeCommandDeps({ lists });
  const records = { secnumcloud: SNC_DEC, passi: PASSI_DEC, ...products };
  const editions = memoryEditions([{ edition: DECEMBER, dated: true, bodyHash: 'c'.repeat(64), storedAt: `${DECEMBER}T08:00:00.000Z`, lists: Object.keys(records), records }]);
  return { ...state, editions };
}
