import { lua } from './lua.js';

/**
 * The Lua scripts behind a channel's pause (subscription-store.ts). A pause, a skip and a resume each run atomically,
 * so the fan-out's decision to skip a change is taken against the pause as it is at that instant: a change is either
 * counted as skipped by the pause that `resume` ends, or delivered, never both and never neither.
 */

/**
 * KEYS: paused hash, skipped set, subscriptions version. ARGV: channel key, pause JSON. Pauses the channel unless it
 * already is: a fresh pause starts a fresh count of skipped changes. Returns 1 when paused now, 0 when it was already.
 */
export const PAUSE = lua(`
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('DEL', KEYS[2])
redis.call('INCR', KEYS[3])
return 1
`);

/**
 * KEYS: paused hash, skipped set, subscriptions version. ARGV: channel key. Ends the pause; returns {pause JSON,
 * number of changes skipped}, or {false, 0} when the channel was not paused.
 */
export const RESUME = lua(`
local pause = redis.call('HGET', KEYS[1], ARGV[1])
if not pause then return {false, 0} end
local skipped = redis.call('SCARD', KEYS[2])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
redis.call('INCR', KEYS[3])
return {pause, skipped}
`);

/**
 * KEYS: paused hash, skipped set. ARGV: channel key, change id. Records that the paused channel did not receive the
 * change (a set: the fan-out replaying an entry counts it once). Returns 1, or 0 when the channel is no longer
 * paused, in which case the caller delivers the change.
 */
export const SKIP = lua(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SADD', KEYS[2], ARGV[2])
return 1
`);
