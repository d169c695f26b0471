/**
 * /api/offers.csv and /calendar.ics: the qualified offers taken elsewhere, with the filters of /api/offers
 * (`provider`, `type`, `q`, `category`) and a language (`lang`). Handlers are thin, as in api.ts: read the query, read the state,
 * map (csv-offers.ts, calendar-offers.ts), write (csv.ts, ical.ts), send.
 *
 * A list that was never read is said, never shown as an empty file (docs/sources-and-trust.md): the CSV says it on
 * its first line, where a spreadsheet shows it; a calendar has no such place that clients show, so /calendar.ics
 * answers 503 with the reason rather than an empty calendar a subscriber would take for "no end date coming".
 */
import type { Request, Response } from 'express';
import type { Lang, TrackerState } from '../commands/ports.js';
import { messages } from '../commands/i18n.js';
import { stateOfList } from '../commands/source-text.js';
import { todayIn } from '../core/calendar.js';
import { PRIMARY_LIST } from '../core/tracks.js';
import { filterOffers, parseExportQuery, type ApiError, type ExportQuery } from './api-query.js';
import { listViewNotice } from './list-notice.js';
import { readListViews } from './list-views.js';
import { offersCalendar } from './calendar-offers.js';
import { offersCsv, offersCsvFilename } from './csv-offers.js';
import { CSV_CONTENT_TYPE, renderCsv } from './csv.js';
import { ICAL_CONTENT_TYPE, renderIcal } from './ical.js';

export interface ExportDeps {
  state: TrackerState;
  clock: () => Date;
  /** TZ_REFERENCE: what "today" means for days left. */
  timeZone: string;
  /** DEFAULT_LANG: the words of the files without `?lang=`. */
  defaultLang: Lang;
  /** REMINDER_WINDOWS: the reminders the calendar shows before each end date. */
  reminderWindows: readonly number[];
}

/** How the route answers: the JSON helpers of api.ts, so that errors look the same everywhere. */
export interface Answer {
  fail(res: Response, status: number, error: ApiError): void;
  /** Cache-Control of a successful answer. */
  cache: string;
  /** The public address, for the calendar's own link. */
  base(req: Request): string;
}

/** Retry-After of a calendar whose list was never read: the catalogue is polled every few hours. */
const NOT_READ_RETRY_S = 600;

/** The query string of an export's own address: its filters and language, in one order. */
function exportParams(q: ExportQuery, defaultLang: Lang): string {
  const p = new URLSearchParams();
  if (q.provider !== undefined) p.set('provider', q.provider);
  if (q.type) p.set('type', q.type);
  if (q.q !== undefined) p.set('q', q.q);
  if (q.category !== undefined) p.set('category', q.category);
  if (q.list !== PRIMARY_LIST) p.set('list', q.list);
  if (q.lang !== defaultLang) p.set('lang', q.lang);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * The latest trusted records of the list asked for, and what to say of them (list-notice.ts): a list the catalogue's
 * source has not read yet (one followed since the last edition) is not read, whatever the source's state says.
 */
async function qualifiedList(deps: ExportDeps, q: ExportQuery) {
  const [read, sources] = await Promise.all([readListViews(deps.state, q.list, { kind: 'latest' }), deps.state.sources()]);
  const view = read.ok ? read.views[0]! : { list: q.list, read: false, held: false, offers: [] };
  const source = stateOfList('qualified', sources);
  const list = { ...source, read: source.read && view.read };
  const notice = listViewNotice(view, source, q.lang, deps.timeZone);
  return { offers: filterOffers(view.offers, q), edition: view.edition, list, notice };
}

export function offersCsvRoute(deps: ExportDeps, answer: Answer) {
  return async (req: Request, res: Response): Promise<void> => {
    const q = parseExportQuery(req.query, deps.defaultLang);
    if (!q.ok) return answer.fail(res, 400, q.error);
    const { offers, edition, notice } = await qualifiedList(deps, q.value);
    const today = todayIn(deps.timeZone, deps.clock());
    const doc = offersCsv({ offers, ...(edition ? { edition } : {}), today, lang: q.value.lang, list: q.value.list, filters: q.value, ...(notice ? { notice } : {}) });
    res
      .status(200)
      .set({
        'Content-Type': CSV_CONTENT_TYPE,
        'Content-Disposition': `attachment; filename="${offersCsvFilename(q.value.lang, edition, q.value.list)}"`,
        'Content-Language': q.value.lang,
        'Cache-Control': answer.cache,
      })
      .send(renderCsv(doc));
  };
}

export function calendarRoute(deps: ExportDeps, answer: Answer) {
  return async (req: Request, res: Response): Promise<void> => {
    const q = parseExportQuery(req.query, deps.defaultLang);
    if (!q.ok) return answer.fail(res, 400, q.error);
    const { offers, edition, list, notice } = await qualifiedList(deps, q.value);
    if (!list.read || list.health.state === 'disabled') {
      res.set('Retry-After', String(NOT_READ_RETRY_S));
      return answer.fail(res, 503, { error: 'unavailable', message: notice ?? messages(q.value.lang).sources.lists.qualified.never });
    }
    const filters = [q.value.type, q.value.provider, q.value.category, q.value.q].filter((x) => x !== undefined).join(', ');
    const calendar = offersCalendar({
      offers,
      ...(edition ? { edition } : {}),
      windows: deps.reminderWindows,
      lang: q.value.lang,
      list: q.value.list,
      self: `${answer.base(req)}/calendar.ics${exportParams(q.value, deps.defaultLang)}`,
      ...(notice ? { notice } : {}),
      ...(filters ? { filters } : {}),
      now: deps.clock().toISOString(),
    });
    res
      .status(200)
      .set({ 'Content-Type': ICAL_CONTENT_TYPE, 'Content-Disposition': `inline; filename="${q.value.list}.ics"`, 'Content-Language': q.value.lang, 'Cache-Control': answer.cache })
      .send(renderIcal(calendar));
  };
}
