import { z } from 'zod';

// zod only, as anssi-page/settings.ts: the sources-file schema imports this and must not load cheerio.
const selector = z.string().trim().min(1, 'a selector cannot be empty');

/**
 * Where the news items are on a newsroom's list page, as CSS selectors (cheerio's dialect). `item` picks one
 * element per article; the others are relative to it and take the first match. The defaults fit common
 * article-list markup (WordPress, Drupal views, DSFR cards); without `item`, the first of ITEM_CANDIDATES that
 * finds items with a title and a link is used.
 */
export const htmlListSelectorsSchema = z.object({
  item: selector.optional(),
  title: selector.default('h1, h2, h3, h4, [class*="title"]'),
  /** The article's address: the title's link, else this selector's first `href`. */
  link: selector.default('a[href]'),
  /** A `<time datetime>`, or text holding a date ("17 novembre 2025", "17/11/2025"): the first of these that has one. */
  date: selector.default('time, [class*="date"], [class*="detail"], [class*="meta"]'),
  summary: selector.default('[class*="desc"], [class*="summary"], [class*="excerpt"], [class*="chapo"], [class*="teaser"], p'),
});

export const htmlListSettingsSchema = z.object({
  selectors: htmlListSelectorsSchema.default(() => htmlListSelectorsSchema.parse({})),
  /** Base of relative links; the registry passes the source's `url` when this is unset. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
});

export type HtmlListSelectors = z.infer<typeof htmlListSelectorsSchema>;
export type HtmlListSettings = z.infer<typeof htmlListSettingsSchema>;

/** Article containers tried in order when `item` is unset. */
export const ITEM_CANDIDATES = [
  'article',
  '.fr-card',
  '.fr-tile',
  '.views-row',
  '[class*="news-item"], [class*="post-item"], [class*="article-item"], [class*="press-item"]',
  '.card, [class*="-card"]',
  'li:has(h2, h3, h4)',
] as const;
