/**
 * A CSV document that a French spreadsheet opens as it is, from a plain model: the writer knows the format,
 * nothing about offers. Pure.
 *
 * - UTF-8 with a byte order mark: without it Excel reads the bytes as Windows-1252 and "Décision" comes out garbled.
 * - `;` between cells: the list separator of French locales, where `,` is the decimal mark.
 * - Lines end with CRLF (RFC 4180); every text cell is quoted, quotes doubled, so a name with `;` or a line break
 *   stays one cell.
 * - A first line starting with `#` says where the data comes from: `comment: '#'` in a CSV parser skips it, and a
 *   spreadsheet shows it in the first cell.
 * - Formula injection (OWASP, "CSV Injection"): a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 *   return would be run as a formula by Excel or LibreOffice (`=HYPERLINK(…)` in a provider's name), so it gets a
 *   leading `'`, which makes it text. Numbers are the writer's own (days left) and are written as numbers, so that a
 *   negative count stays a number.
 */

export type CsvCell = string | number | undefined;

export interface CsvDocument {
  /** One line of words, written after `# `; line breaks are folded and `;` becomes `,` so it stays in one cell. */
  comment: string;
  header: readonly string[];
  rows: readonly (readonly CsvCell[])[];
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';
export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';
const EOL = '\r\n';

/** What a spreadsheet would take for the start of a formula (or of a cell it then reads as one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet shows as text, never runs: a formula's first character is defused by a leading `'`. */
export const defuseFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/** One cell: a number as written, text quoted (quotes doubled) and defused, nothing for undefined. */
export function csvCell(value: CsvCell): string {
  if (value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return String(value);
  }
  return `"${defuseFormula(value).replace(/"/g, '""')}"`;
}

const commentLine = (text: string): string => `# ${text.replace(/[\r\n]+/g, ' ').replace(/;/g, ',').trim()}`;

/** The whole document: BOM, comment line, header, rows, each line ended by CRLF. */
export function renderCsv(doc: CsvDocument): string {
  const line = (cells: readonly CsvCell[]): string => cells.map(csvCell).join(CSV_SEPARATOR);
  return BOM + [commentLine(doc.comment), line(doc.header), ...doc.rows.map(line)].map((l) => l + EOL).join('');
}
