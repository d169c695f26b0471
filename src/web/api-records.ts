/**
 * The records of the JSON API (openapi/openapi.yaml describes them), made from the domain's records.
 *
 * Each mapping names the fields it copies, so a field added to a domain record for internal use never
 * reaches users' scripts by accident; the field names are those of the change-event contract in
 * ARCHITECTURE.md, so a script reading `check` output reads the API the same way. Pure.
 */
import type { SourceStatus } from '../commands/ports.js';
import { daysBetween } from '../core/calendar.js';
import { isOperatorEvent, type ChangeEvent, type NewsEvent, type OfferEvent, type OfferEventKind } from '../core/events.js';
import type { Offer, OfferStatus, Recommendation, ServiceType } from '../core/offer.js';
import type { FailureKind, SourceFailure, SourceStateName } from '../core/source-state.js';

/** The API's own record, the contract of openapi/openapi.yaml: Offer's fields today, kept apart so that the domain
 * can change without breaking the clients that follow the tracker. */
export interface ApiOffer {
  /** The catalogue list; absent for SecNumCloud. */
  list?: string;
  provider: string;
  /** Absent for the lists whose rows name no service (PASSI, PACS, …). */
  service?: string;
  types: ServiceType[];
  qualifiedFrom?: string;
  qualifiedUntil?: string;
  decision?: string;
  decisionUrl?: string;
  /** An "en cours" entry: the date it entered the qualification process. */
  inProgressSince?: string;
  scopes?: string[];
  level?: string;
  nationalSecurity?: boolean;
  oid?: string;
  recommendation?: Recommendation;
  /** Product lists (cc, cspn, qualified-products, protection-profiles, sites): see Offer. */
  version?: string;
  category?: string;
  approval?: string;
  sponsor?: string;
  evaluationFacility?: string;
  productType?: string;
  /** False when the certificate is no longer maintained ("Non maintenu"): no end date then. */
  maintained?: boolean;
  certificate?: string;
  certificateUrl?: string;
  reportUrl?: string;
  securityTargetUrl?: string;
  status: OfferStatus;
}

/** An offer as /api/offers lists it: with the days left until its end date, counted in TZ_REFERENCE. */
export interface ApiListedOffer extends ApiOffer {
  /** Whole days from today to `qualifiedUntil`: 0 on the last day, negative once it has passed. */
  daysLeft?: number;
}

export interface ApiOfferChange {
  id: string;
  kind: OfferEventKind;
  source: string;
  detectedAt: string;
  offer: ApiOffer;
  previous?: ApiOffer;
  changes?: string[];
  wasInProgress?: { since?: string };
  reminder?: { window: number; daysLeft: number };
  /** offer.removed of a certificate: moved to the catalogue's archive annex, or past its end date (issue 23). */
  reason?: RemovalReason;
}

export const REMOVAL_REASONS = ['archived', 'lapsed'] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

/**
 * The event's removal reason when it carries a known one. Read loosely: events of a version that does not record
 * reasons have none, and a reason this version does not know is left out rather than breaking the schema.
 */
function reasonOf(e: OfferEvent): RemovalReason | undefined {
  const r = (e as { reason?: unknown }).reason;
  return e.kind === 'offer.removed' && (REMOVAL_REASONS as readonly unknown[]).includes(r) ? (r as RemovalReason) : undefined;
}

export interface ApiNewsChange {
  id: string;
  kind: 'news.published';
  source: string;
  detectedAt: string;
  item: { id: string; title: string; url?: string; publishedAt?: string; summary?: string; source: string };
  keywords: string[];
  providers: string[];
  seenIn: string[];
}

export type ApiChange = ApiOfferChange | ApiNewsChange;

/** A failing source's current run of failures, as the public may see it (never the stored error text). */
export interface ApiFailure {
  since?: string;
  count: number;
  kind: FailureKind;
  httpStatus?: number;
}

export interface ApiSource {
  id: string;
  kind: string;
  name?: string;
  enabled: boolean;
  /** The state of the one model (src/core/source-state.ts): what the page and the commands say too. */
  state: SourceStateName;
  /** Present when the last check failed. */
  failure?: ApiFailure;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /** Consecutive failed polls (0 after a success). */
  failures: number;
  /** A document (or a burst of news) is held as suspect: its changes are not published until it is trusted. */
  held: boolean;
}

