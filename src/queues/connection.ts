import { Redis, type RedisOptions } from 'ioredis';

/** Where Redis is: a URL (redis://…) or a Unix socket path (tests). */
export type RedisTarget = { url: string } | { path: string };

/** REDIS_URL → target: `unix:///run/redis.sock` is a socket path, anything else a redis:// URL. */
export function targetFromUrl(url: string): RedisTarget {
  return url.startsWith('unix:') ? { path: decodeURIComponent(new URL(url).pathname) } : { url };
}

/**
 * A Redis connection for BullMQ and the stores. `maxRetriesPerRequest: null` lets commands wait while
 * Redis restarts instead of failing (BullMQ requires it for workers).
 */
export function createRedis(target: RedisTarget, onError?: (err: Error) => void, extra: RedisOptions = {}): Redis {
  const options: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, ...extra };
  const redis = 'url' in target ? new Redis(target.url, options) : new Redis({ ...options, path: target.path });
  // Without a listener ioredis prints every failed reconnection: while Redis restarts, that is noise.
  redis.on('error', onError ?? (() => {}));
  return redis;
}
