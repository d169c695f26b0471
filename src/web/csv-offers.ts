/**
 * /api/offers.csv: the qualified offers as a spreadsheet reads them, in the order and with the filters of
 * /api/offers, headers in French or English. Pure: the route reads the state and passes it in.
 *
 * Dates come twice: as the catalogue prints them (`04/12/2027`, which a French spreadsheet reads as a date) and in
 * ISO form (`2027-12-04`, which sorts as text and which no locale misreads). The first line names the source, its
 * edition and, when the list is not current, why (the words of the status page: absence is never shown as emptiness).
 */
import type { Lang } from '../commands/ports.js';
import type { Offer } from '../core/offer.js';
import type { OffersQuery } from './api-query.js';
import { toApiListedOffer } from './api-records.js';
import type { CsvDocument } from './csv.js';

export interface OffersCsvInput {
  /** The offers to list, already filtered. */
  offers: readonly Offer[];
  edition?: string;
  /** Today in TZ_REFERENCE: the extraction day, and what days left count from. */
  today: string;
  lang: Lang;
  filters: Pick<OffersQuery, 'provider' | 'type'>;
  /** What the page says about the list when it is not current (listNotice), if anything. */
  notice?: string;
}

/** `2027-12-04` → `04/12/2027`, as the catalogue prints dates. */
export const catalogueDate = (iso: string | undefined): string | undefined => iso?.split('-').reverse().join('/');

interface Words {
  header: string[];
  source(edition: string | undefined): string;
  extracted(day: string): string;
  filters(f: Pick<OffersQuery, 'provider' | 'type'>): string | undefined;
  filename: string;
}

const WORDS: Record<Lang, Words> = {
  fr: {
    header: ['Fournisseur', 'Service', 'Types', 'Début de qualification', 'Début (AAAA-MM-JJ)', 'Fin de qualification', 'Fin (AAAA-MM-JJ)', 'Jours restants', 'Décision', 'Lien de la décision'],
    source: (e) => `Source : catalogue des offres qualifiées SecNumCloud de l'ANSSI, ${e ? `édition du ${catalogueDate(e)}` : 'aucune édition lue'}.`,
    extracted: (d) => `Extrait le ${catalogueDate(d)} par secnumcloud-tracker.`,
    filters: (f) => (f.provider || f.type ? `Filtres : ${[f.type && `type ${f.type}`, f.provider && `fournisseur « ${f.provider} »`].filter(Boolean).join(', ')}.` : undefined),
    filename: 'secnumcloud-offres',
  },
  en: {
    header: ['Provider', 'Service', 'Types', 'Qualified from', 'From (YYYY-MM-DD)', 'Qualified until', 'Until (YYYY-MM-DD)', 'Days left', 'Decision', 'Decision URL'],
    source: (e) => `Source: ANSSI's catalogue of SecNumCloud qualified offers, ${e ? `edition of ${e}` : 'no edition read'}.`,
    extracted: (d) => `Extracted on ${d} by secnumcloud-tracker.`,
    filters: (f) => (f.provider || f.type ? `Filters: ${[f.type && `type ${f.type}`, f.provider && `provider "${f.provider}"`].filter(Boolean).join(', ')}.` : undefined),
    filename: 'secnumcloud-offers',
  },
};

/** The file name a download gets: the edition in it, so two exports of different editions do not overwrite. */
export const offersCsvFilename = (lang: Lang, edition: string | undefined): string => `${WORDS[lang].filename}-${edition ?? 'catalogue'}.csv`;

export function offersCsv(input: OffersCsvInput): CsvDocument {
  const w = WORDS[input.lang];
  const comment = [w.source(input.edition), input.notice, w.filters(input.filters), w.extracted(input.today)].filter(Boolean).join(' ');
  const rows = input.offers.map((o) => {
    const listed = toApiListedOffer(o, input.today);
    return [
      o.provider,
      o.service,
      o.types.join(', '),
      catalogueDate(o.qualifiedFrom),
      o.qualifiedFrom,
      catalogueDate(o.qualifiedUntil),
      o.qualifiedUntil,
      listed.daysLeft,
      o.decision,
      o.decisionUrl,
    ];
  });
  return { comment, header: w.header, rows };
}
