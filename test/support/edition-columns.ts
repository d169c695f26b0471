/**
 * Column sets and cells of the tables drawn in the synthetic editions: the SecNumCloud table (same
 * titles as the real one, geometry per edition), its look-alikes (withdrawn services, PASSI) and the
 * infogérance table.
 */
import { PASSI_ROWS, PAMS_ROWS } from './edition-data.js';
import type { Cell, Column, TableSpec } from './edition-table.js';
import { decisionUrl, type CloudRow } from './edition-types.js';

/** Widths (pt) of the cloud table's columns and its vertical rhythm, per edition. */
export interface CloudGeometry {
  x0: number;
  provider: number;
  service: number;
  /** Width of each of the four type columns. */
  type: number;
  start: number;
  end: number;
  decision: number;
  level: number;
  lineHeight: number;
  padY: number;
}

const TYPE_HEADERS = ['SaaS', 'PaaS', 'CaaS', 'IaaS'] as const;

/** `withdrawn`: the look-alike of a "qualification retirée" sub-section (withdrawal date, no level). */
export function cloudColumns(g: CloudGeometry, kind: 'qualified' | 'withdrawn' = 'qualified'): Column[] {
  const cols: Column[] = [
    { header: ['Nom du fournisseur de service', '(par ordre alphabétique)'], width: g.provider, align: 'left' },
    { header: ['Nom du service'], width: g.service, align: 'left' },
    ...TYPE_HEADERS.map((t): Column => ({ header: [t], width: g.type, align: 'center' })),
    { header: ['Date de début de', 'qualification'], width: g.start, align: 'center' },
  ];
  if (kind === 'withdrawn') {
    cols.push({ header: ['Date de retrait de', 'la qualification'], width: g.end, align: 'center' });
    cols.push({ header: ['Lien vers la décision', 'de retrait'], width: g.decision + g.level, align: 'center' });
  } else {
    cols.push({ header: ['Date de fin de', 'qualification'], width: g.end, align: 'center' });
    cols.push({ header: ['Lien vers la décision', 'de qualification'], width: g.decision, align: 'center' });
    cols.push({ header: ['Niveau de', 'recommandation'], width: g.level, align: 'center' });
  }
  return cols;
}

export function cloudCells(row: CloudRow, kind: 'qualified' | 'withdrawn', duplicateLink = false): Cell[] {
  const cells: Cell[] = [
    { text: row.provider },
    row.footnote ? { text: row.service, note: row.footnote } : { text: row.service },
    ...TYPE_HEADERS.map((t): Cell => (row.types.includes(t) ? { text: 'X' } : {})),
    { text: row.from },
    { text: row.until },
    { text: row.decision, link: decisionUrl(row), duplicateLink },
  ];
  if (kind === 'qualified') cells.push({ check: row.check ?? 'green' });
  return cells;
}

export function cloudTable(g: CloudGeometry, rows: CloudRow[], kind: 'qualified' | 'withdrawn', duplicateLinkOf?: string): TableSpec {
  return {
    columns: cloudColumns(g, kind),
    rows: rows.map((r) => cloudCells(r, kind, r.provider === duplicateLinkOf)),
    x0: g.x0,
    lineHeight: g.lineHeight,
    padY: g.padY,
  };
}

/** 3.1.2 (PASSI): five X columns, a level, "Sécurité nationale", dates, decision links, one broken file:/// link. */
export function passiTable(): TableSpec {
  const col = (header: string[], width: number, align: Column['align'] = 'center'): Column => ({ header, width, align });
  return {
    columns: [
      col(['Nom du fournisseur de service', '(par ordre alphabétique)'], 78, 'left'),
      col(['Audit', 'organisationnel', 'et physique'], 33),
      col(['Audit', "d'architecture"], 33),
      col(['Audit de', 'configuration'], 33),
      col(['Audit de code', 'source'], 33),
      col(['Tests', "d'intrusion"], 33),
      col(['Niveau de', 'qualification'], 38),
      col(['Sécurité', 'nationale'], 30),
      col(['Date de début de', 'qualification'], 44),
      col(['Date de fin de', 'qualification'], 44),
      col(['Lien vers la', 'décision de', 'qualification'], 40),
      col(['Niveau de', 'recommandation'], 43.7),
    ],
    rows: PASSI_ROWS.map((r, i): Cell[] => [
      i === 0 ? { text: r.provider, link: 'file:///C:/Users/User/eclipse-workspace/P29/output/listes/odt/https:www.acg-cybersecurity.fr' } : { text: r.provider },
      ...r.marks.map((m): Cell => (m ? { text: 'X' } : {})),
      { text: r.level },
      { text: r.sn },
      { text: r.from },
      { text: r.until },
      { text: r.decision, link: decisionUrl({ year: r.from.slice(6), decision: r.decision }) },
      { check: 'green' },
    ]),
    x0: 56.8,
    lineHeight: 8.3,
    padY: 6.8,
  };
}

/** 3.4 (infogérance): provider, service, dates and decision, no type columns. */
export function pamsTable(): TableSpec {
  return {
    columns: [
      { header: ['Nom du fournisseur de service', '(par ordre alphabétique)'], width: 110, align: 'left' },
      { header: ['Nom du service'], width: 120, align: 'left' },
      { header: ['Date de début de qualification'], width: 66, align: 'center' },
      { header: ['Date de fin de qualification'], width: 62, align: 'center' },
      { header: ['Lien vers la décision de', 'qualification'], width: 64, align: 'center' },
      { header: ['Niveau de', 'recommandation'], width: 59.7, align: 'center' },
    ],
    rows: PAMS_ROWS.map((r): Cell[] => [
      { text: r.provider },
      { text: r.service },
      { text: r.from },
      { text: r.until },
      { text: r.decision, link: decisionUrl(r) },
      { check: 'green' },
    ]),
    x0: 56.8,
    lineHeight: 8.3,
    padY: 6.8,
  };
}
