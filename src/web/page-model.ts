/**
 * The status page's view model: everything the page says, in words, computed from the tracker's state, the
 * visitor's query and "now". Pure (no store, no clock): the handler reads the state, this decides what to
 * show, page-render.ts only turns it into HTML.
 */
import { DAYS_LEFT_WINDOW } from '../commands/format-offer.js';
import { offerChangeDetails } from '../commands/history-line.js';
import { messages, type Messages } from '../commands/i18n.js';
import type { Lang, ListState, SourceStatus } from '../commands/ports.js';
import type { Inline } from '../commands/reply.js';
import { countText, instantWords, listNotice, stateOfList, stateWords } from '../commands/source-text.js';
import { daysBetween, todayIn } from '../core/calendar.js';
import { isNewsEvent, isOperatorEvent, type ChangeEvent } from '../core/events.js';
import { normalizeName } from '../core/normalize.js';
import { isIsoDate, SERVICE_TYPES, type Offer, type ServiceType } from '../core/offer.js';
import type { SourceStateName } from '../core/source-state.js';
import { PRIMARY_LIST } from '../core/tracks.js';
import { listShort, listTitle } from './list-names.js';
import { listViewNotice } from './list-notice.js';
import { matchesSearch, sameCategory, searchTerms } from './offer-search.js';
import { listCells, listColumns, listLinks, type ListCells, type ListColumns, type ListLink } from './page-lists.js';
import { exportQuery, feedQuery, pageHref, type PageQuery } from './page-query.js';
import { pageWords, type PageWords } from './page-words.js';

/** What the page is built from: the state as TrackerState gives it, the query, the time and its zone. */
export interface PageInput {
  qualified: { offers: readonly Offer[]; edition?: string };
  /** Every catalogue list followed (TrackerState.lists), for the selector and the list asked for; SecNumCloud only when absent. */
  lists?: readonly ListState[];
  inProgress: readonly Offer[];
  sources: readonly SourceStatus[];
  /** Newest first; operator events are left out. */
  changes: readonly ChangeEvent[];
  query: PageQuery;
  now: Date;
  /** TZ_REFERENCE: what "today" is for days left and the days of changes. */
  timeZone: string;
}

/** A calendar date: `iso` for `<time datetime>`, `text` as the language writes it. */
export interface DateText {
  iso: string;
  text: string;
}

export interface OfferRow {
  /** The row's header: the service, or the provider for a list whose rows name no service. */
  service: string;
  /** Another list's own cells (activities, level, national security, recommendation), in words. */
  cells?: ListCells;
  types: string;
  from?: DateText;
  until?: DateText;
  /** Days left within 90 days of the end ('soon'), or a passed end date ('past'), in words. */
  remaining?: { text: string; tone: 'soon' | 'past' };
  decision?: { label: string; url?: string };
  /** A certified product's certificate: its id linking to the certificate, and its report and security target. */
  certificate?: { id: string; url?: string; reportUrl?: string; targetUrl?: string };
  /** The end date reads "Non maintenu": the certificate is no longer maintained. */
  notMaintained?: true;
}

/** A long table's pages: the rows shown ("1 to 100 of 381") and the links to the others (no JavaScript). */
export interface Paging {
  range: string;
  page: string;
  previous?: string;
  next?: string;
}

export interface ProviderGroup {
  provider: string;
  offers: OfferRow[];
}

export interface InProgressItem {
  provider: string;
  service: string;
  types?: string;
  since?: string;
}

export interface ChangeItem {
  day?: DateText;
  kind: string;
  subject: Inline[];
}

export interface SourceRow {
  name: string;
  /** The state of the one model (src/core/source-state.ts), as the API and the commands give it. */
  state: SourceStateName;
  /** The state in words ("en échec depuis le 28/11/2026 à 10:00 : 3 vérifications échouées d'affilée (HTTP 503)"). */
  stateText: string;
  /** What holding means, when a document or news are held. */
  detail?: string;
  lastCheck: string;
  lastSuccess: string;
}

