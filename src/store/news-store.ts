import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { NewsEvent, OperatorEvent } from '../core/events.js';
import type { Keys } from './keys.js';
import type { StoredValidators } from './source-store.js';

import { COMMIT_FEED, RELEASE_HELD_NEWS } from './news-scripts.js';

export interface FeedState {
  validators: StoredValidators;
  /** When the feed's first poll was stored (its items then alerted nobody); undefined: never polled. */
  baselineAt?: string;
}

/** One item of a poll: the keys that identify its story, and its event when it deserves one. */
export interface StoryGroup {
  keys: string[];
  event?: NewsEvent;
}

/** News feeds' state and the seen-set shared by all feeds (so a story seen in two feeds alerts once). */
export interface NewsStore {
  getFeed(source: string): Promise<FeedState>;
  /** Which of these story keys were seen (within the TTL), in any feed. */
  seenAmong(storyKeys: readonly string[]): Promise<Set<string>>;
  /**
   * Stores a poll, atomically: validators, seen marks, and the events of stories not seen before, up to the caps
   * (`perPoll` in this poll, `perDay` in the last 24 hours); the excess is held (appended to the feed's held list,
   * not the change log), and `alert` is appended once when the held list was empty. Returns the ids appended and held.
   */
  commitFeed(source: string, c: FeedCommit): Promise<{ appended: string[]; held: string[] }>;
  /** How many news events the feed sent in the 24 hours before `now` (what maxNewsPerDay counts). */
  sentInDay(source: string, now: Date): Promise<number>;
  /** `accept <source>`: appends the held events to the change log, in order, and empties the held list; returns them. */
  releaseHeld(source: string): Promise<NewsEvent[]>;
}

export interface FeedCommit {
  validators: StoredValidators;
  groups: readonly StoryGroup[];
  ttlSeconds: number;
  now: Date;
  /** The source's caps; none: every fresh event goes out. */
  caps?: NewsCaps;
  /** The operators' source.suspect, appended when this poll starts holding items. */
  alert?: OperatorEvent;
}

export interface NewsCaps {
  perPoll: number;
  perDay: number;
}

const DAY_MS = 86_400_000;

export function createNewsStore(redis: Redis, keys: Keys): NewsStore {
  // Story keys can be long URLs or titles: hash them into fixed-size Redis keys.
  const seenKey = (k: string): string => keys.seen(createHash('sha256').update(k).digest('hex').slice(0, 32));
  return {
    async getFeed(source) {
      const h = await redis.hgetall(keys.feed(source));
      return {
        validators: {
          ...(h.etag ? { etag: h.etag } : {}),
          ...(h.lastModified ? { lastModified: h.lastModified } : {}),
          ...(h.bodyHash ? { bodyHash: h.bodyHash } : {}),
        },
        ...(h.baselineAt ? { baselineAt: h.baselineAt } : {}),
      };
    },
    async seenAmong(storyKeys) {
      if (storyKeys.length === 0) return new Set();
      const found = await redis.mget(...storyKeys.map(seenKey));
      return new Set(storyKeys.filter((_, i) => found[i] !== null));
    },
    async commitFeed(source, c) {
      const v = c.validators;
      const caps = c.caps ?? { perPoll: Number.MAX_SAFE_INTEGER, perDay: Number.MAX_SAFE_INTEGER };
      const args: (string | number)[] = [c.ttlSeconds, c.now.toISOString(), v.etag ?? '', v.lastModified ?? '', v.bodyHash ?? '', c.groups.length];
      args.push(caps.perPoll, caps.perDay, c.now.getTime(), DAY_MS, c.alert ? JSON.stringify(c.alert) : '');
      for (const g of c.groups) args.push(g.keys.length, ...g.keys.map(seenKey), g.event ? JSON.stringify(g.event) : '');
      const keyList = [keys.feed(source), keys.changes(), keys.heldNews(source), keys.newsSent(source)];
      const [appended, held] = (await redis.eval(COMMIT_FEED, keyList.length, ...keyList, ...args)) as [string[], string[]];
      return { appended, held };
    },
    async sentInDay(source, now) {
      return redis.zcount(keys.newsSent(source), now.getTime() - DAY_MS, '+inf');
    },
    async releaseHeld(source) {
      const released = (await redis.eval(RELEASE_HELD_NEWS, 2, keys.heldNews(source), keys.changes())) as string[];
      return released.map((json) => JSON.parse(json) as NewsEvent);
    },
  };
}
