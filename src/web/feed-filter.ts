/**
 * The filters of /feed.atom, in the words of subscriptions: `topic` (qualifications, news, expiry, all, and their
 * French names), `provider`, `type` and `keyword`, each repeatable. A filtered feed holds what a channel subscribed
 * with the same filters receives: the providers are spelled as `subscribe` spells them (exactProvider) and every
 * event goes through the subscriptions' own `receives` (src/core/subscriptions.ts), never a matcher of the feed's
 * own, so a filter added to subscriptions applies to the feed as well. Pure, but for the log reads of latestMatching.
 *
 * `list` (repeatable) is the subscriptions' `catalogue:` filter: the offer changes of those catalogue lists
 * (`offer.list`; SecNumCloud's carry none); news are not filtered by list. Without it a filtered feed holds
 * SecNumCloud's changes, as a subscription without a list does; the unfiltered feed holds every list's.
 * `category` (repeatable) is `category:`: qualified products of those categories (decision 0026); without `list`, it
 * means the qualified-products list, as in `subscribe`.
 */
import { topicOf, typeOf } from '../commands/grammar.js';
import { exactProvider, providerList } from '../commands/providers.js';
import { normalizeName } from '../core/normalize.js';
import { SERVICE_TYPES, type Offer, type ServiceType } from '../core/offer.js';
import { byListOrder } from '../core/list-names.js';
import { LIST_IDS } from '../sources/anssi-catalogue/list-specs.js';
import { CATEGORY_LIST } from '../core/tracks.js';
import { ALL_LISTS, receives, TOPICS, type SubscriptionFilter, type Topic } from '../core/subscriptions.js';
import type { LogEntry } from '../store/change-log.js';
import { SCAN_MAX } from './api-changes.js';
import type { Parsed } from './api-query.js';
import { isPublicEvent, type PublicEvent } from './api-records.js';

export interface FeedFilter {
  /** In TOPICS order; all of them when `topic` was not given. */
  topics: Topic[];
  /** As typed (the self link keeps them so); resolved against the known providers when matching. */
  providers: string[];
  types: ServiceType[];
  keywords: string[];
  /** Catalogue lists in the order views show them, or `all` alone (every list); none: SecNumCloud, as a subscription. */
  lists: string[];
  /** Qualified products' categories, as typed (`category:`); none: every category. */
  categories: string[];
}

/** Bounds on what a query may ask, so that one request stays cheap. */
const VALUE_MAX = 100;
const VALUES_MAX = 20;
/** Entries read per round trip when looking back through the change log. */
const CHUNK = 200;

type Raw = Record<string, unknown>;
const invalid = (parameter: string, message: string): Parsed<never> => ({ ok: false, error: { error: 'invalid_parameter', parameter, message } });

/** The values of a repeatable parameter, trimmed, empty ones dropped; undefined when it is not text. */
function valuesOf(raw: Raw, name: string): string[] | undefined {
  const v = raw[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x): x is string => typeof x === 'string')) return undefined;
  return list.map((x) => x.trim()).filter((x) => x !== '');
}

/** Distinct values, the first spelling kept (as `subscribe` keeps them). */
function distinct(xs: readonly string[]): string[] {
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(normalizeName(x)) && seen.add(normalizeName(x)));
}

