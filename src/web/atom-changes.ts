/**
 * /feed.atom: the public change events as an Atom feed, worded as the chat alerts are (src/commands/alert.ts),
 * in French or English. Pure: the route reads the events and the base address and passes them in.
 *
 * Ids are tag: URIs (RFC 4151) minted under the public host: `tag:<host>,2026:change:<event id>` for an entry,
 * so the same change keeps the same id in every poll, in both languages (it is the same entry, translated),
 * and a change detected twice (same event id) is one entry. Set PUBLIC_URL so the host in them does not
 * depend on the address a reader happened to use.
 */
import { alertReply } from '../commands/alert.js';
import { messages } from '../commands/i18n.js';
import type { Lang } from '../commands/ports.js';
import { providerSlug } from '../core/provider-slug.js';
import { TOPICS } from '../core/subscriptions.js';
import type { Block, Inline } from '../commands/reply.js';
import { VERSION } from '../version.js';
import { tagAuthority } from './api-base.js';
import type { PublicEvent } from './api-records.js';
import type { AtomEntry, AtomFeed, AtomLink } from './atom.js';
import { filterParams, type FeedFilter } from './feed-filter.js';
import { listShort } from './list-names.js';

/** Entries in the feed: the latest changes; older ones are in /api/changes. */
export const FEED_SIZE = 50;
/** The date part of the tag: URIs, fixed once and for all (RFC 4151 §2.1: a date the authority was held). */
const TAG_DATE = '2026';

const WORDS: Record<Lang, { title: string; subtitle: string; colon: string; types: (t: string) => string; lists: (l: string) => string; categories: (c: string) => string }> = {
  fr: {
    types: (t) => `type ${t}`,
    lists: (l) => (l === 'all' ? 'toutes les listes' : `liste ${l}`),
    categories: (c) => `catégorie ${c}`,
    title: 'SecNumCloud : changements du catalogue et actualités',
    subtitle:
      "Qualifications, renouvellements, retraits et offres en cours de qualification relevés dans le catalogue SecNumCloud de l'ANSSI, et les actualités qui s'y rapportent.",
    colon: ' : ',
  },
  en: {
    types: (t) => `${t} type`,
    lists: (l) => (l === 'all' ? 'every list' : `${l} list`),
    categories: (c) => `${c} category`,
    title: 'SecNumCloud: catalogue changes and news',
    subtitle: "Qualifications, renewals, removals and offers in the qualification process found in ANSSI's SecNumCloud catalogue, and related news.",
    colon: ': ',
  },
};

export interface FeedContext {
  /** PUBLIC_URL or the request's origin, without a trailing slash (see publicBase). */
  base: string;
  lang: Lang;
  /** DEFAULT_LANG: the language /feed.atom serves without `?lang=`. */
  defaultLang: Lang;
  /**
   * `updated` of a feed with no entry yet: when the tracker first trusted a source (its first trusted poll), a
   * date that does not move, so the ETag stays stable; never 1970, which says nothing true.
   */
  since: string;
  /** The filters of a filtered feed (feed-filter.ts): kept in its self link, its id and its title. */
  filter?: FeedFilter;
}

const otherLang = (l: Lang): Lang => (l === 'fr' ? 'en' : 'fr');

/** The canonical address of the feed in a language, its filters kept: no `lang` parameter for the default language. */
export function feedHref(base: string, lang: Lang, defaultLang: Lang, filter?: FeedFilter): string {
  const params = filter ? filterParams(filter) : new URLSearchParams();
  if (lang !== defaultLang) params.append('lang', lang);
  const query = params.toString();
  return `${base}/feed.atom${query ? `?${query}` : ''}`;
}

export const entryTag = (base: string, eventId: string): string => `tag:${tagAuthority(base)},${TAG_DATE}:change:${eventId}`;
/** A filtered feed is another feed: its id carries its filters (a query string is allowed in a tag: URI's specific part). */
export const feedTag = (base: string, lang: Lang, filter?: FeedFilter): string =>
  `tag:${tagAuthority(base)},${TAG_DATE}:feed:${lang}${filter ? `?${filterParams(filter).toString()}` : ''}`;

