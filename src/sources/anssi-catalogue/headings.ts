import type { Line } from './lines.js';

/** A numbered heading such as "3.3. Services d'informatique en nuage (SecNumCloud)". */
export interface Heading {
  number: string;
  depth: number;
  title: string;
  y: number;
  size: number;
}

const NUMBERED = /^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$/;
const TOC_ENTRY = /(\.{4,}|…{2,}|\s\d{1,3}$)/;

/**
 * Reads a line as a numbered heading when it is printed larger than the body text of its page.
 * Table-of-contents entries (dot leaders, trailing page number) are not headings.
 */
export function asHeading(line: Line, bodySize: number): Heading | undefined {
  if (line.size < bodySize * 1.15) return undefined;
  const m = NUMBERED.exec(line.text);
  if (!m || TOC_ENTRY.test(line.text)) return undefined;
  const number = m[1]!;
  // "3." alone is a chapter; a bare number without a dot ("2025 …") is not a heading.
  if (!number.includes('.') && !/^\d{1,2}\.\s/.test(line.text)) return undefined;
  return { number, depth: number.split('.').length, title: m[2]!, y: line.y, size: line.size };
}
