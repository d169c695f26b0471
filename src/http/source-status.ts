import type { SourceFailure, SourceStateName } from '../core/source-state.js';
import type { SourceConfig } from '../sources/schema.js';
import { readSourceStatuses } from '../store/source-statuses.js';
import type { SourceStore } from '../store/source-store.js';

/**
 * One enabled source as the operators see it in /readyz and /metrics: the state of the one model
 * (src/core/source-state.ts) that the page and the API show too, when it last worked, how many polls failed since,
 * whether a suspect document is held. Informational: a source that fails is ANSSI's or a feed's problem, not a
 * reason to take this process out of a load balancer. The last error's text is left out: these endpoints answer
 * without a password; `failure.kind` says what kind of failure it was.
 */
export interface SourceStatus {
  id: string;
  kind: string;
  /** The source's state, as the page, the API and the commands show it: failing from the first failed check. */
  state: SourceStateName;
  /**
   * Kept as it was before `state` existed, for the scripts that read it: `failing` only from FAILING_AFTER failed
   * polls in a row (when the operators are told), then `held`, `never` (no success yet), `overdue`, else `ok`.
   */
  status: 'ok' | 'failing' | 'held' | 'never' | 'overdue';
  lastSuccessAt?: string;
  secondsSinceSuccess?: number;
  failures: number;
  /** The current run of failures: since when, how many, what kind, whether the operators were told. */
  failure?: SourceFailure;
  /** FAILING_AFTER failed polls in a row: the operators were told (`source.failing`). */
  failing: boolean;
  held: boolean;
}

export async function sourceStatuses(
  store: Pick<SourceStore, 'getHealth' | 'isHeld'>,
  sources: readonly SourceConfig[],
  now: Date,
  failingAfter: number,
): Promise<SourceStatus[]> {
  const statuses = await readSourceStatuses(store, sources.filter((s) => s.enabled), now, failingAfter);
  return statuses.map(({ id, kind, failures, held, health }): SourceStatus => {
    const failing = health.failure?.alerted ?? false;
    const overdue = health.state === 'overdue' || (health.state === 'failing' && !failing && overdueSince(health.secondsSinceSuccess, sources, id));
    const status = failing ? 'failing' : held ? 'held' : health.lastSuccessAt === undefined ? 'never' : overdue ? 'overdue' : 'ok';
    return {
      id,
      kind,
      state: health.state,
      status,
      ...(health.lastSuccessAt ? { lastSuccessAt: health.lastSuccessAt } : {}),
      ...(health.secondsSinceSuccess !== undefined ? { secondsSinceSuccess: health.secondsSinceSuccess } : {}),
      failures,
      ...(health.failure ? { failure: health.failure } : {}),
      failing,
      held,
    };
  });
}

/** Whether the last success is older than two intervals (what `overdue` meant before a failure took precedence). */
function overdueSince(seconds: number | undefined, sources: readonly SourceConfig[], id: string): boolean {
  const interval = sources.find((s) => s.id === id)?.interval;
  return seconds !== undefined && interval !== undefined && seconds * 1000 > 2 * interval;
}
