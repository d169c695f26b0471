import { lua } from './lua.js';

/**
 * The Lua scripts behind the outbox store (outbox-store.ts). Each runs atomically in Redis: what one script
 * writes, another drain or the fan-out sees entirely or not at all.
 */

/**
 * KEYS: outbox stream, outbox state. ARGV: channel JSON, now, then pairs (delivery key, item JSON).
 * A delivery is created (pending) and queued only if it does not exist yet: fanning out the same event twice
 * queues it once. When something was queued and no drain is scheduled, marks one scheduled and returns its
 * generation (> 0). While a drain is scheduled it returns that drain's generation again, so that the caller
 * (re-)adds its job, idempotently by job id: a reply lost between this script and the job's creation (a killed
 * process, a Redis restart) is mended by the next enqueue or by the fan-out's replay. Returns 0 otherwise.
 */
export const ENQUEUE = lua(`
local queued = 0
for i = 3, #ARGV, 2 do
  if redis.call('HSETNX', ARGV[i], 'status', 'pending') == 1 then
    local item = cjson.decode(ARGV[i + 1])
    redis.call('HSET', ARGV[i], 'attempt', 0, 'channel', ARGV[1], 'updatedAt', ARGV[2],
      'item', item.event and item.event.id or item.noticeId)
    redis.call('XADD', KEYS[1], '*', 'delivery', item.deliveryId, 'item', ARGV[i + 1])
    queued = queued + 1
  end
end
if redis.call('HGET', KEYS[2], 'scheduled') == '1' then
  return tonumber(redis.call('HGET', KEYS[2], 'generation'))
end
if queued > 0 then
  redis.call('HSET', KEYS[2], 'scheduled', '1', 'channel', ARGV[1])
  return redis.call('HINCRBY', KEYS[2], 'generation', 1)
end
return 0
`);

/** KEYS: outbox state. A drain that failed for good hands over to a new generation (returned). */
export const RESCHEDULE = lua(`
redis.call('HSET', KEYS[1], 'scheduled', '1')
return redis.call('HINCRBY', KEYS[1], 'generation', 1)
`);

/**
 * KEYS: lease, outbox state. ARGV: ttl ms, owner (random). While a lease is held, returns {'', its ms left}.
 * Otherwise takes it: the fence is a counter bumped at every acquisition (plus the owner, so that a Redis that
 * lost its data cannot hand out a fence a stale drain still holds), kept in the state, and returned as {fence, 0}.
 */
export const ACQUIRE_LEASE = lua(`
if redis.call('EXISTS', KEYS[1]) == 1 then
  local left = redis.call('PTTL', KEYS[1])
  if left < 0 then left = tonumber(ARGV[1]) end
  return {'', left}
end
local fence = redis.call('HINCRBY', KEYS[2], 'fences', 1) .. ':' .. ARGV[2]
redis.call('HSET', KEYS[2], 'fence', fence)
redis.call('SET', KEYS[1], fence, 'PX', ARGV[1])
return {fence, 0}
`);

/**
 * Prepended to every script a drain writes with. KEYS[1] outbox state, KEYS[2] lease; ARGV[1] fence, ARGV[2] ttl.
 * The write goes ahead only while the drain's fence is the latest one handed out (no other drain took the
 * channel since, even if the lease itself lapsed in between), and it extends the lease.
 */
const FENCED = `
if redis.call('HGET', KEYS[1], 'fence') ~= ARGV[1] then return redis.error_reply('LEASE_LOST') end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
`;

/** KEYS: state, lease. ARGV: fence, ttl. Extends the lease (1), or says another drain took it (error). */
export const RENEW_LEASE = lua(`${FENCED}
return 1
`);

/** KEYS: state, lease. ARGV: fence. Lets the lease go if this drain still holds it. */
export const RELEASE_LEASE = lua(`
if redis.call('HGET', KEYS[1], 'fence') == ARGV[1] and redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
return 1
`);

