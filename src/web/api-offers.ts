/**
 * /api/offers: the qualified offers of a catalogue list (`list`, SecNumCloud by default, `all` for every list), the
 * latest trusted or as of a kept edition (`edition`) or a day (`at`), or the "en cours" entries. Every answer says
 * which edition it shows (`edition`, and `kept` for a kept edition's date, document hash and storing time), whether
 * the list was read (`read`: an unread list is never shown as "no offer") and whether a newer document is held.
 */
import type { Request, Response } from 'express';
import { stateOfList } from '../commands/source-text.js';
import { todayIn } from '../core/calendar.js';
import type { ExportDeps } from './api-exports.js';
import { filterOffers, parseOffersQuery, type ApiError, type OffersQuery } from './api-query.js';
import { toApiFailure, toApiListedOffer } from './api-records.js';
import { latestEdition, offersOf, readListViews, type AsOf, type ListView } from './list-views.js';

type Fail = (res: Response, status: number, error: ApiError) => void;
type Send = (res: Response, status: number, body: unknown) => void;

const asOfOf = (q: OffersQuery): AsOf =>
  q.edition !== undefined ? { kind: 'edition', edition: q.edition } : q.at !== undefined ? { kind: 'at', date: q.at } : { kind: 'latest' };

/** A list's line in a `list=all` answer. */
const summary = (v: ListView, count: number, latest: boolean) => ({
  list: v.list,
  read: v.read,
  ...(latest ? { held: v.held } : {}),
  edition: v.edition ?? null,
  ...(v.kept ? { kept: v.kept } : {}),
  count,
});

export function offersRoute(deps: ExportDeps, fail: Fail, send: Send) {
  return async (req: Request, res: Response): Promise<void> => {
    const q = parseOffersQuery(req.query);
    if (!q.ok) return fail(res, 400, q.error);
    const today = todayIn(deps.timeZone, deps.clock());
    const sources = await deps.state.sources();
    if (q.value.status === 'in_progress') {
      const listed = filterOffers(await deps.state.inProgress(), q.value).map((o) => toApiListedOffer(o, today));
      const { health } = stateOfList('inProgress', sources);
      return send(res, 200, { status: 'in_progress', state: health.state, ...(health.failure ? { failure: toApiFailure(health.failure) } : {}), today, count: listed.length, offers: listed });
    }
    // What is in force on a day to come is not known yet: the latest edition would be a guess.
    if (q.value.at !== undefined && q.value.at > today) return fail(res, 400, { error: 'invalid_parameter', parameter: 'at', message: `at must not be after today (${today}); the latest edition is at /api/offers` });
    const asOf = asOfOf(q.value);
    const read = await readListViews(deps.state, q.value.list, asOf);
    if (!read.ok) return fail(res, 404, { error: 'not_found', message: read.message, parameter: asOf.kind === 'edition' ? 'edition' : 'at' });
    const { views } = read;
    const listed = filterOffers(offersOf(views), q.value).map((o) => toApiListedOffer(o, today));
    // Absence is said, never shown as an empty list: the state of the catalogue's source, `edition: null` and
    // `read: false` for a list not read (yet, or in that edition).
    const { health } = stateOfList('qualified', sources);
    const one = views.length === 1 && q.value.list !== 'all' ? views[0] : undefined;
    send(res, 200, {
      status: 'qualified',
      list: q.value.list,
      state: health.state,
      ...(health.failure ? { failure: toApiFailure(health.failure) } : {}),
      edition: latestEdition(views) ?? null,
      ...(asOf.kind === 'at' ? { at: asOf.date } : {}),
      ...(one ? { read: one.read, ...(one.followed === false ? { followed: false } : {}), ...(asOf.kind === 'latest' ? { held: one.held } : {}), ...(one.kept ? { kept: one.kept } : {}) } : {}),
      ...(one ? {} : { lists: views.map((v) => summary(v, filterOffers(v.offers, q.value).length, asOf.kind === 'latest')) }),
      today,
      count: listed.length,
      offers: listed,
    });
  };
}
