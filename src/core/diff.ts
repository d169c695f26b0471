import { certificateFamily, certificateRelation } from './certificate-id.js';
import { eventId } from './event-id.js';
import { OFFER_EVENT_KINDS, type OfferEvent, type OfferEventKind, type RemovalReason } from './events.js';
import { matchOffers } from './match.js';
import { identityKey, nameKey, normalizeName } from './normalize.js';
import type { Offer, Snapshot } from './offer.js';
import { canonicalFields, canonicalOffer, snapshotHash, type CanonicalOffer } from './snapshot.js';

export interface DiffOptions {
  /** ISO instant stamped on every event; never part of an id. */
  detectedAt: string;
  /**
   * The id of the previous stored state, when the store keeps one (`chainedStateHash`); defaults to
   * `snapshotHash(previous)`. Needed only for sources whose documents carry no edition.
   */
  previousState?: string;
}

/** Field names in the order `changes` lists them. */
const FIELDS: readonly (keyof CanonicalOffer)[] = [
  'provider',
  'service',
  'types',
  'qualifiedFrom',
  'qualifiedUntil',
  'decision',
  'decisionUrl',
  'inProgressSince',
  'status',
  'scopes',
  'level',
  'nationalSecurity',
  'oid',
  'recommendation',
  'certificate',
  'version',
  'category',
  'approval',
  'sponsor',
  'evaluationFacility',
  'productType',
  'maintained',
  'certificateUrl',
  'reportUrl',
  'securityTargetUrl',
];

/** Fields older versions did not read: absent before means unknown then, not changed now. */
const LATER_FIELDS: ReadonlySet<keyof CanonicalOffer> = new Set(['scopes', 'level', 'nationalSecurity', 'oid', 'recommendation']);

/**
 * Names of the fields that differ between two records, compared in canonical form. A field that only
 * appears (the recommendation of a row stored before it was read) is not a change: the first poll after an
 * upgrade would otherwise "update" every row.
 */
export function changedFields(before: Offer, after: Offer): string[] {
  const a = canonicalFields(before);
  const b = canonicalFields(after);
  return FIELDS.filter((f) => !(LATER_FIELDS.has(f) && a[f] === undefined) && JSON.stringify(a[f]) !== JSON.stringify(b[f]));
}

/**
 * The one kind a matched pair maps to, or undefined when nothing differs. Precedence:
 * - `offer.renamed` when the provider or service differs after normalisation (a change of case or
 *   punctuation alone is not a rename: it is an `offer.updated`);
 * - else `offer.renewed` when there is a new decision number, a later end date, or a certificate's new version or
 *   reassessment (`-18` → `-18v2`, `-R01` → `-R02`: `certificateRelation`);
 * - else `offer.updated` (types, URL, start date, an earlier end date, a decision that vanished…).
 * A rename comes first because it is what a reader must know to recognise the offer; the event's
 * `changes` still names every differing field, so "renamed and renewed" is not lost.
 */
export function classifyPair(before: Offer, after: Offer): { kind: OfferEventKind; changes: string[] } | undefined {
  const changes = changedFields(before, after);
  if (changes.length === 0) return undefined;
  const a = canonicalFields(before);
  const b = canonicalFields(after);
  const renamed =
    normalizeName(a.provider) !== normalizeName(b.provider) || normalizeName(a.service) !== normalizeName(b.service);
  const newDecision = b.decision !== undefined && b.decision !== a.decision;
  // ISO calendar dates order as strings.
  const laterEnd =
    a.qualifiedUntil !== undefined && b.qualifiedUntil !== undefined && b.qualifiedUntil > a.qualifiedUntil;
  // A certificate's new version or reassessment renews it; a maintenance or surveillance report updates it (0023).
  const relation = a.certificate !== undefined && b.certificate !== undefined ? certificateRelation(a.certificate, b.certificate) : 'same';
  const newCertificate = relation === 'new-version' || relation === 'renewal';
  const kind: OfferEventKind = renamed ? 'offer.renamed' : newDecision || laterEnd || newCertificate ? 'offer.renewed' : 'offer.updated';
  return { kind, changes };
}

