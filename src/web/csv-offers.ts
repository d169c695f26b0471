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
import { PRIMARY_LIST } from '../core/tracks.js';
import type { OfferFilters } from './api-query.js';
import { isProductList } from './offer-search.js';
import { toApiListedOffer } from './api-records.js';
import type { CsvDocument } from './csv.js';
import { listTitle, recommendationWords, scopeWords } from './list-names.js';

export interface OffersCsvInput {
  /** The offers to list, already filtered. */
  offers: readonly Offer[];
  edition?: string;
  /** Today in TZ_REFERENCE: the extraction day, and what days left count from. */
  today: string;
  lang: Lang;
  /** The catalogue list (SecNumCloud when absent): its name in the first line, and its own columns. */
  list?: string;
  filters: OfferFilters;
  /** What the page says about the list when it is not current (listNotice), if anything. */
  notice?: string;
}

/** `2027-12-04` → `04/12/2027`, as the catalogue prints dates. */
export const catalogueDate = (iso: string | undefined): string | undefined => iso?.split('-').reverse().join('/');

interface Words {
  header: string[];
  /** Another list's columns: Types gives way to the activities, and the list's own fields come last. */
  listHeader: string[];
  source(edition: string | undefined): string;
  /** A product list's own columns, after those of the other lists (so a file read by position reads them all alike). */
  productHeader: string[];
  notMaintained: string;
  listSource(list: string, edition: string | undefined): string;
  yes: string;
  no: string;
  extracted(day: string): string;
  filters(f: OfferFilters): string | undefined;
  filename: string;
}

const WORDS: Record<Lang, Words> = {
  fr: {
    header: ['Fournisseur', 'Service', 'Types', 'Début de qualification', 'Début (AAAA-MM-JJ)', 'Fin de qualification', 'Fin (AAAA-MM-JJ)', 'Jours restants', 'Décision', 'Lien de la décision'],
    listHeader: ['Fournisseur', 'Service', 'Activités', 'Début de qualification', 'Début (AAAA-MM-JJ)', 'Fin de qualification', 'Fin (AAAA-MM-JJ)', 'Jours restants', 'Décision', 'Lien de la décision', 'Niveau', 'Sécurité nationale', 'Recommandation', 'OID'],
    productHeader: ['Version', 'Catégorie', "Niveau d'agrément", 'Type de produit', 'Commanditaire', "Centre d'évaluation (CESTI)", 'Maintenu', 'Certificat', 'Lien du certificat', 'Lien du rapport de certification', 'Lien de la cible de sécurité'],
    notMaintained: 'Non maintenu',
    source: (e) => `Source : catalogue des offres qualifiées SecNumCloud de l'ANSSI, ${e ? `édition du ${catalogueDate(e)}` : 'aucune édition lue'}.`,
    listSource: (l, e) => `Source : catalogue de l'ANSSI, liste ${listTitle(l, 'fr')}, ${e ? `édition du ${catalogueDate(e)}` : 'liste pas encore lue'}.`,
    yes: 'oui',
    no: 'non',
    extracted: (d) => `Extrait le ${catalogueDate(d)} par secnumcloud-tracker.`,
    filters: (f) => {
      const all = [f.type && `type ${f.type}`, f.provider && `fournisseur « ${f.provider} »`, f.category && `catégorie « ${f.category} »`, f.q && `recherche « ${f.q} »`].filter(Boolean);
      return all.length > 0 ? `Filtres : ${all.join(', ')}.` : undefined;
    },
    filename: 'secnumcloud-offres',
  },
  en: {
    header: ['Provider', 'Service', 'Types', 'Qualified from', 'From (YYYY-MM-DD)', 'Qualified until', 'Until (YYYY-MM-DD)', 'Days left', 'Decision', 'Decision URL'],
    listHeader: ['Provider', 'Service', 'Activities', 'Qualified from', 'From (YYYY-MM-DD)', 'Qualified until', 'Until (YYYY-MM-DD)', 'Days left', 'Decision', 'Decision URL', 'Level', 'National security', 'Recommendation', 'OID'],
    productHeader: ['Version', 'Category', 'Approval level', 'Product type', 'Sponsor', 'Evaluation facility (CESTI)', 'Maintained', 'Certificate', 'Certificate URL', 'Certification report URL', 'Security target URL'],
    notMaintained: 'Not maintained',
    source: (e) => `Source: ANSSI's catalogue of SecNumCloud qualified offers, ${e ? `edition of ${e}` : 'no edition read'}.`,
    listSource: (l, e) => `Source: ANSSI's catalogue, list ${listTitle(l, 'en')}, ${e ? `edition of ${e}` : 'list not read yet'}.`,
    yes: 'yes',
    no: 'no',
    extracted: (d) => `Extracted on ${d} by secnumcloud-tracker.`,
    filters: (f) => {
      const all = [f.type && `type ${f.type}`, f.provider && `provider "${f.provider}"`, f.category && `category "${f.category}"`, f.q && `search "${f.q}"`].filter(Boolean);
      return all.length > 0 ? `Filters: ${all.join(', ')}.` : undefined;
    },
    filename: 'secnumcloud-offers',
  },
};

/** The file name a download gets: the edition in it, so two exports of different editions do not overwrite. */
export const offersCsvFilename = (lang: Lang, edition: string | undefined, list: string = PRIMARY_LIST): string =>
  `${list === PRIMARY_LIST ? WORDS[lang].filename : `${list}-${isProductList(list) ? (lang === 'fr' ? 'produits' : 'products') : lang === 'fr' ? 'offres' : 'offers'}`}-${edition ?? 'catalogue'}.csv`;

export function offersCsv(input: OffersCsvInput): CsvDocument {
  const w = WORDS[input.lang];
  const other = input.list !== undefined && input.list !== PRIMARY_LIST;
  const product = isProductList(input.list);
  const source = other ? w.listSource(input.list!, input.edition) : w.source(input.edition);
  const comment = [source, input.notice, w.filters(input.filters), w.extracted(input.today)].filter(Boolean).join(' ');
  const rows = input.offers.map((o) => {
    const listed = toApiListedOffer(o, input.today);
    const own = other
      ? [o.level, o.nationalSecurity === undefined ? undefined : o.nationalSecurity ? w.yes : w.no, o.recommendation && recommendationWords(o.recommendation, input.lang), o.oid]
      : [];
    const products = product
      ? [o.version, o.category, o.approval, o.productType, o.sponsor, o.evaluationFacility, o.maintained === false ? w.no : w.yes, o.certificate, o.certificateUrl, o.reportUrl, o.securityTargetUrl]
      : [];
    return [
      o.provider,
      o.service,
      other ? (o.scopes ?? []).map((x) => scopeWords(x, input.lang)).join(', ') : o.types.join(', '),
      catalogueDate(o.qualifiedFrom),
      o.qualifiedFrom,
      // As the catalogue prints it: "Non maintenu" where a certificate has no end date any more.
      o.maintained === false && o.qualifiedUntil === undefined ? w.notMaintained : catalogueDate(o.qualifiedUntil),
      o.qualifiedUntil,
      listed.daysLeft,
      o.decision,
      o.decisionUrl,
      ...own,
      ...products,
    ];
  });
  return { comment, header: product ? [...w.listHeader, ...w.productHeader] : other ? w.listHeader : w.header, rows };
}
