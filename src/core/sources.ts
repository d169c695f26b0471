import { sha256 } from './snapshot.js';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "6h", "30m", "1d", "90s" → milliseconds; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim());
  return m ? Math.round(Number(m[1]) * UNITS[m[2]!]!) : undefined;
}

/**
 * Where in its interval a source's polls fall: a stable offset derived from its id, so that sources
 * sharing an interval are spread out instead of all fetching at the same instant.
 */
export function scheduleOffset(id: string, intervalMs: number): number {
  return Number.parseInt(sha256(id).slice(0, 12), 16) % intervalMs;
}

/**
 * When a source's scheduled poll after `now` falls: the schedules run every `intervalMs`, shifted by the source's
 * scheduleOffset (BullMQ's `every` + `offset`), so the next one is the first slot boundary plus offset after `now`.
 */
export function nextScheduledPoll(id: string, intervalMs: number, now: Date): Date {
  const offset = scheduleOffset(id, intervalMs);
  const t = now.getTime();
  const next = Math.floor((t - offset) / intervalMs) * intervalMs + offset + intervalMs;
  return new Date(next);
}
