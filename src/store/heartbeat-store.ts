import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

/** A process's last sign of life in Redis. */
export interface Beat {
  pid: number;
  at: Date;
}

/**
 * Heartbeats of the tracker's processes, by role and host: what a container healthcheck (`health --role`) reads,
 * since only the web role has an HTTP port to probe. A beat proves the process runs, got through its start-up,
 * and that Redis accepts its writes. Entries older than an hour are dropped at each beat; the key expires then.
 */
export interface HeartbeatStore {
  beat(role: string, host: string, pid: number, at: Date): Promise<void>;
  /** The most recent beat of a process of `role` on `host`, or undefined when none beat within the hour. */
  latest(role: string, host: string): Promise<Beat | undefined>;
  /** Removes a stopping process's entry, so that a healthcheck does not count it. */
  remove(role: string, host: string, pid: number): Promise<void>;
}

const KEEP_MS = 3_600_000;

export function createHeartbeatStore(redis: Redis, keys: Keys): HeartbeatStore {
  return {
    async beat(role, host, pid, at) {
      const key = keys.heartbeat(role, host);
      await redis.multi().zadd(key, at.getTime(), String(pid)).zremrangebyscore(key, '-inf', at.getTime() - KEEP_MS).pexpire(key, KEEP_MS).exec();
    },
    async latest(role, host) {
      const [pid, score] = await redis.zrevrange(keys.heartbeat(role, host), 0, 0, 'WITHSCORES');
      return pid === undefined || score === undefined ? undefined : { pid: Number(pid), at: new Date(Number(score)) };
    },
    async remove(role, host, pid) {
      await redis.zrem(keys.heartbeat(role, host), String(pid));
    },
  };
}
