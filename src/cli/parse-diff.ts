import { diffSnapshots } from '../core/diff.js';
import type { ChangeEvent } from '../core/events.js';
import { assessSnapshot, DEFAULT_GUARD } from '../core/guard.js';
import { inProgressEvents } from '../core/in-progress.js';
import { newsGroups, storyKeys } from '../core/news-events.js';
import { DEFAULT_KEYWORDS } from '../core/keywords.js';
import { snapshotHash } from '../core/snapshot.js';
import { SourceFormatError } from '../sources/errors.js';
import type { Config } from '../config.js';
import { budgetFor } from '../sources/budget.js';
import { createParserHost, type ParserHost } from '../sources/parse-host/parse-host.js';
import type { ParsedDocument } from '../sources/registry.js';
import { loadSources } from '../sources/sources-file.js';
import { knownKind, readBytes } from './read-input.js';

/** Settings of the first source of this kind in the sources file (anssi-page: its selectors), if any. */
async function settingsFor(kind: string, sourcesFile: string): Promise<unknown> {
  try {
    const source = (await loadSources(sourcesFile)).find((s) => s.kind === kind);
    // A catalogue's settings name the lists the tracker follows; the command reads those its --list asks for.
    return source && source.kind !== 'anssi-catalogue' && 'settings' in source ? source.settings : undefined;
  } catch {
    return undefined; // parse and diff need no sources file: the adapter's defaults apply
  }
}

/** What parse and diff read of the configuration: the sources file and the parse budget. */
export type ParseConfig = Pick<Config, 'SOURCES_FILE' | 'FETCH_MAX_BYTES' | 'PARSE_TIMEOUT_MS'>;

/** Runs `use` with a parser thread under the configured budget, as the tracker parses (a hostile file is bounded alike). */
async function withParser<T>(config: ParseConfig, use: (host: ParserHost) => Promise<T>): Promise<T> {
  const host = createParserHost({ budget: budgetFor(config.FETCH_MAX_BYTES, { timeMs: config.PARSE_TIMEOUT_MS }) });
  try {
    return await use(host);
  } finally {
    await host.close();
  }
}

/** Parses a file, naming the file in a format error so the one-line message says where. */
async function parseFile(host: ParserHost, adapter: { kind: string }, path: string | undefined, settings: unknown, warn: (s: string) => void): Promise<ParsedDocument> {
  const bytes = await readBytes(path);
  try {
    return await host.parse(adapter.kind, bytes, { source: adapter.kind, ...(settings ? { settings } : {}), warn: (m) => warn(`warning: ${path}: ${m}`) });
  } catch (err) {
    if (err instanceof SourceFormatError) err.message = `${path}: ${err.message}`;
    throw err;
  }
}

const asJson = (doc: ParsedDocument, kind: string): unknown => (doc.records === 'offers' ? doc.snapshot : { source: kind, items: doc.items });

/** `parse <kind> <file>`: the records of one document, as JSON. */
export async function parseCommand(args: string[], config: ParseConfig, out: (s: string) => void, warn: (s: string) => void): Promise<void> {
  const adapter = knownKind(args[0]);
  const settings = await settingsFor(adapter.kind, config.SOURCES_FILE);
  const doc = await withParser(config, (host) => parseFile(host, adapter, args[1], settings, warn));
  out(JSON.stringify(asJson(doc, adapter.kind), null, 2));
}

/** The events a tracker would store going from the old document to the new one. */
function changesBetween(kind: string, before: ParsedDocument, after: ParsedDocument, detectedAt: string, warn: (s: string) => void): ChangeEvent[] {
  if (before.records === 'news' && after.records === 'news') {
    const known = new Set(before.items.flatMap(storyKeys));
    const fresh = after.items.filter((i) => !storyKeys(i).some((k) => known.has(k)));
    const groups = newsGroups({ source: kind, items: fresh, baseline: false, now: new Date(detectedAt), maxAgeMs: Infinity, keywords: DEFAULT_KEYWORDS, providers: [] });
    return groups.flatMap((g) => (g.event ? [g.event] : []));
  }
  if (before.records !== 'offers' || after.records !== 'offers') return [];
  const verdict = assessSnapshot(before.snapshot, after.snapshot, kind === 'anssi-page' ? { ...DEFAULT_GUARD, minRows: 1 } : DEFAULT_GUARD);
  // The tracker would hold such a snapshot as source.suspect; the diff is still shown, flagged.
  if (!verdict.trusted) warn(`warning: the tracker would hold the new document as suspect: ${verdict.reasons.join('; ')}`);
  if (kind === 'anssi-page') {
    const previous = { snapshot: before.snapshot, state: snapshotHash(before.snapshot) };
    return inProgressEvents(previous, after.snapshot, [], detectedAt);
  }
  return diffSnapshots(before.snapshot, after.snapshot, { detectedAt });
}

/** `diff <kind> <old> <new>`: the change events between two documents, as a JSON array. */
export async function diffCommand(args: string[], config: ParseConfig, out: (s: string) => void, warn: (s: string) => void): Promise<void> {
  const adapter = knownKind(args[0]);
  const settings = await settingsFor(adapter.kind, config.SOURCES_FILE);
  const [before, after] = await withParser(config, async (host) => [
    await parseFile(host, adapter, args[1], settings, warn),
    await parseFile(host, adapter, args[2], settings, warn),
  ]);
  out(JSON.stringify(changesBetween(adapter.kind, before, after, new Date().toISOString(), warn), null, 2));
}
