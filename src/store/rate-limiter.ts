import type { Redis } from 'ioredis';
import type { Bucket } from '../core/delivery.js';
import type { Keys } from './keys.js';
import { evalScript, lua } from './lua.js';

export type { Bucket } from '../core/delivery.js';

/** What acquiring gave: `ms` 0 when the tokens were taken, else how long until they all are there; `channel`: a
 * bucket of the channel's own is among those that are empty (waiting for it holds up only this channel). */
export interface Wait {
  ms: number;
  channel: boolean;
}

/**
 * KEYS: the buckets' hashes. ARGV: per bucket rate, burst, shared (1/0). Takes one token from every bucket at
 * once, or none: returns {0, 0} when taken, else {the milliseconds until all of them have one, 1 if a bucket not
 * shared is among the empty ones}. Redis's clock is the one clock, so every worker on every machine shares the
 * same buckets.
 */
const ACQUIRE = lua(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
local channel = 0
local levels = {}
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[3 * i - 2]) / 1000
  local burst = tonumber(ARGV[3 * i - 1])
  local h = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(h[1]) or burst
  local at = tonumber(h[2]) or now
  tokens = math.min(burst, tokens + (now - at) * rate)
  levels[i] = tokens
  if tokens < 1 then
    wait = math.max(wait, math.ceil((1 - tokens) / rate))
    if ARGV[3 * i] == '0' then channel = 1 end
  end
end
if wait > 0 then return {wait, channel} end
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'tokens', levels[i] - 1, 'at', now)
  redis.call('PEXPIRE', key, math.ceil(ARGV[3 * i - 1] / (tonumber(ARGV[3 * i - 2]) / 1000)) + 1000)
end
return {0, 0}
`);

export interface RateLimiter {
  /** Takes a token from each bucket, or says how long to wait before trying again, and for which kind of bucket. */
  acquire(buckets: readonly Bucket[]): Promise<Wait>;
}

export function createRateLimiter(redis: Redis, keys: Keys): RateLimiter {
  return {
    async acquire(buckets) {
      if (buckets.length === 0) return { ms: 0, channel: false };
      const args = buckets.flatMap((b) => [b.ratePerSec, b.burst, b.shared ? 1 : 0]);
      const [ms, channel] = (await evalScript(redis, ACQUIRE, buckets.length, ...buckets.map((b) => keys.rateBucket(b.key)), ...args)) as [number, number];
      return { ms: Number(ms), channel: Number(channel) === 1 };
    },
  };
}
