import { diffSnapshots } from '../core/diff.js';
import { assessSnapshot, DEFAULT_GUARD } from '../core/guard.js';
import type { Snapshot } from '../core/offer.js';
import { SourceFormatError } from '../sources/errors.js';
import type { SourceAdapter } from '../sources/registry.js';
import { adapterFor, readBytes } from './read-input.js';

/** Parses a file, naming the file in a format error so the one-line message says where. */
async function parseFile(adapter: SourceAdapter, path: string | undefined): Promise<Snapshot> {
  const bytes = await readBytes(path);
  try {
    return await adapter.parse(bytes);
  } catch (err) {
    if (err instanceof SourceFormatError) err.message = `${path}: ${err.message}`;
    throw err;
  }
}

/** `parse <kind> <file>`: the records of one document, as JSON. */
export async function parseCommand(args: string[], out: (s: string) => void): Promise<void> {
  const adapter = await adapterFor(args[0]);
  const snapshot = await parseFile(adapter, args[1]);
  out(JSON.stringify(snapshot, null, 2));
}

/** `diff <kind> <old> <new>`: the change events between two documents, as a JSON array. */
export async function diffCommand(args: string[], out: (s: string) => void, warn: (s: string) => void): Promise<void> {
  const adapter = await adapterFor(args[0]);
  const before = await parseFile(adapter, args[1]);
  const after = await parseFile(adapter, args[2]);
  const verdict = assessSnapshot(before, after, DEFAULT_GUARD);
  if (!verdict.trusted) {
    // The tracker would hold this snapshot as source.suspect; the diff is still shown, flagged.
    warn(`warning: the tracker would hold ${args[2]} as suspect: ${verdict.reasons.join('; ')}`);
  }
  out(JSON.stringify(diffSnapshots(before, after, { detectedAt: new Date().toISOString() }), null, 2));
}
