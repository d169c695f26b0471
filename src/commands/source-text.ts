/**
 * A source's state in words, from the one model (src/core/source-state.ts): what the status page and the commands
 * say about a source and about the lists it feeds. Pure.
 */
import { timeOfDayIn, todayIn } from '../core/calendar.js';
import { listState, type SourceFailure, type SourceState } from '../core/source-state.js';
import type { ListName } from './i18n-sources.js';
import type { Messages } from './i18n.js';
import type { SourceStatus } from './ports.js';

/** An instant as the language writes it in the reference time zone ("28/11/2026 à 10:00"), or undefined. */
export function instantWords(iso: string | undefined, timeZone: string, t: Messages): string | undefined {
  const d = iso ? new Date(iso) : undefined;
  if (!d || Number.isNaN(d.getTime())) return undefined;
  return t.sources.at(t.date(todayIn(timeZone, d)), timeOfDayIn(timeZone, d));
}

/** The kind of a failure in words: "HTTP 503", "server unreachable"… */
export const failureKindText = (f: SourceFailure, t: Messages): string =>
  f.kind === 'http' && f.httpStatus !== undefined ? `HTTP ${f.httpStatus}` : t.sources.failureKinds[f.kind === 'http' ? 'other' : f.kind];

/** The state in words: its name, or for a failing source since when, how many times and what kind of failure. */
export function stateWords(h: SourceState, t: Messages, timeZone: string): string {
  if (h.state !== 'failing' || !h.failure) return t.sources.states[h.state];
  return t.sources.failing(h.failure.count, instantWords(h.failure.since, timeZone, t), failureKindText(h.failure, t));
}

/** The sources that feed a list: the catalogue's for the qualified offers, the "en cours" page's for the entries. */
const KIND: Record<ListName, string> = { qualified: 'anssi-catalogue', inProgress: 'anssi-page' };

/** A list's state: the state of the sources of its kind (`disabled` when none is enabled), and whether one was ever trusted. */
export interface ListStatus {
  health: SourceState;
  /** A document of the list's sources was trusted once: an empty list is then truly empty. */
  read: boolean;
}

export function stateOfList(list: ListName, sources: readonly SourceStatus[]): ListStatus {
  const own = sources.filter((s) => s.kind === KIND[list]);
  return { health: listState(own.map((s) => s.health)), read: own.some((s) => s.enabled && s.trustedSince !== undefined) };
}

/**
 * What a view must say about a list besides its records, or undefined when the records speak for themselves (a
 * working source that was read). Absence is never shown as emptiness: a list not followed, not read yet, failing or
 * held says so; `empty` is said only of a list that was read, works, and has no record.
 */
export function listNotice(list: ListName, l: ListStatus, count: number, t: Messages, timeZone: string): string | undefined {
  const w = t.sources.lists[list];
  const h = l.health;
  const last = instantWords(h.lastSuccessAt, timeZone, t);
  switch (h.state) {
    case 'disabled':
      return w.disabled;
    case 'failing': {
      const f = stateWords(h, t, timeZone);
      return l.read && last ? w.failing(f, last) : w.failingEmpty(f);
    }
    case 'held':
      return l.read ? w.held : w.heldEmpty;
    case 'never':
      return w.never;
    case 'overdue':
      return !l.read ? w.never : last ? w.overdue(last) : undefined;
    case 'working':
      return !l.read ? w.never : count === 0 ? w.empty : undefined;
  }
}

/** A count of a list's records, or words when the list is not followed or was never read. */
export function countText(count: number, l: ListStatus, t: Messages): string {
  if (l.health.state === 'disabled') return t.sources.countNotFollowed;
  return l.read ? String(count) : t.sources.countUnknown;
}
