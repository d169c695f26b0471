/**
 * The query strings of the JSON API and the feed, read strictly: an API is used by scripts, and a script
 * that misspells a value should get a 400 that says which parameter and why, not a silently wider answer.
 * Unknown parameters are ignored (cache busters and tracking tags must not break a feed reader). Pure.
 */
import { z } from 'zod';
import type { Lang } from '../commands/ports.js';
import { normalizeName } from '../core/normalize.js';
import { isIsoDate, SERVICE_TYPES, type Offer, type ServiceType } from '../core/offer.js';
import { PRIMARY_LIST } from '../core/tracks.js';
import { LIST_IDS, type ListId } from '../sources/anssi-catalogue/list-specs.js';
import { matchesSearch, sameCategory, searchTerms } from './offer-search.js';

/** The body of every 4xx of the API. */
export interface ApiError {
  error: 'invalid_parameter' | 'not_found' | 'internal' | 'unavailable';
  message: string;
  parameter?: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** /api/changes pages: as many as a client asks up to the maximum, the default when it does not say. */
export const CHANGES_LIMIT_DEFAULT = 100;
export const CHANGES_LIMIT_MAX = 500;
const PROVIDER_MAX = 100;

const once = (name: string) => z.string({ error: `${name} must be given once, as text` });

/** `iaas` and `IAAS` are IaaS: the types are names, not codes a user should have to spell with care. */
const serviceType = once('type').transform((v, ctx): ServiceType => {
  const t = SERVICE_TYPES.find((s) => s.toLowerCase() === v.trim().toLowerCase());
  if (!t) ctx.addIssue({ code: 'custom', message: `type must be one of ${SERVICE_TYPES.join(', ')}` });
  return t ?? 'IaaS';
});

/** A catalogue list id, case ignored (`PASSI` is passi); `all` where every list may be asked at once. */
const listParam = <A extends boolean>(all: A) =>
  once('list').transform((v, ctx): A extends true ? ListId | 'all' : ListId => {
    const id = v.trim().toLowerCase();
    if ((all && id === 'all') || (LIST_IDS as readonly string[]).includes(id)) return id as ListId;
    ctx.addIssue({ code: 'custom', message: `list must be one of ${LIST_IDS.join(', ')}${all ? ', or all' : ''}` });
    return PRIMARY_LIST;
  });

/** Service types are SecNumCloud's: asked of another list, they would silently match nothing. */
function noTypeHere(q: { type?: ServiceType | undefined; list: string }, ctx: z.RefinementCtx): void {
  if (q.type !== undefined && q.list !== PRIMARY_LIST && q.list !== 'all') {
    ctx.addIssue({ code: 'custom', path: ['type'], message: `type: the ${q.list} list has no service types (they are SecNumCloud's)` });
  }
}

/** Categories are the qualified products' sub-headings: asked of another list, they would silently match nothing. */
const CATEGORY_LIST = 'qualified-products';
function noCategoryHere(q: { category?: string | undefined; list: string }, ctx: z.RefinementCtx): void {
  if (q.category !== undefined && q.list !== CATEGORY_LIST && q.list !== 'all') {
    ctx.addIssue({ code: 'custom', path: ['category'], message: `category: the ${q.list} list has no categories (they are those of ${CATEGORY_LIST})` });
  }
}

/** The search (offer-search.ts) and a qualified product's category, as text of bounded length. */
const search = once('q').max(PROVIDER_MAX, `q must be at most ${PROVIDER_MAX} characters`);
const category = once('category').max(PROVIDER_MAX, `category must be at most ${PROVIDER_MAX} characters`);

/** A calendar date as the editions are filed: YYYY-MM-DD, a real day. */
const day = (name: string, what: string) =>
  once(name).refine((v) => isIsoDate(v), `${name} must be a date YYYY-MM-DD (${what})`);

const offersSchema = z
  .object({
    status: z.enum(['qualified', 'in_progress'], { error: 'status must be qualified or in_progress' }).default('qualified'),
    provider: once('provider').max(PROVIDER_MAX, `provider must be at most ${PROVIDER_MAX} characters`).optional(),
    type: serviceType.optional(),
    q: search.optional(),
    category: category.optional(),
    list: listParam(true).default(PRIMARY_LIST),
    edition: day('edition', 'a kept edition, see /api/editions').optional(),
    at: day('at', 'the day the answer is as of').optional(),
  })
  .superRefine((q, ctx) => {
    noTypeHere(q, ctx);
    noCategoryHere(q, ctx);
    if (q.edition !== undefined && q.at !== undefined) ctx.addIssue({ code: 'custom', path: ['at'], message: 'give edition or at, not both' });
    // The "en cours" entries are SecNumCloud's, and only the latest page is kept.
    if (q.status === 'in_progress') {
      for (const p of ['edition', 'at'] as const) if (q[p] !== undefined) ctx.addIssue({ code: 'custom', path: [p], message: `${p}: only the qualified offers are kept by edition` });
      if (q.list !== PRIMARY_LIST) ctx.addIssue({ code: 'custom', path: ['list'], message: 'list: the "en cours" entries are those of SecNumCloud' });
    }
  });

/** /api/editions/diff: two kept editions, oldest first, and the list(s) to compare. */
const diffSchema = z
  .object({
    from: day('from', 'a kept edition, see /api/editions'),
    to: day('to', 'a kept edition, see /api/editions'),
    list: listParam(true).default(PRIMARY_LIST),
  })
  .refine((q) => q.from < q.to, { path: ['to'], message: 'to must be a later edition than from' });

/** A stream id of the change log, as /api/changes hands it out in `cursor`. */
const CURSOR = /^\d{1,20}-\d{1,20}$/;

const changesSchema = z.object({
  since: z.iso
    .datetime({ offset: true, error: 'since must be an ISO 8601 date-time with a time zone, e.g. 2026-01-05T08:00:00Z' })
    .optional(),
  after: once('after').regex(CURSOR, 'after must be a cursor returned by /api/changes').optional(),
  limit: z.coerce
    .number({ error: 'limit must be a whole number' })
    .int('limit must be a whole number')
    .min(1, `limit must be between 1 and ${CHANGES_LIMIT_MAX}`)
    .max(CHANGES_LIMIT_MAX, `limit must be between 1 and ${CHANGES_LIMIT_MAX}`)
    .default(CHANGES_LIMIT_DEFAULT),
});

const lang = z.enum(['fr', 'en'], { error: 'lang must be fr or en' }).optional();
const feedSchema = z.object({ lang });

/** /api/offers.csv and /calendar.ics: the filters of /api/offers over the qualified offers, and a language. */
const exportSchema = z.object({
  provider: offersSchema.shape.provider,
  type: serviceType.optional(),
  q: search.optional(),
  category: category.optional(),
  list: listParam(false).default(PRIMARY_LIST),
  lang,
  status: z
    .literal('qualified', { error: 'status: this export lists the qualified offers; the "en cours" entries are at /api/offers?status=in_progress' })
    .optional(),
}).superRefine((q, ctx) => {
  noTypeHere(q, ctx);
  noCategoryHere(q, ctx);
});

export type OffersQuery = z.infer<typeof offersSchema>;
/** The filters every view of the offers applies (filterOffers). */
export type OfferFilters = Pick<OffersQuery, 'provider' | 'type' | 'q' | 'category'>;
export type ExportQuery = OfferFilters & { list: ListId; lang: Lang };
export type ChangesQuery = z.infer<typeof changesSchema>;
export type DiffQuery = z.infer<typeof diffSchema>;

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const r = schema.safeParse(typeof raw === 'object' && raw !== null ? raw : {});
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const parameter = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined;
  return { ok: false, error: { error: 'invalid_parameter', message: issue?.message ?? 'invalid query', ...(parameter ? { parameter } : {}) } };
}

