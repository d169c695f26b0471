/**
 * The records every source yields and every other part consumes.
 * Dates are calendar dates (`YYYY-MM-DD` strings), never instants: a qualification
 * ends on a day in Paris, not at a UTC millisecond.
 */

export const SERVICE_TYPES = ['SaaS', 'PaaS', 'CaaS', 'IaaS'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export type OfferStatus = 'qualified' | 'in_progress';

/** ANSSI's recommendation level, read from the coloured check mark (green, orange, red). */
export const RECOMMENDATIONS = ['optimal', 'moderate', 'critical'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

/**
 * One row of a catalogue list (status `qualified`) or one "en cours" entry (status `in_progress`).
 * SecNumCloud rows carry no `list`; rows of the other lists carry their list id, and lists whose rows
 * name no service (PASSI, PACS, …) carry no `service` and `types: []`.
 */
export interface Offer {
  /** The catalogue list (`passi`, `eidas-seal`, …); absent for SecNumCloud. */
  list?: string;
  provider: string;
  service?: string;
  /** Subset of SERVICE_TYPES, always in SERVICE_TYPES order. */
  types: ServiceType[];
  qualifiedFrom?: string;
  qualifiedUntil?: string;
  /**
   * An "en cours" entry only: the date the service entered the qualification process, as the page shows it.
   * Records stored before this field existed carry it in `qualifiedFrom` (see `upgradeOffer`).
   */
  inProgressSince?: string;
  /** The decision number as printed, e.g. "1951". */
  decision?: string;
  decisionUrl?: string;
  /** Activities the qualification covers (columns marked X), stable English ids, printed order. */
  scopes?: string[];
  /** "Niveau de qualification" / "de certification" as printed ("Elevé", "Substantiel", "Sans objet"). */
  level?: string;
  /** "Sécurité nationale": qualified for national-security needs. */
  nationalSecurity?: boolean;
  /** The trust service's OID. */
  oid?: string;
  recommendation?: Recommendation;
  /** Product lists (cc, cspn, qualified-products, …): the product's version, when printed apart from its name. */
  version?: string;
  /** Qualified products: the category sub-heading the row is printed under ("Chiffreurs", "Pare-feu"). */
  category?: string;
  /** Qualified products: "Niveau d'agrément" as printed ("DR"). */
  approval?: string;
  /** Certified products: "Nom du commanditaire". */
  sponsor?: string;
  /** Certified products: "Nom du centre d'évaluation (CESTI)". */
  evaluationFacility?: string;
  /** Certified products: "Type de produit" as printed. */
  productType?: string;
  /** False when the end date reads "Non maintenu" (the certificate is no longer maintained): no `qualifiedUntil` then. */
  maintained?: boolean;
  /** Certified products: the certificate id as printed, its lines joined tight ("ANSSI-CC-" + "2021-18v2"). */
  certificate?: string;
  certificateUrl?: string;
  reportUrl?: string;
  securityTargetUrl?: string;
  status: OfferStatus;
}

/** What one source adapter returns for one document. */
export interface Snapshot {
  source: string;
  /** The catalogue list these offers come from; absent for SecNumCloud and other sources. */
  list?: string;
  /** Edition date of the document (`YYYY-MM-DD`) when the document states one. */
  edition?: string;
  offers: Offer[];
  /**
   * A catalogue product list's snapshot: the certificate ids printed in the edition's annex of archived lists
   * (decision 0025); absent when the edition prints no annex. Never offers, and not part of the snapshot's hash: it
   * only tells a certificate moved to the archive from one gone (`offer.removed`'s `reason`).
   */
  archived?: string[];
  /**
   * How an adapter that recognises layouts (the "en cours" page) read the document: the layout kept and why the
   * others were refused, for the operators (`check`, a held snapshot's reasons). Not part of the snapshot's hash.
   */
  reading?: { layout?: string; refused: string[]; dropped: string[] };
}

/**
 * A record as stored by any version: an "en cours" entry of an older version kept its date in `qualifiedFrom`,
 * which for it never meant a qualification; it is read as `inProgressSince`. Other records are returned as they are.
 */
export function upgradeOffer(o: Offer): Offer {
  if (o.status !== 'in_progress' || o.qualifiedFrom === undefined || o.inProgressSince !== undefined) return o;
  const { qualifiedFrom, ...rest } = o;
  return { ...rest, inProgressSince: qualifiedFrom };
}

/** Orders types as SERVICE_TYPES does and drops duplicates. */
export function sortTypes(types: Iterable<ServiceType>): ServiceType[] {
  const set = new Set(types);
  return SERVICE_TYPES.filter((t) => set.has(t));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** `DD/MM/YYYY` → `YYYY-MM-DD`, or undefined when it is not a real date. */
export function frenchDateToIso(s: string): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s.trim());
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}
