/**
 * Two synthetic editions for the product lists' events (decision 0025), each printing SecNumCloud (which the
 * tracker always reads), 2.1.1 Common Criteria and 2.2 qualified products:
 * - `march` (02/03/2026): the base;
 * - `april` (07/04/2026): in 2.1.1, Theta's certificate moved to the new annex "6 Annexe : listes archivées" (its
 *   end date still ahead), Lambda's gone with its end date (15/03/2026) before the edition's, Kappa's gone with its
 *   end date ahead and not archived (a plain removal), Beta's certificate in a new version (`-18v2`, new dates),
 *   Gamma's with a maintenance report (`-M01`), Epsilon's developer renamed; Alpha and Iota unchanged; 2.2 and
 *   SecNumCloud unchanged. The annex also prints an archived SecNumCloud row ("Archivé Nuage"), which is no offer
 *   and no certificate.
 */
import type { Offer } from '../../src/core/offer.js';
import { cloudTable } from './edition-columns.js';
import { realCloudRows } from './edition-data.js';
import { ALPHA, BETA, BULL, ccTable, certifiedRecord, EPSILON, GAMMA, IOTA, qualifiedRecord, qualifiedTable, STORMSHIELD, THETA, type Certified } from './edition-products.js';
import { renderCatalogue, type Block } from './edition-render.js';

const ARCHIVED_THETA: Certified = { ...THETA, until: '02/02/2027' };
const LAMBDA: Certified = { developer: 'Lambda Secure', product: 'Lambda Probe', level: 'EAL2', cesti: 'OPPIDA', type: 'Réseaux', from: '15/03/2021', until: '15/03/2026', certificate: 'ANSSI-CC-2021-33' };
const KAPPA: Certified = { developer: 'Kappa Networks', product: 'Kappa Switch', level: 'EAL3', cesti: 'AMOSSYS', type: 'Réseaux', from: '01/09/2024', until: '01/09/2029', certificate: 'ANSSI-CC-2024-51' };

const CC_MARCH = [IOTA, ALPHA, BETA, EPSILON, GAMMA, KAPPA, LAMBDA, ARCHIVED_THETA];
const CC_APRIL = [
  IOTA,
  ALPHA,
  { ...BETA, from: '15/03/2026', until: '15/03/2031', certificate: 'ANSSI-CC-2021-18v2' },
  { ...EPSILON, developer: 'Epsilon Technologies' },
  { ...GAMMA, certificate: 'ANSSI-CC-2022-05-M01' },
];

/** The archived rows the April annex prints: Theta's certificate, and an old one never in the tracked list. */
const ARCHIVE_APRIL: Certified[] = [ARCHIVED_THETA, { developer: 'Omicron', product: 'Omicron Card', level: 'EAL4+', cesti: 'SERMA', type: 'Cartes à puce', from: '01/01/2016', until: '01/01/2021', certificate: 'ANSSI-CC-2016-04' }];

export const archiveEditionDates = { march: '2026-03-02', april: '2026-04-07' } as const;

/** Records each list of the edition must read as, and the certificate ids of its annex (none in March). */
export function expectedArchiveEdition(month: 'march' | 'april'): { cc: Offer[]; 'qualified-products': Offer[]; archived?: string[] } {
  return {
    cc: (month === 'march' ? CC_MARCH : CC_APRIL).map(certifiedRecord),
    'qualified-products': [BULL, STORMSHIELD].map(qualifiedRecord),
    ...(month === 'april' ? { archived: ARCHIVE_APRIL.map((r) => r.certificate) } : {}),
  };
}

/** The certificates of April's changes, by what became of them. */
export const ARCHIVE_CASES = {
  archived: ARCHIVED_THETA,
  lapsed: LAMBDA,
  removed: KAPPA,
  newVersion: BETA,
  maintenance: GAMMA,
  renamed: EPSILON,
  unchanged: [ALPHA, IOTA],
} as const;

const NARROW = { x0: 56.8, provider: 60, service: 82, type: 27, start: 52, end: 52, decision: 62, level: 65.7, lineHeight: 7.2, padY: 8 };

/**
 * `outline: false`: a document without bookmarks, read from its numbered headings, then printed with the trailing
 * dot ("6. Annexe"), since a bare chapter number ("6 Annexe") is not told from a line starting with a number.
 */
export async function buildArchiveEdition(month: 'march' | 'april', outline = true): Promise<Uint8Array> {
  const later = month === 'april';
  const h = (level: 1 | 2 | 3, number: string, title: string, newPage = false): Block => ({ kind: 'heading', level, number, title, newPage });
  const p = (text: string): Block => ({ kind: 'paragraph', text });
  const blocks: Block[] = [
    h(1, '1', 'Avant-propos', true),
    p('Le catalogue référence les produits certifiés, qualifiés ou agréés par l’ANSSI.'),
    h(1, '2', 'Produits', true),
    h(2, '2.1', 'Produits certifiés'),
    h(3, '2.1.1', 'Produits certifiés selon les Critères Communs'),
    { kind: 'table', table: ccTable(later ? CC_APRIL : CC_MARCH) },
    h(2, '2.2', 'Produits qualifiés', true),
    h(3, '2.2.1', 'Chiffreurs'),
    { kind: 'table', table: qualifiedTable(BULL) },
    h(3, '2.2.2', 'Pare-feu'),
    { kind: 'table', table: qualifiedTable(STORMSHIELD) },
    h(1, '3', 'Services', true),
    h(2, '3.3', "Services d'informatique en nuage (SecNumCloud)"),
    { kind: 'table', table: cloudTable(NARROW, realCloudRows(), 'qualified') },
  ];
  if (later) {
    blocks.push(
      h(1, '6', 'Annexe : listes archivées', true),
      p('Produits et services dont la certification ou la qualification est archivée, pour mémoire.'),
      h(2, '6.1', 'Produits certifiés selon les Critères Communs'),
      { kind: 'table', table: ccTable(ARCHIVE_APRIL) },
      h(2, '6.2', "Services d'informatique en nuage (SecNumCloud)"),
      { kind: 'table', table: cloudTable(NARROW, [{ provider: 'Archivé Nuage', service: 'Ancien IaaS', types: ['IaaS'], from: '01/01/2020', until: '01/01/2023', decision: '5', year: '2020' }], 'qualified') },
    );
  }
  return renderCatalogue({
    month: later ? 'AVRIL 2026' : 'MARS 2026',
    updatedOn: later ? '07/04/2026' : '02/03/2026',
    updatedAt: '10:00:00',
    outline,
    headingDot: !outline,
    blocks,
  });
}
