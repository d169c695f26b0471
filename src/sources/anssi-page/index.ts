import { normalizeName } from '../../core/normalize.js';
import type { Offer, Snapshot } from '../../core/offer.js';
import { DEFAULT_PARSE_BUDGET, type ParseBudget } from '../budget.js';
import { loadHtmlDocument } from '../html-load.js';
import type { PageReading } from './detect.js';
import { extractEntries, type PageEntry } from './extract.js';
import type { AnssiPageSettings } from './settings.js';

export { PageFormatError } from './errors.js';
export type { PageReading } from './detect.js';
export { selectorProblems, type PageEntry } from './extract.js';
export { anssiPageSettingsSchema, DEFAULT_ANSSI_PAGE_SETTINGS, TABLE_SELECTORS, type AnssiPageSettings } from './settings.js';

export const SOURCE_KIND = 'anssi-page';

/** What the fetch knows about the body besides its bytes. */
export interface PageContext {
  /** The response's Content-Type; its `charset` wins over the page's `<meta>` (not over a BOM). */
  contentType?: string;
  /** What the parse may spend (page size, nesting depth); DEFAULT_PARSE_BUDGET when absent. */
  budget?: ParseBudget;
}

/**
 * Every entry kept, in page order, with the fields records leave out (`link`), and how the page was read (the layout
 * found, the layouts refused and why): for an operator checking the source. Same errors as `parseAnssiPage`.
 */
export function readPage(bytes: Uint8Array, settings: AnssiPageSettings, ctx: PageContext = {}): { entries: PageEntry[]; reading: PageReading } {
  return extractEntries(() => loadHtmlDocument(bytes, ctx.contentType, ctx.budget ?? DEFAULT_PARSE_BUDGET), settings);
}

/** The entries of `readPage` alone. */
export function readPageEntries(bytes: Uint8Array, settings: AnssiPageSettings, ctx: PageContext = {}): PageEntry[] {
  return readPage(bytes, settings, ctx).entries;
}

/**
 * Parses ANSSI's page of services "en cours de qualification" into `in_progress` offers, the layout recognised (or
 * read with `settings.selectors`) and each entry judged (judge.ts); `reading` says how, with only the
 * fields the page gives: provider, service, types and, when a date is shown, `inProgressSince` (the date
 * the service entered the qualification process). Entries without a provider or a service (blank, or a mere "–")
 * are skipped; an entry seen twice (same names after normalisation) is kept once, as first seen.
 *
 * A page where no layout is accepted yields `offers: []` and `reading.refused`, not an error: the trust guard holds
 * that as `source.suspect` (saying which layouts were tried and why each was refused) rather than announcing that
 * everyone left. Throws PageFormatError (one line) for a body that is not HTML (empty, a PDF, binary) and for a
 * selector that is not valid CSS, and ParseBudgetError for a page larger or more deeply nested than `ctx.budget` allows.
 */
export async function parseAnssiPage(bytes: Uint8Array, settings: AnssiPageSettings, ctx: PageContext = {}): Promise<Snapshot> {
  const seen = new Set<string>();
  const offers: Offer[] = [];
  const { entries, reading } = readPage(bytes, settings, ctx);
  for (const e of entries) {
    const [provider, service] = [normalizeName(e.provider), normalizeName(e.service)];
    const key = `${provider}\u0000${service}`;
    // A cell holding only "–" or "*" is as empty as a blank one.
    if (!provider || !service || seen.has(key)) continue;
    seen.add(key);
    offers.push({
      provider: e.provider,
      service: e.service,
      types: e.types,
      status: 'in_progress',
      ...(e.since ? { inProgressSince: e.since } : {}),
    });
  }
  return { source: SOURCE_KIND, offers, reading };
}
