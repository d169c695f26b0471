import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Lang, SubscriptionStore } from '../commands/ports.js';
import { normalizeName } from '../core/normalize.js';
import { channelKey, PLATFORMS, TOPICS, type ChannelRef, type Subscription } from '../core/subscriptions.js';
import type { Keys } from './keys.js';

const text = z.string().trim().min(1).max(200);
/** Validated on the way in: what reaches Redis is always a well-formed subscription. */
const subscriptionSchema = z.object({
  id: z.string().regex(/^s[0-9a-f]{6}$/),
  channel: z.object({ platform: z.enum(PLATFORMS), workspace: text, channel: text }),
  topics: z.array(z.enum(TOPICS)).min(1),
  providers: z.array(text).max(20),
  keywords: z.array(text).max(20),
  createdAt: z.string(),
  createdBy: z.string().optional(),
  disabled: z.object({ reason: z.string(), at: z.string() }).optional(),
});

/** The Redis subscription store: everything the commands need, plus what the fan-out needs. */
export interface RedisSubscriptionStore extends SubscriptionStore {
  /** Every subscription of the deployment, cached until one changes. */
  all(): Promise<Subscription[]>;
  /** Provider filters on `from` now follow `to` (a provider renamed in the catalogue). Returns the channels touched. */
  renameProvider(from: string, to: string): Promise<ChannelRef[]>;
  /** Disables every subscription of a channel (gone, or closed to the bot); returns how many. */
  disableChannel(channel: ChannelRef, reason: string, at: Date): Promise<number>;
}

export function createSubscriptionStore(redis: Redis, keys: Keys): RedisSubscriptionStore {
  const field = (s: Pick<Subscription, 'channel' | 'id'>): string => `${channelKey(s.channel)}#${s.id}`;
  let cache: { version: string; subs: Subscription[] } | undefined;

  const readAll = async (): Promise<Subscription[]> => {
    const version = (await redis.get(keys.subscriptionsVersion())) ?? '0';
    if (cache?.version === version) return cache.subs;
    const subs = Object.values(await redis.hgetall(keys.subscriptions())).map((v) => JSON.parse(v) as Subscription);
    cache = { version, subs };
    return subs;
  };
  const write = async (subs: Subscription[]): Promise<void> => {
    if (subs.length === 0) return;
    const tx = redis.multi();
    for (const s of subs) tx.hset(keys.subscriptions(), field(s), JSON.stringify(subscriptionSchema.parse(s)));
    await tx.incr(keys.subscriptionsVersion()).exec();
  };
  const ofChannel = async (channel: ChannelRef): Promise<Subscription[]> =>
    (await readAll()).filter((s) => channelKey(s.channel) === channelKey(channel));

  return {
    async add(sub) {
      const valid = subscriptionSchema.parse(sub) as Subscription;
      const created = (await redis.hsetnx(keys.subscriptions(), field(valid), JSON.stringify(valid))) === 1;
      if (created) await redis.incr(keys.subscriptionsVersion());
      const stored = JSON.parse((await redis.hget(keys.subscriptions(), field(valid)))!) as Subscription;
      return { created, subscription: stored };
    },
    list: ofChannel,
    async remove(channel, id) {
      const removed = (await redis.hdel(keys.subscriptions(), field({ channel, id }))) === 1;
      if (removed) await redis.incr(keys.subscriptionsVersion());
      return removed;
    },
    async removeAll(channel) {
      const subs = await ofChannel(channel);
      if (subs.length === 0) return 0;
      await redis.multi().hdel(keys.subscriptions(), ...subs.map(field)).incr(keys.subscriptionsVersion()).exec();
      return subs.length;
    },
    async getLang(channel) {
      const lang = await redis.hget(keys.channelSettings(channelKey(channel)), 'lang');
      return lang === 'fr' || lang === 'en' ? lang : undefined;
    },
    async setLang(channel, lang: Lang) {
      await redis.hset(keys.channelSettings(channelKey(channel)), 'lang', lang);
    },
    all: readAll,
    async renameProvider(from, to) {
      const old = normalizeName(from);
      const touched = (await readAll()).filter((s) => s.providers.some((p) => normalizeName(p) === old));
      await write(touched.map((s) => ({ ...s, providers: [...new Set(s.providers.map((p) => (normalizeName(p) === old ? to : p)))] })));
      return [...new Map(touched.map((s) => [channelKey(s.channel), s.channel])).values()];
    },
    async disableChannel(channel, reason, at) {
      const subs = (await ofChannel(channel)).filter((s) => !s.disabled);
      await write(subs.map((s) => ({ ...s, disabled: { reason, at: at.toISOString() } })));
      return subs.length;
    },
  };
}
