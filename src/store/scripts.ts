/**
 * Lua scripts: each runs atomically in Redis, so a snapshot and the events it produced are written
 * together or not at all, and two workers polling the same source cannot both commit.
 */

/** Appends event JSONs ARGV[from..] to the stream KEYS[n] with their id, kind and source as fields. */
const APPEND = `
local function append(stream, from)
  for i = from, #ARGV do
    local e = cjson.decode(ARGV[i])
    redis.call('XADD', stream, '*', 'id', e.id, 'kind', e.kind, 'source', e.source, 'event', ARGV[i])
  end
end
`;

/**
 * KEYS: trusted, held, changes. ARGV: expectedState ('' = none yet), newState, snapshot JSON, storedAt,
 * etag, lastModified, bodyHash, then the events. Returns 0 when the trusted state moved on meanwhile.
 */
export const COMMIT = `${APPEND}
local current = redis.call('HGET', KEYS[1], 'state') or ''
if current ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'snapshot', ARGV[3], 'storedAt', ARGV[4],
  'etag', ARGV[5], 'lastModified', ARGV[6], 'bodyHash', ARGV[7])
redis.call('HSETNX', KEYS[1], 'firstStoredAt', ARGV[4])
redis.call('DEL', KEYS[2])
append(KEYS[3], 8)
return 1
`;

/**
 * KEYS: trusted, held, changes. ARGV: expectedState, held JSON, bodyHash, then the alert event (if any).
 * The alert is appended only when no snapshot with this body is held already (racing polls alert once).
 */
export const HOLD = `${APPEND}
local current = redis.call('HGET', KEYS[1], 'state') or ''
if current ~= ARGV[1] then return 0 end
local existing = redis.call('GET', KEYS[2])
local already = existing and cjson.decode(existing).bodyHash == ARGV[3]
redis.call('SET', KEYS[2], ARGV[2])
if not already then append(KEYS[3], 4) end
return 1
`;

/**
 * KEYS: health, changes. ARGV: expectedFailures, now, error, threshold, then the failing event.
 * Returns -1 when another poll recorded in between (the caller re-reads and retries), else the count.
 */
export const FAILURE = `${APPEND}
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')
if failures ~= tonumber(ARGV[1]) then return -1 end
failures = failures + 1
redis.call('HSET', KEYS[1], 'failures', failures, 'lastAttemptAt', ARGV[2], 'lastError', ARGV[3])
if failures == 1 then redis.call('HSET', KEYS[1], 'failingSince', ARGV[2]) end
if failures >= tonumber(ARGV[4]) and redis.call('HGET', KEYS[1], 'alerted') ~= '1' then
  redis.call('HSET', KEYS[1], 'alerted', '1')
  append(KEYS[2], 5)
end
return failures
`;

/** KEYS: health, changes. ARGV: now, failingSince seen by the caller, then the recovered event (if any). */
export const SUCCESS = `${APPEND}
local alerted = redis.call('HGET', KEYS[1], 'alerted') == '1'
local since = redis.call('HGET', KEYS[1], 'failingSince') or ''
redis.call('HSET', KEYS[1], 'lastSuccessAt', ARGV[1], 'lastAttemptAt', ARGV[1], 'failures', 0)
redis.call('HDEL', KEYS[1], 'failingSince', 'alerted', 'lastError')
if alerted and since == ARGV[2] then append(KEYS[2], 3) end
return 1
`;
