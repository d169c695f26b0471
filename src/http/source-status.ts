import type { SourceConfig } from '../sources/schema.js';
import type { SourceStore } from '../store/source-store.js';

/**
 * One enabled source as the operators see it: when it last worked, how many polls failed since, whether a suspect
 * document is held. Informational: a source that fails is ANSSI's or a feed's problem, not a reason to take this
 * process out of a load balancer. The last error's text is left out: these endpoints answer without a password.
 */
export interface SourceStatus {
  id: string;
  kind: string;
  /** `failing` (FAILING_AFTER failed polls in a row), `held` (a suspect document waits), `never` (no success yet), `overdue` (no success in two intervals), else `ok`. */
  status: 'ok' | 'failing' | 'held' | 'never' | 'overdue';
  lastSuccessAt?: string;
  secondsSinceSuccess?: number;
  failures: number;
  failing: boolean;
  held: boolean;
}

export async function sourceStatuses(
  store: Pick<SourceStore, 'getHealth' | 'isHeld'>,
  sources: readonly SourceConfig[],
  now: Date,
  failingAfter: number,
): Promise<SourceStatus[]> {
  return Promise.all(
    sources
      .filter((s) => s.enabled)
      .map(async (s): Promise<SourceStatus> => {
        // Feeds are never held: only offer sources have a trust guard.
        const [health, held] = await Promise.all([store.getHealth(s.id), s.kind === 'rss' ? false : store.isHeld(s.id)]);
        const since = health.lastSuccessAt ? Math.max(0, (now.getTime() - Date.parse(health.lastSuccessAt)) / 1000) : undefined;
        const failing = health.failures >= failingAfter;
        const status = failing ? 'failing' : held ? 'held' : since === undefined ? 'never' : since * 1000 > 2 * s.interval ? 'overdue' : 'ok';
        return {
          id: s.id,
          kind: s.kind,
          status,
          ...(health.lastSuccessAt ? { lastSuccessAt: health.lastSuccessAt } : {}),
          ...(since !== undefined ? { secondsSinceSuccess: Math.round(since) } : {}),
          failures: health.failures,
          failing,
          held,
        };
      }),
  );
}
