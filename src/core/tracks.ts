/**
 * A source's tracks: what the store keeps one trusted (and one held) snapshot of. An "en cours" page is one
 * track; a catalogue is one per list it follows. SecNumCloud's track is the source itself, so stores written
 * before the other lists were followed keep their meaning; another list's is `<source>/<list>` (source ids
 * never hold a slash).
 */
export const PRIMARY_LIST = 'secnumcloud';

/** The list an offer or snapshot belongs to: SecNumCloud's records carry none. */
export const listOf = (x: { list?: string | undefined }): string => x.list ?? PRIMARY_LIST;

/** The store id of a source's list. */
export const trackOf = (source: string, list?: string): string => (list === undefined || list === PRIMARY_LIST ? source : `${source}/${list}`);

/**
 * The catalogue's product lists (certified and qualified products, decision 0023), in its order. The same ids as
 * PRODUCT_LIST_IDS in src/sources/anssi-catalogue/list-specs.ts, which the core may not import (a test keeps the
 * two equal): product expiry reminders are off unless a subscription asks for them (decisions 0025, 0026).
 */
export const PRODUCT_LISTS = ['cc', 'cspn', 'qualified-products', 'protection-profiles', 'sites'] as const;

/** Whether a list id is one of the product lists. */
export const isProductList = (list: string): boolean => (PRODUCT_LISTS as readonly string[]).includes(list);

/** The product list whose records carry a category (2.2, "Produits qualifiés"): what `category:` filters. */
export const CATEGORY_LIST = 'qualified-products';
