/**
 * Kept editions in memory, with the EditionStore's contract (oldest first; a list missing from an edition was held
 * when it came), on the real December 2025 records: SecNumCloud and PASSI. Three editions: October (no Whaller, one
 * PASSI auditor fewer), November (Whaller qualified; PASSI held, so not kept) and December (both lists as printed).
 */
import type { EditionReader, ListState, TrackerState } from '../../src/commands/ports.js';
import type { EditionMeta } from '../../src/core/editions.js';
import type { Offer } from '../../src/core/offer.js';
import { catalogueSnapshot } from './csv-offers.js';
import { fakeCommandDeps } from './fake-command-deps.js';
import { listCsvRecords } from './list-csv.js';

export const SNC_DEC = catalogueSnapshot().offers;
export const PASSI_DEC = listCsvRecords('passi');
export const WHALLER = SNC_DEC.find((o) => o.service === 'Whaller Donjon SaaS')!;
/** The PASSI auditor that October's edition does not list yet. */
export const PASSI_NEW = PASSI_DEC.at(-1)!;

const hash = (c: string): string => c.repeat(64);
export const KEPT: Array<EditionMeta & { records: Record<string, Offer[]> }> = [
  { edition: '2025-10-03', dated: true, bodyHash: hash('a'), storedAt: '2025-10-03T08:00:00.000Z', lists: ['passi', 'secnumcloud'],
    records: { secnumcloud: SNC_DEC.filter((o) => o !== WHALLER), passi: PASSI_DEC.filter((o) => o !== PASSI_NEW) } },
  { edition: '2025-11-05', dated: true, bodyHash: hash('b'), storedAt: '2025-11-05T08:00:00.000Z', lists: ['secnumcloud'], records: { secnumcloud: SNC_DEC } },
  { edition: '2025-12-05', dated: true, bodyHash: hash('c'), storedAt: '2025-12-05T08:00:00.000Z', lists: ['passi', 'secnumcloud'], records: { secnumcloud: SNC_DEC, passi: PASSI_DEC } },
];

export function memoryEditions(kept = KEPT): EditionReader {
  return {
    list: async () => kept.map(({ records: _, ...meta }) => meta),
    get: async (edition, lists) => {
      const e = kept.find((k) => k.edition === edition);
      if (!e) return undefined;
      const wanted = (lists ?? e.lists).filter((l) => e.lists.includes(l));
      const { records, ...meta } = e;
      return { ...meta, records: Object.fromEntries(wanted.map((l) => [l, records[l]!])) };
    },
  };
}

/** The command deps' state with PASSI read (December), PRIS followed but not read yet, and the editions above. */
export function stateWithEditions(over: { lists?: ListState[]; editions?: EditionReader | null } = {}): TrackerState {
  const lists = over.lists ?? [
    { list: 'passi', read: true, held: true, offers: PASSI_DEC, edition: '2025-12-05' },
    { list: 'pris', read: false, held: false, offers: [] },
  ];
  const { state } = fakeCommandDeps({ lists });
  const editions = over.editions === null ? undefined : (over.editions ?? memoryEditions());
  return { ...state, ...(editions ? { editions } : {}) };
}
