import type { Redis } from 'ioredis';
import type { OfferEvent } from '../core/events.js';
import type { Keys } from './keys.js';

/**
 * KEYS: sent set, changes stream. ARGV: count of keys, the keys, then pairs (key, event JSON).
 * Every key is added to the set; an event is appended only if its key was not there before, so two
 * runs of the daily job (two replicas, a retry) send each reminder once. Returns the appended ids.
 */
const COMMIT = `
local n = tonumber(ARGV[1])
local fresh = {}
for i = 2, n + 1 do
  if redis.call('SADD', KEYS[1], ARGV[i]) == 1 then fresh[ARGV[i]] = true end
end
local appended = {}
for i = n + 2, #ARGV, 2 do
  if fresh[ARGV[i]] then
    local e = cjson.decode(ARGV[i + 1])
    redis.call('XADD', KEYS[2], '*', 'id', e.id, 'kind', e.kind, 'source', e.source, 'event', ARGV[i + 1])
    table.insert(appended, e.id)
  end
end
return appended
`;

/** Expiry reminders already sent, and the atomic send of new ones. */
export interface ReminderStore {
  sent(): Promise<Set<string>>;
  /** Marks `keys` as sent and appends the events whose key was not sent before; returns their ids. */
  commit(keys: readonly string[], events: ReadonlyArray<{ key: string; event: OfferEvent }>): Promise<string[]>;
}

export function createReminderStore(redis: Redis, keys: Keys): ReminderStore {
  return {
    async sent() {
      return new Set(await redis.smembers(keys.remindersSent()));
    },
    async commit(sentKeys, events) {
      const all = [...new Set([...sentKeys, ...events.map((e) => e.key)])];
      if (all.length === 0) return [];
      const args = [all.length, ...all, ...events.flatMap((e) => [e.key, JSON.stringify(e.event)])];
      return (await redis.eval(COMMIT, 2, keys.remindersSent(), keys.changes(), ...args)) as string[];
    },
  };
}
