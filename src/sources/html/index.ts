import type * as cheerio from 'cheerio';
import type { NewsItem } from '../../core/news.js';
import { dateIn, foldSpaces } from '../anssi-page/text.js';
import { DEFAULT_PARSE_BUDGET, type ParseBudget } from '../budget.js';
import { loadHtmlDocument } from '../html-load.js';
import { parseFeedDate } from '../rss/dates.js';
import { httpUrl } from '../rss/normalize.js';
import { truncateAtWord } from '../rss/text.js';
import { ITEM_CANDIDATES, type HtmlListSelectors, type HtmlListSettings } from './settings.js';

export { htmlListSettingsSchema, type HtmlListSettings } from './settings.js';

/** The `kind` of newsroom list pages in feeds/sources.json. */
export const SOURCE_KIND = 'html';

export interface HtmlListContext {
  source: string;
  contentType?: string;
  /** Base of relative links when the settings give none (the source's url). */
  baseUrl?: string;
  budget?: ParseBudget;
}

type Nodes = ReturnType<ReturnType<cheerio.CheerioAPI['root']>['find']>;

const SUMMARY_MAX = 500;
const TITLE_MAX = 300;

/** Spaces folded in the start of a text only: a hostile page's megabyte of text is never folded whole. */
const clip = (text: string, max: number): string => foldSpaces(text.slice(0, 4 * max)).slice(0, max).trim();
// The page's own chrome, never an article; a <header>/<footer> inside an article is the article's.
const CHROME = 'nav, aside, form, script, style, noscript, template, [role="navigation"], [role="banner"], [role="contentinfo"], .fr-header, .fr-footer, .fr-breadcrumb, .fr-skiplinks';

/** The instant a date element gives: its `datetime` (or a `<time datetime>` inside), else a date in its text. */
function dateOf(el: Nodes): string | undefined {
  const stamp = el.attr('datetime') ?? el.find('time[datetime]').attr('datetime');
  const fromStamp = stamp ? parseFeedDate(stamp) : undefined;
  if (fromStamp) return fromStamp;
  const day = dateIn(el.text().slice(0, 400));
  return day ? parseFeedDate(day) : undefined;
}

function itemOf($: cheerio.CheerioAPI, el: Nodes, s: HtmlListSelectors, base: string | undefined, source: string): NewsItem | undefined {
  const titleEl = el.find(s.title).first();
  const titleLink = titleEl.is('a[href]') ? titleEl : titleEl.find('a[href]').first().add(titleEl.closest('a[href]')).first();
  const title = clip((titleEl.length > 0 ? titleEl : el.find('a[href]').first()).text(), TITLE_MAX);
  const href = (titleLink.attr('href') ?? el.find(s.link).first().attr('href') ?? (el.is('a[href]') ? el.attr('href') : undefined))?.trim();
  // An article is a title with a link; a relative link with no base to resolve it against stays out of `url`.
  if (!title || !href) return undefined;
  const url = httpUrl(href, base);
  const dateEls = el.find(s.date);
  const publishedAt = dateEls.toArray().map((d) => dateOf($(d))).find((d) => d !== undefined);
  const dateEl = dateEls.first();
  const summaryEl = el.find(s.summary).not(titleEl).not(dateEl).filter((_, x) => clip($(x).text(), TITLE_MAX) !== title).first();
  const summary = clip(summaryEl.text(), 2 * SUMMARY_MAX);
  return {
    id: url ?? href,
    title,
    ...(url ? { url } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    ...(summary ? { summary: truncateAtWord(summary, SUMMARY_MAX) } : {}),
    source,
  };
}

/**
 * A newsroom's list page (a site without a feed) as news items, in page order: one per article the selectors find
 * with a title and a link (its `url` when it is http(s), relative ones resolved against the base; its id the link), its date when one is shown, a summary when there is one; an article seen twice
 * (same link) is kept once. Read under the same budgets as the en cours page (loadHtmlDocument). A page where no
 * article is found yields [] (a baseline of nothing: the operators see the source's item count in `check`).
 * Throws PageFormatError for a body that is not HTML and ParseBudgetError for one over its budget.
 */
export function parseHtmlList(bytes: Uint8Array, settings: HtmlListSettings, ctx: HtmlListContext): NewsItem[] {
  const $ = loadHtmlDocument(bytes, ctx.contentType, ctx.budget ?? DEFAULT_PARSE_BUDGET);
  $(CHROME).remove();
  $('header, footer').filter((_, el) => $(el).parents('article, li, [class*="card"], [class*="item"]').length === 0).remove();
  $('br').replaceWith(' ');
  const s = settings.selectors;
  const base = settings.baseUrl ?? ctx.baseUrl;
  const read = (sel: string) => $.root().find(sel).toArray().flatMap((el) => itemOf($, $(el), s, base, ctx.source) ?? []);
  let items: NewsItem[] = [];
  for (const sel of s.item ? [s.item] : ITEM_CANDIDATES) {
    items = read(sel);
    if (items.length > 0) break;
  }
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.id) && seen.add(i.id));
}
