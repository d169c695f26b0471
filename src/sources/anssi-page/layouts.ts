import type * as cheerio from 'cheerio';
import type { PageEntry } from './entry-text.js';

type Nodes = ReturnType<ReturnType<cheerio.CheerioAPI['root']>['find']>;
/** An element of the parsed page (domhandler's, which cheerio does not re-export). */
export type Element = Nodes extends cheerio.Cheerio<infer T> ? T : never;

/** The layouts the extractor recognises, in the order they are tried (and preferred on a tie). */
export const LAYOUTS = ['table', 'headings', 'cards', 'definitions'] as const;
export type LayoutName = (typeof LAYOUTS)[number];

/** What one layout found on a page: its candidate entries, unjudged, or why it found none. */
export interface LayoutAttempt {
  layout: LayoutName;
  candidates: PageEntry[];
  /** Why nothing was found ("no table in the page"), when `candidates` is empty. */
  why?: string;
}

/** A layout reader: the page's content (navigation and footers removed) → candidate entries. */
export type LayoutReader = ($: cheerio.CheerioAPI, root: cheerio.Cheerio<Element>, baseUrl: string | undefined) => LayoutAttempt;

export const HEADINGS = 'h2, h3, h4, h5, h6';

/** List items that are tags or badges ("IaaS", "Nouveau"), never services. */
export const TAG_ITEMS = '.fr-tags-group li, .fr-badges-group li, [class*="tag"] li, [class*="badge"] li';
