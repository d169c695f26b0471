/**
 * Editions that change many rows at once, for the trust guard's churn rule: drawn with the suite's pdf-lib generator
 * from the 16 real rows of December 2025, dated 05/01/2026. Every invented name below is fictional.
 *
 * - `allReplaced`: all 16 rows different: every provider renamed and every decision new (nothing left to match on),
 *   same count, well formed: what a parser reading the wrong table, or a forged document, looks like.
 * - `tenReplaced`: 10 of the 16 rows replaced by rows of invented providers, 6 kept.
 * - `halfRenewed`: 8 of the 16 rows renewed (a new decision, a later end date): renewals, not churn.
 */
import { cloudTable, pamsTable, type CloudGeometry } from './edition-columns.js';
import { CLOUD_INTRO, CLOUD_OUTRO, realCloudRows, TYPE_BULLETS } from './edition-data.js';
import { renderCatalogue, type Block } from './edition-render.js';
import { editionOf, offerOf, type CloudRow, type Edition } from './edition-types.js';

const GEOMETRY: CloudGeometry = { x0: 56.8, provider: 60, service: 82, type: 27, start: 52, end: 52, decision: 62, level: 65.7, lineHeight: 7.2, padY: 8 };
const UPDATED_ON = '05/01/2026';

const h = (level: 1 | 2 | 3, number: string, title: string, newPage = false): Block => ({ kind: 'heading', level, number, title, newPage });
const p = (text: string): Block => ({ kind: 'paragraph', text });

/** A catalogue whose SecNumCloud table prints exactly `rows`, with what the parser must read from it. */
export async function editionOfRows(name: string, rows: CloudRow[]): Promise<Edition> {
  const blocks: Block[] = [
    h(1, '1', 'Avant-propos', true),
    p('Le catalogue est mis à jour au moins une fois par mois. Il référence les produits et les services qualifiés par l’ANSSI.'),
    h(1, '3', 'Services', true),
    h(2, '3.3', "Services d'informatique en nuage (SecNumCloud)", true),
    ...CLOUD_INTRO.map(p),
    { kind: 'bullets', items: TYPE_BULLETS.map((b, i) => ({ label: b.label, text: b.text, note: { marker: String(21 + i), text: b.note } })) },
    p(CLOUD_OUTRO),
    { kind: 'table', table: cloudTable(GEOMETRY, rows, 'qualified') },
    h(2, '3.4', "Services d'infogérance", true),
    { kind: 'table', table: pamsTable() },
    h(1, '4', 'Les profils de protection', true),
  ];
  const bytes = await renderCatalogue({ month: 'JANVIER 2026', updatedOn: UPDATED_ON, updatedAt: '09:00:00', outline: true, blocks });
  return { name, bytes, expected: { edition: editionOf(UPDATED_ON), offers: rows.map(offerOf) } };
}

/** Fictional providers, one per replaced row, in the table's ASCII order. */
const INVENTED = ['Altostratus', 'Brume Numérique', 'Cirrus Hébergement', 'Cumulonimbus', 'Grésil Services', 'Nimbus Souverain', 'Nuée Ardente', 'Orage Cloud', 'Stratus Services', 'Zéphyr Informatique'];

/** Row `i` replaced by an invented provider's, with its own service and a decision the catalogue never had. */
const invented = (row: CloudRow, i: number): CloudRow => ({
  ...row,
  provider: INVENTED[i % INVENTED.length]!,
  service: `Offre souveraine ${i + 1}`,
  decision: String(5000 + i),
  year: '2025',
});

const byProvider = (a: CloudRow, b: CloudRow): number => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0);

export function allReplacedRows(): CloudRow[] {
  return realCloudRows()
    .map((r, i) => ({ ...invented(r, i), provider: `${INVENTED[i % INVENTED.length]!} ${i + 1}` }))
    .sort(byProvider);
}

export function tenReplacedRows(): CloudRow[] {
  return realCloudRows()
    .map((r, i) => (i < 10 ? invented(r, i) : r))
    .sort(byProvider);
}

/** Every other row renewed: a new decision of 2026 and an end date three years on. */
export function halfRenewedRows(): CloudRow[] {
  return realCloudRows().map((r, i) =>
    i % 2 === 0 ? { ...r, decision: String(100 + i), year: '2026', from: '02/01/2026', until: r.until.replace(/\d{4}$/, (y) => String(Number(y) + 3)) } : r,
  );
}
