/**
 * The records of one catalogue list (or all of them) as a view shows them: the latest trusted ones, those of a
 * kept edition, or those in force on a date (`editionAt`). Every answer says which edition each list comes from,
 * whether the list was read (never "none" for a list not read yet) and, for the latest, whether a newer document
 * of it is held. Reads TrackerState only; the routes turn a refusal into a 404 with its message.
 */
import type { ListState, TrackerState } from '../commands/ports.js';
import { editionAt, type EditionMeta } from '../core/editions.js';
import type { Offer } from '../core/offer.js';
import { SERVICE_LIST_IDS } from '../sources/anssi-catalogue/list-specs.js';

/** Which records: the latest trusted, a kept edition, or the edition in force on a day. */
export type AsOf = { kind: 'latest' } | { kind: 'edition'; edition: string } | { kind: 'at'; date: string };

/** A kept edition as answers name it (its lists are said per list). */
export type KeptEdition = Omit<EditionMeta, 'lists'>;

export interface ListView extends ListState {
  /** The kept edition the records come from (edition and at answers). */
  kept?: KeptEdition;
  /** Latest only: false when the catalogue's source does not follow the list (its `lists` setting leaves it out). */
  followed?: false;
}

export type ListViews = { ok: true; views: ListView[] } | { ok: false; message: string };

export const keptOf = (m: EditionMeta): KeptEdition => ({ edition: m.edition, dated: m.dated, ...(m.bodyHash ? { bodyHash: m.bodyHash } : {}), storedAt: m.storedAt });

const notRead = (list: string): ListView => ({ list, read: false, held: false, offers: [] });

/** The lists asked for in the catalogue's order (SERVICE_LIST_IDS), any other id after them. */
export const order = (lists: Iterable<string>): string[] => {
  const set = new Set(lists);
  return [...SERVICE_LIST_IDS.filter((l) => set.has(l)), ...[...set].filter((l) => !(SERVICE_LIST_IDS as readonly string[]).includes(l)).sort()];
};

async function kept(state: TrackerState): Promise<EditionMeta[]> {
  return state.editions ? state.editions.list() : [];
}

/**
 * The views of `list` (`all`: every list followed, or every list the edition keeps), as of `asOf`. A refusal
 * (an edition not kept, a date before the first kept edition) comes with the sentence a user needs.
 */
export async function readListViews(state: TrackerState, list: string, asOf: AsOf): Promise<ListViews> {
  if (asOf.kind === 'latest') {
    const all = await state.lists();
    // The catalogue's order (SecNumCloud, PACS, PASSI, … the eIDAS lists last), as the page's selector shows them.
    if (list === 'all') return { ok: true, views: order(all.map((l) => l.list)).map((id) => all.find((l) => l.list === id)!) };
    return { ok: true, views: [all.find((l) => l.list === list) ?? { ...notRead(list), followed: false }] };
  }
  const editions = await kept(state);
  if (asOf.kind === 'edition') {
    const meta = editions.find((e) => e.edition === asOf.edition);
    if (!meta) return { ok: false, message: `edition ${asOf.edition} is not kept${editions.length ? `; the kept editions are at /api/editions (first ${editions[0]!.edition}, latest ${editions.at(-1)!.edition})` : '; no edition is kept yet'}` };
    const wanted = list === 'all' ? meta.lists : [list];
    const edition = await state.editions!.get(meta.edition, wanted);
    return {
      ok: true,
      views: order(wanted).map((l): ListView => {
        const offers = edition?.records[l];
        // A list missing from a kept edition was held when that edition came: not read in it, not empty.
        return offers ? { list: l, read: true, held: false, offers, edition: meta.edition, kept: keptOf(meta) } : notRead(l);
      }),
    };
  }
  const first = editions[0];
  if (!first || asOf.date < first.edition) {
    return { ok: false, message: first ? `tracking starts at the first kept edition, ${first.edition}: nothing is known of ${asOf.date}` : 'no edition is kept yet: tracking starts at the first kept edition' };
  }
  const lists = list === 'all' ? order(editions.flatMap((e) => e.lists)) : [list];
  const inForce = new Map<string, EditionMeta>();
  for (const l of lists) {
    const e = editionAt(editions, asOf.date, l);
    if (e) inForce.set(l, e);
  }
  if (list !== 'all' && inForce.size === 0) return { ok: false, message: `list ${list} is in no edition kept on or before ${asOf.date}; tracking starts at the first kept edition, ${first.edition}` };
  // One read per edition, with the lists it answers for.
  const byEdition = new Map<string, string[]>();
  for (const [l, e] of inForce) byEdition.set(e.edition, [...(byEdition.get(e.edition) ?? []), l]);
  const records = new Map<string, Offer[]>();
  for (const [edition, ls] of byEdition) {
    const got = await state.editions!.get(edition, ls);
    for (const l of ls) if (got?.records[l]) records.set(l, got.records[l]);
  }
  return {
    ok: true,
    views: lists.map((l): ListView => {
      const e = inForce.get(l);
      const offers = records.get(l);
      return e && offers ? { list: l, read: true, held: false, offers, edition: e.edition, kept: keptOf(e) } : notRead(l);
    }),
  };
}

/** The records of the views, SecNumCloud's first: what `list=all` lists. */
export const offersOf = (views: readonly ListView[]): Offer[] => views.flatMap((v) => v.offers);

/** The latest edition among the views (the one a single-list answer shows). */
export const latestEdition = (views: readonly ListView[]): string | undefined =>
  views.map((v) => v.edition).filter((e): e is string => e !== undefined).sort().at(-1);
