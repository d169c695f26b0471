import type { OfferEvent } from '../src/core/events.js';
import { inProgressEvents, markWasInProgress } from '../src/core/in-progress.js';
import type { Offer, Snapshot } from '../src/core/offer.js';
import { chainedStateHash } from '../src/core/snapshot.js';
import { decide, eventsSince, type DiffFn, type HeldSnapshot, type TrustDecision } from '../src/core/trust.js';
import type { Logger } from '../src/logger.js';
import type { Fetcher } from '../src/sources/fetcher.js';
import { sha256Hex } from '../src/sources/fetcher.js';
import type { ParsedDocument } from '../src/sources/registry.js';
import { isFeedSource, type OfferSourceConfig, type SourceConfig } from '../src/sources/schema.js';
import type { NewsStore } from '../src/store/news-store.js';
import type { SourceStore, StoredValidators, TrustedRecord } from '../src/store/source-store.js';
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
  const inProgress = await deps.offersOf('in_progress');
  return (previous, next, detectedAt) => markWasInProgress(eventsSince(previous, next, detectedAt), inProgress);
}

async function pollOffers(deps: PollDeps, source: OfferSourceConfig, opts: { commit: boolean }): Promise<PollResult> {
  const [trusted, held] = await Promise.all([deps.store.getTrusted(source.id), deps.store.getHeld(source.id)]);
  const fetched = await deps.fetcher.fetch(source.url, trusted?.validators);
  const now = deps.clock();
  if (fetched.status === 'not-modified') {
    if (opts.commit) {
      await deps.store.touchValidators(source.id, fetched.validators);
      await deps.store.recordSuccess(source.id, now, source.name);
    }
    return { outcome: 'unchanged', reason: fetched.reason };
  }
  const bodyHash = fetched.validators.bodyHash ?? sha256Hex(fetched.body);
  // A held document seen again is not parsed again: only its sighting counts.
  const next = held?.bodyHash === bodyHash ? held.snapshot : await parseOffers(deps, source, fetched.body, fetched.contentType);
  const decision = decide({
    source: source.id,
    ...(source.name ? { sourceName: source.name } : {}),
    guard: source.guard,
    diff: await diffFor(deps, source),
    ...(trusted ? { previous: trusted } : {}),
    ...(held ? { held } : {}),
    next,
    bodyHash,
    now,
  });
  if (!opts.commit) return dryResult(decision, next);
  const validators: StoredValidators = { ...fetched.validators, bodyHash };
  const result = await apply(deps, source, trusted, next, validators, decision, now);
  await deps.store.recordSuccess(source.id, now, source.name);
  return result;
}

async function parseOffers(deps: PollDeps, source: SourceConfig, body: Uint8Array, contentType?: string): Promise<Snapshot> {
  const doc = await deps.parse(source, body, contentType);
  if (doc.records !== 'offers') throw new Error(`${source.id}: the ${source.kind} adapter returned no offers`);
  return { ...doc.snapshot, source: source.id };
}

function dryResult(decision: TrustDecision, next: Snapshot): PollResult {
  switch (decision.action) {
    case 'baseline':
      return { outcome: 'baseline', snapshot: next };
    case 'commit':
      return { outcome: 'changed', events: decision.events };
    case 'hold':
      return { outcome: 'held', held: decision.held, alerted: decision.alert !== undefined };
    case 'release':
      return { outcome: 'released', events: decision.events };
  }
}

async function apply(
  deps: PollDeps,
  source: SourceConfig,
  trusted: TrustedRecord | undefined,
  next: Snapshot,
  validators: StoredValidators,
  decision: TrustDecision,
  now: Date,
): Promise<PollResult> {
  const expected = trusted ? { expectedState: trusted.state } : {};
  if (decision.action === 'hold') {
    const ok = await deps.store.hold(source.id, {
      ...expected,
      held: decision.held,
      ...(decision.alert ? { alert: decision.alert } : {}),
    });
    return ok ? { outcome: 'held', held: decision.held, alerted: decision.alert !== undefined } : { outcome: 'superseded' };
  }
  const events = decision.action === 'baseline' ? [] : decision.events;
  const state = chainedStateHash(trusted?.state, next);
  const ok = await deps.store.commit(source.id, { ...expected, state, snapshot: next, validators, events, now });
  if (!ok) return { outcome: 'superseded' };
  if (decision.action === 'baseline' || (decision.action === 'release' && decision.baseline)) {
    return { outcome: 'baseline', snapshot: next };
  }
  return decision.action === 'release' ? { outcome: 'released', events } : { outcome: 'changed', events };
}

/** `accept <source>`: an operator lets the held snapshot through; its change events are stored and returned. */
export async function acceptHeld(
  deps: Pick<PollDeps, 'store' | 'clock' | 'offersOf'>,
  source: OfferSourceConfig,
): Promise<{ events: OfferEvent[]; baseline: boolean } | undefined> {
  const [trusted, held] = await Promise.all([deps.store.getTrusted(source.id), deps.store.getHeld(source.id)]);
  if (!held) return undefined;
  const now = deps.clock();
  const diff = await diffFor(deps as PollDeps, source);
  const events = trusted ? diff(trusted, held.snapshot, now.toISOString()) : [];
  const ok = await deps.store.commit(source.id, {
    ...(trusted ? { expectedState: trusted.state } : {}),
    state: chainedStateHash(trusted?.state, held.snapshot),
    snapshot: held.snapshot,
    validators: { bodyHash: held.bodyHash },
    events,
    now,
  });
  if (!ok) throw new Error(`${source.id}: the trusted snapshot changed while accepting; run accept again`);
  return { events, baseline: !trusted };
}
