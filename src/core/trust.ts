import { diffSnapshots } from './diff.js';
import type { OfferEvent, OperatorEvent } from './events.js';
import { assessSnapshot, type GuardThresholds } from './guard.js';
import type { Snapshot } from './offer.js';
import { suspectEvent } from './operator-events.js';

/** A document the guard did not believe, kept aside with the polls that saw it. */
export interface HeldSnapshot {
  bodyHash: string;
  snapshot: Snapshot;
  reasons: string[];
  /** ISO instants of the polls that fetched this same body. */
  sightings: string[];
}

/** The last trusted snapshot of a source and its state id (see chainedStateHash). */
export interface TrustedState {
  snapshot: Snapshot;
  state: string;
}

/** A held snapshot with at least minRows rows is released after this many more sightings of the same body… */
export const CONFIRMATIONS = 2;
/** …spanning at least this long (ARCHITECTURE.md, "Never alert on a snapshot you cannot trust"). */
export const CONFIRMATION_SPAN_MS = 12 * 3_600_000;

export type TrustDecision =
  /** First trusted snapshot of a source: stored, alerts nobody. */
  | { action: 'baseline' }
  /** Trusted: stored with its change events (possibly none). Any held snapshot is dropped. */
  | { action: 'commit'; events: OfferEvent[] }
  /** Not trusted: held; `alert` on the first sighting of this body, for the operators. */
  | { action: 'hold'; held: HeldSnapshot; alert?: OperatorEvent }
  /** The held snapshot was confirmed by enough polls: stored with its change events. */
  | { action: 'release'; events: OfferEvent[]; baseline: boolean };

/** The change events between a trusted state and a new snapshot: each kind of source has its own. */
export type DiffFn = (previous: TrustedState | undefined, next: Snapshot, detectedAt: string) => OfferEvent[];

export interface TrustInput {
  source: string;
  /** The source's name, for the operators' alert. */
  sourceName?: string;
  /** The catalogue list judged, when not SecNumCloud (named in the operators' alert). */
  list?: string;
  /** Defaults to eventsSince (the catalogue's diff). */
  diff?: DiffFn;
  guard: GuardThresholds;
  previous?: TrustedState;
  held?: HeldSnapshot;
  next: Snapshot;
  bodyHash: string;
  now: Date;
}

/** Change events between the trusted state and a snapshot that is now to be trusted. */
export function eventsSince(previous: TrustedState | undefined, next: Snapshot, detectedAt: string): OfferEvent[] {
  return previous ? diffSnapshots(previous.snapshot, next, { detectedAt, previousState: previous.state }) : [];
}

/** What to do with a freshly parsed snapshot: the trust rules, with no I/O. */
export function decide(input: TrustInput): TrustDecision {
  const { previous, held, next, bodyHash, now } = input;
  const diff = input.diff ?? eventsSince;
  const detectedAt = now.toISOString();
  const verdict = assessSnapshot(previous?.snapshot, next, input.guard);
  if (verdict.trusted) {
    return previous ? { action: 'commit', events: diff(previous, next, detectedAt) } : { action: 'baseline' };
  }
  if (held && held.bodyHash === bodyHash) {
    const sightings = [...held.sightings, detectedAt];
    const span = now.getTime() - Date.parse(sightings[0]!);
    // Fewer rows than minRows is a document read wrong (a lost table, a page in no known layout), however stable:
    // seeing it again proves nothing, so only an operator's `accept` lets it through, never the sightings.
    const confirmable = next.offers.length >= input.guard.minRows;
    if (confirmable && sightings.length >= 1 + CONFIRMATIONS && span >= CONFIRMATION_SPAN_MS) {
      return { action: 'release', events: diff(previous, next, detectedAt), baseline: !previous };
    }
    return { action: 'hold', held: { ...held, sightings } };
  }
  const fresh: HeldSnapshot = { bodyHash, snapshot: next, reasons: verdict.reasons, sightings: [detectedAt] };
  return { action: 'hold', held: fresh, alert: suspectEvent(input.source, bodyHash, verdict.reasons, detectedAt, input.sourceName, input.list) };
}
