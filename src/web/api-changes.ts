/**
 * Pages of /api/changes: the public change events of the change log, oldest first, from a date or a cursor.
 *
 * `since` filters on `detectedAt`, the instant each record shows, so a client can check what it got. The
 * log is ordered by when Redis recorded each event (its stream id starts with the Redis server's clock),
 * which is the moment of detection give or take the commit; reading starts at `since` minus a day so an
 * event detected by a process whose clock runs ahead of Redis's is not skipped, and the exact filter is
 * applied to what is read. The cursor is the stream id of the last entry examined: `after=<cursor>`
 * resumes right after it, exactly, whatever the clocks say.
 */
import type { LogEntry } from '../store/change-log.js';
import { isPublicEvent, toApiChange, type ApiChange } from './api-records.js';

/** How far before `since` the log is read, for clocks that disagree (generous: the extra read is small). */
export const CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;
/** Entries read per round trip to Redis. */
const CHUNK = 200;
/** Entries examined per request at most, so a request over a log full of filtered entries stays bounded. */
export const SCAN_MAX = 5000;

/** The reads a page needs (src/store/change-log.ts; an array in tests). */
export interface ChangeLogReader {
  range(afterStreamId?: string, count?: number): Promise<LogEntry[]>;
  recordedSince(ms: number, count?: number): Promise<LogEntry[]>;
}

export interface ChangesPage {
  changes: ApiChange[];
  /** Resume after this entry (`after=`); absent when the log had nothing to examine and no cursor was given. */
  cursor?: string;
  /** The page stopped before the end of the log: there may be more right after `cursor`. */
  more: boolean;
}

/**
 * What one chunk adds to a page: the public events detected at or after `sinceMs`, until the page holds
 * `room` more. `examined` is how many entries of the chunk were looked at (the cursor moves past those).
 */
export function takeFromChunk(chunk: readonly LogEntry[], sinceMs: number | undefined, room: number): { taken: ApiChange[]; examined: number } {
  const taken: ApiChange[] = [];
  let examined = 0;
  for (const { event } of chunk) {
    if (taken.length >= room) break;
    examined++;
    if (!isPublicEvent(event)) continue;
    if (sinceMs !== undefined && !(Date.parse(event.detectedAt) >= sinceMs)) continue;
    taken.push(toApiChange(event));
  }
  return { taken, examined };
}

export async function readChangesPage(log: ChangeLogReader, q: { since?: string; after?: string; limit: number }): Promise<ChangesPage> {
  const sinceMs = q.since === undefined ? undefined : Date.parse(q.since);
  const changes: ApiChange[] = [];
  let cursor = q.after;
  let scanned = 0;
  for (;;) {
    const count = Math.min(CHUNK, SCAN_MAX - scanned);
    const chunk =
      cursor !== undefined ? await log.range(cursor, count)
      : sinceMs !== undefined ? await log.recordedSince(sinceMs - CLOCK_SKEW_MS, count)
      : await log.range('-', count);
    const { taken, examined } = takeFromChunk(chunk, sinceMs, q.limit - changes.length);
    changes.push(...taken);
    scanned += examined;
    if (examined > 0) cursor = chunk[examined - 1]!.streamId;
    // Stopped inside the chunk (page full), or a full chunk read: the log may go on.
    if (examined < chunk.length || (changes.length >= q.limit && chunk.length === count)) return { changes, ...(cursor ? { cursor } : {}), more: true };
    if (chunk.length < count) return { changes, ...(cursor ? { cursor } : {}), more: false };
    if (scanned >= SCAN_MAX) return { changes, ...(cursor ? { cursor } : {}), more: true };
  }
}
