/**
 * Shapes shared by the edition generators (test/support/edition-*.ts).
 * An edition is a catalogue PDF built in memory together with exactly what a parser must read from it.
 */
import { frenchDateToIso, sortTypes, type Offer, type ServiceType } from '../../src/core/offer.js';

export interface ExpectedSnapshot {
  /** `YYYY-MM-DD`, from the cover's "Catalogue mis à jour le DD/MM/YYYY à HH:MM:SS". */
  edition: string;
  /** The rows of the qualified SecNumCloud table, in table order. */
  offers: Offer[];
}

export interface Edition {
  name: string;
  bytes: Uint8Array;
  expected: ExpectedSnapshot;
}

/** An input the parser must reject with a CatalogueFormatError. */
export interface NotCatalogue {
  name: string;
  bytes: Uint8Array;
}

/** One row of a cloud table as printed (dates `DD/MM/YYYY`, like the PDF). */
export interface CloudRow {
  provider: string;
  service: string;
  types: ServiceType[];
  from: string;
  until: string;
  decision: string;
  /** Year part of the decision URL (`…/visas/<year>_<decision>_np.pdf`). */
  year: string;
  /** A footnote glued to the end of the service name ("SecNum²⁵"): not part of the name. */
  footnote?: Footnote;
  /** Colour of the check mark in "Niveau de recommandation" (a drawing, not text). */
  check?: 'green' | 'orange';
}

export interface Footnote {
  marker: string;
  text: string;
}

export const decisionUrl = (row: Pick<CloudRow, 'year' | 'decision'>): string =>
  `https://messervices.cyber.gouv.fr/visas/${row.year}_${row.decision}_np.pdf`;

function iso(french: string): string {
  const out = frenchDateToIso(french);
  if (!out) throw new Error(`edition data: not a DD/MM/YYYY date: ${french}`);
  return out;
}

/** `YYYY-MM-DD` → `DD/MM/YYYY`. */
export function isoToFrench(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/** What the parser must return for a printed row of a qualified table. */
export function offerOf(row: CloudRow): Offer {
  return {
    provider: row.provider,
    service: row.service,
    types: sortTypes(row.types),
    qualifiedFrom: iso(row.from),
    qualifiedUntil: iso(row.until),
    decision: row.decision,
    decisionUrl: decisionUrl(row),
    // The check mark is drawn green unless the row says otherwise (edition-table.ts).
    recommendation: row.check === 'orange' ? 'moderate' : 'optimal',
    status: 'qualified',
  };
}

/** Edition date of a cover line date `DD/MM/YYYY`. */
export const editionOf = (coverDate: string): string => iso(coverDate);