/** The changes the public sees: every event but the operators' (source.suspect, failing, recovered). */
export type PublicEvent = OfferEvent | NewsEvent;
export const isPublicEvent = (e: ChangeEvent): e is PublicEvent => !isOperatorEvent(e);

/** Copies `value` under `key` only when it is defined: the API omits what it does not know, never says null. */
const opt = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

export function toApiOffer(o: Offer): ApiOffer {
  return {
    ...opt('list', o.list),
    provider: o.provider,
    ...opt('service', o.service),
    types: [...o.types],
    ...opt('qualifiedFrom', o.qualifiedFrom),
    ...opt('qualifiedUntil', o.qualifiedUntil),
    ...opt('decision', o.decision),
    ...opt('decisionUrl', o.decisionUrl),
    ...opt('inProgressSince', o.inProgressSince),
    ...opt('scopes', o.scopes ? [...o.scopes] : undefined),
    ...opt('level', o.level),
    ...opt('nationalSecurity', o.nationalSecurity),
    ...opt('oid', o.oid),
    ...opt('recommendation', o.recommendation),
    ...opt('version', o.version),
    ...opt('category', o.category),
    ...opt('approval', o.approval),
    ...opt('sponsor', o.sponsor),
    ...opt('evaluationFacility', o.evaluationFacility),
    ...opt('productType', o.productType),
    ...opt('maintained', o.maintained),
    ...opt('certificate', o.certificate),
    ...opt('certificateUrl', o.certificateUrl),
    ...opt('reportUrl', o.reportUrl),
    ...opt('securityTargetUrl', o.securityTargetUrl),
    status: o.status,
  };
}

/** `today` is `YYYY-MM-DD` in TZ_REFERENCE (see todayIn). An unreadable end date gets no count rather than a wrong one. */
export function toApiListedOffer(o: Offer, today: string): ApiListedOffer {
  let daysLeft: number | undefined;
  try {
    daysLeft = o.qualifiedUntil ? daysBetween(today, o.qualifiedUntil) : undefined;
  } catch {
    daysLeft = undefined;
  }
  return { ...toApiOffer(o), ...opt('daysLeft', daysLeft) };
}

export function toApiChange(e: PublicEvent): ApiChange {
  const head = { id: e.id, source: e.source, detectedAt: e.detectedAt };
  if (e.kind === 'news.published') {
    const i = e.item;
    return {
      ...head,
      kind: e.kind,
      item: { id: i.id, title: i.title, ...opt('url', i.url), ...opt('publishedAt', i.publishedAt), ...opt('summary', i.summary), source: i.source },
      keywords: [...e.keywords],
      providers: [...e.providers],
      seenIn: [...e.seenIn],
    };
  }
  return {
    ...head,
    kind: e.kind,
    offer: toApiOffer(e.offer),
    ...opt('previous', e.previous && toApiOffer(e.previous)),
    ...opt('changes', e.changes && [...e.changes]),
    ...opt('wasInProgress', e.wasInProgress && { ...opt('since', e.wasInProgress.since) }),
    ...opt('reminder', e.reminder && { window: e.reminder.window, daysLeft: e.reminder.daysLeft }),
    ...opt('reason', reasonOf(e)),
  };
}

/** A source's health as the public sees it; its last error stays in the logs (it may name internal hosts). */
export function toApiFailure(f: SourceFailure): ApiFailure {
  return { ...opt('since', f.since), count: f.count, kind: f.kind, ...opt('httpStatus', f.httpStatus) };
}

export function toApiSource(s: SourceStatus): ApiSource {
  return {
    id: s.id,
    kind: s.kind,
    ...opt('name', s.name),
    enabled: s.enabled,
    state: s.health.state,
    ...opt('failure', s.health.failure && toApiFailure(s.health.failure)),
    ...opt('lastAttemptAt', s.lastAttemptAt),
    ...opt('lastSuccessAt', s.lastSuccessAt),
    failures: s.failures,
    held: s.held,
  };
}
