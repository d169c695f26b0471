/**
 * The one model of a source's state, computed here and only here: the status page, `/secnumcloud status`,
 * /api/sources, /api/offers, /readyz, /metrics and the operators' alerts all show what this returns, in their
 * own words. Pure: the health counters, the held flag and "now" come in; a state comes out.
 *
 * States, in the order they win when several apply:
 * - `disabled`: switched off in the sources file; nothing it says is current.
 * - `failing`: its last check failed for good (the poll's own retries exhausted), once is enough: the public
 *   must never be told "working" about a source whose last check failed. FAILING_AFTER failures in a row is
 *   only when the operators are told (`failure.alerted`).
 * - `held`: its last check worked, but a suspect document (or a burst of news) waits for confirmation or an
 *   operator's `accept`: what is shown is the last trusted state.
 * - `never`: never checked successfully (and no failure yet): nothing was read.
 * - `overdue`: no success for two intervals although nothing failed (no scheduler running, a stuck queue).
 * - `working`: its last check worked, recently enough.
 */

export const SOURCE_STATES = ['working', 'failing', 'held', 'never', 'overdue', 'disabled'] as const;
export type SourceStateName = (typeof SOURCE_STATES)[number];

/** What went wrong, in a category: the stored error text names URLs (a private feed's key) and internal hosts. */
export const FAILURE_KINDS = ['http', 'timeout', 'unreachable', 'document', 'other'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface SourceFailure {
  /** ISO instant of the first failure of the current run. */
  since?: string;
  /** Failed checks in a row. */
  count: number;
  kind: FailureKind;
  /** The HTTP status the server answered, for kind `http`. */
  httpStatus?: number;
  /** FAILING_AFTER failures in a row were reached: the operators were told (source.failing). */
  alerted: boolean;
}

/** A source's state with what the views say about it. */
export interface SourceState {
  state: SourceStateName;
  /** Present whenever the last check failed, whatever else is true (a held source can fail too). */
  failure?: SourceFailure;
  /** A suspect document or a batch of news waits (true even when the source is failing or disabled). */
  held: boolean;
  lastSuccessAt?: string;
  /** Whole seconds since the last success, when there was one. */
  secondsSinceSuccess?: number;
}

/** The health counters of one source, as the store keeps them. */
export interface SourceStateInput {
  enabled: boolean;
  /** The polling interval in milliseconds (two of them without success: overdue). */
  intervalMs: number;
  lastSuccessAt?: string;
  failures: number;
  failingSince?: string;
  lastError?: string;
  held: boolean;
}

/** The kind of a failure from its stored text (fetch errors start with "GET <url>"; parsers' errors do not). */
export function failureKind(lastError: string | undefined): { kind: FailureKind; httpStatus?: number } {
  const text = lastError ?? '';
  const status = /\bHTTP (\d{3})\b/.exec(text);
  if (status) return { kind: 'http', httpStatus: Number(status[1]) };
  if (/timed? ?out|timeout|ETIMEDOUT|aborted/i.test(text)) return { kind: 'timeout' };
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket|network|TLS|certificate/i.test(text)) return { kind: 'unreachable' };
  if (text !== '' && !/^GET /.test(text)) return { kind: 'document' };
  return { kind: 'other' };
}

/** The state of one source at `now`; `failingAfter` is FAILING_AFTER (when the operators are told). */
export function sourceState(input: SourceStateInput, now: Date, failingAfter: number): SourceState {
  const last = input.lastSuccessAt ? Date.parse(input.lastSuccessAt) : Number.NaN;
  const since = Number.isNaN(last) ? undefined : Math.max(0, now.getTime() - last);
  const failure: SourceFailure | undefined =
    input.failures > 0
      ? {
          ...(input.failingSince ? { since: input.failingSince } : {}),
          count: input.failures,
          ...failureKind(input.lastError),
          alerted: input.failures >= Math.max(1, failingAfter),
        }
      : undefined;
  const state: SourceStateName = !input.enabled
    ? 'disabled'
    : failure
      ? 'failing'
      : input.held
        ? 'held'
        : since === undefined
          ? 'never'
          : since > 2 * input.intervalMs
            ? 'overdue'
            : 'working';
  return {
    state,
    ...(failure ? { failure } : {}),
    held: input.held,
    ...(input.lastSuccessAt && since !== undefined ? { lastSuccessAt: input.lastSuccessAt, secondsSinceSuccess: Math.round(since / 1000) } : {}),
  };
}

/** Which state of several sources a list built from all of them shows: the one that says most about its absence. */
const PRECEDENCE: readonly SourceStateName[] = ['failing', 'held', 'never', 'overdue', 'working'];

/**
 * The state of a list made from several sources of one kind (the qualified offers from the catalogue sources, the
 * "en cours" entries from the page sources): `disabled` when none is enabled (or none is configured), else the
 * enabled sources' most telling state, with the failure of the first failing one.
 */
export function listState(states: readonly SourceState[]): SourceState {
  const enabled = states.filter((s) => s.state !== 'disabled');
  if (enabled.length === 0) return { state: 'disabled', held: false };
  for (const name of PRECEDENCE) {
    const found = enabled.find((s) => s.state === name);
    if (found) return found;
  }
  return enabled[0]!;
}
