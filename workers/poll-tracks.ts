import type { OfferEvent, OperatorEvent } from '../src/core/events.js';
import type { GuardThresholds } from '../src/core/guard.js';
import type { Snapshot } from '../src/core/offer.js';
import { chainedStateHash, snapshotHash } from '../src/core/snapshot.js';
import { PRIMARY_LIST, trackOf } from '../src/core/tracks.js';
import { decide, type DiffFn, type HeldSnapshot, type TrustDecision } from '../src/core/trust.js';
import type { SourceStore, StoredValidators, TrustedRecord } from '../src/store/source-store.js';

/** One list of a source as stored: its track id, trusted and held snapshots. */
export interface Track {
  list: string;
  id: string;
  trusted?: TrustedRecord;
  held?: HeldSnapshot;
}

/** What became of one list in a poll. */
export type TrackOutcome =
  | { list: string; outcome: 'baseline' | 'changed' | 'released'; events: OfferEvent[]; snapshot: Snapshot; trusted: boolean }
  | { list: string; outcome: 'held'; held: HeldSnapshot; alert?: OperatorEvent; events: OfferEvent[]; trusted: false }
  | { list: string; outcome: 'superseded'; events: OfferEvent[]; trusted: false };

export async function readTracks(store: SourceStore, source: string, lists: readonly string[]): Promise<Track[]> {
  return Promise.all(
    lists.map(async (list) => {
      const id = trackOf(source, list);
      const [trusted, held] = await Promise.all([store.getTrusted(id), store.getHeld(id)]);
      return { list, id, ...(trusted ? { trusted } : {}), ...(held ? { held } : {}) };
    }),
  );
}

export interface Judge {
  source: string;
  sourceName?: string;
  guard: (list: string) => GuardThresholds;
  diff: (list: string) => DiffFn;
  now: Date;
}

/**
 * The trust decision for one list. `silent`: the document is the one already stored, read again by a new parser
 * version, so what differs is the reading, not ANSSI's list: trusted, it is stored without events.
 */
export function judgeTrack(j: Judge, t: Track, next: Snapshot, bodyHash: string, silent: boolean): TrustDecision {
  const d = decide({
    source: j.source,
    ...(j.sourceName ? { sourceName: j.sourceName } : {}),
    ...(t.list === PRIMARY_LIST ? {} : { list: t.list }),
    guard: j.guard(t.list),
    diff: j.diff(t.list),
    ...(t.trusted ? { previous: t.trusted } : {}),
    ...(t.held ? { held: t.held } : {}),
    next,
    bodyHash,
    now: j.now,
  });
  return silent && d.action === 'commit' ? { action: 'commit', events: [] } : d;
}

/** What a decision would do, written nowhere (the `check` command). */
export function dryOutcome(t: Track, next: Snapshot, d: TrustDecision): TrackOutcome {
  switch (d.action) {
    case 'baseline':
      return { list: t.list, outcome: 'baseline', events: [], snapshot: next, trusted: true };
    case 'commit':
      return { list: t.list, outcome: 'changed', events: d.events, snapshot: next, trusted: true };
    case 'release':
      return { list: t.list, outcome: d.baseline ? 'baseline' : 'released', events: d.events, snapshot: next, trusted: true };
    case 'hold':
      return { list: t.list, outcome: 'held', held: d.held, ...(d.alert ? { alert: d.alert } : {}), events: [], trusted: false };
  }
}

/** Writes a decision: holds the snapshot, or stores it with its events (atomically, if the trusted state is unchanged). */
export async function applyTrack(store: SourceStore, t: Track, next: Snapshot, validators: StoredValidators, d: TrustDecision, now: Date): Promise<TrackOutcome> {
  const expected = t.trusted ? { expectedState: t.trusted.state } : {};
  if (d.action === 'hold') {
    const ok = await store.hold(t.id, { ...expected, held: d.held, ...(d.alert ? { alert: d.alert } : {}) });
    return ok ? dryOutcome(t, next, d) : { list: t.list, outcome: 'superseded', events: [], trusted: false };
  }
  const events = d.action === 'baseline' ? [] : d.events;
  // The same records stored again (a poll repeated after a crash, an unchanged list): nothing to write.
  if (t.trusted && !t.held && events.length === 0 && snapshotHash(t.trusted.snapshot) === snapshotHash(next)) {
    return { list: t.list, outcome: 'changed', events: [], snapshot: next, trusted: true };
  }
  const state = chainedStateHash(t.trusted?.state, next);
  const ok = await store.commit(t.id, { ...expected, state, snapshot: next, validators, events, now });
  return ok ? dryOutcome(t, next, d) : { list: t.list, outcome: 'superseded', events: [], trusted: false };
}
