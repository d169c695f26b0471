/**
 * Two synthetic editions with several service lists, for the lists' parser and diff:
 * - `listsJanuary` (05/01/2026): the December layout ("3.1.2." headings, one table per list);
 * - `listsFebruary` (02/02/2026): the later layout: numbers without the trailing dot, each list split into
 *   "x.1 Les services qualifiés" and "x.2 Les organismes d'évaluation de la conformité" (certification bodies,
 *   in a table that looks like a list's), and an annex of archived lists with look-alike tables.
 * From January to February: in PASSI a provider holding two decisions renews one, a mark turns orange, a row
 * goes and another comes; in the seal list one OID of a two-OID decision is extended; in SecNumCloud a mark
 * turns orange; the infogérance list does not change. Bodies and archived rows are named so that a test sees
 * at once if one leaks ("Organisme …", "Archivé …").
 */
import { realCloudRows } from './edition-data.js';
import { cloudTable, pamsTable } from './edition-columns.js';
import { renderCatalogue, type Block } from './edition-render.js';
import type { Cell, Column, TableSpec } from './edition-table.js';
import { decisionUrl } from './edition-types.js';

interface ListRow {
  provider: string;
  service?: string;
  oid?: string;
  marks?: boolean[];
  level?: string;
  sn?: 'Oui' | 'Non';
  from: string;
  until: string;
  decision: string;
  year: string;
  check?: 'green' | 'orange';
}

const col = (header: string[], width: number, align: Column['align'] = 'center'): Column => ({ header, width, align });
const PROVIDER = col(['Nom du fournisseur de service', '(par ordre alphabétique)'], 78, 'left');
const TAIL = [col(['Date de début de', 'qualification'], 44), col(['Date de fin de', 'qualification'], 44), col(['Lien vers la', 'décision de', 'qualification'], 40), col(['Niveau de', 'recommandation'], 43.7)];

const tailCells = (r: ListRow): Cell[] => [
  { text: r.from },
  { text: r.until },
  { text: r.decision, link: decisionUrl(r) },
  { check: r.check ?? 'green' },
];

const table = (columns: Column[], rows: Cell[][]): TableSpec => ({ columns, rows, x0: 56.8, lineHeight: 8.3, padY: 6.8 });

function passiTable(rows: ListRow[]): TableSpec {
  const activities = [['Audit', 'organisationnel', 'et physique'], ['Audit', "d'architecture"], ['Audit de', 'configuration'], ['Audit de code', 'source'], ['Tests', "d'intrusion"]];
  return table(
    [PROVIDER, ...activities.map((h) => col(h, 33)), col(['Niveau de', 'qualification'], 38), col(['Sécurité', 'nationale'], 30), ...TAIL],
    rows.map((r) => [{ text: r.provider }, ...r.marks!.map((m): Cell => (m ? { text: 'X' } : {})), { text: r.level! }, { text: r.sn! }, ...tailCells(r)]),
  );
}

function sealTable(rows: ListRow[]): TableSpec {
  return table(
    [col(['Nom du fournisseur de service', '(par ordre alphabétique)'], 95, 'left'), col(['Nom du service'], 110, 'left'), col(['OID du service'], 100), col(['Date de début de', 'qualification'], 45), col(['Date de fin de', 'qualification'], 45), col(['Lien vers la décision de', 'qualification'], 45), col(['Niveau de', 'recommandation'], 41.7)],
    rows.map((r) => [{ text: r.provider }, { text: r.service! }, { text: r.oid! }, ...tailCells(r).slice(0, 2), { text: r.decision, link: decisionUrl(r) }, { check: r.check ?? 'green' }]),
  );
}

/** A certification bodies' table, printed with the same columns as a list's: only its heading tells. */
function bodiesTable(): TableSpec {
  const rows: ListRow[] = [
    { provider: 'Organisme Certificateur Alpha', from: '01/02/2024', until: '01/02/2029', decision: '77', year: '2024' },
    { provider: 'Organisme Certificateur Bêta', from: '15/06/2025', until: '15/06/2030', decision: '1201', year: '2025' },
  ];
  return table([col(['Nom du fournisseur de service', '(par ordre alphabétique)'], 200, 'left'), ...TAIL.map((c) => ({ ...c, width: c.width * 1.6 }))], rows.map((r) => [{ text: r.provider }, ...tailCells(r)]));
}

const M5 = [true, true, true, true, true];
const PASSI_JANUARY: ListRow[] = [
  { provider: 'Abicom', marks: M5, level: 'Elevé', sn: 'Non', from: '14/03/2025', until: '17/05/2027', decision: '442', year: '2025' },
  { provider: 'Acceis', marks: M5, level: 'Elevé', sn: 'Non', from: '14/03/2025', until: '20/07/2027', decision: '443', year: '2025' },
  { provider: 'Cumulus Français', marks: [true, false, false, false, true], level: 'Sans objet', sn: 'Non', from: '09/04/2025', until: '08/04/2028', decision: '20990v2', year: '2025' },
  { provider: 'Cumulus Français', marks: [true, false, false, false, true], level: 'Elevé', sn: 'Oui', from: '04/06/2025', until: '08/02/2026', decision: '954', year: '2025' },
  { provider: 'PricewaterhouseCoopers Advisory', marks: M5, level: 'Elevé', sn: 'Oui', from: '18/03/2025', until: '24/02/2028', decision: '501', year: '2025' },
];
const PASSI_FEBRUARY: ListRow[] = [
  { ...PASSI_JANUARY[0]!, check: 'orange' },
  PASSI_JANUARY[2]!,
  { ...PASSI_JANUARY[3]!, from: '28/01/2026', until: '28/01/2029', decision: '61', year: '2026' },
  PASSI_JANUARY[4]!,
  { provider: 'Zénith Audit', marks: [false, true, true, false, true], level: 'Elevé', sn: 'Non', from: '20/01/2026', until: '20/01/2029', decision: '44', year: '2026' },
];

