import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

/** A token bucket: `ratePerSec` tokens a second, at most `burst` saved up. */
export interface Bucket {
  key: string;
  ratePerSec: number;
  burst: number;
}

/**
 * KEYS: the buckets' hashes. ARGV: then per bucket rate and burst. Takes one token from every bucket at once,
 * or none: returns 0 when taken, else the milliseconds until all of them have one. Redis's clock is the one
 * clock, so every worker on every machine shares the same buckets.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
local levels = {}
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[2 * i - 1]) / 1000
  local burst = tonumber(ARGV[2 * i])
  local h = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(h[1]) or burst
  local at = tonumber(h[2]) or now
  tokens = math.min(burst, tokens + (now - at) * rate)
  levels[i] = tokens
  if tokens < 1 then wait = math.max(wait, math.ceil((1 - tokens) / rate)) end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'tokens', levels[i] - 1, 'at', now)
  redis.call('PEXPIRE', key, math.ceil(ARGV[2 * i] / (tonumber(ARGV[2 * i - 1]) / 1000)) + 1000)
end
return 0
`;

export interface RateLimiter {
  /** Takes a token from each bucket, or returns how many milliseconds to wait before trying again. */
  acquire(buckets: readonly Bucket[]): Promise<number>;
}

export function createRateLimiter(redis: Redis, keys: Keys): RateLimiter {
  return {
    async acquire(buckets) {
      if (buckets.length === 0) return 0;
      const args = buckets.flatMap((b) => [b.ratePerSec, b.burst]);
      return Number(await redis.eval(ACQUIRE, buckets.length, ...buckets.map((b) => keys.rateBucket(b.key)), ...args));
    },
  };
}