export const parseOffersQuery = (raw: unknown): Parsed<OffersQuery> => parseWith(offersSchema, raw);
export const parseChangesQuery = (raw: unknown): Parsed<ChangesQuery> => parseWith(changesSchema, raw);
export const parseDiffQuery = (raw: unknown): Parsed<DiffQuery> => parseWith(diffSchema, raw);

/** The feed's language: `lang` when given, else the deployment's DEFAULT_LANG. */
export function parseFeedQuery(raw: unknown, defaultLang: Lang): Parsed<{ lang: Lang }> {
  const r = parseWith(feedSchema, raw);
  return r.ok ? { ok: true, value: { lang: r.value.lang ?? defaultLang } } : r;
}

/** The export's filters and language (`lang` when given, else DEFAULT_LANG). */
export function parseExportQuery(raw: unknown, defaultLang: Lang): Parsed<ExportQuery> {
  const r = parseWith(exportSchema, raw);
  if (!r.ok) return r;
  const { provider, type, list, q, category } = r.value;
  return {
    ok: true,
    value: { ...(provider !== undefined ? { provider } : {}), ...(type ? { type } : {}), ...(q !== undefined ? { q } : {}), ...(category !== undefined ? { category } : {}), list, lang: r.value.lang ?? defaultLang },
  };
}

/**
 * The offers a query keeps: `provider` matches part of the provider's name, ignoring case, accents and
 * punctuation ("ovh" finds "OVH SAS", "3DS" finds "3DS OUTSCALE"); `type` keeps the offers that include it; `q`
 * searches the provider, service, version, certificate id and category (offer-search.ts); `category` keeps the
 * qualified products of that category (case, accents and punctuation ignored).
 */
export function filterOffers<T extends Offer>(offers: readonly T[], q: OfferFilters): T[] {
  const needle = q.provider === undefined ? '' : normalizeName(q.provider);
  const terms = searchTerms(q.q);
  return offers.filter(
    (o) =>
      (!needle || normalizeName(o.provider).includes(needle)) &&
      (!q.type || o.types.includes(q.type)) &&
      (q.category === undefined || sameCategory(o, q.category)) &&
      matchesSearch(o, terms),
  );
}
