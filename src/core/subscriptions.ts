import type { ChangeEvent } from './events.js';
import { matchKeywords, namedProviders, normalizeText } from './keywords.js';
import { normalizeName } from './normalize.js';
import { SERVICE_TYPES, type ServiceType } from './offer.js';
import { sha256 } from './snapshot.js';
import { CATEGORY_LIST, isProductList, listOf, PRIMARY_LIST } from './tracks.js';

import type { Platform } from './platforms.js';

export { PLATFORMS, type Platform } from './platforms.js';

/** What a subscription covers; `all` in a command stands for the three. */
export const TOPICS = ['qualifications', 'news', 'expiry'] as const;
export type Topic = (typeof TOPICS)[number];

/** Which event kinds each topic covers (operator events are never for subscribers). */
export const TOPIC_KINDS: Record<Topic, readonly ChangeEvent['kind'][]> = {
  qualifications: ['offer.added', 'offer.removed', 'offer.renamed', 'offer.renewed', 'offer.updated', 'offer.in_progress'],
  news: ['news.published'],
  expiry: ['offer.expiring'],
};

/**
 * Where a platform delivers: a chat channel (a Slack workspace's, a Discord guild's) or a target (a webhook). The
 * three fields are in every stored subscription, id, outbox key and export, so they keep their names for every
 * platform (decision 0021).
 */
export interface ChannelRef {
  platform: Platform;
  /** The platform's namespace of the channel: Slack team id, Discord guild id; `targets` for a target (TARGET_WORKSPACE). */
  workspace: string;
  /** The channel's id on its platform, or a target's name. Never a secret (it is in job data, logs and metrics). */
  channel: string;
}

export const channelKey = (c: ChannelRef): string => `${c.platform}/${c.workspace}/${c.channel}`;

/**
 * What `receives` looks at: a subscription without where it posts and who made it. The Atom feed's filters are
 * one (src/web/feed-filter.ts), so a filtered feed and a subscription with the same filters get the same changes.
 */
export type SubscriptionFilter = Omit<Subscription, 'id' | 'channel' | 'createdAt' | 'createdBy'>;

export interface Subscription {
  /** Short and stable: derived from the channel and what is subscribed to (`s` + 6 hex). */
  id: string;
  channel: ChannelRef;
  topics: Topic[];
  /** Provider filters, as the user typed them (matched once normalised). Empty: every provider. */
  providers: string[];
  /** Keyword filters (whole words, case and accents ignored). Empty: no keyword filter. */
  keywords: string[];
  /**
   * Service types (`type:IaaS`): offer events (qualifications, expiry) about an offer of one of these types, before
   * or after the change. News carry no type and are not filtered. Absent or empty: every type (subscriptions
   * stored before this field existed keep their meaning).
   */
  types?: ServiceType[];
  /** Words (`exclude:`) whose news items are not sent (whole words, case and accents ignored). Absent or empty: none. */
  exclude?: string[];
  /**
   * Catalogue lists (`catalogue:passi`): offer events of these lists (`all`: every list). Absent or empty: SecNumCloud
   * alone, as every subscription meant before the other lists were followed. News are not filtered by list.
   */
  lists?: string[];
  /**
   * Categories of the qualified products (`category:Pare-feu`): events of that list about a product of one of these
   * categories (before or after the change; whole words, case and accents ignored). Other lists' events are not
   * filtered. Absent or empty: every category.
   */
  categories?: string[];
  /**
   * True when the subscription asks for the product lists' expiry reminders (`reminders:products`): without it, an
   * `offer.expiring` of a product list is not received, however the lists are chosen (decision 0026). The expiry job
   * computes product reminders only when some subscription says true.
   */
  productReminders?: boolean;
  createdAt: string;
  createdBy?: string;
  /** Set when the platform said the channel is gone or closed to the bot: nothing is sent any more. */
  disabled?: { reason: string; at: string };
}

/** The filters added after the first version: ids of subscriptions without them are hashed as before. */
export interface ExtraFilters {
  types?: readonly ServiceType[];
  exclude?: readonly string[];
  lists?: readonly string[];
  categories?: readonly string[];
  productReminders?: boolean;
}

/** The `lists` value that stands for every list of the catalogue, those added later included. */
export const ALL_LISTS = 'all';

/**
 * The id of a subscription: the same filters in the same channel are the same subscription. Types and exclusions
 * join the hash only when there are some, so that every subscription created before they existed keeps its id.
 */
