import type { Redis } from 'ioredis';
import type { ChangeEvent } from '../core/events.js';
import { upgradeOffer } from '../core/offer.js';
import type { Keys } from './keys.js';

/** An entry of the change log: the stream id (its order) and the event. */
export interface LogEntry {
  streamId: string;
  event: ChangeEvent;
}

function toEntries(raw: [string, string[]][]): LogEntry[] {
  return raw.flatMap(([streamId, fields]) => {
    const i = fields.indexOf('event');
    return i >= 0 && fields[i + 1] ? [{ streamId, event: upgradeEvent(JSON.parse(fields[i + 1]!) as ChangeEvent) }] : [];
  });
}

/** An event as stored by any version: an older "en cours" record's date is read as `inProgressSince` (upgradeOffer). */
function upgradeEvent(e: ChangeEvent): ChangeEvent {
  if (!('offer' in e)) return e;
  return { ...e, offer: upgradeOffer(e.offer), ...(e.previous ? { previous: upgradeOffer(e.previous) } : {}) };
}

/** Reading the change log (a Redis stream, appended only by the source store's scripts). */
export interface ChangeLog {
  /** Entries after `afterStreamId` (exclusive; '-' for the start), oldest first. */
  range(afterStreamId?: string, count?: number): Promise<LogEntry[]>;
  /** The latest `count` entries, newest first; with `beforeStreamId`, those recorded before it (exclusive). */
  latest(count: number, beforeStreamId?: string): Promise<LogEntry[]>;
  /**
   * Entries recorded at or after the instant `ms` (milliseconds since the epoch), oldest first. A stream id
   * starts with the Redis server's clock at the append, so this is a range read, not a scan of the log.
   */
  recordedSince(ms: number, count?: number): Promise<LogEntry[]>;
  length(): Promise<number>;
  /**
   * Consumer-group reading: creates the group at the log's start if missing, then returns entries this
   * consumer had not acknowledged (after a crash) before new ones. Acknowledge with ack().
   */
  readGroup(group: string, consumer: string, opts: { count: number; blockMs: number }): Promise<LogEntry[]>;
  ack(group: string, streamIds: string[]): Promise<void>;
}

export function createChangeLog(redis: Redis, keys: Keys): ChangeLog {
  const stream = keys.changes();
  const ensureGroup = async (group: string): Promise<void> => {
    try {
      await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
  };
  return {
    async range(after = '-', count = 1000) {
      const start = after === '-' ? '-' : `(${after}`;
      return toEntries((await redis.xrange(stream, start, '+', 'COUNT', count)) as [string, string[]][]);
    },
    async latest(count, before) {
      const end = before === undefined ? '+' : `(${before}`;
      return toEntries((await redis.xrevrange(stream, end, '-', 'COUNT', count)) as [string, string[]][]);
    },
    async recordedSince(ms, count = 1000) {
      const start = String(Math.max(0, Math.floor(ms)));
      return toEntries((await redis.xrange(stream, start, '+', 'COUNT', count)) as [string, string[]][]);
    },
    length: () => redis.xlen(stream),
    async readGroup(group, consumer, { count, blockMs }) {
      await ensureGroup(group);
      // Pending entries first: what this consumer read but did not acknowledge before it stopped.
      const pending = (await redis.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, '0')) as
        | [string, [string, string[]][]][]
        | null;
      const mine = toEntries(pending?.[0]?.[1] ?? []);
      if (mine.length > 0) return mine;
      const fresh = (await redis.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', stream, '>')) as
        | [string, [string, string[]][]][]
        | null;
      return toEntries(fresh?.[0]?.[1] ?? []);
    },
    async ack(group, ids) {
      if (ids.length > 0) await redis.xack(stream, group, ...ids);
    },
  };
}
