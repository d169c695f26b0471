import { certificateFamily } from './certificate-id.js';
import type { Offer } from './offer.js';

/**
 * Folds a provider or service name to the form used to recognise the same offer across editions:
 * compatibility-decomposed (NFKD) so accents and look-alike characters (non-breaking spaces, ligatures)
 * fall away, lower-cased, every run of non-letters-and-digits (`_`, `-`, commas, parentheses, spaces)
 * turned into one space, trimmed. "Oodrive_Work" and "oodrive work" are one name; "Énergie" is "energie".
 *
 * For identity only: what users see is always the name as printed.
 */
export function normalizeName(s: string | undefined): string {
  return (s ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The names part of an offer's identity: status, provider and service after normalisation.
 * Status is part of it so an "en cours" entry and a qualified row never stand for each other.
 */
export function nameKey(offer: Offer): string {
  // A trust service is one OID of a provider's service: "autorité de certification personnes aae" is four of them.
  const oid = offer.oid ? [offer.oid] : [];
  return JSON.stringify([offer.status, normalizeName(offer.provider), normalizeName(offer.service), ...oid]);
}

/** The decision number as compared across editions, or undefined when the row has none. */
export function decisionOf(offer: Offer): string | undefined {
  const d = offer.decision?.trim();
  return d ? d : undefined;
}

/**
 * The decision as an identity: its number and, when its URL says (`…/visas/<year>_<number>_np.pdf`), its year,
 * since ANSSI numbers decisions from 1 every year (Certinomis's 1682 of 2025 is not Vialink's 1682 of 2024).
 * A certification body's reference ("CT-PASSI-042025-0CU01134") stands where a number would.
 */
export function decisionKey(offer: Offer): string | undefined {
  const d = decisionOf(offer);
  if (d === undefined) return undefined;
  const year = /\/visas\/(\d{4})_/.exec(offer.decisionUrl ?? '')?.[1];
  return year ? `${year}/${d}` : d;
}

/**
 * The identity an event is about, as it goes into the event id: status, decision and normalised names.
 * It is a label for hashing, not a matching rule (matching is in `diff.ts`).
 */
export function identityKey(offer: Offer): string {
  const extra = [...(offer.list ? [offer.list] : []), ...(offer.oid ? [offer.oid] : []), ...(offer.certificate ? [certificateFamily(offer.certificate)] : [])];
  return JSON.stringify([
    offer.status,
    decisionOf(offer) ?? '',
    normalizeName(offer.provider),
    normalizeName(offer.service),
    ...extra,
  ]);
}