export function subscriptionId(channel: ChannelRef, topics: readonly Topic[], providers: readonly string[], keywords: readonly string[], extra: ExtraFilters = {}): string {
  const norm = (xs: readonly string[]): string[] => [...new Set(xs.map(normalizeText))].sort();
  const types = SERVICE_TYPES.filter((t) => extra.types?.includes(t));
  const exclude = norm(extra.exclude ?? []);
  const lists = [...new Set(extra.lists ?? [])].sort();
  const categories = norm(extra.categories ?? []);
  const products = categories.length > 0 || extra.productReminders === true ? [{ categories, reminders: extra.productReminders === true }] : [];
  // Each later filter joins the hash only when used, so ids of subscriptions without it stay what they were.
  const more = types.length > 0 || exclude.length > 0 || lists.length > 0 || products.length > 0 ? [types, exclude] : [];
  const listed = lists.length > 0 || products.length > 0 ? [lists] : [];
  return `s${sha256(JSON.stringify([channelKey(channel), [...topics].sort(), norm(providers), norm(keywords), ...more, ...listed, ...products])).slice(0, 6)}`;
}

function topicOf(kind: ChangeEvent['kind']): Topic | undefined {
  return TOPICS.find((t) => TOPIC_KINDS[t].includes(kind));
}

/** The providers an event is about: the offer's (before and after, for a rename), or those a news item names. */
export function eventProviders(e: ChangeEvent): string[] {
  if (e.kind === 'news.published') return e.providers;
  if ('offer' in e) return [e.offer.provider, ...(e.previous ? [e.previous.provider] : [])];
  return [];
}

/** The text a keyword filter is matched against. */
function eventText(e: ChangeEvent): string {
  if (e.kind === 'news.published') return `${e.item.title}\n${e.item.summary ?? ''}`;
  if ('offer' in e) return [e.offer.provider, e.offer.service, e.previous?.service ?? '', e.offer.types.join(' ')].join('\n');
  return '';
}

/**
 * Whether a subscription receives an event: its topic covers the event's kind; a provider filter keeps the
 * events about one of its providers; a keyword filter keeps those whose text names one of its keywords. An
 * unfiltered news subscription gets only the items that matched the source's keywords (an item that only names
 * a provider, "OVH", is for subscriptions filtered on that provider). A type filter keeps the offer events whose
 * offer has one of its types (before or after the change); an exclusion drops the news items that name one of its words.
 * A category filter keeps the qualified products of those categories; a product list's expiry reminder needs
 * `productReminders`.
 */
export function receives(sub: SubscriptionFilter, e: ChangeEvent): boolean {
  if (sub.disabled) return false;
  const topic = topicOf(e.kind);
  if (!topic || !sub.topics.includes(topic)) return false;
  if (sub.providers.length > 0) {
    const wanted = new Set(sub.providers.map(normalizeName));
    const about = eventProviders(e).some((p) => wanted.has(normalizeName(p)));
    // A news item may name a provider the catalogue does not know yet: the filter itself is looked for in its text.
    if (!about && !(e.kind === 'news.published' && namedProviders(eventText(e), sub.providers).length > 0)) return false;
  } else if (e.kind === 'news.published' && e.keywords.length === 0) {
    return false;
  }
  if (sub.keywords.length > 0 && matchKeywords(eventText(e), sub.keywords).length === 0) return false;
  if ('offer' in e && !coversList(sub, listOf(e.offer))) return false;
  // Products' reminders are many (hundreds of certificates) and wanted by few: off unless asked (decision 0026).
  if (e.kind === 'offer.expiring' && isProductList(listOf(e.offer)) && sub.productReminders !== true) return false;
  // Categories are the qualified products' sub-headings: a category filter leaves the other lists' events alone.
  if (sub.categories?.length && 'offer' in e && listOf(e.offer) === CATEGORY_LIST) {
    const text = [e.offer.category ?? '', e.previous?.category ?? ''].join('\n');
    if (matchKeywords(text, sub.categories).length === 0) return false;
  }
  // Service types are SecNumCloud's: a type filter leaves the other lists' events alone.
  if (sub.types?.length && 'offer' in e && listOf(e.offer) === PRIMARY_LIST) {
    const types = new Set([...e.offer.types, ...(e.previous?.types ?? [])]);
    if (!sub.types.some((t) => types.has(t))) return false;
  }
  if (sub.exclude?.length && e.kind === 'news.published' && matchKeywords(eventText(e), sub.exclude).length > 0) return false;
  return true;
}

/** Whether a subscription follows a catalogue list: the lists it names (or all), else SecNumCloud alone. */
export function coversList(sub: Pick<SubscriptionFilter, 'lists'>, list: string): boolean {
  const lists = sub.lists?.length ? sub.lists : [PRIMARY_LIST];
  return lists.includes(ALL_LISTS) || lists.includes(list);
}

/** The channels that receive an event, each once, whatever the number of its subscriptions that match. */
export function recipients(subs: readonly Subscription[], e: ChangeEvent): ChannelRef[] {
  const out = new Map<string, ChannelRef>();
  for (const s of subs) if (receives(s, e)) out.set(channelKey(s.channel), s.channel);
  return [...out.values()];
}
