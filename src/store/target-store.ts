import type { Redis } from 'ioredis';
import { channelKey, type ChannelRef } from '../core/subscriptions.js';
import { targetSchema, type Target } from '../core/targets.js';
import type { Keys } from './keys.js';

export type { Target } from '../core/targets.js';

/**
 * Where targets' secrets are kept: apart from the subscriptions, keyed by the channel (which is no secret), so that
 * a job, an outbox item, a log line or a plain export names the channel and never carries the URL or the key.
 */
export interface TargetStore {
  get(channel: ChannelRef): Promise<Target | undefined>;
  set(channel: ChannelRef, target: Target): Promise<void>;
  remove(channel: ChannelRef): Promise<boolean>;
  /** Every stored target, by channel key (for exports `--with-secrets`). */
  all(): Promise<Map<string, Target>>;
}

export function createTargetStore(redis: Redis, keys: Keys): TargetStore {
  return {
    async get(channel) {
      const raw = await redis.hget(keys.targets(), channelKey(channel));
      return raw ? targetSchema.parse(JSON.parse(raw)) : undefined;
    },
    async set(channel, target) {
      await redis.hset(keys.targets(), channelKey(channel), JSON.stringify(targetSchema.parse(target)));
    },
    remove: async (channel) => (await redis.hdel(keys.targets(), channelKey(channel))) === 1,
    async all() {
      return new Map(Object.entries(await redis.hgetall(keys.targets())).map(([k, v]) => [k, targetSchema.parse(JSON.parse(v))]));
    },
  };
}
