import { isNewsEvent, type NewsEvent, type OfferEvent } from '../src/core/events.js';
import { ANNOUNCED_WINDOW_DAYS, markAnnounced } from '../src/core/first-announced.js';
import { inProgressEvents, markWasInProgress } from '../src/core/in-progress.js';
import type { Offer, Snapshot } from '../src/core/offer.js';
import { editionKey } from '../src/core/editions.js';
import type { GuardThresholds } from '../src/core/guard.js';
import { listOf, PRIMARY_LIST } from '../src/core/tracks.js';
import { eventsSince, type DiffFn } from '../src/core/trust.js';
import type { Logger } from '../src/logger.js';
import type { Fetcher } from '../src/sources/fetcher.js';
import { sha256Hex } from '../src/sources/fetcher.js';
import type { ParsedDocument } from '../src/sources/registry.js';
import { isFeedSource, type OfferSourceConfig, type SourceConfig } from '../src/sources/schema.js';
import type { NewsStore } from '../src/store/news-store.js';
import type { EditionStore } from '../src/store/edition-store.js';
import type { StoredValidators } from '../src/store/source-store.js';
import { parserVersion } from '../src/sources/parser-versions.js';
import { listGuardOf } from '../src/sources/anssi-catalogue/settings.js';
import { applyTrack, dryOutcome, judgeTrack, readTracks, type Judge, type Track, type TrackOutcome } from './poll-tracks.js';
import { pollFeed } from './poll-feed.js';
import type { PollDeps, PollResult } from './poll-types.js';

export type { PollDeps, PollResult } from './poll-types.js';

/**
 * One poll: fetch → parse → guard → diff → store. With `commit: false` (the `check` command) nothing is
 * written and the result says what a committing poll would do. Errors (fetch, format) propagate: the
 * caller decides about retries and health.
 */
export async function pollSource(deps: PollDeps, source: SourceConfig, opts: { commit: boolean }): Promise<PollResult> {
  return isFeedSource(source) ? pollFeed(deps, source, opts) : pollOffers(deps, source, opts);
}

/** Each kind of offer source has its diff: the catalogue's, or the "en cours" page's. */
async function diffFor(deps: PollDeps, source: OfferSourceConfig): Promise<DiffFn> {
  if (source.kind === 'anssi-page') {
    const qualified = await deps.offersOf('qualified');
    return (previous, next, detectedAt) => inProgressEvents(previous, next, qualified, detectedAt);
  }
  const [inProgress, news] = await Promise.all([deps.offersOf('in_progress'), recentNews(deps)]);
  return (previous, next, detectedAt) => markAnnounced(markWasInProgress(eventsSince(previous, next, detectedAt), inProgress), news);
}

/** News events of the announcement window, oldest first, at most NEWS_SCAN (a bounded read of the log by time). */
const NEWS_SCAN = 5000;
async function recentNews(deps: PollDeps): Promise<NewsEvent[]> {
  if (!deps.changeLog) return [];
  const since = deps.clock().getTime() - ANNOUNCED_WINDOW_DAYS * 86_400_000;
  return (await deps.changeLog.recordedSince(since, NEWS_SCAN)).map((e) => e.event).filter(isNewsEvent);
}

/** The lists a source follows: SecNumCloud (or the page's one list), the ones its settings name, and any it stored. */
async function listsOf(deps: PollDeps, source: OfferSourceConfig): Promise<string[]> {
  if (source.kind !== 'anssi-catalogue') return [PRIMARY_LIST];
  // A list stored before but no longer in the settings is not followed any more (and not shown).
  return [PRIMARY_LIST, ...source.settings.lists.filter((l) => l !== PRIMARY_LIST)];
}

function judgeFor(deps: PollDeps, source: OfferSourceConfig, primaryDiff: DiffFn, now: Date): Judge {
  const guard = (list: string): GuardThresholds => {
    if (list === PRIMARY_LIST || source.kind !== 'anssi-catalogue') return source.guard;
    return listGuardOf(source.settings, list);
  };
  return { source: source.id, ...(source.name ? { sourceName: source.name } : {}), guard, diff: (list) => (list === PRIMARY_LIST ? primaryDiff : eventsSince), now };
}