export interface PageModel {
  lang: Lang;
  words: PageWords;
  t: Messages;
  query: PageQuery;
  /** The list shown: its id, its heading, the columns its table has. */
  list: { id: string; primary: boolean; heading: string; short: string; columns: ListColumns };
  /** The list selector (empty when SecNumCloud is the only list followed). */
  listLinks: ListLink[];
  /** The types the filter offers: none for a list without types. */
  types: readonly ServiceType[];
  /** The categories the filter offers (qualified products), in the order the catalogue prints them. */
  categories: readonly string[];
  /** A product list: the search reaches products, versions, certificates and categories, not only providers. */
  product: boolean;
  /** Set when the rows matched are more than a page holds. */
  paging?: Paging;
  /** Links: this page in the other language (filters kept), and without filters. */
  otherLangHref: string;
  resetHref: string;
  /** The offers shown, taken elsewhere with the same filters (relative links: they work behind a prefix). */
  exports: { csv: string; calendar: string; feed: string };
  edition?: DateText;
  counts: Array<{ label: string; value: string }>;
  /** Set when a filter is on: "2 offers of 16 match". */
  matched?: string;
  /** Qualified offers that pass the filter, grouped by provider (providers in alphabetical order). */
  groups: ProviderGroup[];
  /** A filter is on and no offer passes it (while the catalogue has some). */
  noMatch: boolean;
  /** Why the qualified offers are missing or stale (not followed, not read yet, failing, held), in words. */
  catalogueNotice?: string;
  inProgress: InProgressItem[];
  /** The "en cours" section is SecNumCloud's: shown on its page only. */
  inProgressShown: boolean;
  /** Why the "en cours" entries are missing or stale, or that the page truly lists none. */
  inProgressNotice?: string;
  /** A filter is on and no "en cours" entry passes it (while there are some). */
  inProgressNoMatch: boolean;
  changes: ChangeItem[];
  sources: SourceRow[];
}

const SEP = ' — ';

const dateText = (iso: string | undefined, t: Messages): DateText | undefined => (iso && isIsoDate(iso) ? { iso, text: t.date(iso) } : undefined);

/** "28/11/2026 à 13:47 (il y a 3 h)" (fr) or "28 Nov 2026, 13:47 (3 h ago)" (en), in the reference time zone. */
function instantText(iso: string | undefined, input: PageInput, t: Messages): string | undefined {
  const at = instantWords(iso, input.timeZone, t);
  return at && iso ? `${at} (${t.ago(Math.max(0, input.now.getTime() - Date.parse(iso)))})` : undefined;
}

function remaining(o: Offer, today: string, t: Messages): OfferRow['remaining'] {
  if (!o.qualifiedUntil || !isIsoDate(o.qualifiedUntil)) return undefined;
  const left = daysBetween(today, o.qualifiedUntil);
  if (left < 0) return { text: t.offer.pastEnd(-left), tone: 'past' };
  return left <= DAYS_LEFT_WINDOW ? { text: t.offer.endsIn(left), tone: 'soon' } : undefined;
}

function offerRow(o: Offer, today: string, t: Messages, c: ListColumns, lang: Lang): OfferRow {
  const from = dateText(o.qualifiedFrom, t);
  const until = dateText(o.qualifiedUntil, t);
  const left = remaining(o, today, t);
  const cells = c.types ? undefined : listCells(o, c, lang);
  const cert = c.product?.certificate && o.certificate
    ? { id: o.certificate, ...(o.certificateUrl ? { url: o.certificateUrl } : {}), ...(o.reportUrl ? { reportUrl: o.reportUrl } : {}), ...(o.securityTargetUrl ? { targetUrl: o.securityTargetUrl } : {}) }
    : undefined;
  return {
    service: c.grouped ? (o.service ?? '') : o.provider,
    ...(cells ? { cells } : {}),
    types: o.types.length > 0 ? o.types.join(', ') : t.offer.noTypes,
    ...(from ? { from } : {}),
    ...(until ? { until } : {}),
    ...(left ? { remaining: left } : {}),
    ...(o.decision ? { decision: { label: t.offer.decision(o.decision), ...(o.decisionUrl ? { url: o.decisionUrl } : {}) } } : {}),
    ...(cert ? { certificate: cert } : {}),
    ...(o.maintained === false ? { notMaintained: true as const } : {}),
  };
}

/** Rows a page of the table holds: 381 Common Criteria certificates are four pages, each quick to load and read. */
export const PAGE_ROWS = 100;

/**
 * The query's filter: the type among the offer's types, the search within the provider's name (folded); a product
 * list's search reaches its products, versions, certificates and categories (offer-search.ts), and its category.
 */