/**
 * Why `removed` is no longer in `next` (decision 0025): `archived` when the certificate's family (the same
 * certificate whatever its version or report, 0023) is printed in the annex of archived lists of `next`'s edition;
 * else `lapsed` when its end date is before that edition's date; else undefined (a plain removal: withdrawn,
 * suspended, or not said). A record without a certificate (a service, a qualified product) can only lapse.
 */
export function removalReason(removed: Offer, next: Pick<Snapshot, 'archived' | 'edition'>): RemovalReason | undefined {
  const archived = next.archived && removed.certificate ? new Set(next.archived.map(certificateFamily)) : undefined;
  if (archived?.has(certificateFamily(removed.certificate!))) return 'archived';
  // ISO calendar dates order as strings.
  if (next.edition && removed.qualifiedUntil && removed.qualifiedUntil < next.edition) return 'lapsed';
  return undefined;
}

interface Draft {
  kind: OfferEventKind;
  before?: Offer;
  after?: Offer;
  changes?: string[];
  reason?: RemovalReason;
}

/**
 * The change events that turn `previous` into `next`: `offer.added`, `offer.removed`, `offer.renamed`,
 * `offer.renewed` and `offer.updated`, matched by the identity rules of `matchOffers`. A matched pair
 * yields at most one event (`classifyPair`). Row order does not matter; the output is sorted by kind
 * (in OFFER_EVENT_KINDS order), then normalised provider and service (as in the event's `offer`), then
 * identity, so the same inputs give the same array.
 *
 * Pure: it does not judge whether `next` is believable (that is `assessSnapshot`), nor produce
 * `offer.expiring` or `offer.in_progress`. `source` comes from `next`. A removal carries the record
 * as last seen in `offer`, no `previous`, and its `reason` when `next` tells it (`removalReason`: the edition's
 * date and, for product lists, its annex of archived certificates).
 */
export function diffSnapshots(previous: Snapshot, next: Snapshot, opts: DiffOptions): OfferEvent[] {
  const state = opts.previousState ?? snapshotHash(previous);
  const { pairs, removed, added } = matchOffers(previous.offers, next.offers);
  const drafts: Draft[] = [
    ...added.map((after): Draft => ({ kind: 'offer.added', after })),
    ...removed.map((before): Draft => {
      const reason = removalReason(before, next);
      return { kind: 'offer.removed', before, ...(reason ? { reason } : {}) };
    }),
  ];
  for (const { before, after } of pairs) {
    const change = classifyPair(before, after);
    if (change) drafts.push({ kind: change.kind, before, after, changes: change.changes });
  }

  const seen = new Set<string>();
  const events = drafts.map((d) => {
    const offer = (d.after ?? d.before)!;
    const identity = identityKey(d.before ?? offer);
    let id = eventId(d.kind, identity, d.before, d.after, state);
    // A row printed twice and added twice is two events; they need two ids.
    for (let n = 1; seen.has(id); n++) id = eventId(d.kind, identity, d.before, d.after, state, n);
    seen.add(id);
    const event: OfferEvent = { id, kind: d.kind, source: next.source, detectedAt: opts.detectedAt, offer };
    if (d.after && d.before) event.previous = d.before;
    if (d.changes) event.changes = d.changes;
    if (d.reason) event.reason = d.reason;
    const sortKey = [OFFER_EVENT_KINDS.indexOf(d.kind), nameKey(offer), identity, canonicalOffer(offer), id] as const;
    return { event, sortKey };
  });

  events.sort((x, y) => {
    for (let i = 0; i < x.sortKey.length; i++) {
      const a = x.sortKey[i]!;
      const b = y.sortKey[i]!;
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  });
  return events.map((e) => e.event);
}
