import type * as cheerio from 'cheerio';
import { entryOf } from './entry-text.js';
import { fold, shown } from './judge.js';
import type { Element, LayoutAttempt } from './layouts.js';
import { foldSpaces } from './text.js';

type Cell = Element | undefined;
/** Spans beyond these are typos or hostile: a real list spans a few rows and its 4 columns. */
const MAX_COLSPAN = 20;
const MAX_ROWSPAN = 200;

/** The table's rows as a grid: a cell spanning rows or columns fills every slot it covers. */
function grid($: cheerio.CheerioAPI, table: Element): Cell[][] {
  const rows = $(table).find('tr').filter((_, tr) => $(tr).closest('table').get(0) === table).toArray();
  const pending = new Map<number, { cell: Element; left: number }>();
  return rows.map((tr) => {
    const out: Cell[] = [];
    let col = 0;
    const fillPending = () => {
      for (let p = pending.get(col); p; p = pending.get(col)) {
        out[col] = p.cell;
        if (--p.left === 0) pending.delete(col);
        col++;
      }
    };
    for (const cell of $(tr).children('td, th').toArray()) {
      fillPending();
      const span = (name: string, max: number) => Math.min(max, Math.max(1, Number.parseInt($(cell).attr(name) ?? '1', 10) || 1));
      const [cols, rowsDown] = [span('colspan', MAX_COLSPAN), span('rowspan', MAX_ROWSPAN)];
      for (let k = 0; k < cols; k++, col++) {
        out[col] = cell;
        if (rowsDown > 1) pending.set(col, { cell, left: rowsDown - 1 });
      }
    }
    for (const c of [...pending.keys()].filter((c) => c >= col).sort((a, b) => a - b)) {
      col = c;
      fillPending();
    }
    return out;
  });
}

export type Role = 'provider' | 'service' | 'types' | 'since';
// Checked in this order: "Type de service" is the types column, "Date de début de la qualification" the date's.
const ROLES: Array<[Role, RegExp]> = [
  ['types', /\btypes?\b|\bmodeles?\b|\bcategories?\b/],
  ['since', /\bdates?\b|\bdepuis\b|\bdebut\b|\bentree\b/],
  ['provider', /\bprestataires?\b|\bfournisseurs?\b|\bsocietes?\b|\bentreprises?\b|\boperateurs?\b|\bediteurs?\b|\braison sociale\b|\borganismes?\b|\bproviders?\b/],
  ['service', /\bservices?\b|\boffres?\b|\bsolutions?\b|\bprestations?\b|\bproduits?\b|\bnom commercial\b|\bplateformes?\b/],
];

/**
 * The role a field's label names ("Prestataire", "Type de service", "Date d'entrée en qualification"): only a
 * short text that starts with the role's word, so a name such as "Orange Business Services" is never a label.
 */
export function labelRole(label: string): Role | undefined {
  const f = fold(label).replace(/[\s:]+$/, '');
  if (f.split(' ').length > 6) return undefined;
  return ROLES.find(([, re]) => re.exec(f)?.index === 0)?.[0];
}

/** Which column plays which role, read from a header row's texts; a role is its first matching column. */
function columnRoles(headers: string[]): Partial<Record<Role, number>> {
  const roles: Partial<Record<Role, number>> = {};
  headers.forEach((h, i) => {
    const role = ROLES.find(([r, re]) => roles[r] === undefined && re.test(fold(h)))?.[0];
    if (role) roles[role] = i;
  });
  return roles;
}

/** The header rows: the `<thead>`'s, else the leading rows made of `<th>` only. */
function headerCount($: cheerio.CheerioAPI, rows: Cell[][]): number {
  let n = 0;
  while (n < rows.length) {
    const cells = rows[n]!.filter((c): c is Element => c !== undefined);
    if (cells.length === 0 || !cells.every((c) => c.tagName === 'th' || $(c).closest('thead').length > 0)) break;
    n++;
  }
  return n;
}

/**
 * Tables whose header names a provider column and a service column: each body row is an entry (a provider cell
 * spanning several rows serves each of them). A row whose provider and service are one cell (a note) is skipped.
 */
export function tableLayout($: cheerio.CheerioAPI, root: cheerio.Cheerio<Element>, baseUrl: string | undefined): LayoutAttempt {
  const tables = root.find('table').toArray();
  if (tables.length === 0) return { layout: 'table', candidates: [], why: 'no table in the page' };
  const seen: string[] = [];
  const candidates = tables.flatMap((table) => {
    const rows = grid($, table);
    const heads = headerCount($, rows);
    const headers = heads > 0 ? rows[heads - 1]!.map((c) => (c ? foldSpaces($(c).text().slice(0, 200)) : '')) : [];
    const roles = columnRoles(headers);
    if (roles.provider === undefined || roles.service === undefined) {
      seen.push(heads > 0 ? `"${shown(headers.join(' | '), 80)}"` : '(no header row)');
      return [];
    }
    const at = (row: Cell[], role: Role) => (roles[role] === undefined ? undefined : row[roles[role]!]);
    return rows.slice(heads).flatMap((row) => {
      const [provider, service] = [at(row, 'provider'), at(row, 'service')];
      if (!provider || !service || provider === service) return [];
      const text = (c: Cell) => (c ? $(c).text() : '');
      if (!text(provider).trim() && !text(service).trim()) return [];
      const types = at(row, 'types');
      const since = at(row, 'since');
      const time = since ? $(since).find('time[datetime]').attr('datetime') : undefined;
      return [entryOf({
        provider: text(provider),
        service: text(service),
        context: `${types ? text(types) : text(service)} ${time ?? ''} ${since ? text(since) : ''}`,
        href: $(service).find('a[href]').first().attr('href'),
      }, baseUrl)];
    });
  });
  if (candidates.length === 0 && seen.length > 0) {
    return { layout: 'table', candidates, why: `${tables.length} table(s), none with a provider and a service column (headers: ${seen.slice(0, 3).join(', ')})` };
  }
  return { layout: 'table', candidates };
}
