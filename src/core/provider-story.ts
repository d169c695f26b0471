/**
 * A provider's story: its qualifications now in every list, its "en cours" entries, and its timeline from the
 * change log, each step dated and linked to its source. Pure: the caller reads the state and the log.
 *
 * A step's `date` is the day it happened as far as the records say (a qualification's start, an "en cours"
 * entry's date, an article's publication), else the day it was detected in TZ_REFERENCE; steps are in that order,
 * ties in the order of the log. Before `trackedSince` the tracker saw nothing: the story says so rather than
 * implying the provider had no history.
 */
import { todayIn } from './calendar.js';
import { isNewsEvent, type ChangeEvent, type NewsEvent, type OfferEvent } from './events.js';
import { firstAnnounced, type Announcement } from './first-announced.js';
import { normalizeName } from './normalize.js';
import type { Offer } from './offer.js';
import { isOfProvider, namesOf, newsNames, offerEvents, providerRenames } from './provider-names.js';
import { providerSlug } from './provider-slug.js';
import { PROVIDER_ALIASES } from './keywords.js';

export const STEP_KINDS = ['listed', 'news', 'in_progress', 'qualified', 'renamed', 'renewed', 'updated', 'recommendation', 'expiring', 'removed'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface StoryStep {
  kind: StepKind;
  /** `YYYY-MM-DD`: the day it happened (see the module's comment). */
  date: string;
  /** When the tracker saw it (ISO instant); absent for `listed` (read from the first kept edition, no event). */
  detectedAt?: string;
  /** The catalogue list, for offers (SecNumCloud included). */
  list?: string;
  provider?: string;
  service?: string;
  /** A rename: the names before. */
  previous?: { provider: string; service?: string };
  /** A qualification's or renewal's end. */
  until?: string;
  /** A recommendation change: before and after. */
  recommendation?: { from?: string; to?: string };
  /** A reminder: days left until the end (negative: passed). */
  daysLeft?: number;
  /** A news item's title. */
  title?: string;
  /** Where it comes from: the source's id, its name when known, and the link (decision PDF, article). */
  source: { id: string; name?: string; url?: string };
  /** The change event's id (`/api/changes`); absent for `listed`. */
  eventId?: string;
}

export interface StoryInput {
  /** Any name the provider went by. */
  provider: string;
  /** The change log, oldest first (operator events are ignored). */
  events: readonly ChangeEvent[];
  /** Qualified records of every list now. */
  current: readonly Offer[];
  inProgress: readonly Offer[];
  timeZone: string;
  /** When the tracker's history starts (its first trusted source), ISO instant. */
  trackedSince?: string;
  /**
   * The first kept catalogue edition, with its records of every list: what the provider already held when tracking
   * began (`listed` steps, dated by the edition), which the change log, starting there, never reports.
   */
  firstEdition?: { edition: string; offers: readonly Offer[] };
}

export interface ProviderStory {
  slug: string;
  /** The name as printed now (the latest seen). */
  name: string;
  /** Names it went by before, as printed. */
  formerNames: string[];
  qualifications: Offer[];
  inProgress: Offer[];
  /** Oldest first. */
  steps: StoryStep[];
  trackedSince?: string;
  /** The earliest news naming it in the twelve months before its first qualification seen. */
  announced?: Announcement;
}

const KIND: Record<OfferEvent['kind'], StepKind> = {
  'offer.added': 'qualified',
  'offer.in_progress': 'in_progress',
  'offer.renamed': 'renamed',
  'offer.renewed': 'renewed',
  'offer.updated': 'updated',
  'offer.expiring': 'expiring',
  'offer.removed': 'removed',
};

function offerStep(e: OfferEvent, day: string): StoryStep {
  const o = e.offer;
  const kind = e.kind === 'offer.updated' && e.changes?.includes('recommendation') ? 'recommendation' : KIND[e.kind];
  const date = (kind === 'qualified' || kind === 'renewed' ? o.qualifiedFrom : kind === 'in_progress' ? o.inProgressSince : undefined) ?? day;
  const url = o.decisionUrl ?? e.previous?.decisionUrl;
  return {
    kind, date, detectedAt: e.detectedAt, provider: o.provider, eventId: e.id,
    ...(o.status === 'qualified' ? { list: o.list ?? 'secnumcloud' } : {}),
    ...(o.service ? { service: o.service } : {}),
    ...(kind === 'renamed' && e.previous ? { previous: { provider: e.previous.provider, ...(e.previous.service ? { service: e.previous.service } : {}) } } : {}),
    ...((kind === 'qualified' || kind === 'renewed') && o.qualifiedUntil ? { until: o.qualifiedUntil } : {}),
    ...(kind === 'recommendation' ? { recommendation: { ...(e.previous?.recommendation ? { from: e.previous.recommendation } : {}), ...(o.recommendation ? { to: o.recommendation } : {}) } } : {}),
    ...(e.reminder ? { daysLeft: e.reminder.daysLeft } : {}),
    source: { id: e.source, ...(url ? { url } : {}) },
  };
}

function newsStep(e: NewsEvent, timeZone: string): StoryStep {
  const at = e.item.publishedAt ?? e.detectedAt;
  return {
    kind: 'news', date: dayIn(timeZone, at) ?? dayIn(timeZone, e.detectedAt) ?? '', detectedAt: e.detectedAt, title: e.item.title, eventId: e.id,
    source: { id: e.source, ...(e.sourceName ? { name: e.sourceName } : {}), ...(e.item.url ? { url: e.item.url } : {}) },
  };
}

const dayIn = (timeZone: string, iso: string): string | undefined => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : todayIn(timeZone, d);
};

