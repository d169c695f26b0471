/**
 * The query strings of the JSON API and the feed, read strictly: an API is used by scripts, and a script
 * that misspells a value should get a 400 that says which parameter and why, not a silently wider answer.
 * Unknown parameters are ignored (cache busters and tracking tags must not break a feed reader). Pure.
 */
import { z } from 'zod';
import type { Lang } from '../commands/ports.js';
import { normalizeName } from '../core/normalize.js';
import { SERVICE_TYPES, type Offer, type ServiceType } from '../core/offer.js';

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

const offersSchema = z.object({
  status: z.enum(['qualified', 'in_progress'], { error: 'status must be qualified or in_progress' }).default('qualified'),
  provider: once('provider').max(PROVIDER_MAX, `provider must be at most ${PROVIDER_MAX} characters`).optional(),
  type: serviceType.optional(),
});

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
const exportSchema = offersSchema.pick({ provider: true, type: true }).extend({
  lang,
  status: z
    .literal('qualified', { error: 'status: this export lists the qualified offers; the "en cours" entries are at /api/offers?status=in_progress' })
    .optional(),
});

export type OffersQuery = z.infer<typeof offersSchema>;
export type ExportQuery = Pick<OffersQuery, 'provider' | 'type'> & { lang: Lang };
export type ChangesQuery = z.infer<typeof changesSchema>;

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const r = schema.safeParse(typeof raw === 'object' && raw !== null ? raw : {});
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const parameter = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined;
  return { ok: false, error: { error: 'invalid_parameter', message: issue?.message ?? 'invalid query', ...(parameter ? { parameter } : {}) } };
}

export const parseOffersQuery = (raw: unknown): Parsed<OffersQuery> => parseWith(offersSchema, raw);
export const parseChangesQuery = (raw: unknown): Parsed<ChangesQuery> => parseWith(changesSchema, raw);

/** The feed's language: `lang` when given, else the deployment's DEFAULT_LANG. */
export function parseFeedQuery(raw: unknown, defaultLang: Lang): Parsed<{ lang: Lang }> {
  const r = parseWith(feedSchema, raw);
  return r.ok ? { ok: true, value: { lang: r.value.lang ?? defaultLang } } : r;
}

/** The export's filters and language (`lang` when given, else DEFAULT_LANG). */
export function parseExportQuery(raw: unknown, defaultLang: Lang): Parsed<ExportQuery> {
  const r = parseWith(exportSchema, raw);
  if (!r.ok) return r;
  const { provider, type } = r.value;
  return { ok: true, value: { ...(provider !== undefined ? { provider } : {}), ...(type ? { type } : {}), lang: r.value.lang ?? defaultLang } };
}

/**
 * The offers a query keeps: `provider` matches part of the provider's name, ignoring case, accents and
 * punctuation ("ovh" finds "OVH SAS", "3DS" finds "3DS OUTSCALE"); `type` keeps the offers that include it.
 */
export function filterOffers<T extends Offer>(offers: readonly T[], q: Pick<OffersQuery, 'provider' | 'type'>): T[] {
  const needle = q.provider === undefined ? '' : normalizeName(q.provider);
  return offers.filter((o) => (!needle || normalizeName(o.provider).includes(needle)) && (!q.type || o.types.includes(q.type)));
}
