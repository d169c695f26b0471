import { z } from 'zod';

// zod only, on purpose: the sources-file schema imports this, and a schema that loads cheerio would make
// every reader of the sources file pay for it. Selectors are compiled (and refused by name) when a page is
// parsed; `selectorProblems` (./extract.ts) lets a loader check them at load time.
const selector = z.string().trim().min(1, 'a selector cannot be empty');

/**
 * Where the offers are on the page, as CSS selectors (cheerio's dialect: CSS 3 plus `:is`, `:has`,
 * `:contains`; `:scope` is the element the selector is relative to).
 *
 * Only needed for a layout the extractor does not recognise by itself (see `anssiPageSettingsSchema`).
 *
 * **Table layout** (`group` unset; the defaults): `entry` picks one element per service, typically a row,
 * and every other selector is relative to that entry, usually a column by position:
 * ```json
 * { "entry": "main table tbody tr", "provider": ":is(td, th):nth-child(1)", "service": "td:nth-child(2)",
 *   "types": "td:nth-child(3)", "since": "td:nth-child(4)" }
 * ```
 * **Heading + list layout** (`group` set): `group` picks one element per provider, `provider` is relative to
 * that group (`:scope` for the group's own text) and `entry` finds its services inside the group, or, when the
 * group contains none (a heading), in its following siblings up to the next group:
 * ```json
 * { "group": ".text-formatted h3", "provider": ":scope", "entry": "li", "service": "strong",
 *   "types": ":scope", "since": ":scope" }
 * ```
 * The same rule covers a container per provider (a DSFR accordion: `group` `.fr-accordion`, `provider` `h3`).
 */
export const anssiPageSelectorsSchema = z.object({
  /** One element per provider; unset for a table whose rows each name their provider. */
  group: selector.optional(),
  /** One element per service: a table row, a list item. */
  entry: selector.default('main table tbody tr'),
  /** The provider's name: relative to the entry, or to the group when `group` is set. */
  provider: selector.default(':is(td, th):nth-child(1)'),
  /** The service's name, relative to the entry. A trailing "(IaaS)"-style type marker is dropped from it. */
  service: selector.default('td:nth-child(2)'),
  /** Text holding the SaaS/PaaS/CaaS/IaaS words, relative to the entry; none found gives `types: []`. */
  types: selector.default('td:nth-child(3)'),
  /**
   * The date the service entered qualification ("Date de début de la qualification"), relative to the
   * entry: `DD/MM/YYYY`, "1er mars 2025", `YYYY-MM-DD` or a `<time datetime>` anywhere in its text.
   * No date found leaves `inProgressSince` out.
   */
  since: selector.default('td:nth-child(4)'),
  /** A link about the service, relative to the entry; read by `readPageEntries`, not part of the records. */
  link: selector.optional(),
});

/**
 * The `settings` of an `anssi-page` source in feeds/sources.json. Without `selectors` (the default) the page's
 * layout is recognised among those the extractor knows (a table with a provider column, headings with lists,
 * cards, definition lists; `layouts.ts`) and its result judged (`judge.ts`); `selectors` override that, for a
 * layout it does not know. A plain object schema, so it can be nested (`settings: …`).
 */
export const anssiPageSettingsSchema = z.object({
  /** The layout as CSS selectors; unset, the layout is recognised. A partial object defaults to the table layout. */
  selectors: anssiPageSelectorsSchema.optional(),
  /** Base of relative links (normally the source's `url`); without it they are kept as written. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
});

export type AnssiPageSelectors = z.infer<typeof anssiPageSelectorsSchema>;
export type AnssiPageSettings = z.infer<typeof anssiPageSettingsSchema>;

/** The selectors of the table layout: what a `selectors` object with no field stands for. */
export const TABLE_SELECTORS: Readonly<AnssiPageSelectors> = Object.freeze(anssiPageSelectorsSchema.parse({}));

/** The settings `{}` stands for: the layout is recognised, nothing overridden. */
export const DEFAULT_ANSSI_PAGE_SETTINGS: Readonly<AnssiPageSettings> = Object.freeze({});
