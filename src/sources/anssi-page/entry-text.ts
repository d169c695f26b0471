import type { ServiceType } from '../../core/offer.js';
import { cleanProvider, cleanService, dateIn, foldSpaces, typesIn } from './text.js';

/** One entry as the page shows it, before records are made: names cleaned, nothing skipped yet. */
export interface PageEntry {
  provider: string;
  service: string;
  types: ServiceType[];
  /** `YYYY-MM-DD`, when the entry's `since` element holds a date. */
  since?: string;
  /** The `link` element's address, resolved against `baseUrl` when it is relative. */
  link?: string;
}

// A date as the page may write it, to find where an entry's name ends in a line such as
// "Plateforme NumSpot (IaaS, PaaS) – depuis le 15/01/2024".
const MONTH = '(?:janv|f[ée]vr|mars|avr|mai|juin|juil|ao[ûu]t|sept|oct|nov|d[ée]c)\\p{L}*\\.?';
const DATE_AT = new RegExp(`(?<!\\d)(?:\\d{1,2}[/.]\\d{1,2}[/.]\\d{4}|\\d{1,2}(?:er)?\\s+${MONTH}\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2})(?!\\d)`, 'iu');
// What introduces a date, or separates it from the name, left once the date is cut off.
const LEAD_IN = /\s*(?:[–—\-,;:(]|\bdepuis\b|\bdu\b|\ble\b|\bà partir\b|\ba partir\b|\ben cours\b|\bentr[ée]e?s?\b|\ben qualification\b|\bdate\b[^–—\-,;:(]*)\s*$/iu;

/** The name part of a line that may go on with a date: everything before the date and its lead-in. */
export function nameBeforeDate(text: string): string {
  const t = foldSpaces(text);
  const at = DATE_AT.exec(t)?.index;
  if (at === undefined) return t;
  let name = t.slice(0, at);
  for (let prev = ''; prev !== name; ) {
    prev = name;
    name = name.replace(LEAD_IN, '');
  }
  return name.trim();
}

/** Resolves `href` against `baseUrl` when it is relative; kept as written when it cannot be. */
export function resolveLink(href: string | undefined, baseUrl: string | undefined): string | undefined {
  const h = href?.trim();
  if (!h) return undefined;
  try {
    return new URL(h, baseUrl).href;
  } catch {
    return h; // relative and no base: kept as written
  }
}

export interface EntryParts {
  provider: string;
  /** The service's name, possibly followed by its types and a date (a list item's whole text). */
  service: string;
  /** Where the types and the date are written (a row, a list item, a card); `service` when absent. */
  context?: string;
  href?: string | undefined;
}

/** Characters of a cell or an item read for its names, types and date. */
const TEXT_MAX = 1_000;

/** An entry from the texts a layout found: names cleaned, the service cut before a date, types and date read. */
export function entryOf(parts: EntryParts, baseUrl: string | undefined): PageEntry {
  // Only the start of a long text is read: no name is that long (judge.ts refuses it), and a hostile cell must
  // not make the date and lead-in patterns scan megabytes once per match.
  const head = (text: string) => foldSpaces(text.slice(0, 4 * TEXT_MAX)).slice(0, TEXT_MAX);
  const context = head(parts.context ?? parts.service);
  const since = dateIn(context);
  const link = resolveLink(parts.href, baseUrl);
  return {
    provider: cleanProvider(head(parts.provider)),
    service: cleanService(nameBeforeDate(head(parts.service))),
    types: typesIn(context),
    ...(since ? { since } : {}),
    ...(link ? { link } : {}),
  };
}