async function pollOffers(deps: PollDeps, source: OfferSourceConfig, opts: { commit: boolean }): Promise<PollResult> {
  const version = parserVersion(source.kind);
  const [document, lists] = await Promise.all([deps.store.getDocument(source.id), listsOf(deps, source)]);
  // A document read by another parser version is fetched whole and read again, whatever its validators say.
  const current = document?.parserVersion === version;
  const fetched = await deps.fetcher.fetch(source.url, current ? document.validators : undefined);
  const now = deps.clock();
  const tracks = await readTracks(deps.store, source.id, lists);
  const judge = judgeFor(deps, source, await diffFor(deps, source), now);
  if (fetched.status === 'not-modified') {
    // The settled document again: a list held on it counts this sighting, and is released once confirmed.
    const bodyHash = document?.validators.bodyHash;
    const again = tracks.filter((t) => t.held !== undefined && t.held.bodyHash === bodyHash);
    if (again.length === 0 || bodyHash === undefined) {
      if (opts.commit) {
        await deps.store.touchValidators(source.id, fetched.validators);
        await deps.store.recordSuccess(source.id, now, source.name);
      }
      return { outcome: 'unchanged', reason: fetched.reason };
    }
    const outcomes = await settle(deps, source, again.map((t) => ({ track: t, next: t.held!.snapshot })), { ...fetched.validators, bodyHash }, judge, opts, false);
    if (opts.commit) await deps.store.recordSuccess(source.id, now, source.name);
    return summarise(outcomes, { outcome: 'unchanged', reason: fetched.reason });
  }
  const bodyHash = fetched.validators.bodyHash ?? sha256Hex(fetched.body);
  const parsed = await parseOffers(deps, source, fetched.body, fetched.contentType);
  const silent = !current && document?.validators.bodyHash === bodyHash;
  const work = tracks.flatMap((track) => {
    const next = parsed.get(track.list) ?? vanished(track, parsed.get(PRIMARY_LIST)!);
    return next ? [{ track, next }] : [];
  });
  const validators = { ...fetched.validators, bodyHash };
  const outcomes = await settle(deps, source, work, validators, judge, opts, silent);
  if (opts.commit) {
    await deps.store.addTrackedLists(source.id, work.map((w) => w.track.list).filter((l) => l !== PRIMARY_LIST));
    if (!outcomes.some((o) => o.outcome === 'superseded')) await deps.store.setDocument(source.id, { validators, parserVersion: version });
    await deps.store.recordSuccess(source.id, now, source.name);
  }
  return summarise(outcomes);
}

/**
 * A list the document no longer prints: judged as empty (so held, unless its guard allows no rows), never as "all
 * its offers left". A list never stored and not printed is not followed yet: nothing.
 */
function vanished(track: Track, primary: Snapshot): Snapshot | undefined {
  if (!track.trusted && !track.held) return undefined;
  return { source: primary.source, list: track.list, ...(primary.edition ? { edition: primary.edition } : {}), offers: [] };
}

/** Judges and (with commit) writes every list, then keeps the edition of the lists now trusted. */
async function settle(
  deps: PollDeps,
  source: OfferSourceConfig,
  work: { track: Track; next: Snapshot }[],
  validators: StoredValidators & { bodyHash: string },
  judge: Judge,
  opts: { commit: boolean },
  silent: boolean,
): Promise<TrackOutcome[]> {
  const outcomes: TrackOutcome[] = [];
  for (const { track, next } of work) {
    const d = judgeTrack(judge, track, next, validators.bodyHash, silent);
    outcomes.push(opts.commit ? await applyTrack(deps.store, track, next, validators, d, judge.now) : dryOutcome(track, next, d));
  }
  if (opts.commit && source.kind === 'anssi-catalogue' && deps.editions) await keepEdition(deps.editions, source.id, outcomes, validators.bodyHash, judge.now);
  return outcomes;
}

