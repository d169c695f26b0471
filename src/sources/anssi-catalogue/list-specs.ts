import { SERVICE_TYPES } from '../../core/offer.js';

/**
 * Every list of the catalogue, described once: the outline heading that names it, the header labels of its
 * columns, and whether its rows name a service. Product lists (cc, cspn, …) come last.
 */
export const SERVICE_LIST_IDS = [
  'secnumcloud',
  'pacs',
  'passi',
  'pris',
  'pdis',
  'pams',
  'pvid',
  'mie',
  'eidas-signature',
  'eidas-seal',
  'eidas-website',
  'eidas-timestamp',
  'eidas-signature-validation',
  'eidas-seal-validation',
  'eidas-signature-preservation',
  'eidas-seal-preservation',
  'eidas-registered-delivery',
] as const;
export type ServiceListId = (typeof SERVICE_LIST_IDS)[number];

/**
 * The product lists (chapters 2, 4 and 5): certified products (Common Criteria, CSPN), qualified products by
 * category, certified protection profiles and sites. Same reader; only their columns and rules differ (0023).
 */
export const PRODUCT_LIST_IDS = ['cc', 'cspn', 'qualified-products', 'protection-profiles', 'sites'] as const;
export type ProductListId = (typeof PRODUCT_LIST_IDS)[number];
export type ListId = ServiceListId | ProductListId;
/** Every list, services first: what `--list all` reads. */
export const LIST_IDS: readonly ListId[] = [...SERVICE_LIST_IDS, ...PRODUCT_LIST_IDS];

export const isListId = (s: string): s is ListId => (LIST_IDS as readonly string[]).includes(s);

/** What a column holds: a record field, an activity marked X (`scope:<id>`), a cloud service type, or text we skip. */
export type ColumnKey =
  | 'provider'
  | 'service'
  | 'oid'
  | 'level'
  | 'nationalSecurity'
  | 'start'
  | 'end'
  | 'decision'
  | 'recommendation'
  | 'contact'
  | 'version'
  | 'approval'
  | 'sponsor'
  | 'facility'
  | 'productType'
  | 'certificate'
  | 'report'
  | 'target'
  | `scope:${string}`
  | `type:${(typeof SERVICE_TYPES)[number]}`;

export interface ColumnSpec {
  key: ColumnKey;
  /** Tested on the header cell's text folded by `foldLabel` (so wraps, even mid-word, do not matter). */
  label: RegExp;
}

export interface ListSpec {
  id: ListId;
  /** Tested on the outline title folded by `foldTitle`. */
  title: RegExp;
  /** The list's rows name a service ("Nom du service"); others carry no `service`. */
  service: boolean;
  columns: readonly ColumnSpec[];
  /** Product lists live in the product chapters (2, 4, 5); service lists never do. Default: service. */
  kind?: 'service' | 'product';
  /**
   * Columns a table must have to be one of the list's (default: provider, both dates, decision, plus the
   * service name and cloud types when the list has them).
   */
  required?: readonly ColumnKey[];
  /**
   * Which cells anchor a row: the decision, which every service row fills, or any cell (product tables, whose
   * rows split across pages leave fragments with any column, or none, filled).
   */
  anchor?: 'decision' | 'any';
  /** The list's tables are grouped under category sub-headings (2.2 qualified products). */
  categories?: boolean;
}

/** Lower case, accents and everything but letters removed: "Sécurité nationale14" → "securitenationale". */
export function foldLabel(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z]+/g, '');
}

/** Lower case, accents removed, apostrophes unified, spaces folded: for outline and heading titles. */
export function foldTitle(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
}

const COMMON: readonly ColumnSpec[] = [
  { key: 'provider', label: /fournisseur/ },
  { key: 'service', label: /^nomduservice/ },
  { key: 'oid', label: /^oid/ },
  { key: 'level', label: /^niveaude(qualification|certification)/ },
  { key: 'nationalSecurity', label: /securitenationale/ },
  { key: 'start', label: /datededebut/ },
  { key: 'end', label: /datedefin/ },
  { key: 'decision', label: /decision/ },
  { key: 'recommendation', label: /recommandation/ },
  { key: 'contact', label: /^contact/ },
];

const scope = (id: string, label: RegExp): ColumnSpec => ({ key: `scope:${id}`, label });

const list = (id: ListId, title: RegExp, service: boolean, own: readonly ColumnSpec[] = []): ListSpec => ({
  id,
  title,
  service,
  columns: [...own, ...COMMON],
});

