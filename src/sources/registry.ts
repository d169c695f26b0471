import type { NewsItem } from '../core/news.js';
import type { Snapshot } from '../core/offer.js';
import type { ParseBudget } from './budget.js';
import { sanitizeDocument } from './sanitize.js';

/** What an adapter may need besides the bytes: which source, the HTTP content type, per-source settings. */
export interface ParseContext {
  source: string;
  contentType?: string;
  /** The source's `settings` from the sources file (anssi-page, html: their CSS selectors). */
  settings?: unknown;
  /** The document's address (the source's url), against which an html page's relative links resolve. */
  baseUrl?: string;
  warn?: (message: string) => void;
  /** What the parse may spend (decoded bytes, nesting depth); DEFAULT_PARSE_BUDGET when absent. */
  budget?: ParseBudget;
}

/**
 * A document parsed by its adapter: offers (catalogue, "en cours" page) or news items (feeds). A catalogue parsed
 * with its source's settings also gives the other lists it prints and the settings ask for, each a snapshot with
 * its `list` (`snapshot` stays SecNumCloud's).
 */
export type ParsedDocument = { records: 'offers'; snapshot: Snapshot; lists?: Snapshot[] } | { records: 'news'; items: NewsItem[] };

/** A source adapter: the bytes of one document → records. Pure: no network, no Redis. */
export interface SourceAdapter {
  kind: string;
  parse(bytes: Uint8Array, ctx: ParseContext): Promise<ParsedDocument>;
}

// Adapters load on demand, so a command that needs one kind does not pay for the others' libraries.
const loaders: Record<string, () => Promise<SourceAdapter>> = {
  'anssi-catalogue': async () => {
    const { parseCatalogue, parseTrackedLists, SOURCE_KIND } = await import('./anssi-catalogue/index.js');
    return {
      kind: SOURCE_KIND,
      parse: async (bytes, ctx) => {
        // Without settings (parse, diff), SecNumCloud alone, as the command prints; a source's settings name its lists.
        if (ctx.settings === undefined) return { records: 'offers', snapshot: { ...(await parseCatalogue(bytes, ctx.budget)), source: ctx.source } };
        const { snapshot, lists } = await parseTrackedLists(bytes, ctx.settings, ctx.budget);
        return { records: 'offers', snapshot: { ...snapshot, source: ctx.source }, lists: lists.map((l) => ({ ...l, source: ctx.source })) };
      },
    };
  },
  'anssi-page': async () => {
    const { parseAnssiPage, SOURCE_KIND } = await import('./anssi-page/index.js');
    const { anssiPageSettingsSchema } = await import('./anssi-page/settings.js');
    return {
      kind: SOURCE_KIND,
      parse: async (bytes, ctx) => {
        const parsed = anssiPageSettingsSchema.parse(ctx.settings ?? {});
        // Relative links resolve against the page's own address unless the settings name another base.
        const baseUrl = parsed.baseUrl ?? ctx.baseUrl;
        const settings = baseUrl ? { ...parsed, baseUrl } : parsed;
        const page = { ...(ctx.contentType ? { contentType: ctx.contentType } : {}), ...(ctx.budget ? { budget: ctx.budget } : {}) };
        const snapshot = await parseAnssiPage(bytes, settings, page);
        return { records: 'offers', snapshot: { ...snapshot, source: ctx.source } };
      },
    };
  },
  html: async () => {
    const { parseHtmlList, htmlListSettingsSchema, SOURCE_KIND } = await import('./html/index.js');
    return {
      kind: SOURCE_KIND,
      parse: async (bytes, ctx) => {
        const settings = htmlListSettingsSchema.parse(ctx.settings ?? {});
        const page = { source: ctx.source, ...(ctx.contentType ? { contentType: ctx.contentType } : {}), ...(ctx.baseUrl ? { baseUrl: ctx.baseUrl } : {}), ...(ctx.budget ? { budget: ctx.budget } : {}) };
        return { records: 'news', items: parseHtmlList(bytes, settings, page) };
      },
    };
  },
  rss: async () => {
    const { parseFeed, SOURCE_KIND } = await import('./rss/index.js');
    return { kind: SOURCE_KIND, parse: async (bytes, ctx) => ({ records: 'news', items: await parseFeed(bytes, ctx) }) };
  },
};

export const SOURCE_KINDS = Object.keys(loaders);

/**
 * The adapter of a kind, or undefined for a kind this build does not know. Its records come out sanitised
 * (sanitize.ts): every text field of every kind, here at the edge, so no formatter has to remember it.
 */
export async function loadAdapter(kind: string): Promise<SourceAdapter | undefined> {
  if (!Object.hasOwn(loaders, kind)) return undefined;
  const adapter = await loaders[kind]!();
  return { kind: adapter.kind, parse: async (bytes, ctx) => sanitizeDocument(await adapter.parse(bytes, ctx)) };
}
