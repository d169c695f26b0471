/**
 * /api/editions: the kept editions of the catalogue (date, whether the document states it, document hash, when it
 * was stored, the lists kept), oldest first; /api/editions/diff: the changes between two kept editions, computed
 * by the diff engine on their kept records (a pure diff: nothing is read from or written to the change log).
 *
 * Diff events take the later edition's storing time as `detectedAt` and the earlier records' hash as the state
 * their ids are chained to, so the same two editions always give the same events with the same ids. Those are not
 * the change log's ids: the log chains each id to the stored state of every snapshot before it, which editions do
 * not keep; the kinds, identities and records are the same.
 */
import type { Request, Response } from 'express';
import type { TrackerState } from '../commands/ports.js';
import { diffSnapshots } from '../core/diff.js';
import type { EditionMeta } from '../core/editions.js';
import { PRIMARY_LIST } from '../core/tracks.js';
import { parseDiffQuery, type ApiError } from './api-query.js';
import { toApiChange } from './api-records.js';
import { keptOf, order } from './list-views.js';

type Fail = (res: Response, status: number, error: ApiError) => void;
type Send = (res: Response, status: number, body: unknown) => void;

/** The catalogue source the events name: the first one configured (a deployment follows one catalogue). */
async function catalogueId(state: TrackerState): Promise<string> {
  return (await state.sources()).find((s) => s.kind === 'anssi-catalogue')?.id ?? 'anssi-catalogue';
}

const kept = async (state: TrackerState): Promise<EditionMeta[]> => (state.editions ? state.editions.list() : []);

export function editionsRoute(deps: { state: TrackerState }, send: Send) {
  return async (_req: Request, res: Response): Promise<void> => {
    const { state } = deps;
    const editions = await kept(state);
    send(res, 200, { count: editions.length, editions: editions.map((e) => ({ ...keptOf(e), lists: [...e.lists] })) });
  };
}

export function editionsDiffRoute(deps: { state: TrackerState }, fail: Fail, send: Send) {
  return async (req: Request, res: Response): Promise<void> => {
    const { state } = deps;
    const q = parseDiffQuery(req.query);
    if (!q.ok) return fail(res, 400, q.error);
    const editions = await kept(state);
    const metaOf = (name: 'from' | 'to') => editions.find((e) => e.edition === q.value[name]);
    const [from, to] = [metaOf('from'), metaOf('to')];
    for (const [name, meta] of [['from', from], ['to', to]] as const) {
      if (!meta) return fail(res, 404, { error: 'not_found', parameter: name, message: `edition ${q.value[name]} is not kept; the kept editions are at /api/editions` });
    }
    const both = order(from!.lists.filter((l) => to!.lists.includes(l)));
    const lists = q.value.list === 'all' ? both : [q.value.list];
    if (q.value.list !== 'all' && !both.includes(q.value.list)) {
      const missing = from!.lists.includes(q.value.list) ? to! : from!;
      return fail(res, 404, { error: 'not_found', parameter: 'list', message: `list ${q.value.list} is not kept in edition ${missing.edition} (not read yet, or held when that edition came)` });
    }
    const [before, after, source] = await Promise.all([state.editions!.get(from!.edition, lists), state.editions!.get(to!.edition, lists), catalogueId(state)]);
    const changes = lists.flatMap((list) => {
      // The newer edition's annex (decision 0025) tells an archived certificate from a lapsed or withdrawn one.
      const snap = (e: typeof before, edition: string) => ({ source, ...(list === PRIMARY_LIST ? {} : { list }), edition, offers: e?.records[list] ?? [], ...(e?.archived ? { archived: e.archived } : {}) });
      return diffSnapshots(snap(before, from!.edition), snap(after, to!.edition), { detectedAt: to!.storedAt });
    });
    send(res, 200, { from: keptOf(from!), to: keptOf(to!), list: q.value.list, lists, count: changes.length, changes: changes.map(toApiChange) });
  };
}
