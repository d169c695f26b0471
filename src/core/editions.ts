import type { Offer } from './offer.js';

/** One kept edition of a catalogue: when ANSSI dated it, which document it was, and when the tracker stored it. */
export interface EditionMeta {
  /** The date the document states (YYYY-MM-DD), else the day it was first stored. */
  edition: string;
  /** Whether the document states that date (false: the day of storing stands in for it). */
  dated: boolean;
  /** sha256 of the document's bytes (the document itself is not kept). */
  bodyHash?: string;
  /** When the tracker stored it (ISO instant): its first list, then the latest list released later. */
  storedAt: string;
  /** The lists kept for it (a list held when the edition came is missing until released). */
  lists: string[];
}

/** A kept edition with the records of the lists asked for. */
export interface Edition extends EditionMeta {
  records: Record<string, Offer[]>;
  /**
   * The certificate ids its annex of archived lists prints (decision 0025), when a product list was kept for it and
   * the document prints one: what a diff between kept editions needs to call a removal "archived".
   */
  archived?: string[];
}

/**
 * The edition in force on `date` for a list: the latest kept edition dated on or before it that keeps the list.
 * `editions` sorted by date, oldest first. Undefined when the tracker kept none that early (before it started).
 */
export function editionAt(editions: readonly EditionMeta[], date: string, list: string): EditionMeta | undefined {
  let found: EditionMeta | undefined;
  for (const e of editions) {
    if (e.edition > date) break;
    if (e.lists.includes(list)) found = e;
  }
  return found;
}

/** The date an edition is filed under: the one the document states, or the day (UTC) it was stored. */
export const editionKey = (edition: string | undefined, storedAt: string): { edition: string; dated: boolean } =>
  edition ? { edition, dated: true } : { edition: storedAt.slice(0, 10), dated: false };
