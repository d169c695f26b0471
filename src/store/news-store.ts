import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { NewsEvent } from '../core/events.js';
import type { Keys } from './keys.js';
import type { StoredValidators } from './source-store.js';

/**
 * KEYS: feed hash, changes stream. ARGV: ttl seconds, now, etag, lastModified, bodyHash, count of groups,
 * then per group: number of story keys, the keys, and the event JSON ('' for an item that alerts nobody).
 * A group's event is appended only when none of its story keys was seen before (within the TTL); every key is
 * then (re)marked as seen. Returns the ids of the events appended.
 */
const COMMIT_FEED = `
local ttl = tonumber(ARGV[1])
redis.call('HSET', KEYS[1], 'etag', ARGV[3], 'lastModified', ARGV[4], 'bodyHash', ARGV[5], 'lastPolledAt', ARGV[2])
if redis.call('HEXISTS', KEYS[1], 'baselineAt') == 0 then redis.call('HSET', KEYS[1], 'baselineAt', ARGV[2]) end
local i = 7
local appended = {}
for g = 1, tonumber(ARGV[6]) do
  local n = tonumber(ARGV[i])
  local fresh = true
  for k = 1, n do
    if redis.call('EXISTS', ARGV[i + k]) == 1 then fresh = false end
  end
  for k = 1, n do redis.call('SET', ARGV[i + k], ARGV[2], 'EX', ttl) end
  local event = ARGV[i + n + 1]
  if fresh and event ~= '' then
    local e = cjson.decode(event)
    redis.call('XADD', KEYS[2], '*', 'id', e.id, 'kind', e.kind, 'source', e.source, 'event', event)
    table.insert(appended, e.id)
  end
  i = i + n + 2
end
return appended
`;

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
  /** Stores a poll: validators, seen marks, and the events of stories not seen before, atomically; returns their ids. */
  commitFeed(source: string, c: { validators: StoredValidators; groups: readonly StoryGroup[]; ttlSeconds: number; now: Date }): Promise<string[]>;
}

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
      const args: (string | number)[] = [c.ttlSeconds, c.now.toISOString(), v.etag ?? '', v.lastModified ?? '', v.bodyHash ?? '', c.groups.length];
      for (const g of c.groups) args.push(g.keys.length, ...g.keys.map(seenKey), g.event ? JSON.stringify(g.event) : '');
      return (await redis.eval(COMMIT_FEED, 2, keys.feed(source), keys.changes(), ...args)) as string[];
    },
  };
}