/** Files the lists stored by this poll under their edition (a list released later joins its own edition). */
async function keepEdition(editions: EditionStore, source: string, outcomes: TrackOutcome[], bodyHash: string, now: Date): Promise<void> {
  const byEdition = new Map<string, { dated: boolean; lists: Record<string, Offer[]>; archived?: string[] }>();
  for (const o of outcomes) {
    if (!o.trusted) continue;
    const key = editionKey(o.snapshot.edition, now.toISOString());
    const entry = byEdition.get(key.edition) ?? { dated: key.dated, lists: {} };
    entry.lists[o.list] = o.snapshot.offers;
    // Every product list of a document carries the same annex (0025): kept once, with the edition.
    if (o.snapshot.archived) entry.archived = o.snapshot.archived;
    byEdition.set(key.edition, entry);
  }
  for (const [edition, { dated, lists, archived }] of byEdition) await editions.keep(source, { edition, dated, bodyHash, storedAt: now.toISOString() }, lists, archived);
}

/**
 * One result for the poll: SecNumCloud's outcome (or, when it was not read again, `fallback`'s), with the events of
 * every list and each list's outcome.
 */
function summarise(outcomes: TrackOutcome[], fallback?: PollResult): PollResult {
  const events = outcomes.flatMap((o) => o.events);
  const lists = outcomes.map((o) => ({ list: o.list, outcome: o.outcome, events: o.events.length }));
  const primary = outcomes.find((o) => o.list === PRIMARY_LIST);
  const extra = { lists };
  if (!primary) {
    const released = outcomes.some((o) => o.outcome === 'released' || o.outcome === 'baseline');
    if (released) return { outcome: 'released', events, ...extra };
    return { ...(fallback ?? { outcome: 'unchanged', reason: 'same-hash' }), ...extra } as PollResult;
  }
  switch (primary.outcome) {
    case 'baseline':
      return { outcome: 'baseline', snapshot: primary.snapshot, ...(events.length > 0 ? { events } : {}), ...extra };
    case 'changed':
      return { outcome: 'changed', events, ...extra };
    case 'released':
      return { outcome: 'released', events, ...extra };
    case 'held':
      return { outcome: 'held', held: primary.held, alerted: primary.alert !== undefined, ...(events.length > 0 ? { events } : {}), ...extra };
    case 'superseded':
      return { outcome: 'superseded', ...extra };
  }
}

/** Parses a document into a snapshot per list it gives (an "en cours" page: one, under the primary list). */
async function parseOffers(deps: PollDeps, source: SourceConfig, body: Uint8Array, contentType?: string): Promise<Map<string, Snapshot>> {
  const doc = await deps.parse(source, body, contentType);
  if (doc.records !== 'offers') throw new Error(`${source.id}: the ${source.kind} adapter returned no offers`);
  const out = new Map<string, Snapshot>([[PRIMARY_LIST, { ...doc.snapshot, source: source.id }]]);
  for (const l of doc.lists ?? []) out.set(listOf(l), { ...l, source: source.id });
  return out;
}

/** `accept <source>`: an operator lets every held list of the source through; their change events are stored and returned. */
export async function acceptHeld(
  deps: Pick<PollDeps, 'store' | 'clock' | 'offersOf' | 'editions'>,
  source: OfferSourceConfig,
): Promise<{ events: OfferEvent[]; baseline: boolean } | undefined> {
  const tracks = (await readTracks(deps.store, source.id, await listsOf(deps as PollDeps, source))).filter((t) => t.held !== undefined);
  if (tracks.length === 0) return undefined;
  const now = deps.clock();
  const judge = judgeFor(deps as PollDeps, source, await diffFor(deps as PollDeps, source), now);
  const outcomes: TrackOutcome[] = [];
  for (const t of tracks) {
    const held = t.held!;
    const events = t.trusted ? judge.diff(t.list)(t.trusted, held.snapshot, now.toISOString()) : [];
    const decision = t.trusted ? { action: 'commit' as const, events } : { action: 'baseline' as const };
    const o = await applyTrack(deps.store, { ...t, held: undefined } as Track, held.snapshot, { bodyHash: held.bodyHash }, decision, now);
    if (o.outcome === 'superseded') throw new Error(`${source.id}: the trusted snapshot changed while accepting; run accept again`);
    outcomes.push(o);
  }
  if (source.kind === 'anssi-catalogue' && deps.editions) await keepEdition(deps.editions, source.id, outcomes, tracks[0]!.held!.bodyHash, now);
  const primary = tracks.find((t) => t.list === PRIMARY_LIST);
  return { events: outcomes.flatMap((o) => o.events), baseline: primary ? !primary.trusted : false };
}