/** The filters in words, as `subscriptions` lists a subscription's: "actualités — uniquement pour OVH — type IaaS". */
function filterWords(f: FeedFilter, lang: Lang): string {
  const t = messages(lang);
  return [
    ...(f.topics.length < TOPICS.length ? [t.join(f.topics.map((x) => t.topicNames[x]), 'and')] : []),
    ...(f.providers.length > 0 ? [t.cover.aboutProviders(f.providers)] : []),
    ...(f.types.length > 0 ? [WORDS[lang].types(t.join(f.types, 'or'))] : []),
    ...(f.keywords.length > 0 ? [t.cover.naming(f.keywords)] : []),
    ...(f.lists.length > 0 ? [WORDS[lang].lists(f.lists[0] === 'all' ? 'all' : t.join(f.lists.map((l) => listShort(l, lang)), 'or'))] : []),
    ...(f.categories.length > 0 ? [WORDS[lang].categories(t.join(f.categories, 'or'))] : []),
  ].join(' — ');
}

/** Plain text of inline content; a link gives its label (the address is the entry's link). */
const plain = (content: readonly Inline[]): string =>
  content.map((c) => (typeof c === 'string' ? c : 'bold' in c ? c.bold : 'code' in c ? c.code : c.label)).join('');

function blockText(b: Block, colon: string): string | undefined {
  switch (b.type) {
    case 'heading':
      return undefined; // the title says it
    case 'paragraph':
    case 'context':
      return plain(b.content);
    case 'list':
      return b.items.map(plain).join(' ; ');
    case 'fields':
      return b.fields.map((f) => `${f.label}${colon}${plain(f.value)}`).join(' · ');
  }
}

/** Where an entry points: the ANSSI decision (a product's certificate), the news item, else the status page. */
function entryHref(e: PublicEvent, pageHref: string): string {
  if (e.kind === 'news.published') return e.item.url ?? pageHref;
  return e.offer.decisionUrl ?? e.offer.certificateUrl ?? e.previous?.decisionUrl ?? e.previous?.certificateUrl ?? pageHref;
}

/** An offer's change links its provider's page (`rel="related"`), titled with the provider's name. */
function providerLinks(e: PublicEvent, ctx: FeedContext): AtomLink[] {
  if (e.kind === 'news.published') return [];
  const href = `${ctx.base}/providers/${providerSlug(e.offer.provider)}?lang=${ctx.lang}`;
  return [{ rel: 'related', href, type: 'text/html', title: e.offer.provider }];
}

export function changeEntry(e: PublicEvent, ctx: FeedContext): AtomEntry {
  const reply = alertReply({ deliveryId: e.id, event: e }, ctx.lang);
  const { colon } = WORDS[ctx.lang];
  const facts = reply.blocks
    .map((b) => blockText(b, colon))
    .filter((t): t is string => t !== undefined && t !== '' && !reply.summary.includes(t));
  const page = `${ctx.base}/?lang=${ctx.lang}`;
  return {
    id: entryTag(ctx.base, e.id),
    title: reply.summary,
    updated: e.detectedAt,
    published: e.detectedAt,
    links: [{ rel: 'alternate', href: entryHref(e, page) }, ...providerLinks(e, ctx)],
    ...(facts.length ? { summary: facts.join(' · ') } : {}),
    categories: [e.kind],
  };
}

/** The feed of `events` (newest first, as given; at most FEED_SIZE are kept). */
export function changesFeed(events: readonly PublicEvent[], ctx: FeedContext): AtomFeed {
  const w = WORDS[ctx.lang];
  const entries = events.slice(0, FEED_SIZE).map((e) => changeEntry(e, ctx));
  const newest = entries.map((e) => e.updated).reduce<string | undefined>((a, b) => (a === undefined || Date.parse(b) > Date.parse(a) ? b : a), undefined);
  const updated = newest ?? ctx.since;
  const other = otherLang(ctx.lang);
  const links: AtomLink[] = [
    { rel: 'self', type: 'application/atom+xml', href: feedHref(ctx.base, ctx.lang, ctx.defaultLang, ctx.filter) },
    { rel: 'alternate', type: 'text/html', hreflang: ctx.lang, href: `${ctx.base}/?lang=${ctx.lang}` },
    { rel: 'alternate', type: 'application/atom+xml', hreflang: other, href: feedHref(ctx.base, other, ctx.defaultLang, ctx.filter) },
  ];
  const words = ctx.filter ? filterWords(ctx.filter, ctx.lang) : '';
  return {
    id: feedTag(ctx.base, ctx.lang, ctx.filter),
    title: words ? `${w.title} (${words})` : w.title,
    subtitle: w.subtitle,
    updated,
    lang: ctx.lang,
    links,
    author: { name: 'secnumcloud-tracker', uri: `${ctx.base}/` },
    generator: { name: 'secnumcloud-tracker', version: VERSION },
    entries,
  };
}
