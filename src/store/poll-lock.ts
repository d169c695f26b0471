import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { evalScript, lua } from './lua.js';

/** Deletes the lock only if it still holds this poll's token (it may have expired and been taken since). */
const RELEASE = lua(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`);
/** Extends the lock only if it still holds this poll's token. */
const RENEW = lua(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`);

/**
 * One poll of a source at a time across the cluster: a scheduled poll and a "poll now" of the same source, on two
 * workers, would otherwise fetch and parse the same document twice at once (two parses of a hostile document
 * take twice its memory). Like BullMQ's own job locks, the lock lives `ttlMs` and is renewed every third of
 * that while the poll runs, so a killed worker's lock lapses as soon as its job is seen as stalled.
 */
export interface PollLock {
  /** Runs `poll` holding the source's lock; `{ ran: false }` without running it when another poll holds it. */
  run<T>(source: string, poll: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
}

export function createPollLock(redis: Redis, key: (source: string) => string, ttlMs: number): PollLock {
  return {
    async run(source, poll) {
      const token = randomUUID();
      if ((await redis.set(key(source), token, 'PX', ttlMs, 'NX')) !== 'OK') return { ran: false };
      const renew = setInterval(() => void evalScript(redis, RENEW, 1, key(source), token, ttlMs).catch(() => undefined), Math.max(100, Math.floor(ttlMs / 3)));
      renew.unref();
      try {
        return { ran: true, value: await poll() };
      } finally {
        clearInterval(renew);
        await evalScript(redis, RELEASE, 1, key(source), token).catch(() => undefined);
      }
    },
  };
}