const SERVICE_SPECS: Readonly<Record<ServiceListId, ListSpec>> = {
  secnumcloud: list(
    'secnumcloud',
    /secnumcloud|informatique en nuage/,
    true,
    SERVICE_TYPES.map((t): ColumnSpec => ({ key: `type:${t}`, label: new RegExp(`^${t.toLowerCase()}$`) })),
  ),
  pacs: list('pacs', /\(pacs\)|assistance et conseil en securite/, false, [
    scope('security-accreditation', /homologation/),
    scope('risk-management', /gestiondesrisques/),
    scope('architecture-security', /architectures/),
    scope('crisis-preparation', /crise/),
  ]),
  passi: list('passi', /\(passi\)|audit de la securite/, false, [
    scope('organisational-physical-audit', /organisationnel/),
    scope('architecture-audit', /architecture/),
    scope('configuration-audit', /configuration/),
    scope('source-code-audit', /codesource/),
    scope('penetration-testing', /intrusion/),
  ]),
  pris: list('pris', /\(pris\)|reponse aux incidents/, false, [
    scope('compromise-indicators', /indicateurs/),
    scope('digital-investigation', /investigationnumerique/),
    scope('malware-analysis', /malveillant/),
    scope('investigation-coordination', /pilotage|coordination/),
  ]),
  pdis: list('pdis', /\(pdis\)|detection des incidents/, false),
  pams: list('pams', /infogerance|\(pams\)/, true),
  pvid: list('pvid', /\(pvid\)|verification d'identite a distance/, true),
  mie: list('mie', /\(mie\)|moyens d'identification electronique/, true),
  'eidas-signature': list('eidas-signature', /certificats de signature/, true),
  'eidas-seal': list('eidas-seal', /certificats de cachet/, true),
  'eidas-website': list('eidas-website', /authentification de sites/, true),
  'eidas-timestamp': list('eidas-timestamp', /horodatage/, true),
  'eidas-signature-validation': list('eidas-signature-validation', /validation de signatures/, true),
  'eidas-seal-validation': list('eidas-seal-validation', /validation de cachets/, true),
  'eidas-signature-preservation': list('eidas-signature-preservation', /conservation de signatures/, true),
  'eidas-seal-preservation': list('eidas-seal-preservation', /conservation de cachets/, true),
  'eidas-registered-delivery': list('eidas-registered-delivery', /envoi recommande/, true),
};

/** Labels folded by `foldLabel`: letters only, lower case, no accents. Listed before the service columns, so they win. */
const PRODUCT_COLUMNS: readonly ColumnSpec[] = [
  { key: 'provider', label: /^nomdudeveloppeur/ },
  { key: 'service', label: /^nomduproduit|^nomduprofil|^nomdusite/ },
  { key: 'version', label: /^versionduproduit/ },
  { key: 'approval', label: /^niveaudagrement/ },
  { key: 'sponsor', label: /commanditaire/ },
  { key: 'facility', label: /centredevaluation|cesti/ },
  { key: 'productType', label: /^typedeproduit/ },
  { key: 'certificate', label: /^lienverslecertificat/ },
  { key: 'report', label: /rapportdecertification/ },
  { key: 'target', label: /^lienverslacible|^lienversleprofil/ },
];

/** A certified product's table: developer, product, both dates and its certificate (with its three links). */
const CERTIFIED: readonly ColumnKey[] = ['provider', 'service', 'start', 'end', 'certificate'];

function productSpecs(common: readonly ColumnSpec[]): Record<ProductListId, ListSpec> {
  const spec = (id: ProductListId, title: RegExp, required: readonly ColumnKey[], categories = false): ListSpec => ({
    id,
    title,
    service: true,
    columns: [...PRODUCT_COLUMNS, ...common],
    kind: 'product',
    required,
    anchor: 'any',
    categories,
  });
  return {
    cc: spec('cc', /criteres communs/, CERTIFIED),
    cspn: spec('cspn', /\bcspn\b/, CERTIFIED),
    'qualified-products': spec('qualified-products', /produits qualifies/, ['provider', 'service', 'start', 'end', 'decision'], true),
    'protection-profiles': spec('protection-profiles', /profils de protection/, CERTIFIED),
    sites: spec('sites', /(^|[\s.])les sites( certifies)?$|sites certifies/, CERTIFIED),
  };
}

export const LIST_SPECS: Readonly<Record<ListId, ListSpec>> = { ...SERVICE_SPECS, ...productSpecs(COMMON) };

/** Sub-sections and annexes whose tables are not qualified services: bodies, archives, withdrawals. */
export const EXCLUDED_TITLE =
  /organismes|evaluation de la conformite|archiv|annexe|en cours|retir|revoqu|suspendu|expir|abrog|echu|radie|historique|anciens?\b|non qualifi|fin de qualification/;

/** Chapters whose sub-sections are never service lists (product categories share some titles). */
export const NOT_SERVICES_CHAPTER = /produit|profils? de protection|\bsites?\b/;
