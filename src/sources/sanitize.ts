import { createHash } from 'node:crypto';
import type { NewsItem } from '../core/news.js';
import type { Offer, Snapshot } from '../core/offer.js';
import { UNTITLED } from './rss/normalize.js';

/**
 * The one step that makes text from a source safe to show, applied at the adapter edge (registry.ts) to every
 * text field of every record of every kind, so no formatter downstream (Slack, Discord, the page, the feeds,
 * CSV, iCalendar) has to remember it. It removes what a reader cannot see but a renderer obeys: controls,
 * bidi overrides and isolates (which can make "evil.example/moc.gro" read backwards), zero-width characters
 * (which hide a difference between two names); and it caps lengths, so a formatter's own cut always falls
 * in plain text and never in its markup.
 */

/** Line breaks and other whitespace controls: one space, so words on either side stay apart. */
const SPACES = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
/**
 * Removed: C0 and C1 controls (but the whitespace above), DEL; bidi marks, embeddings, overrides and isolates
 * (U+200E/200F, U+061C, U+202A–202E, U+2066–2069); zero-width space, joiners, word joiner and BOM
 * (U+200B–200D, U+2060, U+FEFF).
 */
const INVISIBLE = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
/** Half a surrogate pair: not a character, and invalid in JSON text some platforms parse strictly. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Longest text per field, in UTF-16 code units; a longer one is cut with '…'. Real values are far shorter. */
export const TEXT_CAPS = {
  title: 300,
  summary: 1000,
  provider: 200,
  service: 300,
  decision: 64,
  edition: 32,
  source: 100,
  /** Any other text field a record may gain. */
  other: 500,
} as const;
/** Longer URLs are dropped rather than cut: a cut URL leads somewhere else. */
export const URL_MAX = 2048;
/** Longer ids are replaced by a hash of them: ids are identities, which a cut could merge. */
export const ID_MAX = 512;

/** Input beyond this many code units is not even scanned: whatever follows is cut anyway. */
const scanLimit = (max: number): number => max * 4 + 64;

/** `s` without invisible or control characters, at most `max` code units (a cut ends in '…', never mid-pair). */
export function sanitizeText(s: string, max: number = TEXT_CAPS.other): string {
  const truncated = s.length > scanLimit(max);
  // Every parser folds whitespace already: the spaces a removal leaves behind are folded the same way.
  const clean = (truncated ? s.slice(0, scanLimit(max)) : s)
    .replace(SPACES, ' ')
    .replace(INVISIBLE, '')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (!truncated && clean.length <= max) return clean;
  let cut = clean.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A URL as text, or undefined when it is longer than any real one. */
function sanitizeUrl(url: string): string | undefined {
  const clean = sanitizeText(url, URL_MAX + 1).trim();
  return clean.length > URL_MAX || clean === '' ? undefined : clean;
}

/** An id as it is (it is an identity, not display text), or a hash of it when absurdly long. */
function sanitizeId(id: string): string {
  return id.length <= ID_MAX ? id : `h-${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
}

/** How each named string field is cleaned; undefined drops the field. Any other string gets TEXT_CAPS.other. */
type Clean = (s: string) => string | undefined;
const capped = (max: number): Clean => (s) => sanitizeText(s, max);

/** A title of invisible characters alone is no title: it reads as the parser's own placeholder. */
const title: Clean = (s) => sanitizeText(s, TEXT_CAPS.title).trim() || UNTITLED;

const NEWS_FIELDS: Record<string, Clean> = { id: sanitizeId, title, url: sanitizeUrl, summary: capped(TEXT_CAPS.summary), source: capped(TEXT_CAPS.source) };
const OFFER_FIELDS: Record<string, Clean> = { provider: capped(TEXT_CAPS.provider), service: capped(TEXT_CAPS.service), decision: capped(TEXT_CAPS.decision), decisionUrl: sanitizeUrl, source: capped(TEXT_CAPS.source) };
const SNAPSHOT_FIELDS: Record<string, Clean> = { source: capped(TEXT_CAPS.source), edition: capped(TEXT_CAPS.edition) };

/** Every string field of a record (and every string of an array field) cleaned, in the record's own key order. */
function sanitizeRecord<T extends object>(record: T, fields: Record<string, Clean>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    const clean = Object.hasOwn(fields, k) ? fields[k]! : capped(TEXT_CAPS.other);
    const value = typeof v === 'string' ? clean(v) : Array.isArray(v) ? v.map((x: unknown) => (typeof x === 'string' ? sanitizeText(x) : x)) : v;
    if (value !== undefined) out[k] = value;
  }
  return out as T;
}

export const sanitizeNewsItem = (item: NewsItem): NewsItem => sanitizeRecord(item, NEWS_FIELDS);
export const sanitizeOffer = (offer: Offer): Offer => sanitizeRecord(offer, OFFER_FIELDS);

/** What an adapter returns (registry.ts's ParsedDocument, named structurally: registry imports this module). */
export type SanitizableDocument = { records: 'offers'; snapshot: Snapshot; lists?: Snapshot[] } | { records: 'news'; items: NewsItem[] };

const sanitizeSnapshot = (snapshot: Snapshot): Snapshot => ({ ...sanitizeRecord(snapshot, SNAPSHOT_FIELDS), offers: snapshot.offers.map(sanitizeOffer) });

/** A parsed document with every text field of every record made safe to display (see above). */
export function sanitizeDocument<D extends SanitizableDocument>(doc: D): D {
  if (doc.records === 'news') return { ...doc, items: doc.items.map(sanitizeNewsItem) };
  return { ...doc, snapshot: sanitizeSnapshot(doc.snapshot), ...(doc.lists ? { lists: doc.lists.map(sanitizeSnapshot) } : {}) };
}
