import type { EditionReader, ListState, TrackerState } from '../commands/ports.js';
import { byListOrder } from '../core/list-names.js';
import { PRIMARY_LIST, trackOf } from '../core/tracks.js';
import type { EditionStore } from './edition-store.js';
import { isOperatorEvent, type ChangeEvent } from '../core/events.js';
import { stillInProgress } from '../core/in-progress.js';
import type { Offer } from '../core/offer.js';
import type { SourceConfig } from '../sources/schema.js';
import type { ChangeLog } from './change-log.js';
import { readSourceStatuses } from './source-statuses.js';
import type { SourceStore } from './source-store.js';

export interface TrackerStateDeps {
  store: SourceStore;
  /** Kept editions (absent: the views say there are none to show). */
  editions?: EditionStore;
  changeLog: ChangeLog;
  sources: () => readonly SourceConfig[];
  /** "Now", for a source's state (overdue); the system clock by default. */
  clock?: () => Date;
  /** FAILING_AFTER: when the operators are told of a failing source (the state is failing from the first failure). */
  failingAfter?: number;
}

/** The tracker's state as the commands see it, read from the stores for the configured sources. */
export function createTrackerState(deps: TrackerStateDeps): TrackerState {
  const trustedOf = async (kind: SourceConfig['kind']) =>
    Promise.all(deps.sources().filter((s) => s.kind === kind && s.enabled).map((s) => deps.store.getTrusted(s.id)));
  const clock = deps.clock ?? (() => new Date());
  const qualified = async (): Promise<{ offers: Offer[]; edition?: string }> => {
    const trusted = (await trustedOf('anssi-catalogue')).filter((t) => t !== undefined);
    const edition = trusted.map((t) => t.snapshot.edition).filter((e) => e !== undefined).sort().at(-1);
    return { offers: trusted.flatMap((t) => t.snapshot.offers), ...(edition ? { edition } : {}) };
  };
  const catalogues = () => deps.sources().filter((s): s is Extract<SourceConfig, { kind: 'anssi-catalogue' }> => s.kind === 'anssi-catalogue' && s.enabled);
  const editions = deps.editions;
  return {
    ...(editions ? { editions: editionReader(editions, () => catalogues()[0]?.id) } : {}),
    async lists() {
      const out = new Map<string, ListState>();
      for (const source of catalogues()) {
        for (const list of [PRIMARY_LIST, ...source.settings.lists.filter((l) => l !== PRIMARY_LIST)]) {
          const id = trackOf(source.id, list);
          const [trusted, held] = await Promise.all([deps.store.getTrusted(id), deps.store.getHeld(id)]);
          const prior = out.get(list) ?? { list, read: false, held: false, offers: [] };
          const edition = [prior.edition, trusted?.snapshot.edition].filter((e) => e !== undefined).sort().at(-1);
          out.set(list, {
            list,
            read: prior.read || trusted !== undefined,
            held: prior.held || held !== undefined,
            offers: [...prior.offers, ...(trusted?.snapshot.offers ?? [])],
            ...(edition ? { edition } : {}),
          });
        }
      }
      return [...out.values()].sort((a, b) => byListOrder(a.list, b.list));
    },
    qualified,
    async inProgress() {
      // The events' rule: an entry matching a qualified offer is shown once, as qualified, in every view and count.
      const [entries, { offers }] = await Promise.all([trustedOf('anssi-page'), qualified()]);
      return stillInProgress(entries.flatMap((t) => t?.snapshot.offers ?? []), offers);
    },
    async sources() {
      const configured = deps.sources();
      const [statuses, since] = await Promise.all([
        readSourceStatuses(deps.store, configured, clock(), deps.failingAfter ?? 1),
        Promise.all(configured.map((s) => deps.store.trustedSince(s.id))),
      ]);
      return statuses.map((s, i) => (since[i] ? { ...s, trustedSince: since[i] } : s));
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

/** The editions of the first catalogue source (a deployment follows one catalogue), read lazily. */
function editionReader(store: EditionStore, source: () => string | undefined): EditionReader {
  return {
    list: async () => {
      const id = source();
      return id ? store.list(id) : [];
    },
    get: async (edition, lists) => {
      const id = source();
      return id ? store.get(id, edition, lists) : undefined;
    },
  };
}
