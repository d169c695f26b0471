/**
 * Two synthetic editions with product lists (decision 0023), drawn like the December tables:
 * - `january` (05/01/2026): 2.1.1 Common Criteria, 2.2 qualified products under unnumbered category headings
 *   (one empty: "Aucun produit qualifié ou agréé à ce jour."), headings "2.1.1." with the trailing dot;
 * - `february` (02/02/2026): numbered categories ("2.2.1 Chiffreurs"), no trailing dot, and in 2.1.1: Beta's
 *   certificate in a new version (`-18v2`, new dates), Delta's end date "Non maintenu", Epsilon's developer
 *   renamed, Gamma's certificate with a maintenance report (`-M01`), Theta's gone, Eta's new; Alpha unchanged,
 *   and Iota's row, whose developer cell is empty, unchanged.
 * Each product's row is `expected*` below, as the parser must read it.
 */
import type { Offer } from '../../src/core/offer.js';
import { renderCatalogue, type Block } from './edition-render.js';
import type { Cell, Column, TableSpec } from './edition-table.js';

export interface Certified {
  developer: string;
  /** "Nom du commanditaire", when not the developer (a row whose developer cell is empty). */
  sponsor?: string;
  product: string;
  level: string;
  cesti: string;
  type: string;
  from: string;
  until: string;
  certificate: string;
}

const col = (header: string[], width: number, align: Column['align'] = 'center'): Column => ({ header, width, align });
const VISAS = 'https://messervices.cyber.gouv.fr/visas/';

const CC_COLUMNS = [
  col(['Nom du développeur du', 'produit', '(par ordre alphabétique)'], 52, 'left'),
  col(['Nom du produit'], 66, 'left'),
  col(['Niveau de', 'certification'], 28),
  col(['Nom du', 'commanditaire'], 40, 'left'),
  col(['Nom du centre', "d'évaluation", '(CESTI)'], 34),
  col(['Type de produit'], 36, 'left'),
  col(['Date de début de', 'certification'], 37),
  // Left-aligned so that "Non maintenu" wraps in the cell, as OpenOffice prints it.
  col(['Date de fin de', 'certification'], 37, 'left'),
  col(['Lien vers le', 'certificat'], 80),
  col(['Lien vers le', 'rapport de', 'certification'], 36, 'left'),
  col(['Lien vers la', 'cible de', 'sécurité'], 36, 'left'),
];

export function ccTable(rows: Certified[]): TableSpec {
  return {
    columns: CC_COLUMNS,
    x0: 56.8,
    lineHeight: 8.3,
    padY: 6.8,
    rows: rows.map((r): Cell[] => [
      { text: r.developer },
      { text: r.product },
      { text: r.level },
      { text: r.sponsor ?? r.developer },
      { text: r.cesti },
      { text: r.type },
      { text: r.from },
      { text: r.until },
      { text: r.certificate, link: `${VISAS}${r.certificate}-Certificat.pdf` },
      { text: 'Lien vers le rapport de certification', link: `${VISAS}${r.certificate}-Rapport.pdf` },
      { text: 'Lien vers la cible de sécurité', link: `${VISAS}${r.certificate}-Cible.pdf` },
    ]),
  };
}

export const ALPHA: Certified = { developer: 'Alpha Secure', product: 'Alpha HSM version 2.1', level: 'EAL4+', cesti: 'THALES', type: 'Matériel', from: '10/01/2023', until: '10/01/2028', certificate: 'ANSSI-CC-2023-10' };
export const BETA: Certified = { developer: 'Beta Cards', product: 'Beta Chip', level: 'EAL5+', cesti: 'SERMA', type: 'Cartes à puce', from: '01/06/2021', until: '01/06/2026', certificate: 'ANSSI-CC-2021-18' };
export const DELTA: Certified = { developer: 'Delta Labs', product: 'Delta Token', level: 'EAL4+', cesti: 'OPPIDA', type: 'Logiciels', from: '12/03/2020', until: '12/03/2026', certificate: 'ANSSI-CC-2020-07' };
export const EPSILON: Certified = { developer: 'Epsilon SAS', product: 'Epsilon Firewall', level: 'EAL3+', cesti: 'AMOSSYS', type: 'Réseaux', from: '04/04/2024', until: '04/04/2029', certificate: 'ANSSI-CC-2024-30' };
export const GAMMA: Certified = { developer: 'Gamma Systems', product: 'Gamma Gateway version 3.0', level: 'EAL3+', cesti: 'LEXFO', type: 'Réseaux', from: '05/05/2022', until: '05/05/2027', certificate: 'ANSSI-CC-2022-05' };
export const THETA: Certified = { developer: 'Theta', product: 'Theta Reader', level: 'EAL2', cesti: 'SERMA', type: 'Autres', from: '02/02/2018', until: '02/02/2026', certificate: 'ANSSI-CC-2018-02' };
const ETA: Certified = { developer: 'Eta Devices', product: 'Eta Vault', level: 'EAL4+', cesti: 'THALES', type: 'Matériel', from: '20/01/2026', until: '20/01/2031', certificate: 'ANSSI-CC-2026-01' };

// An empty developer cell, kept empty.
export const IOTA: Certified = { developer: '', sponsor: 'Iota Group', product: 'Iota Module', level: 'EAL4+', cesti: 'SERMA', type: 'Matériel', from: '03/03/2025', until: '03/03/2030', certificate: 'ANSSI-CC-2025-40' };