/**
 * KEYS: state, lease, the record of what is sent (a digest's own record, or the single item's), then the
 * records of a digest's members. ARGV: fence, ttl, now, lang, digest id ('' for a single item), channel key,
 * members JSON. Records an attempt before the platform call, in one step: the attempt number (the digest's own
 * count for a digest), the language of the first attempt (kept for every retry: the same message again), and
 * for a digest its member list, frozen at its first attempt, with every member marked sending in it.
 * Returns {attempt, lang}.
 */
export const START_ATTEMPT = lua(`${FENCED}
local rec = KEYS[3]
local attempt = redis.call('HINCRBY', rec, 'attempt', 1)
redis.call('HSET', rec, 'status', 'sending', 'updatedAt', ARGV[3])
redis.call('HSETNX', rec, 'lang', ARGV[4])
if ARGV[5] ~= '' then
  redis.call('HSETNX', rec, 'members', ARGV[7])
  redis.call('HSETNX', rec, 'channel', ARGV[6])
  for i = 4, #KEYS do
    redis.call('HSET', KEYS[i], 'status', 'sending', 'attempt', attempt, 'digest', ARGV[5], 'updatedAt', ARGV[3])
  end
end
return {attempt, redis.call('HGET', rec, 'lang')}
`);

/**
 * KEYS: state, lease, outbox stream, deliveries-failed set, then the records to settle (a digest's own record
 * included). ARGV: fence, ttl, now (ISO), now (ms), status ('sent' or 'failed'), message id or error, retention
 * (s), n, then n delivery ids to list as failed (a digest's members, not the digest), then the stream ids to
 * remove. Settles every record and removes the items from the outbox, in one step.
 */
export const SETTLE = lua(`${FENCED}
for i = 5, #KEYS do
  if ARGV[5] == 'sent' then
    redis.call('HSET', KEYS[i], 'status', 'sent', 'messageId', ARGV[6], 'updatedAt', ARGV[3])
  else
    redis.call('HSET', KEYS[i], 'status', 'failed', 'error', ARGV[6], 'updatedAt', ARGV[3])
  end
  redis.call('EXPIRE', KEYS[i], ARGV[7])
end
local n = tonumber(ARGV[8])
if n > 0 then
  local now = tonumber(ARGV[4])
  for i = 9, 8 + n do redis.call('ZADD', KEYS[4], now, ARGV[i]) end
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - tonumber(ARGV[7]) * 1000)
end
if #ARGV > 8 + n then redis.call('XDEL', KEYS[3], unpack(ARGV, 9 + n)) end
return 1
`);

/** KEYS: state, lease, outbox stream. ARGV: fence, ttl, stream id. Removes an item already settled. */
export const DROP = lua(`${FENCED}
return redis.call('XDEL', KEYS[3], ARGV[3])
`);

/**
 * KEYS: state, lease, outbox stream. ARGV: fence, ttl, and optionally the last stream id that may leave now (a held
 * channel's `due` mark; '' when nothing is due). Ends the drain only if nothing that may leave is queued (atomically
 * with enqueue's check): clears the scheduled flag, lets the lease go, and returns 1. Items queued after the mark
 * stay for the next digest.
 */
export const FINISH_IF_EMPTY = lua(`${FENCED}
if ARGV[3] == nil then
  if redis.call('XLEN', KEYS[3]) > 0 then return 0 end
elseif ARGV[3] ~= '' then
  if #redis.call('XRANGE', KEYS[3], '-', ARGV[3], 'COUNT', 1) > 0 then return 0 end
end
redis.call('HSET', KEYS[1], 'scheduled', '0')
redis.call('DEL', KEYS[2])
return 1
`);

/**
 * KEYS: outbox stream, outbox state. A held channel's digest is due (decision 0028): its `due` mark moves up to the
 * last item queued now (never down: a retried digest job cannot take back what an earlier run released). Returns
 * the mark ('' when nothing was ever due).
 */
export const MARK_DUE = lua(`
local function later(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  if tonumber(am) ~= tonumber(bm) then return tonumber(am) > tonumber(bm) end
  return tonumber(as) > tonumber(bs)
end
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local cur = redis.call('HGET', KEYS[2], 'due')
if #last > 0 and (not cur or later(last[1][1], cur)) then
  redis.call('HSET', KEYS[2], 'due', last[1][1])
  return last[1][1]
end
return cur or ''
`);
