import { diffSnapshots } from '../core/diff.js';
import type { ChangeEvent } from '../core/events.js';
import { assessSnapshot, DEFAULT_GUARD, type GuardThresholds } from '../core/guard.js';
import type { Snapshot } from '../core/offer.js';
import { isProductList } from '../core/tracks.js';
import type { Config } from '../config.js';
import { budgetFor } from '../sources/budget.js';
import { SourceFormatError } from '../sources/errors.js';
import { InputError } from './errors.js';
import { readBytes } from './read-input.js';

type Lists = typeof import('../sources/anssi-catalogue/index.js');
/** The budget of a parse: decoded bytes from the fetch cap (these commands parse in their own process). */
type BudgetConfig = Pick<Config, 'FETCH_MAX_BYTES' | 'PARSE_TIMEOUT_MS'>;

type ListId = Lists['LIST_IDS'][number];

/** `--list` is the catalogue's: which of its lists (`all` for every list, services and products). */
export async function catalogueLists(kind: string, list: string): Promise<{ mod: Lists; ids: ListId[] }> {
  if (kind !== 'anssi-catalogue') throw new InputError(`--list applies to anssi-catalogue only, not to "${kind}"`);
  const mod = await import('../sources/anssi-catalogue/index.js');
  if (list === 'all') return { mod, ids: [...mod.LIST_IDS] };
  if (!mod.isListId(list)) throw new InputError(`unknown list "${list}" (one of: ${mod.LIST_IDS.join(', ')}, all)`);
  return { mod, ids: [list] };
}

async function parseLists(mod: Lists, ids: ListId[], path: string | undefined, all: boolean, config: BudgetConfig, archive = false) {
  const bytes = await readBytes(path);
  try {
    return await mod.parseCatalogueLists(bytes, ids, { present: all, archive, budget: budgetFor(config.FETCH_MAX_BYTES, { timeMs: config.PARSE_TIMEOUT_MS }) });
  } catch (err) {
    if (err instanceof SourceFormatError) err.message = `${path}: ${err.message}`;
    throw err;
  }
}

/** A list's snapshot: SecNumCloud's as the tracker stores it, the others with their `list`. */
function snapshotOf(doc: { source: string; edition?: string; lists: Record<string, Snapshot['offers'] | undefined>; archived?: string[] }, id: string): Snapshot {
  // A product list's removals are told apart by the edition's annex of archived certificates (decision 0025).
  const archived = doc.archived && isProductList(id) ? { archived: doc.archived } : {};
  return { source: doc.source, ...(id === 'secnumcloud' ? {} : { list: id }), ...(doc.edition ? { edition: doc.edition } : {}), offers: doc.lists[id] ?? [], ...archived };
}

/** `parse anssi-catalogue FILE --list ID|all` (all: every list the document prints). */
export async function parseListsCommand(kind: string, file: string | undefined, list: string, config: BudgetConfig, out: (s: string) => void): Promise<void> {
  const { mod, ids } = await catalogueLists(kind, list);
  const doc = await parseLists(mod, ids, file, list === 'all', config);
  const head = { source: doc.source, ...(doc.edition ? { edition: doc.edition } : {}) };
  out(JSON.stringify(list === 'all' ? { ...head, lists: doc.lists } : { ...head, list, offers: doc.lists[ids[0]!] ?? [] }, null, 2));
}

/**
 * Each list is judged on its own (ARCHITECTURE.md): the cloud table with the source's thresholds, the other
 * lists, some of which hold a single row, without a minimum row count.
 */
const guardFor = (id: string): GuardThresholds => (id === 'secnumcloud' ? DEFAULT_GUARD : { ...DEFAULT_GUARD, minRows: 1 });

/** `diff anssi-catalogue OLD NEW --list ID|all`: the events of one list (an array), or of each (`{ lists }`). */
export async function diffListsCommand(kind: string, files: [string | undefined, string | undefined], list: string, config: BudgetConfig, out: (s: string) => void, warn: (s: string) => void): Promise<void> {
  const { mod, ids } = await catalogueLists(kind, list);
  const before = await parseLists(mod, ids, files[0], list === 'all', config);
  const after = await parseLists(mod, ids, files[1], list === 'all', config, ids.some(isProductList));
  const detectedAt = new Date().toISOString();
  const events: Record<string, ChangeEvent[]> = {};
  // With --list all, a list printed in neither edition is left out; in one only, its rows come or go.
  for (const id of ids.filter((i) => before.lists[i] || after.lists[i])) {
    const a = snapshotOf(before, id);
    const b = snapshotOf(after, id);
    const verdict = assessSnapshot(a, b, guardFor(id));
    if (!verdict.trusted) warn(`warning: ${id}: the tracker would hold the new document as suspect: ${verdict.reasons.join('; ')}`);
    events[id] = diffSnapshots(a, b, { detectedAt });
  }
  out(JSON.stringify(list === 'all' ? { source: after.source, ...(after.edition ? { edition: after.edition } : {}), lists: events } : events[ids[0]!], null, 2));
}
