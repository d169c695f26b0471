import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { evalScript, lua } from './lua.js';

/** Renews only if still ours, atomically. KEYS: lock. ARGV: owner, ttl ms. */
const RENEW = lua(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);
/** Releases only if still ours. */
const RELEASE = lua(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * A lease in Redis that makes one process, among all replicas, the one that runs a loop whose order matters
 * (the fan-out: a channel's changes must be queued in the order they were detected). The lease lapses after
 * `ttlMs` unless renewed, so a killed leader is replaced within that time.
 */
export interface LeaderLock {
  /** True when this process holds the lease now (taking it if free, renewing it if ours). */
  hold(): Promise<boolean>;
  release(): Promise<void>;
}

export function createLeaderLock(redis: Redis, keys: Keys, role: string, owner: string, ttlMs: number): LeaderLock {
  const key = keys.leader(role);
  return {
    async hold() {
      if ((await redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK') return true;
      return Number(await evalScript(redis, RENEW, 1, key, owner, ttlMs)) === 1;
    },
    async release() {
      await evalScript(redis, RELEASE, 1, key, owner);
    },
  };
}
