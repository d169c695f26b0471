import type { StepKind } from '../core/provider-story.js';
/**
 * The shape of a dictionary (i18n-fr.ts, i18n-en.ts): every word a user reads from `/secnumcloud`.
 * Names from sources (providers, services, titles) are passed in and stay plain strings: the renderers
 * escape them.
 */
import type { EventKind, OperatorEventKind } from '../core/events.js';
import type { Problem } from './errors.js';
import type { CommandName } from './grammar.js';
import type { SourceWords } from './i18n-sources.js';
import type { Lang, TestBasis } from './ports.js';
import type { Topic } from '../core/subscriptions.js';

/** The event kinds subscribers can see (operator events never reach a command reply). */
export type SubscriberKind = Exclude<EventKind, OperatorEventKind>;

export interface Messages {
  lang: Lang;
  /** The language's own name, for `lang`. */
  languageName: Record<Lang, string>;
  /** A calendar date `YYYY-MM-DD` as readers of the language write it (fr: 04/12/2027, en: 4 Dec 2027). */
  date(iso: string): string;
  /** An age in words ("il y a 3 h", "3 h ago"). */
  ago(ms: number): string;
  /** "a, b and c" (conj and) or "a, b or c" (conj or). */
  join(items: readonly string[], conj: 'and' | 'or'): string;
  /** The colon between a label and its text, spaced as the language wants (fr " : ", en ": "). */
  colon: string;
  /** A problem (user error) in one sentence. */
  problem(p: Problem): string;
  usageLabel: string;
  /** The syntax of each subcommand, e.g. `/secnumcloud history [n]`. */
  usage: Record<CommandName, string>;
  offer: {
    period(from: string | undefined, until: string | undefined): string;
    until(date: string): string;
    /** An "en cours" entry: since when it is in the qualification process. */
    inProgressSince(date: string): string;
    decision(number: string): string;
    noTypes: string;
    /** Within 90 days of the end date; 0 is today. */
    endsIn(days: number): string;
    /** Still listed `days` days after its end date. */
    pastEnd(days: number): string;
    /** A certificate whose end date reads "Non maintenu". */
    notMaintained: string;
  };
  kinds: Record<SubscriberKind, string>;
  topicNames: Record<Topic, string>;
  cover: {
    willReceive: string;
    qualifications: string;
    newsByKeywords(keywords: readonly string[]): string;
    newsByProviders(providers: readonly string[]): string;
    expiry(windows: readonly number[]): string;
    aboutProviders(providers: readonly string[]): string;
    naming(keywords: readonly string[]): string;
    /** A type filter: "PaaS or IaaS offers only". */
    typesOnly(types: readonly string[]): string;
    /** The catalogue lists a subscription follows (`catalogue:`), by their names. */
    lists(names: readonly string[]): string;
    allLists: string;
    /** A category filter of the qualified products: "Pare-feu or Chiffreurs qualified products only". */
    categoriesOnly(categories: readonly string[]): string;
    /** The expiry line of a subscription that asked for the product lists' reminders (`reminders:products`). */
    productReminders: string;
    /** The expiry line of one that follows a product list without them: how to ask. */
    noProductReminders: string;
    /** An exclusion of news: "except those that name …". */
    except(words: readonly string[]): string;
    disabled(reason: string, date: string): string;
  };
  subscribe: {
    created(id: string): string;
    exists(id: string): string;
    idLabel: string;
    inProgressOnly(provider: string): string;
    unknownProvider(provider: string): string;
    closest(names: readonly string[]): string;
    /** No qualified product of the latest edition is in this category: the filter is kept; the categories printed. */
    unknownCategory(category: string, known: readonly string[]): string;
    /** Above the last changes the new subscription matches. */
    recentHeading: string;
    /** No recorded change matches (the whole log was read). */
    noRecent: string;
    /** None of the latest `count` changes matches (the log is longer). */
    noneAmongLatest(count: number): string;
    pausedNote: string;
  };
  subscriptions: { heading: string; none: string; summary(count: number): string; paused(date: string): string };
  pause: { done: string; already(date: string): string };
  resume: { done(skipped: number, since: string): string; notPaused: string };
  test: {
    queued: string;
    /** What the test alert shows, by what it was built from. */
    shows: Record<TestBasis, string>;
    followUpNote: string;
    paused: string;
    posted: string;
    failed(reason: string): string;
    /** Not settled after `seconds`: `queued` messages ahead of it in the channel's outbox. */
    pending(queued: number, seconds: number): string;
  };
  unsubscribe: { removed(id: string): string; removedAll(count: number): string };
  status: {
    heading: string;
    summary(offers: number, providers: number): string;
    qualifiedOffers: string;
    providers: string;
    inProgress: string;
    edition: string;
    sources: string;
    checkedAgo(ago: string): string;
    neverChecked: string;
    latestChange: string;
    noChange: string;
    /** The other catalogue lists followed, each with its count, or why it has none. */
    otherLists: string;
    listCount(entries: number): string;
    listNotRead: string;
    listHeld: string;
  };
  provider: {
    summary(provider: string, offers: number, inProgress: number): string;
    qualified: string;
    noQualified: string;
    inProgress: string;
    catalogueOf(date: string): string;
    /** Below a list cut short: how many more records, and the command that shows them. */
    more(count: number, command: string): string;
  };
  list: {
    heading(type: string | undefined): string;
    summary(offers: number, providers: number): string;
    none(type: string | undefined): string;
    /** `list <list> [developer]`: "CSPN (…)", or "CSPN (…): Stormshield". */
    listHeading(list: string, provider?: string): string;
    /** Entries of another list, from how many providers (developers for products). */
    listSummary(entries: number, providers: number): string;
    /** A long list shown by provider with their counts rather than entry by entry. */
    byProvider: string;
    providerCount(provider: string, entries: number): string;
    /** A list followed but not read yet, or not followed. */
    listNotRead(list: string): string;
    listNone(list: string): string;
    /** Entries or providers left out of a bounded reply. */
    moreHidden(count: number): string;
  };
  history: {
    heading: string;
    summary(count: number): string;
    none: string;
    previously(provider: string, service: string): string;
    wasInProgress: string;
    seenIn(sources: readonly string[]): string;
  };
  /** `timeline <provider>`: a provider's last dated steps. */
  timeline: {
    heading(name: string): string;
    summary(name: string, count: number): string;
    none(name: string): string;
    page: string;
    trackedSince(date: string): string;
    kinds: Record<StepKind, string>;
    recommendation(from: string, to: string): string;
    /** ANSSI's recommendation levels in words. */
    levels: Record<string, string>;
  };
  langCommand: { current(name: string): string; set(name: string): string };
  help: { heading: string; intro: string; lines: Record<CommandName, string>; examplesLabel: string; examples: string[] };
  /** A source's state and the lists it feeds, in words (i18n-sources.ts). */
  sources: SourceWords;
  cannotManageDefault: string;
  /** Why a user may not manage subscriptions, by the reason code a platform adapter gives. */
  cannotManageReasons: Record<string, string>;
  /** The bot lacks these permissions here (named in words), with where to give them. */
  botMissing(permissions: readonly string[]): string;
  /** Discord's permission names (PermissionsString) as its interface shows them in the language. */
  permissionNames: Record<string, string>;
}
