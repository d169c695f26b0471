import type { Offer, Snapshot } from '../../core/offer.js';
import { DEFAULT_PARSE_BUDGET, type ParseBudget } from '../budget.js';
import { withDecodeBudget } from './decode-meter.js';
import { readEdition } from './edition.js';
import { PRODUCT_LIST_IDS, type ListId } from './list-specs.js';
import { openPdf } from './pdf-document.js';
import { Pages, readListsAndArchive } from './read-lists.js';
import { catalogueSettingsSchema } from './settings.js';

import { CatalogueFormatError } from './errors.js';

export { CatalogueFormatError };
export { isListId, LIST_IDS, PRODUCT_LIST_IDS, SERVICE_LIST_IDS, type ListId } from './list-specs.js';

export const SOURCE_KIND = 'anssi-catalogue';

const isProductList = (id: ListId): boolean => (PRODUCT_LIST_IDS as readonly string[]).includes(id);

/** Every requested list of one catalogue edition: plain data, for the CLI and a worker thread alike. */
export interface CatalogueLists {
  source: string;
  edition?: string;
  lists: Partial<Record<ListId, Offer[]>>;
  /**
   * With `archive`: the certificate ids printed in the annex of archived lists (decision 0025), absent when the
   * document prints none. Never offers: what tells a certificate moved to the archive from one gone.
   */
  archived?: string[];
}

/**
 * Parses the given service lists of the catalogue (ARCHITECTURE.md, "Every list of the catalogue"). The
 * document is opened once and each page read once, whichever lists share it. `present`: leave out the lists
 * the document does not print (for "every list") rather than fail. Throws CatalogueFormatError
 * for anything that is not such a catalogue, or when any requested list cannot be read completely: an
 * incomplete snapshot must never reach the diff. Throws ParseBudgetError, before the memory is taken, when its
 * streams would decode to more than `budget.maxDecodedBytes` (one stream or all together). Metered parses run
 * one at a time in a process.
 */
export function parseCatalogueLists(
  bytes: Uint8Array,
  ids: readonly ListId[],
  opts: { present?: boolean; budget?: ParseBudget; archive?: boolean } = {},
): Promise<CatalogueLists> {
  const budget = opts.budget ?? DEFAULT_PARSE_BUDGET;
  return withDecodeBudget(budget, () => readCatalogueLists(bytes, ids, opts.present ?? false, budget, opts.archive ?? false));
}

async function readCatalogueLists(bytes: Uint8Array, ids: readonly ListId[], present: boolean, budget: ParseBudget, archive: boolean): Promise<CatalogueLists> {
  const doc = await openPdf(bytes, budget);
  try {
    const pages = new Pages(doc, bytes);
    const { lists, archived } = await readListsAndArchive(doc, ids, present, bytes, archive, pages);
    const edition = await readEdition(doc, pages.runsOf);
    return { source: SOURCE_KIND, ...(edition ? { edition } : {}), lists: Object.fromEntries(lists), ...(archived ? { archived } : {}) };
  } finally {
    await doc.destroy();
  }
}

/**
 * One list of the catalogue as a snapshot (SecNumCloud by default: the offers of "Services d'informatique
 * en nuage", as the tracker follows them). Other lists' snapshots carry their `list`.
 */
export async function parseCatalogue(bytes: Uint8Array, budget: ParseBudget = DEFAULT_PARSE_BUDGET, list: ListId = 'secnumcloud'): Promise<Snapshot> {
  const { edition, lists } = await parseCatalogueLists(bytes, [list], { budget });
  return { source: SOURCE_KIND, ...(list === 'secnumcloud' ? {} : { list }), ...(edition ? { edition } : {}), offers: lists[list] ?? [] };
}

/**
 * The lists a catalogue source tracks (its settings' `lists`), in one reading: SecNumCloud's snapshot, which the
 * document must print, and a snapshot per other list it prints (a list it no longer prints is absent: the poll
 * judges that).
 */
export async function parseTrackedLists(bytes: Uint8Array, settings: unknown, budget: ParseBudget = DEFAULT_PARSE_BUDGET): Promise<{ snapshot: Snapshot; lists: Snapshot[] }> {
  const wanted = catalogueSettingsSchema.parse(settings).lists.filter((id) => id !== 'secnumcloud');
  // The annex of archived certificates is read only for the product lists, whose removals it explains (0025).
  const products = wanted.some(isProductList);
  const { edition, lists, archived } = await parseCatalogueLists(bytes, ['secnumcloud', ...wanted], { budget, present: true, archive: products });
  const head = { source: SOURCE_KIND, ...(edition ? { edition } : {}) };
  const secnumcloud = lists.secnumcloud;
  if (!secnumcloud) throw new CatalogueFormatError('the catalogue prints no SecNumCloud list (section "Services d\'informatique en nuage")');
  const others = wanted
    .filter((id) => lists[id] !== undefined)
    .map((id): Snapshot => ({ ...head, list: id, offers: lists[id]!, ...(archived && isProductList(id) ? { archived } : {}) }));
  return { snapshot: { ...head, offers: secnumcloud }, lists: others };
}
