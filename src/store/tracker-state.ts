import type { SourceStatus, TrackerState } from '../commands/ports.js';
import { isOperatorEvent, type ChangeEvent } from '../core/events.js';
import type { SourceConfig } from '../sources/schema.js';
import type { ChangeLog } from './change-log.js';
import type { SourceStore } from './source-store.js';

/** The tracker's state as the commands see it, read from the stores for the configured sources. */
export function createTrackerState(deps: { store: SourceStore; changeLog: ChangeLog; sources: () => readonly SourceConfig[] }): TrackerState {
  const trustedOf = async (kind: SourceConfig['kind']) =>
    Promise.all(deps.sources().filter((s) => s.kind === kind && s.enabled).map((s) => deps.store.getTrusted(s.id)));
  return {
    async qualified() {
      const trusted = (await trustedOf('anssi-catalogue')).filter((t) => t !== undefined);
      const edition = trusted.map((t) => t.snapshot.edition).filter((e) => e !== undefined).sort().at(-1);
      return { offers: trusted.flatMap((t) => t.snapshot.offers), ...(edition ? { edition } : {}) };
    },
    async inProgress() {
      return (await trustedOf('anssi-page')).flatMap((t) => t?.snapshot.offers ?? []);
    },
    async sources() {
      return Promise.all(
        deps.sources().map(async (s): Promise<SourceStatus> => {
          const [health, held] = await Promise.all([deps.store.getHealth(s.id), s.kind === 'rss' ? false : deps.store.isHeld(s.id)]);
          return {
            id: s.id,
            kind: s.kind,
            enabled: s.enabled,
            failures: health.failures,
            held,
            ...(s.name ? { name: s.name } : {}),
            ...(health.lastSuccessAt ? { lastSuccessAt: health.lastSuccessAt } : {}),
            ...(health.lastAttemptAt ? { lastAttemptAt: health.lastAttemptAt } : {}),
            ...(health.lastError ? { lastError: health.lastError } : {}),
          };
        }),
      );
    },
    async latestChanges(count) {
      // Operator events are interleaved in the log: read past them.
      const out: ChangeEvent[] = [];
      for (const { event } of await deps.changeLog.latest(count * 4 + 20)) {
        if (!isOperatorEvent(event)) out.push(event);
        if (out.length >= count) break;
      }
      return out;
    },
  };
}
