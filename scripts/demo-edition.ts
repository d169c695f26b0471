/**
 * The demo's "next edition" of the ANSSI catalogue: the 16 rows of the real December 2025 table plus
 * exactly one new qualification, drawn with the test suite's pdf-lib generator (test/support), dated
 * January 2026. The new row is fictional (a provider of the test data, not a real qualification).
 * Dev-only: pdf-lib is a devDependency, which is why the demo runs from a clone (`npm run demo`).
 */
import { cloudTable, pamsTable, type CloudGeometry } from '../test/support/edition-columns.js';
import { CLOUD_INTRO, CLOUD_OUTRO, realCloudRows, TYPE_BULLETS } from '../test/support/edition-data.js';
import { renderCatalogue, type Block } from '../test/support/edition-render.js';
import { editionOf, offerOf, type CloudRow } from '../test/support/edition-types.js';
import type { Offer } from '../src/core/offer.js';

/** The one qualification the next edition adds (fictional: the generated editions' invented provider). */
export const DEMO_NEW_ROW: CloudRow = {
  provider: 'Cumulus Français',
  service: 'Hébergement façonné sécurisé',
  types: ['IaaS'],
  from: '15/12/2025',
  until: '15/12/2028',
  decision: '2034',
  year: '2025',
};

/** Column widths of the synthetic January edition, whose reading the parser tests already check. */
const GEOMETRY: CloudGeometry = { x0: 56.8, provider: 60, service: 82, type: 27, start: 52, end: 52, decision: 62, level: 65.7, lineHeight: 7.2, padY: 8 };

const h = (level: 1 | 2 | 3, number: string, title: string, newPage = false): Block => ({ kind: 'heading', level, number, title, newPage });
const p = (text: string): Block => ({ kind: 'paragraph', text });

/** The real rows with the new one where the table's ASCII order of providers puts it. */
function rows(): CloudRow[] {
  const all = realCloudRows();
  const at = all.findIndex((r) => r.provider > DEMO_NEW_ROW.provider);
  all.splice(at < 0 ? all.length : at, 0, DEMO_NEW_ROW);
  return all;
}

export interface DemoEdition {
  bytes: Uint8Array;
  edition: string;
  /** The qualification that was not in December's table, as the parser must read it. */
  added: Offer;
}

export async function nextDemoEdition(): Promise<DemoEdition> {
  const blocks: Block[] = [
    h(1, '1', 'Avant-propos', true),
    p('Le catalogue est mis à jour au moins une fois par mois. Il référence les produits et les services qualifiés par l’ANSSI.'),
    p('Édition générée pour la démonstration de secnumcloud-tracker : elle ajoute une qualification fictive au tableau de décembre 2025.'),
    h(1, '3', 'Services', true),
    h(2, '3.3', "Services d'informatique en nuage (SecNumCloud)", true),
    ...CLOUD_INTRO.map(p),
    { kind: 'bullets', items: TYPE_BULLETS.map((b, i) => ({ label: b.label, text: b.text, note: { marker: String(21 + i), text: b.note } })) },
    p(CLOUD_OUTRO),
    { kind: 'table', table: cloudTable(GEOMETRY, rows(), 'qualified') },
    h(2, '3.4', "Services d'infogérance", true),
    p("Les prestataires d'administration et de maintenance sécurisées (PAMS) assurent l'infogérance des systèmes d'information."),
    { kind: 'table', table: pamsTable() },
    h(1, '4', 'Les profils de protection', true),
    p('Les profils de protection certifiés sont listés ci-dessous.'),
  ];
  const bytes = await renderCatalogue({ month: 'JANVIER 2026', updatedOn: '05/01/2026', updatedAt: '09:00:00', outline: true, blocks });
  return { bytes, edition: editionOf('05/01/2026'), added: offerOf(DEMO_NEW_ROW) };
}
