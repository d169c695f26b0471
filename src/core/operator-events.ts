import { EVENT_ID_LENGTH } from './event-id.js';
import type { OperatorEvent, OperatorEventKind } from './events.js';
import { sha256 } from './snapshot.js';
import { failureKind } from './source-state.js';

/** Ids of operator events hash what makes them one occurrence (a held body, a run of failures), never the time. */
function operatorEventId(kind: OperatorEventKind, source: string, occurrence: string): string {
  return sha256(JSON.stringify([kind, source, occurrence])).slice(0, EVENT_ID_LENGTH);
}

/** The source's name for people (its `name` in the sources file), its id otherwise; the id stays in `source`. */
const named = (name: string | undefined): { sourceName: string } | Record<string, never> => (name ? { sourceName: name } : {});

/**
 * A document the guard did not believe. `list`: the catalogue list held (absent for SecNumCloud or a one-list
 * source), so that two lists held on one document are two alerts; the others went through.
 */
export function suspectEvent(source: string, bodyHash: string, reasons: string[], detectedAt: string, name?: string, list?: string): OperatorEvent {
  const what = list ? `its ${list} list held (the other lists went on), not alerted` : 'new document held, not alerted';
  return {
    id: operatorEventId('source.suspect', source, list ? `${bodyHash}/${list}` : bodyHash),
    kind: 'source.suspect',
    source,
    detectedAt,
    summary: `${name ?? source}: ${what} (${reasons.join('; ')}); run "accept ${source}" to let it through`,
    reasons,
    bodyHash,
    ...named(name),
  };
}

/**
 * A feed brought more new items than its caps allow (maxNewsPerPoll in one poll, maxNewsPerDay in 24 hours): the
 * excess is held. One event per flood (the store appends it when it starts holding), its id from the feed's body.
 */
export function newsHeldEvent(source: string, caps: { perPoll: number; perDay: number }, bodyHash: string, detectedAt: string, name?: string): OperatorEvent {
  const reason = `more new items than maxNewsPerPoll ${caps.perPoll} in one poll or maxNewsPerDay ${caps.perDay} in 24 hours`;
  return {
    id: operatorEventId('source.suspect', source, `news:${bodyHash}`),
    kind: 'source.suspect',
    source,
    detectedAt,
    summary: `${name ?? source}: ${reason}; the excess is held, not alerted; run "accept ${source}" to release it`,
    reasons: [reason],
    bodyHash,
    ...named(name),
  };
}

/** `since` is when the run of failures began: one failing event per run, however often it is recomputed. */
export function failingEvent(source: string, failures: number, error: string, since: string, detectedAt: string, name?: string): OperatorEvent {
  const { kind, httpStatus } = failureKind(error);
  return {
    id: operatorEventId('source.failing', source, since),
    kind: 'source.failing',
    source,
    detectedAt,
    summary: `${name ?? source}: ${failures} polls failed in a row since ${since} (${httpStatus ? `HTTP ${httpStatus}` : kind}): ${error}`,
    failures,
    ...named(name),
  };
}

export function recoveredEvent(source: string, failures: number, since: string, detectedAt: string, name?: string): OperatorEvent {
  return {
    id: operatorEventId('source.recovered', source, since),
    kind: 'source.recovered',
    source,
    detectedAt,
    summary: `${name ?? source}: polled successfully again after ${failures} failed polls since ${since}`,
    failures,
    ...named(name),
  };
}
