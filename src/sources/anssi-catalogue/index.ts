import type { Offer, Snapshot } from '../../core/offer.js';
import { readEdition } from './edition.js';
import { CatalogueFormatError } from './errors.js';
import { locateByOutline } from './locate-section.js';
import { openPdf } from './pdf-document.js';
import type { RawRow } from './rows.js';
import { locateByText, readSectionTables } from './section.js';
import type { ListId } from './list-specs.js';
import { readLists } from './read-lists.js';

export { CatalogueFormatError } from './errors.js';
export { isListId, SERVICE_LIST_IDS, type ListId } from './list-specs.js';

export const SOURCE_KIND = 'anssi-catalogue';

/**
 * Parses the ANSSI catalogue PDF into the SecNumCloud offers of section "Services d'informatique en nuage".
 * Throws CatalogueFormatError for anything that is not such a catalogue, or whose table cannot be read
 * completely: an incomplete snapshot must never reach the diff.
 */
export async function parseCatalogue(bytes: Uint8Array): Promise<Snapshot> {
  const doc = await openPdf(bytes);
  try {
    const start = (await locateByOutline(doc)) ?? (await locateByText(doc));
    if (!start) {
      throw new CatalogueFormatError('no "SecNumCloud" section in this PDF: not the ANSSI catalogue');
    }
    const { rows, qualifiedTables } = await readSectionTables(doc, start);
    if (qualifiedTables === 0) {
      throw new CatalogueFormatError(`no SecNumCloud table in the section on page ${start.page + 1}: the layout changed`);
    }
    if (rows.length === 0) throw new CatalogueFormatError('the SecNumCloud table has no rows');
    const edition = await readEdition(doc);
    return { source: SOURCE_KIND, ...(edition ? { edition } : {}), offers: rows.map(toOffer) };
  } finally {
    await doc.destroy();
  }
}

/** Every requested list of one catalogue edition: plain data, for the CLI and a worker thread alike. */
export interface CatalogueLists {
  source: string;
  edition?: string;
  lists: Partial<Record<ListId, Offer[]>>;
}

/**
 * Parses the given service lists of the catalogue (ARCHITECTURE.md, "Every list of the catalogue"). The
 * document is opened once and each page read once, whichever lists share it. Throws CatalogueFormatError
 * when any requested list cannot be read completely.
 */
export async function parseCatalogueLists(bytes: Uint8Array, ids: readonly ListId[]): Promise<CatalogueLists> {
  const doc = await openPdf(bytes);
  try {
    const lists = await readLists(doc, ids);
    const edition = await readEdition(doc);
    return { source: SOURCE_KIND, ...(edition ? { edition } : {}), lists: Object.fromEntries(lists) };
  } finally {
    await doc.destroy();
  }
}

function toOffer(row: RawRow): Offer {
  const missing = [
    row.provider ? '' : 'provider',
    row.service ? '' : 'service',
    row.types.length ? '' : 'service type',
    row.dates.start ? '' : 'start date',
    row.dates.end ? '' : 'end date',
    row.decision ? '' : 'decision',
  ].filter(Boolean);
  if (missing.length > 0) {
    const what = [row.provider, row.service].filter(Boolean).join(' / ') || 'unnamed row';
    throw new CatalogueFormatError(`page ${row.page + 1}: row "${what}" has no ${missing.join(', ')}`);
  }
  return {
    provider: row.provider,
    service: row.service,
    types: row.types,
    qualifiedFrom: row.dates.start!,
    qualifiedUntil: row.dates.end!,
    decision: row.decision!,
    ...(row.decisionUrl ? { decisionUrl: row.decisionUrl } : {}),
    status: 'qualified',
  };
}
