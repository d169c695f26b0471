import { frenchDateToIso, type Offer } from '../../core/offer.js';
import { CatalogueFormatError } from './errors.js';
import { foldLabel, type ColumnKey, type ListSpec } from './list-specs.js';
import { cellText, type ListRow } from './table-rows.js';

/**
 * A certificate id: the national scheme's (scheme, year, number, then any version or suffix: "ANSSI-CC-2021-18v2-R01",
 * "ANSSI-CC-SITE-2024-05") or the European EUCC scheme's (body, year, month, number: "EUCC-3090-2025-10-03").
 */
const CERTIFICATE = /^(?:ANSSI-(?:[A-Z]+-)+\d{4}[-_/]\d{1,3}|EUCC-[A-Z0-9]+-\d{4}-\d{2}-\d{1,3})(?:[-_]?[A-Za-z0-9]+)*$/;
const NOT_MAINTAINED = /^non\s*maintenu$/i;
/** The labels of the link cells, folded: a fragment of a split row holds a strict prefix of one. */
const LINK_LABELS = ['lienverslerapportdecertification', 'lienverslacibledesecurite', 'lienversleprofildeprotection'];
/** "… version 2.5.x": the last word "version", followed by a short text with a digit, starts the version. */
const VERSION = /^(.*\S)[\s,;]+versi?ion\s*:?\s+(\S.{0,39})$/i;

const text = (row: ListRow, key: ColumnKey, glue: 'words' | 'tight' = 'words'): string =>
  cellText(row.cells.get(key), row.widths.get(key) ?? 0, glue);

/**
 * True when the row cannot be a whole row of the list: a column it needs is empty, a date or certificate id
 * is cut short, a link label is cut mid-way. At a page break, such a row is a fragment of a row split across
 * the two pages (decision 0023): either part may hold any column, so completeness is the only sign.
 */
export function isFragment(row: ListRow, spec: ListSpec): boolean {
  const keys = new Set(row.widths.keys());
  // Not the developer: a whole row may leave it empty, and the other part of a split row always lacks more.
  const needs = (spec.required ?? []).filter((k) => k !== 'provider');
  if (needs.some((k) => text(row, k) === '')) return true;
  const date = (k: ColumnKey): boolean => !keys.has(k) || !!frenchDateToIso(text(row, k, 'tight')) || (k === 'end' && NOT_MAINTAINED.test(text(row, k)));
  if (!date('start') || !date('end')) return true;
  if (keys.has('certificate') && !CERTIFICATE.test(text(row, 'certificate', 'tight'))) return true;
  return (['report', 'target'] as const).some((k) => {
    const label = foldLabel(text(row, k));
    return label !== '' && LINK_LABELS.some((l) => l !== label && l.startsWith(label));
  });
}

/** The two parts of a row split across pages, as one row: each cell's lines in reading order, links of both. */
export function joinFragments(top: ListRow, bottom: ListRow): ListRow {
  const cells = new Map(top.cells);
  for (const [k, lines] of bottom.cells) cells.set(k, [...(cells.get(k) ?? []), ...lines]);
  const links = new Map(top.links);
  for (const [k, uris] of bottom.links) links.set(k, [...new Set([...(links.get(k) ?? []), ...uris])]);
  const mark = top.mark ?? bottom.mark;
  return { page: top.page, y: top.y, cells, widths: top.widths, links, ...(mark ? { mark } : {}) };
}

/** "Apple Pay on iPhone 13 version iOS 15" → service and version apart; a name without a version stays whole. */
export function splitVersion(name: string): { service: string; version?: string } {
  const m = VERSION.exec(name);
  if (!m || !/\d/.test(m[2]!) || /\bversion\b/i.test(m[2]!)) return { service: name };
  return { service: m[1]!.replace(/[\s,;:(-]+$/, ''), version: m[2]!.trim() };
}

/**
 * Turns a printed product row into a record (decision 0023). Required: product, start date, an end date or "Non
 * maintenu", and the certificate id (certified products) or the decision (qualified products). The developer may
 * be empty (`provider: ''`).
 */
export function productRecord(row: ListRow, spec: ListSpec, category: string | undefined): Offer {
  const provider = text(row, 'provider');
  const name = text(row, 'service');
  const from = text(row, 'start', 'tight');
  const until = text(row, 'end', 'tight');
  const certificate = text(row, 'certificate', 'tight');
  const decision = text(row, 'decision', 'tight');
  const what = [provider, name, certificate || decision].filter(Boolean).join(' / ') || 'unnamed row';
  const fail = (why: string): never => {
    throw new CatalogueFormatError(`page ${row.page + 1}, ${spec.id}: row "${what}" ${why}`);
  };
  // An empty developer cell is printed as such (December has none; the issue saw it): the record keeps it empty.
  const missing = (spec.required ?? []).filter((k) => k !== 'provider' && text(row, k) === '');
  if (missing.length > 0) fail(`has no ${missing.join(', ')}`);
  if (row.widths.has('certificate') && !CERTIFICATE.test(certificate)) fail(`has the certificate "${certificate}"`);
  const date = (s: string): string => frenchDateToIso(s) ?? fail(`has the date "${s}"`);
  const maintained = !NOT_MAINTAINED.test(text(row, 'end'));
  const printedVersion = text(row, 'version');
  const { service, version } = printedVersion ? { service: name, version: printedVersion } : splitVersion(name);
  const field = (name: keyof Offer, key: ColumnKey): Partial<Offer> => {
    const v = text(row, key);
    return v ? { [name]: v } : {};
  };
  const link = (name: keyof Offer, key: ColumnKey): Partial<Offer> => {
    const url = row.links.get(key)?.[0];
    return url ? { [name]: url } : {};
  };
  return {
    list: spec.id,
    provider,
    service,
    ...(version ? { version } : {}),
    ...(category ? { category } : {}),
    types: [],
    qualifiedFrom: date(from),
    ...(maintained ? { qualifiedUntil: date(until) } : { maintained: false }),
    ...(decision ? { decision } : {}),
    ...link('decisionUrl', 'decision'),
    ...field('level', 'level'),
    ...field('approval', 'approval'),
    ...field('sponsor', 'sponsor'),
    ...field('evaluationFacility', 'facility'),
    ...field('productType', 'productType'),
    ...(certificate ? { certificate } : {}),
    ...link('certificateUrl', 'certificate'),
    ...link('reportUrl', 'report'),
    ...link('securityTargetUrl', 'target'),
    ...(row.mark ? { recommendation: row.mark } : {}),
    status: 'qualified',
  };
}
