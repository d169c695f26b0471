import type { SourceStatus } from '../commands/ports.js';
import { sourceState } from '../core/source-state.js';
import type { SourceConfig } from '../sources/schema.js';
import type { SourceHealth, SourceStore } from './source-store.js';

/** A source's status from its configuration and its stored health: the one place the state model is applied. */
export function toSourceStatus(s: Pick<SourceConfig, 'id' | 'kind' | 'enabled' | 'interval' | 'name'>, health: SourceHealth, held: boolean, now: Date, failingAfter: number): SourceStatus {
  return {
    id: s.id,
    kind: s.kind,
    enabled: s.enabled,
    failures: health.failures,
    held,
    ...(s.name ? { name: s.name } : {}),
    ...(health.lastSuccessAt ? { lastSuccessAt: health.lastSuccessAt } : {}),
    ...(health.lastAttemptAt ? { lastAttemptAt: health.lastAttemptAt } : {}),
    health: sourceState({ enabled: s.enabled, intervalMs: s.interval, held, ...health }, now, failingAfter),
  };
}

/**
 * Every source's status, read from the store: what the page, the commands, the API, /readyz and /metrics show.
 * Two reads a source (its health hash, and EXISTS on its held keys), so every request can afford it.
 */
export async function readSourceStatuses(
  store: Pick<SourceStore, 'getHealth' | 'isHeld'>,
  sources: readonly SourceConfig[],
  now: Date,
  failingAfter: number,
): Promise<SourceStatus[]> {
  return Promise.all(
    sources.map(async (s) => {
      const [health, held] = await Promise.all([store.getHealth(s.id), store.isHeld(s.id)]);
      return toSourceStatus(s, health, held, now, failingAfter);
    }),
  );
}
