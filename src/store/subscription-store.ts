import type { Redis } from 'ioredis';
import type { Lang, PauseState, SubscriptionStore } from '../commands/ports.js';
import { normalizeName } from '../core/normalize.js';
// Validated on the way in: what reaches Redis is always a well-formed subscription.
import { channelLangSchema, channelPauseSchema, subscriptionSchema, type ChannelLang, type ChannelPause } from '../core/subscription-document.js';
import { channelKey, PLATFORMS, type ChannelRef, type Subscription } from '../core/subscriptions.js';
import { targetSchema, type Target } from '../core/targets.js';
import type { Keys } from './keys.js';
import { evalScript, evalScriptMany } from './lua.js';
import { PAUSE, RESUME, SKIP } from './pause-scripts.js';

/** The Redis subscription store: everything the commands need, plus what the fan-out needs. */
export interface RedisSubscriptionStore extends SubscriptionStore {
  /** Every subscription of the deployment, cached until one changes. */
  all(): Promise<Subscription[]>;
  /** Provider filters on `from` now follow `to` (a provider renamed in the catalogue). Returns the channels touched. */
  renameProvider(from: string, to: string): Promise<ChannelRef[]>;
  /** Disables every subscription of a channel (gone, or closed to the bot); returns how many. */
  disableChannel(channel: ChannelRef, reason: string, at: Date): Promise<number>;
  /** Every channel that chose a language (a SCAN: for exports, not for hot paths). */
  languages(): Promise<ChannelLang[]>;
  /** The keys (channelKey) of the paused channels, cached with the subscriptions. */
  pausedChannels(): Promise<ReadonlySet<string>>;
  /** `all()` and `pausedChannels()` from one read of the version (the fan-out's one round trip per change). */
  current(): Promise<{ subscriptions: Subscription[]; paused: ReadonlySet<string> }>;
  /** Every paused channel, with since when and by whom (for exports). */
  pauses(): Promise<ChannelPause[]>;
  /**
   * Records, for each channel still paused, that it did not receive the change (once per change, however often the
   * fan-out replays it). Returns, in order, whether each was skipped: false for a channel resumed meanwhile, which
   * the caller delivers to.
   */
  skipPaused(channels: readonly ChannelRef[], changeId: string): Promise<boolean[]>;
  /**
   * Writes subscriptions (replacing any with the same channel and id), languages and pauses (a channel already
   * paused keeps its own) and targets' credentials (replacing the stored ones; the target store's hash) in one
   * transaction, every entry validated before anything is sent: all of it is written, or none.
   */
  put(subs: readonly Subscription[], langs: readonly ChannelLang[], pauses?: readonly ChannelPause[], targets?: ReadonlyArray<{ channel: ChannelRef; target: Target }>): Promise<void>;
}