/** The names searched in news titles: every name the provider went by and their press aliases. */
function searchNames(names: readonly string[]): string[] {
  const keys = new Set(names.map(normalizeName));
  const aliases = Object.entries(PROVIDER_ALIASES).filter(([n]) => keys.has(normalizeName(n))).flatMap(([, a]) => a);
  return [...names, ...aliases];
}

/** The provider's story; undefined when nothing at all is known of it. */
export function providerStory(input: StoryInput): ProviderStory | undefined {
  const names = namesOf(input.provider, providerRenames(input.events));
  const keys = new Set(names.map(normalizeName));
  const mine = (o: Offer): boolean => isOfProvider(o, keys);
  const qualifications = input.current.filter(mine);
  const inProgress = input.inProgress.filter(mine);
  const offers = offerEvents(input.events).filter((e) => mine(e.offer) || isOfProvider(e.previous, keys));
  const searched = searchNames(names);
  const news = input.events.filter((e): e is NewsEvent => isNewsEvent(e) && newsNames(e, searched));
  if (qualifications.length === 0 && inProgress.length === 0 && offers.length === 0 && !input.firstEdition?.offers.some(mine)) return undefined;
  const listed = (input.firstEdition?.offers ?? []).filter(mine).map((o): StoryStep => ({
    kind: 'listed', date: input.firstEdition!.edition, provider: o.provider,
    list: o.list ?? 'secnumcloud', ...(o.service ? { service: o.service } : {}), ...(o.qualifiedUntil ? { until: o.qualifiedUntil } : {}),
    source: { id: 'edition', ...(o.decisionUrl ? { url: o.decisionUrl } : {}) },
  }));
  const steps = [
    ...listed,
    ...offers.map((e) => offerStep(e, dayIn(input.timeZone, e.detectedAt) ?? '')),
    ...news.map((e) => newsStep(e, input.timeZone)),
  ];
  // A stable sort: ties keep the log's order.
  steps.sort((a, b) => a.date.localeCompare(b.date));
  const name = qualifications[0]?.provider ?? offers.at(-1)?.offer.provider ?? inProgress[0]?.provider ?? input.provider;
  const firstQualified = offers.find((e) => e.kind === 'offer.added');
  const announced = firstQualified ? firstAnnounced(news, searched, firstQualified.detectedAt) : undefined;
  return {
    slug: providerSlug(name), name,
    formerNames: names.filter((n) => normalizeName(n) !== normalizeName(name)),
    qualifications, inProgress, steps,
    ...(input.trackedSince ? { trackedSince: input.trackedSince } : {}),
    ...(announced ? { announced } : {}),
  };
}
