/**
 * Which record of one edition is the same offer as which record of the next.
 *
 * Rules, in order (ARCHITECTURE.md, "Identity across editions"); each works on the records the earlier
 * ones left unmatched, and the status is part of every key, so an "en cours" entry never matches a
 * qualified row:
 *  (0) certified products: the same list and certificate family (`ANSSI-CC-2021-18`, whatever its version
 *      or maintenance, surveillance or reassessment suffix: decision 0023), identical records first; a
 *      record with a certificate is matched by this rule only (its names and dates never pair it);
 *  (a) the same non-empty decision: number and year (from its URL), and OID for a trust service whose
 *      decision covers several OIDs;
 *  (b) the same provider and service (and OID) after `normalizeName`; in a list whose rows name no
 *      service (PASSI, PACS, …), the same provider with the same level, national security and
 *      activities, or the one row left of that provider on each side;
 *  (c) an inferred rename: the same provider, start date, end date and types, and exactly one such
 *      record on each side.
 * Within a group of candidates, identical records pair first, then (rule a) records with the same
 * names. Pairing on names is never a guess, since names are the identity, so rule (b) pairs what is
 * left in order; pairing on anything weaker (rule a's leftovers, rule c) needs exactly one record on
 * each side. That is why four Index Education rows with the same dates, two of them renamed with new
 * decisions, come out as two removals and two additions rather than a coin toss.
 *
 * Both sides are sorted by canonical form first, so the result never depends on the rows' order, and
 * duplicated identical rows simply pair one to one.
 */
import { certificateFamily } from './certificate-id.js';
import { decisionKey, nameKey, normalizeName } from './normalize.js';
import { sortTypes, type Offer } from './offer.js';
import { canonicalOffer } from './snapshot.js';

export interface OfferPair {
  before: Offer;
  after: Offer;
}

export interface Matching {
  pairs: OfferPair[];
  /** Records of the previous edition with no counterpart. */
  removed: Offer[];
  /** Records of the next edition with no counterpart. */
  added: Offer[];
}

interface Side {
  offers: Offer[];
  canon: string[];
  used: boolean[];
}

type Key = (offer: Offer) => string | undefined;
type Same = (before: number, after: number) => boolean;

function side(offers: readonly Offer[]): Side {
  const sorted = offers.map((offer) => ({ offer, canon: canonicalOffer(offer) }));
  sorted.sort((x, y) => (x.canon < y.canon ? -1 : x.canon > y.canon ? 1 : 0));
  return { offers: sorted.map((s) => s.offer), canon: sorted.map((s) => s.canon), used: sorted.map(() => false) };
}

function unusedByKey(s: Side, key: Key): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  s.offers.forEach((offer, i) => {
    if (s.used[i]) return;
    const k = key(offer);
    if (k === undefined) return;
    const group = groups.get(k);
    if (group) group.push(i);
    else groups.set(k, [i]);
  });
  return groups;
}

/** Pairs unmatched records that share `key`: first by each of `passes`, then the leftovers as `leftovers` says. */
function pairBy(
  prev: Side,
  next: Side,
  pairs: OfferPair[],
  key: Key,
  passes: Same[],
  leftovers: 'in-order' | 'only-if-single',
): void {
  const nextGroups = unusedByKey(next, key);
  for (const [k, olds] of unusedByKey(prev, key)) {
    const news = nextGroups.get(k);
    if (!news) continue;
    const take = (i: number, j: number) => {
      prev.used[i] = true;
      next.used[j] = true;
      pairs.push({ before: prev.offers[i]!, after: next.offers[j]! });
    };
    for (const same of passes) {
      for (const i of olds) {
        if (prev.used[i]) continue;
        const j = news.find((n) => !next.used[n] && same(i, n));
        if (j !== undefined) take(i, j);
      }
    }
    const restOld = olds.filter((i) => !prev.used[i]);
    const restNew = news.filter((j) => !next.used[j]);
    if (leftovers === 'in-order') {
      restOld.forEach((i, n) => {
        const j = restNew[n];
        if (j !== undefined) take(i, j);
      });
    } else if (restOld.length === 1 && restNew.length === 1) {
      take(restOld[0]!, restNew[0]!);
    }
  }
}

const withStatus = (offer: Offer, ...parts: unknown[]) => JSON.stringify([offer.status, ...parts]);

// A certificate keeps its family across versions and reports; a product list's rows are identified by it.
const byCertificate: Key = (o) => (o.certificate ? withStatus(o, o.list ?? '', certificateFamily(o.certificate)) : undefined);

// One decision may cover several OIDs (trust services): each OID is its own offer.
const byDecision: Key = (o) => {
  const d = decisionKey(o);
  return d === undefined ? undefined : withStatus(o, d, ...(o.oid ? [o.oid] : []));
};

/** Rows of a list that names no service (PASSI, PACS, …): the provider is the only name. */
const serviceless = (o: Offer): boolean => o.service === undefined && o.list !== undefined;
/** A certified product is its certificate: two certificates of one product name are two offers (0023). */
const certified = (o: Offer): boolean => !!o.certificate;
const byNames: Key = (o) => (serviceless(o) || certified(o) ? undefined : nameKey(o));
const byProvider: Key = (o) => (serviceless(o) ? withStatus(o, normalizeName(o.provider)) : undefined);
/** What tells two decisions of one provider apart in such a list: level, national security, activities. */
const profile = (o: Offer): string => JSON.stringify([o.level ?? '', o.nationalSecurity ?? null, o.scopes ?? []]);

// Without both dates, "same dates" would be vacuous and rule (c) would be guessing.
const byProviderDatesTypes: Key = (o) =>
  o.qualifiedFrom && o.qualifiedUntil && !certified(o)
    ? withStatus(o, normalizeName(o.provider), o.qualifiedFrom, o.qualifiedUntil, sortTypes(o.types))
    : undefined;

/** Matches the records of two editions one to one; see the module comment for the rules. */
export function matchOffers(previous: readonly Offer[], next: readonly Offer[]): Matching {
  const prev = side(previous);
  const nxt = side(next);
  const pairs: OfferPair[] = [];
  const identical: Same = (i, j) => prev.canon[i] === nxt.canon[j];
  const sameNames: Same = (i, j) => nameKey(prev.offers[i]!) === nameKey(nxt.offers[j]!);

  const sameProfile: Same = (i, j) => profile(prev.offers[i]!) === profile(nxt.offers[j]!);

  pairBy(prev, nxt, pairs, byCertificate, [identical, sameNames], 'only-if-single');
  pairBy(prev, nxt, pairs, byDecision, [identical, sameNames], 'only-if-single');
  pairBy(prev, nxt, pairs, byNames, [identical], 'in-order');
  // A provider may hold two decisions in one list (BMB Systems: a certificate and an ANSSI decision): pair
  // its renewed rows by what they cover, and never by guessing between two look-alikes.
  pairBy(prev, nxt, pairs, byProvider, [identical, sameProfile], 'only-if-single');
  pairBy(prev, nxt, pairs, byProviderDatesTypes, [], 'only-if-single');

  return {
    pairs,
    removed: prev.offers.filter((_, i) => !prev.used[i]),
    added: nxt.offers.filter((_, j) => !nxt.used[j]),
  };
}
