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
 * The catalogue's product lists (certified and qualified products, profiles, sites: 0023), as the sources' list
 * specs name them. Their expiry reminders are off unless a subscription asks for them (decision 0025).
 */
export const PRODUCT_LISTS: readonly string[] = ['cc', 'cspn', 'qualified-products', 'protection-profiles', 'sites'];

export const isProductList = (list: string): boolean => PRODUCT_LISTS.includes(list);
