/**
 * The news store's Lua scripts: a feed's poll is stored in one step (seen marks, events, caps, held items and the
 * operators' alert), so two feeds carrying the same story, or two polls racing, send it once and hold it once.
 */

/**
 * KEYS: feed hash, changes stream, held-news list, news-sent sorted set.
 * ARGV: ttl seconds, now, etag, lastModified, bodyHash, count of groups, perPoll, perDay, nowMs, dayMs, alert JSON
 * ('' for none), then per group: number of story keys, the keys, and the event JSON ('' for an item that alerts
 * nobody). A group's event counts only when none of its story keys was seen before (within the TTL); every key is
 * then (re)marked as seen. Fresh events go to the change log while this poll has sent fewer than perPoll and the
 * last dayMs fewer than perDay; the rest is appended to the held list. The alert is appended when this poll holds
 * something and nothing was held before: one source.suspect per flood, however many polls it lasts.
 * Returns { ids appended, ids held }.
 */
export const COMMIT_FEED = `
local ttl = tonumber(ARGV[1])
redis.call('HSET', KEYS[1], 'etag', ARGV[3], 'lastModified', ARGV[4], 'bodyHash', ARGV[5], 'lastPolledAt', ARGV[2])
if redis.call('HEXISTS', KEYS[1], 'baselineAt') == 0 then redis.call('HSET', KEYS[1], 'baselineAt', ARGV[2]) end
local perPoll = tonumber(ARGV[7])
local perDay = tonumber(ARGV[8])
local nowMs = tonumber(ARGV[9])
local dayMs = tonumber(ARGV[10])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. (nowMs - dayMs))
local sentInDay = redis.call('ZCARD', KEYS[4])
local heldBefore = redis.call('LLEN', KEYS[3])
local i = 12
local appended = {}
local held = {}
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
    if #appended < perPoll and sentInDay + #appended < perDay then
      redis.call('XADD', KEYS[2], '*', 'id', e.id, 'kind', e.kind, 'source', e.source, 'event', event)
      redis.call('ZADD', KEYS[4], nowMs, e.id)
      table.insert(appended, e.id)
    else
      redis.call('RPUSH', KEYS[3], event)
      table.insert(held, e.id)
    end
  end
  i = i + n + 2
end
if #appended > 0 then redis.call('PEXPIRE', KEYS[4], dayMs * 2) end
if #held > 0 and heldBefore == 0 and ARGV[11] ~= '' then
  local a = cjson.decode(ARGV[11])
  redis.call('XADD', KEYS[2], '*', 'id', a.id, 'kind', a.kind, 'source', a.source, 'event', ARGV[11])
end
return { appended, held }
`;

/** KEYS: held-news list, changes stream. Appends every held event in order, empties the list, returns the events. */
export const RELEASE_HELD_NEWS = `
local items = redis.call('LRANGE', KEYS[1], 0, -1)
for _, event in ipairs(items) do
  local e = cjson.decode(event)
  redis.call('XADD', KEYS[2], '*', 'id', e.id, 'kind', e.kind, 'source', e.source, 'event', event)
end
redis.call('DEL', KEYS[1])
return items
`;