const SEAL_JANUARY: ListRow[] = [
  { provider: 'Certeurope', service: 'CertEurope eID Corp – Cachet', oid: '1.2.250.1.105.24.411.2.1.1.1.0', from: '15/04/2024', until: '01/03/2026', decision: '716', year: '2024', check: 'orange' },
  { provider: 'Certeurope', service: 'CertEurope eID Corp – Cachet', oid: '1.2.250.1.105.24.411.2.2.1.1.0', from: '15/04/2024', until: '01/03/2026', decision: '716', year: '2024', check: 'orange' },
  { provider: 'Vialink', service: 'Vialink sign', oid: '1.2.250.1.388.1.3.4.1.9.0.1', from: '02/10/2025', until: '02/10/2028', decision: '1682', year: '2025' },
];
const SEAL_FEBRUARY: ListRow[] = [SEAL_JANUARY[0]!, { ...SEAL_JANUARY[1]!, until: '01/03/2027' }, SEAL_JANUARY[2]!];

const ARCHIVED_PASSI: ListRow[] = [{ provider: 'Archivé Audit Ancien', marks: M5, level: 'Elevé', sn: 'Non', from: '01/01/2019', until: '01/01/2022', decision: '12', year: '2019' }];

const h = (level: 1 | 2 | 3 | 4, number: string, title: string, newPage = false): Block => ({ kind: 'heading', level, number, title, newPage });
const p = (text: string): Block => ({ kind: 'paragraph', text });
const t = (spec: TableSpec): Block => ({ kind: 'table', table: spec });

const NARROW = { x0: 56.8, provider: 60, service: 82, type: 27, start: 52, end: 52, decision: 62, level: 65.7, lineHeight: 7.2, padY: 8 };

function cloudRowsOf(month: 'january' | 'february') {
  return realCloudRows().map((r) => (month === 'february' && r.provider === 'Whaller' ? { ...r, check: 'orange' as const } : r));
}

/** A list's section: one table (January), or "x.1" qualified services and "x.2" bodies (February). */
function section(later: boolean, level: 2 | 3, number: string, title: string, spec: TableSpec, newPage = false): Block[] {
  const head = [h(level, number, title, newPage), p('Les prestataires sont qualifiés au titre de l’article 14 du décret n°2015-350.')];
  if (!later) return [...head, t(spec)];
  const sub = (level + 1) as 3 | 4;
  return [...head, h(sub, `${number}.1`, 'Les services qualifiés'), t(spec), h(sub, `${number}.2`, "Les organismes d'évaluation de la conformité"), p('Organismes accrédités pour évaluer les prestataires.'), t(bodiesTable())];
}

export async function buildListsEdition(month: 'january' | 'february'): Promise<Uint8Array> {
  const later = month === 'february';
  const blocks: Block[] = [
    h(1, '1', 'Avant-propos', true),
    p('Le niveau de recommandation est une coche verte (optimal), orange (modéré) ou rouge (critique).'),
    h(1, '3', 'Services', true),
    h(2, '3.1', 'Services de cybersécurité'),
    ...section(later, 3, '3.1.2', "Audit de la sécurité des systèmes d'information (PASSI)", passiTable(later ? PASSI_FEBRUARY : PASSI_JANUARY)),
    h(2, '3.2', 'Services de confiance numérique', true),
    ...section(later, 3, '3.2.4', 'Délivrance de certificats de cachet électronique', sealTable(later ? SEAL_FEBRUARY : SEAL_JANUARY)),
    ...section(later, 2, '3.3', "Services d'informatique en nuage (SecNumCloud)", cloudTable(NARROW, cloudRowsOf(month), 'qualified'), true),
    ...section(later, 2, '3.4', "Services d'infogérance", pamsTable(), true),
    h(1, '4', 'Les profils de protection', true),
    p('Les profils de protection certifiés sont listés ci-dessous.'),
  ];
  if (later) {
    blocks.push(
      h(1, '6', 'Annexe : listes archivées', true),
      p('Listes des éditions précédentes, pour mémoire.'),
      h(2, '6.1', "Audit de la sécurité des systèmes d'information (PASSI)"),
      t(passiTable(ARCHIVED_PASSI)),
      h(2, '6.2', "Services d'informatique en nuage (SecNumCloud)"),
      t(cloudTable(NARROW, [{ provider: 'Archivé Nuage', service: 'Ancien IaaS', types: ['IaaS'], from: '01/01/2020', until: '01/01/2023', decision: '5', year: '2020' }], 'qualified')),
    );
  }
  return renderCatalogue({
    month: later ? 'FÉVRIER 2026' : 'JANVIER 2026',
    updatedOn: later ? '02/02/2026' : '05/01/2026',
    updatedAt: '10:00:00',
    outline: true,
    headingDot: !later,
    blocks,
  });
}