function matches(o: Offer, q: PageQuery, product = false): boolean {
  if (q.type && !o.types.includes(q.type)) return false;
  if (product) return (q.category === undefined || sameCategory(o, q.category)) && matchesSearch(o, searchTerms(q.q));
  return q.q === '' || normalizeName(o.provider).includes(normalizeName(q.q));
}

/** The offers of one page, in the order the table shows them (providers by name, each one's rows as printed). */
function pageOf(offers: readonly Offer[], page: number): Offer[] {
  const order = new Map<string, Offer[]>();
  for (const o of offers) order.set(o.provider, [...(order.get(o.provider) ?? []), o]);
  const sorted = [...order.entries()].sort(([a], [b]) => byName(a, b)).flatMap(([, rows]) => rows);
  return sorted.slice((page - 1) * PAGE_ROWS, page * PAGE_ROWS);
}

const byName = (a: string, b: string): number => normalizeName(a).localeCompare(normalizeName(b), 'fr') || a.localeCompare(b, 'fr');

function groupByProvider(offers: readonly Offer[], today: string, t: Messages, c: ListColumns, lang: Lang): ProviderGroup[] {
  const groups = new Map<string, ProviderGroup>();
  for (const o of offers) {
    const group = groups.get(o.provider) ?? { provider: o.provider, offers: [] };
    group.offers.push(offerRow(o, today, t, c, lang));
    groups.set(o.provider, group);
  }
  return [...groups.values()].sort((a, b) => byName(a.provider, b.provider));
}

/** One change in words: what happened, to what, and (for renames, renewals, reminders) the detail that matters. */
function changeItem(e: ChangeEvent, input: PageInput, today: string, t: Messages): ChangeItem | undefined {
  if (isOperatorEvent(e)) return undefined;
  const instant = new Date(e.detectedAt);
  const day = Number.isNaN(instant.getTime()) ? undefined : dateText(todayIn(input.timeZone, instant), t);
  const base = { ...(day ? { day } : {}), kind: t.kinds[e.kind] };
  if (isNewsEvent(e)) return { ...base, subject: [e.item.url ? { link: e.item.url, label: e.item.title } : e.item.title] };
  const extra = offerChangeDetails(e, t, () => remaining(e.offer, today, t)?.text);
  // Another list's change says which list: "Synacktiv (PASSI)" is not a SecNumCloud qualification.
  const list = e.offer.list && e.offer.list !== PRIMARY_LIST ? [` (${listShort(e.offer.list, input.query.lang)})`] : [];
  return { ...base, subject: [e.offer.provider, ...(e.offer.service ? [SEP, e.offer.service] : []), ...list, ...extra.map((x) => `${SEP}${x}`)] };
}

/** A source's row: its state in words from the one model; the stored error text never (it names URLs and hosts). */
function sourceRow(s: SourceStatus, input: PageInput, t: Messages, w: PageWords): SourceRow {
  const h = s.health;
  return {
    name: s.name ?? s.id,
    state: h.state,
    stateText: stateWords(h, t, input.timeZone),
    ...(h.held ? { detail: t.sources.held } : {}),
    // A store that recorded only successes: the last success is the last check it knows of.
    lastCheck: instantText(s.lastAttemptAt ?? s.lastSuccessAt, input, t) ?? w.never,
    lastSuccess: instantText(s.lastSuccessAt, input, t) ?? w.never,
  };
}

