import { z } from 'zod';
import { guardThresholdsSchema } from '../core/guard.js';
import { DEFAULT_KEYWORDS } from '../core/keywords.js';
import { parseDuration } from '../core/sources.js';
import { catalogueSettingsSchema } from './anssi-catalogue/settings.js';
import { anssiPageSettingsSchema } from './anssi-page/settings.js';
import { htmlListSettingsSchema } from './html/settings.js';

const duration = (min: number) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms < min) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration of at least ${min / 1000}s such as "6h", "30m" or "1d"` });
      return z.NEVER;
    }
    return ms;
  });

const guard = (defaults: Partial<z.input<typeof guardThresholdsSchema>> = {}) =>
  guardThresholdsSchema.default(guardThresholdsSchema.parse(defaults));

const common = {
  $comment: z.string().optional(),
  id: z.string().regex(/^[a-z0-9-]+$/, 'ids are lowercase letters, digits and dashes'),
  name: z.string().min(1).optional(),
  url: z.url({ protocol: /^https?$/ }),
  /** How often to poll, e.g. "6h". */
  interval: duration(1_000),
  enabled: z.boolean().default(true),
};

/** The catalogue PDF. */
const catalogue = z.strictObject({
  kind: z.literal('anssi-catalogue'),
  ...common,
  guard: guard(),
  settings: catalogueSettingsSchema.default(catalogueSettingsSchema.parse({})),
});

/** What every news source has: its keywords, the age beyond which nothing is alerted, its caps. */
const news = {
  keywords: z.array(z.string().min(1)).default([...DEFAULT_KEYWORDS]),
  /** Items published longer ago than this are never alerted. */
  maxAge: duration(60_000).default(parseDuration('7d')!),
  /**
   * More new matching items than this in one poll, or than maxNewsPerDay in 24 hours, is a flood: up to the cap
   * goes out, the excess is held for the operators (`accept <source>` releases it).
   */
  maxNewsPerPoll: z.number().int().positive().default(10),
  maxNewsPerDay: z.number().int().positive().default(30),
};

/** A news feed: items that name a keyword or a catalogue provider become news.published events. */
const rss = z.strictObject({ kind: z.literal('rss'), ...common, ...news });

/**
 * A newsroom without a feed: its list page read with CSS selectors (`settings.selectors`: item, title, link, date,
 * summary; defaults for common article-list markup), each article a news item like a feed's.
 */
const html = z.strictObject({ kind: z.literal('html'), ...common, ...news, settings: htmlListSettingsSchema.default(htmlListSettingsSchema.parse({})) });

/** ANSSI's page of services "en cours de qualification": a list, so zero entries is suspect, never "all left". */
const page = z.strictObject({ kind: z.literal('anssi-page'), ...common, guard: guard({ minRows: 1 }), settings: anssiPageSettingsSchema.default(anssiPageSettingsSchema.parse({})) });

export const sourceSchema = z.discriminatedUnion('kind', [catalogue, rss, page, html]);
export type SourceConfig = z.infer<typeof sourceSchema>;
export type OfferSourceConfig = Extract<SourceConfig, { kind: 'anssi-catalogue' | 'anssi-page' }>;
/** The sources whose records are news items: feeds, and newsroom pages read as one. */
export type FeedSourceConfig = Extract<SourceConfig, { kind: 'rss' | 'html' }>;

/** Whether a source yields news items (a feed or a newsroom page) rather than offers. */
export const isFeedSource = (s: SourceConfig): s is FeedSourceConfig => s.kind === 'rss' || s.kind === 'html';

/** feeds/sources.json: the catalogue of sources, as data. */
export const sourcesFileSchema = z
  .object({ $comment: z.string().optional(), sources: z.array(sourceSchema) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.sources.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `duplicate id "${s.id}"` });
      seen.add(s.id);
    });
  });