export function createSubscriptionStore(redis: Redis, keys: Keys): RedisSubscriptionStore {
  const field = (s: Pick<Subscription, 'channel' | 'id'>): string => `${channelKey(s.channel)}#${s.id}`;
  let cache: { version: string; subs: Subscription[]; paused: Set<string> } | undefined;

  // The fan-out reads both for every change: one version check, and both hashes again only after a change.
  const load = async (): Promise<NonNullable<typeof cache>> => {
    const version = (await redis.get(keys.subscriptionsVersion())) ?? '0';
    if (cache?.version === version) return cache;
    const [subs, paused] = await Promise.all([redis.hgetall(keys.subscriptions()), redis.hkeys(keys.paused())]);
    cache = { version, subs: Object.values(subs).map((v) => JSON.parse(v) as Subscription), paused: new Set(paused) };
    return cache;
  };
  const readAll = async (): Promise<Subscription[]> => (await load()).subs;
  const pauseScript = (script: typeof PAUSE, channel: ChannelRef, ...args: string[]): Promise<unknown> =>
    evalScript(redis, script, 3, keys.paused(), keys.pauseSkipped(channelKey(channel)), keys.subscriptionsVersion(), channelKey(channel), ...args);
  const pauseOf = async (channel: ChannelRef): Promise<PauseState | undefined> => {
    const raw = await redis.hget(keys.paused(), channelKey(channel));
    return raw ? (JSON.parse(raw) as PauseState) : undefined;
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
    async pause(channel, by, at) {
      const pause: PauseState = { at: at.toISOString(), ...(by ? { by } : {}) };
      if (Number(await pauseScript(PAUSE, channel, JSON.stringify(pause))) === 1) return { created: true, pause };
      return { created: false, pause: (await pauseOf(channel)) ?? pause };
    },
    async resume(channel) {
      const [pause, skipped] = (await pauseScript(RESUME, channel)) as [string | null, number];
      return pause ? { pause: JSON.parse(pause) as PauseState, skipped: Number(skipped) } : undefined;
    },
    pausedSince: pauseOf,
    pausedChannels: async () => (await load()).paused,
    async current() {
      const { subs, paused } = await load();
      return { subscriptions: subs, paused };
    },
    async pauses() {
      return Object.entries(await redis.hgetall(keys.paused())).flatMap(([key, raw]) => {
        const channel = channelOfKey(key);
        return channel ? [{ channel, ...(JSON.parse(raw) as PauseState) }] : [];
      });
    },
    async skipPaused(channels, changeId) {
      const calls = channels.map((c) => ({ numKeys: 2, args: [keys.paused(), keys.pauseSkipped(channelKey(c)), channelKey(c), changeId] }));
      return (await evalScriptMany(redis, SKIP, calls)).map(([err, value]) => {
        if (err) throw err;
        return Number(value) === 1;
      });
    },
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
    async languages() {
      const prefix = keys.channelSettings('');
      const found = new Set<string>(); // SCAN may return a key twice
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', keys.channelSettings('*'), 'COUNT', 500);
        for (const key of batch) found.add(key);
        cursor = next;
      } while (cursor !== '0');
      const out: ChannelLang[] = [];
      for (const key of found) {
        const channel = channelOfKey(key.slice(prefix.length));
        const lang = channel && (await redis.hget(key, 'lang'));
        if (channel && (lang === 'fr' || lang === 'en')) out.push({ channel, lang });
      }
      return out;
    },
    async put(subs, langs, pauses = [], targets = []) {
      const valid = subs.map((s) => subscriptionSchema.parse(s) as Subscription);
      const validLangs = langs.map((l) => channelLangSchema.parse(l));
      const validPauses = pauses.map((p) => channelPauseSchema.parse(p));
      const validTargets = targets.map((t) => ({ key: channelKey(t.channel), target: targetSchema.parse(t.target) }));
      if (valid.length === 0 && validLangs.length === 0 && validPauses.length === 0 && validTargets.length === 0) return;
      const tx = redis.multi();
      for (const t of validTargets) tx.hset(keys.targets(), t.key, JSON.stringify(t.target));
      for (const s of valid) tx.hset(keys.subscriptions(), field(s), JSON.stringify(s));
      for (const l of validLangs) tx.hset(keys.channelSettings(channelKey(l.channel)), 'lang', l.lang);
      for (const { channel, ...p } of validPauses) tx.hsetnx(keys.paused(), channelKey(channel), JSON.stringify(p));
      if (valid.length > 0 || validPauses.length > 0) tx.incr(keys.subscriptionsVersion());
      await tx.exec();
    },
  };
}

/** `platform/workspace/channel` back to a channel; undefined when ambiguous (an id with a `/`) or unknown. */
function channelOfKey(key: string): ChannelRef | undefined {
  const [platform, workspace, channel, ...rest] = key.split('/');
  if (rest.length > 0 || !workspace || !channel || !PLATFORMS.includes(platform as ChannelRef['platform'])) return undefined;
  return { platform: platform as ChannelRef['platform'], workspace, channel };
}