/** The view model of the page for one request. */
export function buildPageModel(input: PageInput): PageModel {
  const { query } = input;
  const t = messages(query.lang);
  const w = pageWords(query.lang);
  const today = todayIn(input.timeZone, input.now);
  const listId = query.list ?? PRIMARY_LIST;
  const primary = listId === PRIMARY_LIST;
  // Another list: its last trusted records as TrackerState.lists gives them, or not read when it gives none.
  const view: ListState & { followed?: false } = primary
    ? { list: listId, read: true, held: false, offers: [] }
    : (input.lists?.find((l) => l.list === listId) ?? { list: listId, read: false, held: false, offers: [], ...(input.lists ? { followed: false as const } : {}) });
  const all = primary ? input.qualified.offers : view.offers;
  const columns = listColumns(listId, all);
  const product = columns.product !== undefined;
  // A type means nothing to a list without types, a category to a list without categories: not applied there.
  const q: PageQuery = { ...query, ...(columns.types ? {} : { type: undefined }), ...(columns.product?.category ? {} : { category: undefined }) };
  const shown = all.filter((o) => matches(o, q, product));
  const filtered = q.type !== undefined || q.q !== '' || q.category !== undefined;
  const providers = new Set(all.map((o) => normalizeName(o.provider))).size;
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_ROWS));
  // A page past the last (a bookmark of a longer table) shows the last one.
  const page = Math.min(q.page ?? 1, pages);
  const paged = pages > 1 ? pageOf(shown, page) : shown;
  const from = (page - 1) * PAGE_ROWS + 1;
  const at = (n: number): string => pageHref({ ...q, ...(n > 1 ? { page: n } : { page: undefined }) });
  const edition = dateText(primary ? input.qualified.edition : view.edition, t);
  const inProgress = input.inProgress.filter((o) => matches(o, query));
  const source = stateOfList('qualified', input.sources);
  const catalogue = primary ? source : { ...source, read: source.read && view.read };
  const pending = stateOfList('inProgress', input.sources);
  const catalogueNotice = primary ? listNotice('qualified', catalogue, all.length, t, input.timeZone) : listViewNotice(view, source, query.lang, input.timeZone);
  const inProgressNotice = listNotice('inProgress', pending, input.inProgress.length, t, input.timeZone);
  return {
    lang: query.lang,
    words: w,
    t,
    query,
    list: { id: listId, primary, heading: primary ? t.status.qualifiedOffers : listTitle(listId, query.lang), short: listShort(listId, query.lang), columns },
    listLinks: listLinks(input.lists ?? [], query),
    types: columns.types ? SERVICE_TYPES : [],
    categories: columns.product?.category ? [...new Set(all.map((o) => o.category).filter((c): c is string => c !== undefined))] : [],
    product,
    ...(pages > 1
      ? { paging: { range: w.paging.range(from, from + paged.length - 1, shown.length), page: w.paging.page(page, pages), ...(page > 1 ? { previous: at(page - 1) } : {}), ...(page < pages ? { next: at(page + 1) } : {}) } }
      : {}),
    otherLangHref: pageHref({ ...query, lang: w.otherLang.lang }),
    resetHref: pageHref({ lang: query.lang, q: '', ...(query.list ? { list: query.list } : {}) }),
    exports: {
      csv: `api/offers.csv${exportQuery(q)}`,
      calendar: `calendar.ics${exportQuery(q)}`,
      feed: `feed.atom${feedQuery(q, [...new Set([...shown, ...(primary ? inProgress : [])].map((o) => o.provider))])}`,
    },
    ...(edition ? { edition } : {}),
    counts: [
      { label: primary ? t.status.qualifiedOffers : product ? w.products.count(listShort(listId, query.lang)) : w.listOffers(listShort(listId, query.lang)), value: countText(all.length, catalogue, t) },
      { label: product ? w.products.developers : t.status.providers, value: countText(providers, catalogue, t) },
      ...(primary ? [{ label: w.inProgressHeading, value: countText(input.inProgress.length, pending, t) }] : []),
      ...(edition ? [{ label: t.status.edition, value: edition.text }] : []),
    ],
    ...(filtered ? { matched: (product ? w.products.matched : w.matched)(shown.length, all.length) } : {}),
    groups: groupByProvider(paged, today, t, columns, query.lang),
    noMatch: filtered && shown.length === 0 && all.length > 0,
    ...(catalogueNotice ? { catalogueNotice } : {}),
    ...(inProgressNotice ? { inProgressNotice } : {}),
    inProgressShown: primary,
    inProgressNoMatch: filtered && inProgress.length === 0 && input.inProgress.length > 0,
    inProgress: [...inProgress]
      .sort((a, b) => byName(a.provider, b.provider) || byName(a.service ?? '', b.service ?? ''))
      .map((o) => ({
        provider: o.provider,
        service: o.service ?? '',
        ...(o.types.length > 0 ? { types: o.types.join(', ') } : {}),
        ...(o.inProgressSince && isIsoDate(o.inProgressSince) ? { since: t.offer.inProgressSince(o.inProgressSince) } : {}),
      })),
    changes: input.changes.map((e) => changeItem(e, input, today, t)).filter((c): c is ChangeItem => c !== undefined),
    sources: input.sources.map((s) => sourceRow(s, input, t, w)),
  };
}
