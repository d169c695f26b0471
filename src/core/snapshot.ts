import { createHash } from 'node:crypto';
import { sortTypes, type Offer, type Snapshot } from './offer.js';

/** An offer's fields in canonical form, in the fixed order `canonicalOffer` prints them. */
export interface CanonicalOffer {
  status: Offer['status'];
  provider: string;
  service: string;
  types: Offer['types'];
  qualifiedFrom: string | undefined;
  qualifiedUntil: string | undefined;
  decision: string | undefined;
  decisionUrl: string | undefined;
  inProgressSince: string | undefined;
  list: string | undefined;
  scopes: string[] | undefined;
  level: string | undefined;
  nationalSecurity: boolean | undefined;
  oid: string | undefined;
  recommendation: Offer['recommendation'];
  version: string | undefined;
  category: string | undefined;
  approval: string | undefined;
  sponsor: string | undefined;
  evaluationFacility: string | undefined;
  productType: string | undefined;
  maintained: boolean | undefined;
  certificate: string | undefined;
  certificateUrl: string | undefined;
  reportUrl: string | undefined;
  securityTargetUrl: string | undefined;
}

const blankToUndefined = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);

/**
 * An offer's fields in canonical form: types in SERVICE_TYPES order without duplicates, the decision
 * trimmed, an empty string taken as absent (as a blank PDF cell is).
 */
export function canonicalFields(offer: Offer): CanonicalOffer {
  return {
    status: offer.status,
    provider: offer.provider,
    service: offer.service ?? '',
    types: sortTypes(offer.types),
    qualifiedFrom: blankToUndefined(offer.qualifiedFrom),
    qualifiedUntil: blankToUndefined(offer.qualifiedUntil),
    decision: blankToUndefined(offer.decision?.trim()),
    decisionUrl: blankToUndefined(offer.decisionUrl),
    // Last and undefined for qualified rows, so their canonical form (and every hash and id) is unchanged.
    inProgressSince: blankToUndefined(offer.inProgressSince),
    // The catalogue lists' fields, after it too: absent (so left out of the JSON) on records without them.
    list: blankToUndefined(offer.list),
    scopes: offer.scopes ? [...offer.scopes] : undefined,
    level: blankToUndefined(offer.level),
    nationalSecurity: offer.nationalSecurity,
    oid: blankToUndefined(offer.oid),
    recommendation: offer.recommendation,
    // The product lists' fields (0023), last: absent on every other record, so their canonical form is unchanged.
    version: blankToUndefined(offer.version),
    category: blankToUndefined(offer.category),
    approval: blankToUndefined(offer.approval),
    sponsor: blankToUndefined(offer.sponsor),
    evaluationFacility: blankToUndefined(offer.evaluationFacility),
    productType: blankToUndefined(offer.productType),
    maintained: offer.maintained,
    certificate: blankToUndefined(offer.certificate),
    certificateUrl: blankToUndefined(offer.certificateUrl),
    reportUrl: blankToUndefined(offer.reportUrl),
    securityTargetUrl: blankToUndefined(offer.securityTargetUrl),
  };
}

/**
 * The canonical JSON of one offer: `canonicalFields` with keys in a fixed order and absent fields
 * left out. Two records print the same here exactly when they carry the same information.
 */
export function canonicalOffer(offer: Offer): string {
  return JSON.stringify(canonicalFields(offer));
}

/** Hex sha256 of a string. */
export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/**
 * The sha256 (hex) of a snapshot's canonical form: source, edition, and the canonical offers sorted,
 * so the order of rows in the document never changes it while any change of content does.
 *
 * The edition is part of it on purpose: the same table published in two editions is two states,
 * which is what lets an offer removed, re-added and removed again yield distinct event ids
 * (see `event-id.ts`).
 */
export function snapshotHash(snapshot: Snapshot): string {
  const offers = snapshot.offers.map(canonicalOffer).sort();
  const list = snapshot.list ? { list: snapshot.list } : {};
  return sha256(JSON.stringify({ source: snapshot.source, ...list, edition: snapshot.edition ?? null, offers }));
}

/**
 * A chained state id, like a commit's: the hash of the parent state's id and this snapshot's hash.
 * For a source whose documents state no edition, the store can keep this per stored snapshot and pass
 * it to `diffSnapshots` as `previousState`, so identical contents seen at different points of the
 * history still count as different states. A retry sees the same stored parent, so ids stay stable.
 */
export function chainedStateHash(parentState: string | undefined, snapshot: Snapshot): string {
  return sha256(JSON.stringify([parentState ?? null, snapshotHash(snapshot)]));
}
