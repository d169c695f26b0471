import type { OfferEvent } from '../src/core/events.js';
import type { Snapshot } from '../src/core/offer.js';
import { chainedStateHash } from '../src/core/snapshot.js';
import type { SourceConfig } from '../src/core/sources.js';
import { decide, eventsSince, type HeldSnapshot, type TrustDecision } from '../src/core/trust.js';
import type { Logger } from '../src/logger.js';
import type { Fetcher } from '../src/sources/fetcher.js';
import { sha256Hex } from '../src/sources/fetcher.js';
import type { SourceStore, StoredValidators, TrustedRecord } from '../src/store/source-store.js';

/** What a poll needs, passed in so that tests and the CLI can give their own. */
export interface PollDeps {
  fetcher: Fetcher;
  store: SourceStore;
  parse: (kind: string, bytes: Uint8Array) => Promise<Snapshot>;
  clock: () => Date;
  logger: Logger;
}

export type PollResult =
  | { outcome: 'unchanged'; reason: '304' | 'same-hash' }
  | { outcome: 'baseline'; snapshot: Snapshot }
  | { outcome: 'changed'; events: OfferEvent[] }
  | { outcome: 'held'; held: HeldSnapshot; alerted: boolean }
  | { outcome: 'released'; events: OfferEvent[] }
  /** Another poll of the same source committed this state first: nothing written here. */
  | { outcome: 'superseded' };

/**
 * One poll: fetch → parse → guard → diff → store. With `commit: false` (the `check` command) nothing is
 * written and the result says what a committing poll would do. Errors (fetch, format) propagate: the
 * caller decides about retries and health.
 */
export async function pollSource(deps: PollDeps, source: SourceConfig, opts: { commit: boolean }): Promise<PollResult> {
  const [trusted, held] = await Promise.all([deps.store.getTrusted(source.id), deps.store.getHeld(source.id)]);
  const fetched = await deps.fetcher.fetch(source.url, trusted?.validators);
  const now = deps.clock();
  if (fetched.status === 'not-modified') {
    if (opts.commit) {
      await deps.store.touchValidators(source.id, fetched.validators);
      await deps.store.recordSuccess(source.id, now);
    }
    return { outcome: 'unchanged', reason: fetched.reason };
  }
  const bodyHash = fetched.validators.bodyHash ?? sha256Hex(fetched.body);
  // A held document seen again is not parsed again: only its sighting counts.
  const next = held?.bodyHash === bodyHash ? held.snapshot : await deps.parse(source.kind, fetched.body);
  const decision = decide({
    source: source.id,
    guard: source.guard,
    ...(trusted ? { previous: trusted } : {}),
    ...(held ? { held } : {}),
    next,
    bodyHash,
    now,
  });
  if (!opts.commit) return dryResult(decision, next);
  const validators: StoredValidators = { ...fetched.validators, bodyHash };
  const result = await apply(deps, source, trusted, next, validators, decision, now);
  await deps.store.recordSuccess(source.id, now);
  return result;
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
  deps: Pick<PollDeps, 'store' | 'clock'>,
  sourceId: string,
): Promise<{ events: OfferEvent[]; baseline: boolean } | undefined> {
  const [trusted, held] = await Promise.all([deps.store.getTrusted(sourceId), deps.store.getHeld(sourceId)]);
  if (!held) return undefined;
  const now = deps.clock();
  const events = eventsSince(trusted, held.snapshot, now.toISOString());
  const ok = await deps.store.commit(sourceId, {
    ...(trusted ? { expectedState: trusted.state } : {}),
    state: chainedStateHash(trusted?.state, held.snapshot),
    snapshot: held.snapshot,
    validators: { bodyHash: held.bodyHash },
    events,
    now,
  });
  if (!ok) throw new Error(`${sourceId}: the trusted snapshot changed while accepting; run accept again`);
  return { events, baseline: !trusted };
}