const CC_JANUARY = [IOTA, ALPHA, BETA, DELTA, EPSILON, GAMMA, THETA];
const CC_FEBRUARY = [
  IOTA,
  ALPHA,
  { ...BETA, from: '15/01/2026', until: '15/01/2031', certificate: 'ANSSI-CC-2021-18v2' },
  { ...DELTA, until: 'Non maintenu' },
  { ...EPSILON, developer: 'Epsilon Technologies' },
  ETA,
  { ...GAMMA, certificate: 'ANSSI-CC-2022-05-M01' },
];

const iso = (d: string): string => d.split('/').reverse().join('-');

/** The record the parser must read from a certified product's row. */
export function certifiedRecord(r: Certified): Offer {
  const [service, version] = / version /.test(r.product) ? r.product.split(' version ') : [r.product, undefined];
  return {
    list: 'cc',
    provider: r.developer,
    service: service!,
    ...(version ? { version } : {}),
    types: [],
    qualifiedFrom: iso(r.from),
    ...(r.until === 'Non maintenu' ? { maintained: false } : { qualifiedUntil: iso(r.until) }),
    level: r.level,
    sponsor: r.sponsor ?? r.developer,
    evaluationFacility: r.cesti,
    productType: r.type,
    certificate: r.certificate,
    certificateUrl: `${VISAS}${r.certificate}-Certificat.pdf`,
    reportUrl: `${VISAS}${r.certificate}-Rapport.pdf`,
    securityTargetUrl: `${VISAS}${r.certificate}-Cible.pdf`,
    status: 'qualified',
  };
}

const QUALIFIED_COLUMNS = [
  col(['Nom du fournisseur de', 'service', '(par ordre alphabétique)'], 60, 'left'),
  col(['Nom du produit'], 70, 'left'),
  col(['Version du produit'], 50, 'left'),
  col(['Niveau de qualification'], 50),
  col(["Niveau d'agrément"], 40),
  col(['Date de début de', 'qualification'], 44),
  col(['Date de fin de', 'qualification'], 44),
  col(['Lien vers la décision de', 'qualification'], 50),
  col(['Niveau de', 'recommandation'], 43.7),
];

interface Qualified {
  category: string;
  provider: string;
  product: string;
  version: string;
  from: string;
  until: string;
  decision: string;
  check: 'green' | 'orange';
}

export const BULL: Qualified = { category: 'Chiffreurs', provider: 'Bull', product: 'Trustway IP Protect', version: '6.01.x', from: '10/03/2025', until: '10/03/2028', decision: '381', check: 'green' };
export const STORMSHIELD: Qualified = { category: 'Pare-feu', provider: 'Stormshield', product: 'Stormshield Network Security', version: '4.3.x', from: '13/02/2025', until: '22/03/2027', decision: '234', check: 'orange' };

export function qualifiedTable(r: Qualified): TableSpec {
  const url = `${VISAS}2025_${r.decision}_np.pdf`;
  return {
    columns: QUALIFIED_COLUMNS,
    x0: 56.8,
    lineHeight: 8.3,
    padY: 6.8,
    rows: [[{ text: r.provider }, { text: r.product }, { text: r.version }, { text: 'Standard' }, { text: 'DR' }, { text: r.from }, { text: r.until }, { text: r.decision, link: url }, { check: r.check }]],
  };
}

export function qualifiedRecord(r: Qualified): Offer {
  return {
    list: 'qualified-products',
    provider: r.provider,
    service: r.product,
    version: r.version,
    category: r.category,
    types: [],
    qualifiedFrom: iso(r.from),
    qualifiedUntil: iso(r.until),
    decision: r.decision,
    decisionUrl: `${VISAS}2025_${r.decision}_np.pdf`,
    level: 'Standard',
    approval: 'DR',
    recommendation: r.check === 'orange' ? 'moderate' : 'optimal',
    status: 'qualified',
  };
}

export const expectedProducts = (month: 'january' | 'february'): { cc: Offer[]; 'qualified-products': Offer[] } => ({
  cc: (month === 'january' ? CC_JANUARY : CC_FEBRUARY).map(certifiedRecord),
  'qualified-products': [BULL, STORMSHIELD].map(qualifiedRecord),
});

export async function buildProductsEdition(month: 'january' | 'february'): Promise<Uint8Array> {
  const later = month === 'february';
  const h = (level: 1 | 2 | 3, number: string, title: string, newPage = false): Block => ({ kind: 'heading', level, number, title, newPage });
  const p = (text: string): Block => ({ kind: 'paragraph', text });
  // Categories: unnumbered in January, numbered in February (both are seen in real editions).
  const category = (n: number, title: string): Block => h(3, later ? `2.2.${n}` : '', title);
  const blocks: Block[] = [
    h(1, '1', 'Avant-propos', true),
    p('Le catalogue référence les produits certifiés, qualifiés ou agréés par l’ANSSI.'),
    h(1, '2', 'Produits', true),
    h(2, '2.1', 'Produits certifiés'),
    h(3, '2.1.1', 'Produits certifiés selon les Critères Communs'),
    { kind: 'table', table: ccTable(later ? CC_FEBRUARY : CC_JANUARY) },
    h(2, '2.2', 'Produits qualifiés', true),
    category(1, 'Chiffreurs'),
    { kind: 'table', table: qualifiedTable(BULL) },
    category(2, 'Clients VPN'),
    p('Aucun produit qualifié ou agréé à ce jour.'),
    category(3, 'Pare-feu'),
    { kind: 'table', table: qualifiedTable(STORMSHIELD) },
    h(1, '3', 'Services', true),
    p('Les services qualifiés sont listés ci-dessous.'),
  ];
  return renderCatalogue({
    month: later ? 'FÉVRIER 2026' : 'JANVIER 2026',
    updatedOn: later ? '02/02/2026' : '05/01/2026',
    updatedAt: '10:00:00',
    outline: true,
    headingDot: !later,
    blocks,
  });
}
