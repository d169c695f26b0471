import { z } from 'zod';
import type { Lang } from '../commands/ports.js';
import { SERVICE_TYPES, type ServiceType } from '../core/offer.js';
import { PRIMARY_LIST } from '../core/tracks.js';
import { LIST_IDS, type ListId } from '../sources/anssi-catalogue/list-specs.js';
import { isProductList } from './offer-search.js';

/** What a visitor asked for in the query string: the language, the catalogue list, a service type, part of a provider's name. */
export interface PageQuery {
  lang: Lang;
  /** The catalogue list shown (`?list=passi`); SecNumCloud when absent. */
  list?: string;
  type?: ServiceType;
  /** Trimmed, at most QUERY_MAX characters; '' when no search. */
  q: string;
  /** Qualified products: the category shown (`?category=Pare-feu`), as the list prints it. */
  category?: string;
  /** The page of a long table, from 1; absent for the first. */
  page?: number;
}

export const QUERY_MAX = 100;

/** One value of a query parameter: express gives an array when it is repeated; the first one counts. */
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

const schema = z.object({
  lang: z.preprocess(first, z.enum(['fr', 'en']).optional()).catch(undefined),
  // `iaas` is IaaS, as the API and the commands read it: a type is a name, not a code to spell with care.
  type: z.preprocess((v) => {
    const t = first(v);
    return typeof t === 'string' ? (SERVICE_TYPES.find((s) => s.toLowerCase() === t.trim().toLowerCase()) ?? t) : t;
  }, z.enum(SERVICE_TYPES).optional()).catch(undefined),
  q: z.preprocess(first, z.string().optional()).catch(undefined),
  category: z.preprocess(first, z.string().optional()).catch(undefined),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(10_000).optional()).catch(undefined),
  list: z.preprocess((v) => {
    const l = first(v);
    return typeof l === 'string' ? l.trim().toLowerCase() : l;
  }, z.enum(LIST_IDS as [ListId, ...ListId[]]).optional()).catch(undefined),
});

/**
 * Reads the page's query string leniently: a public page answers every request, so an unknown language or
 * type is ignored (the page shows everything) rather than refused, and an over-long search is cut.
 */
export function parsePageQuery(raw: unknown, defaultLang: Lang): PageQuery {
  const parsed = schema.safeParse(typeof raw === 'object' && raw !== null ? raw : {});
  const v = parsed.success ? parsed.data : {};
  const q = (v.q ?? '').replace(/\s+/g, ' ').trim().slice(0, QUERY_MAX);
  const category = (v.category ?? '').replace(/\s+/g, ' ').trim().slice(0, QUERY_MAX);
  return {
    lang: v.lang ?? defaultLang,
    ...(v.list && v.list !== PRIMARY_LIST ? { list: v.list } : {}),
    ...(v.type ? { type: v.type } : {}),
    q,
    ...(category ? { category } : {}),
    ...(v.page && v.page > 1 ? { page: v.page } : {}),
  };
}

/**
 * The query string of a page link (`?lang=en&type=IaaS&q=ovh`), always with its language, so a link from
 * an English page stays in English whatever the server's default.
 */
export function pageHref(q: PageQuery): string {
  const params = new URLSearchParams({ lang: q.lang });
  if (q.list) params.set('list', q.list);
  if (q.type) params.set('type', q.type);
  if (q.q) params.set('q', q.q);
  if (q.category) params.set('category', q.category);
  if (q.page) params.set('page', String(q.page));
  return `?${params.toString()}`;
}

/**
 * The exports of what the page shows: the CSV and the calendar with its filters (the provider search as /api/offers
 * reads it; a product list's search is the wider `q`, and its category), every page of it.
 */
export function exportQuery(q: PageQuery): string {
  const params = new URLSearchParams({ lang: q.lang });
  if (q.list) params.set('list', q.list);
  if (q.type) params.set('type', q.type);
  if (q.q) params.set(isProductList(q.list) ? 'q' : 'provider', q.q);
  if (q.category) params.set('category', q.category);
  return `?${params.toString()}`;
}

/** A filtered feed names at most this many providers (feed-filter.ts refuses more). */
const FEED_PROVIDERS_MAX = 20;

/**
 * The feed of what the page shows, in the words of subscriptions: the type, and the providers whose offers the search
 * found (a subscription names providers, it does not search them); the search as typed when it found none.
 */
export function feedQuery(q: PageQuery, providers: readonly string[]): string {
  const params = new URLSearchParams();
  // More developers than a feed may name: the feed of the whole list, rather than a link that answers 400.
  if (q.q && providers.length <= FEED_PROVIDERS_MAX) for (const p of providers.length > 0 ? providers : [q.q]) params.append('provider', p);
  if (q.type) params.set('type', q.type);
  if (q.list) params.set('list', q.list);
  params.set('lang', q.lang);
  return `?${params.toString()}`;
}
