/**
 * /api/offers.csv and /calendar.ics: the qualified offers taken elsewhere, with the filters of /api/offers
 * (`provider`, `type`) and a language (`lang`). Handlers are thin, as in api.ts: read the query, read the state,
 * map (csv-offers.ts, calendar-offers.ts), write (csv.ts, ical.ts), send.
 *
 * A list that was never read is said, never shown as an empty file (docs/sources-and-trust.md): the CSV says it on
 * its first line, where a spreadsheet shows it; a calendar has no such place that clients show, so /calendar.ics
 * answers 503 with the reason rather than an empty calendar a subscriber would take for "no end date coming".
 */
import type { Request, Response } from 'express';
import type { Lang, TrackerState } from '../commands/ports.js';
import { messages } from '../commands/i18n.js';
import { listNotice, stateOfList } from '../commands/source-text.js';
import { todayIn } from '../core/calendar.js';
import { filterOffers, parseExportQuery, type ApiError, type ExportQuery } from './api-query.js';
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
  if (q.lang !== defaultLang) p.set('lang', q.lang);
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function qualifiedList(deps: ExportDeps, q: ExportQuery) {
  const [{ offers, edition }, sources] = await Promise.all([deps.state.qualified(), deps.state.sources()]);
  const list = stateOfList('qualified', sources);
  const notice = listNotice('qualified', list, offers.length, messages(q.lang), deps.timeZone);
  return { offers: filterOffers(offers, q), edition, list, notice };
}

export function offersCsvRoute(deps: ExportDeps, answer: Answer) {
  return async (req: Request, res: Response): Promise<void> => {
    const q = parseExportQuery(req.query, deps.defaultLang);
    if (!q.ok) return answer.fail(res, 400, q.error);
    const { offers, edition, notice } = await qualifiedList(deps, q.value);
    const today = todayIn(deps.timeZone, deps.clock());
    const doc = offersCsv({ offers, ...(edition ? { edition } : {}), today, lang: q.value.lang, filters: q.value, ...(notice ? { notice } : {}) });
    res
      .status(200)
      .set({
        'Content-Type': CSV_CONTENT_TYPE,
        'Content-Disposition': `attachment; filename="${offersCsvFilename(q.value.lang, edition)}"`,
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
    const filters = [q.value.type, q.value.provider].filter((x) => x !== undefined).join(', ');
    const calendar = offersCalendar({
      offers,
      ...(edition ? { edition } : {}),
      windows: deps.reminderWindows,
      lang: q.value.lang,
      self: `${answer.base(req)}/calendar.ics${exportParams(q.value, deps.defaultLang)}`,
      ...(notice ? { notice } : {}),
      ...(filters ? { filters } : {}),
      now: deps.clock().toISOString(),
    });
    res
      .status(200)
      .set({ 'Content-Type': ICAL_CONTENT_TYPE, 'Content-Disposition': 'inline; filename="secnumcloud.ics"', 'Content-Language': q.value.lang, 'Cache-Control': answer.cache })
      .send(renderIcal(calendar));
  };
}
