import { frenchDateToIso, sortTypes, type Offer, type ServiceType } from '../../core/offer.js';
import { CatalogueFormatError } from './errors.js';
import type { ColumnKey, ListSpec } from './list-specs.js';
import { cellText, type ListRow } from './table-rows.js';

const MARK = /^[xX✓✔●]$/;

/** The columns of a list's header, in printed order (scopes come out in that order). */
export type HeaderKeys = readonly (ColumnKey | undefined)[];

/**
 * Turns a printed row into a record. Names are joined with spaces (a word cut at the cell's edge is glued
 * back); dates, decision numbers and OIDs are joined tight ("26/06/202" + "5"). A row without provider,
 * dates or decision is an error: an incomplete snapshot must never reach the diff.
 */
export function toRecord(row: ListRow, spec: ListSpec, keys: HeaderKeys): Offer {
  const text = (key: ColumnKey, glue: 'words' | 'tight' = 'words'): string => cellText(row.cells.get(key), row.widths.get(key) ?? 0, glue);
  const provider = text('provider');
  const service = spec.service ? text('service') : '';
  const from = text('start', 'tight');
  const until = text('end', 'tight');
  const decision = text('decision', 'tight');
  const missing = [
    provider ? '' : 'provider',
    !spec.service || service ? '' : 'service',
    from ? '' : 'start date',
    until ? '' : 'end date',
    decision ? '' : 'decision',
  ].filter(Boolean);
  const what = [provider, service].filter(Boolean).join(' / ') || 'unnamed row';
  if (missing.length > 0) throw new CatalogueFormatError(`page ${row.page + 1}, ${spec.id}: row "${what}" has no ${missing.join(', ')}`);
  const date = (s: string): string => {
    const iso = frenchDateToIso(s);
    if (!iso) throw new CatalogueFormatError(`page ${row.page + 1}, ${spec.id}: row "${what}" has the date "${s}"`);
    return iso;
  };
  const marked = (key: ColumnKey): boolean => MARK.test(text(key));
  const types = keys.filter((k): k is `type:${ServiceType}` => !!k?.startsWith('type:') && marked(k)).map((k) => k.slice(5) as ServiceType);
  const scopes = keys.filter((k): k is `scope:${string}` => !!k?.startsWith('scope:') && marked(k)).map((k) => k.slice(6));
  const level = text('level');
  const national = text('nationalSecurity').toLowerCase();
  const oid = text('oid', 'tight');
  const url = row.links.get('decision')?.[0];
  const record: Offer = {
    ...(spec.id === 'secnumcloud' ? {} : { list: spec.id }),
    provider,
    ...(spec.service ? { service } : {}),
    types: sortTypes(types),
    qualifiedFrom: date(from),
    qualifiedUntil: date(until),
    decision,
    ...(url ? { decisionUrl: url } : {}),
    ...(keys.some((k) => k?.startsWith('scope:')) ? { scopes } : {}),
    ...(level ? { level } : {}),
    ...(national === 'oui' ? { nationalSecurity: true } : national === 'non' ? { nationalSecurity: false } : {}),
    ...(oid ? { oid } : {}),
    ...(row.mark ? { recommendation: row.mark } : {}),
    status: 'qualified',
  };
  return record;
}