/** Reads the feed's filters strictly (a misspelt topic is a 400, not a wider feed); `undefined`: no filter, the whole feed. */
export function parseFeedFilter(query: unknown): Parsed<FeedFilter | undefined> {
  const raw: Raw = typeof query === 'object' && query !== null ? (query as Raw) : {};
  const lists: Record<'topic' | 'provider' | 'type' | 'keyword' | 'list' | 'category', string[]> = { topic: [], provider: [], type: [], keyword: [], list: [], category: [] };
  for (const name of ['topic', 'provider', 'type', 'keyword', 'list', 'category'] as const) {
    const values = valuesOf(raw, name);
    if (values === undefined) return invalid(name, `${name} must be text`);
    if (values.length > VALUES_MAX) return invalid(name, `${name} may be given at most ${VALUES_MAX} times`);
    const long = values.find((v) => v.length > VALUE_MAX);
    if (long !== undefined) return invalid(name, `${name} must be at most ${VALUE_MAX} characters`);
    lists[name] = values;
  }
  const topics = new Set<Topic>();
  for (const word of lists.topic) {
    const t = topicOf(word);
    if (!t) return invalid('topic', `topic must be one of ${TOPICS.join(', ')} or all`);
    for (const x of t === 'all' ? TOPICS : [t]) topics.add(x);
  }
  const types = new Set<ServiceType>();
  for (const word of lists.type) {
    const t = typeOf(word);
    if (!t) return invalid('type', `type must be one of ${SERVICE_TYPES.join(', ')}`);
    types.add(t);
  }
  const catalogueLists = new Set<string>();
  for (const word of lists.list) {
    const id = word.toLowerCase();
    if (id !== ALL_LISTS && !(LIST_IDS as readonly string[]).includes(id)) return invalid('list', `list must be one of ${LIST_IDS.join(', ')}, or all`);
    catalogueLists.add(id);
  }
  // A category is a qualified product's: alone it chooses that list, beside lists it needs that one among them.
  if (lists.category.length > 0) {
    if (catalogueLists.size === 0) catalogueLists.add(CATEGORY_LIST);
    else if (!catalogueLists.has(ALL_LISTS) && !catalogueLists.has(CATEGORY_LIST)) return invalid('category', `category filters the ${CATEGORY_LIST} list: add list=${CATEGORY_LIST} (or leave list out)`);
  }
  if (Object.values(lists).every((l) => l.length === 0)) return { ok: true, value: undefined };
  return {
    ok: true,
    value: {
      topics: topics.size === 0 ? [...TOPICS] : TOPICS.filter((t) => topics.has(t)),
      providers: distinct(lists.provider),
      types: SERVICE_TYPES.filter((t) => types.has(t)),
      keywords: distinct(lists.keyword),
      lists: catalogueLists.has(ALL_LISTS) ? [ALL_LISTS] : [...catalogueLists].sort(byListOrder),
      categories: distinct(lists.category),
    },
  };
}

/**
 * The query string of a filtered feed, in one order whatever the request's: for its self link and its id. Every
 * topic is written `topic=all` when nothing else filters, so that the link never reads as the unfiltered feed.
 */
export function filterParams(f: FeedFilter): URLSearchParams {
  const p = new URLSearchParams();
  const others = f.providers.length + f.types.length + f.keywords.length + f.lists.length + f.categories.length > 0;
  if (f.topics.length < TOPICS.length) for (const t of f.topics) p.append('topic', t);
  else if (!others) p.append('topic', 'all');
  for (const x of f.providers) p.append('provider', x);
  for (const x of f.types) p.append('type', x);
  for (const x of f.keywords) p.append('keyword', x);
  for (const x of f.lists) p.append('list', x);
  for (const x of f.categories) p.append('category', x);
  return p;
}

/** The subscription these filters make: providers spelled as `subscribe` would store them ("ovhcloud" → OVH). */
export function feedSubscription(f: FeedFilter, known: { qualified: readonly Offer[]; inProgress: readonly Offer[] }): SubscriptionFilter {
  const qualified = providerList(known.qualified);
  const pending = providerList(known.inProgress);
  const providers = f.providers.map((p) => exactProvider(p, qualified) ?? exactProvider(p, pending) ?? p);
  return { topics: f.topics, providers, keywords: f.keywords, ...(f.types.length > 0 ? { types: f.types } : {}), ...(f.lists.length > 0 ? { lists: [...f.lists] } : {}), ...(f.categories.length > 0 ? { categories: [...f.categories] } : {}) };
}

/** The reads of the change log the filtered feed needs (src/store/change-log.ts). */
export interface LatestReader {
  latest(count: number, beforeStreamId?: string): Promise<LogEntry[]>;
}

/**
 * The latest `count` public events the subscription receives, newest first, looking back through at most `scanMax`
 * entries of the change log (SCAN_MAX, as /api/changes), so a filter that matches little costs a bounded read.
 */
export async function latestMatching(log: LatestReader, sub: SubscriptionFilter, count: number, scanMax = SCAN_MAX): Promise<PublicEvent[]> {
  const out: PublicEvent[] = [];
  let before: string | undefined;
  let scanned = 0;
  while (out.length < count && scanned < scanMax) {
    const want = Math.min(CHUNK, scanMax - scanned);
    const chunk = await log.latest(want, before);
    for (const { event } of chunk) {
      if (out.length < count && isPublicEvent(event) && receives(sub, event)) out.push(event);
    }
    scanned += chunk.length;
    if (chunk.length < want) break;
    before = chunk.at(-1)!.streamId;
  }
  return out;
}
