/**
 * Two drains of one channel at once (a worker that lost its job lock while still running, and the drain BullMQ
 * handed the job to), interleaved deterministically, against the Discord emulator enforcing nonces as Discord does.
 * The trace this reproduces (issue 13): drain A chose a digest of 12 changes and began recording it; drain B read
 * the records half-written and sent the first 2 under the digest's nonce; A's later send of all 12 under that nonce
 * was answered with B's message, and 10 changes were marked sent that no one ever saw.
 */
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliveryId, type OutboxItem } from '../../src/core/delivery.js';
import type { OfferEvent } from '../../src/core/events.js';
import type { ChannelRef } from '../../src/core/subscriptions.js';
import { createDiscordRest } from '../../src/platforms/discord/rest.js';
import { createDiscordSender } from '../../src/platforms/discord/sender.js';
import type { NotifyJob } from '../../src/queues/payloads.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { createOutboxStore, type OutboxStore } from '../../src/store/outbox-store.js';
import { createRateLimiter } from '../../src/store/rate-limiter.js';
import { createSubscriptionStore } from '../../src/store/subscription-store.js';
import { drainChannel, type NotifyDeps } from '../../workers/drain.js';
import { startFakeDiscord, type FakeDiscord } from '../emulators/discord/index.js';
import { chaosEvent } from '../support/chaos/load.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

const GUILD = '100000000000000077';
const LEASE_MS = 400;
let redis: TestRedis;
let conn: Redis;
let discord: FakeDiscord;
let keys: Keys;
let channel: ChannelRef;
let logs: Array<{ level: number; msg: string }>;
let n = 0;

beforeAll(async () => {
  [redis, discord] = await Promise.all([startTestRedis(), startFakeDiscord({})]);
  conn = createTestConnection(redis);
  discord.addGuild({ id: GUILD, name: 'Race', channels: Array.from({ length: 4 }, (_, k) => ({ id: `20000000000000003${k}`, name: `veille-${k}` })) });
});
afterAll(async () => {
  conn?.disconnect();
  await Promise.all([redis?.stop(), discord?.close()]);
});
beforeEach(() => {
  keys = createKeys(`race${++n}`);
  channel = { platform: 'discord', workspace: GUILD, channel: `20000000000000003${n - 1}` };
  logs = [];
});

/** One drain's dependencies, on the real store, rate limiter and Discord sender, with `outbox` as given. */
function deps(outbox: OutboxStore): NotifyDeps {
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) });
  return {
    outbox, subscriptions: createSubscriptionStore(conn, keys), limiter: createRateLimiter(conn, keys), logger,
    senders: { discord: createDiscordSender(createDiscordRest({ token: discord.token, apiUrl: discord.apiUrl })) },
    fanout: { opsChannel: undefined } as unknown as NotifyDeps['fanout'], clock: () => new Date(), defaultLang: 'fr', digestThreshold: 5, leaseMs: LEASE_MS,
  };
}

/**
 * The store as one drain sees it, with the drain's process frozen at a point: every call after `method` (or from
 * it, with `before`) waits until `resume()`, lease renewals included, as when the event loop is blocked.
 */
function frozenAt(store: OutboxStore, method: keyof OutboxStore, opts: { before?: boolean } = {}) {
  let resume!: () => void;
  const thawed = new Promise<void>((r) => (resume = r));
  let frozen!: () => void;
  const reached = new Promise<void>((r) => (frozen = r));
  let hit = false;
  const outbox = new Proxy(store, {
    get(target, prop: keyof OutboxStore) {
      const f = target[prop] as unknown;
      if (typeof f !== 'function') return f;
      return async (...args: unknown[]) => {
        if (hit) await thawed;
        if (prop === method && !hit && opts.before) {
          hit = true;
          frozen();
          await thawed;
        }
        const out: unknown = await (f as (...a: unknown[]) => unknown).apply(target, args);
        if (prop === method && !hit) {
          hit = true;
          frozen();
        }
        return out;
      };
    },
  });
  return { outbox, reached, resume };
}

/** The store as a drain sees it that dies (every later call fails) once it has recorded one send as sent. */
function dyingAfterOneSend(store: OutboxStore): OutboxStore {
  let dead = false;
  return new Proxy(store, {
    get(target, prop: keyof OutboxStore) {
      const f = target[prop] as unknown;
      if (typeof f !== 'function') return f;
      return async (...args: unknown[]) => {
        if (dead) throw new Error('drain B: process killed');
        const out: unknown = await (f as (...a: unknown[]) => unknown).apply(target, args);
        if (prop === 'markSent') dead = true;
        return out;
      };
    },
  });
}

async function queueTwelve(outbox: OutboxStore): Promise<OfferEvent[]> {
  const events = Array.from({ length: 12 }, (_, k) => chaosEvent(keys.prefix, 26 + k));
  await outbox.enqueue(channel, events.map((e): OutboxItem => ({ deliveryId: deliveryId(e.id, channel), event: e })), new Date());
  return events;
}

/** How many messages of the channel show each change (by its service's name, as a reader sees it). */
function shown(events: readonly OfferEvent[]): number[] {
  const texts = discord.messagesIn(channel.channel).map((m) => `${m.content}\n${JSON.stringify(m.embeds)}`);
  return events.map((e) => texts.filter((t) => t.includes(e.offer.service ?? '')).length);
}

const job = (): Job<NotifyJob> => ({ data: { channel } }) as Job<NotifyJob>;

describe('two drains of one channel at once', () => {
  it('a drain frozen right after recording its digest: the other sends that very digest, every change shown once', async () => {
    const store = createOutboxStore(conn, keys);
    const events = await queueTwelve(store);
    const a = frozenAt(store, 'startAttempt');
    const drainA = drainChannel(deps(a.outbox), job());
    await a.reached;
    // B gets the channel once A's lease lapses (A renews nothing while frozen), sends once, and dies.
    await expect(drainChannel(deps(dyingAfterOneSend(store)), job())).rejects.toThrow('process killed');
    a.resume();
    await drainA;
    expect(shown(events)).toEqual(events.map(() => 1));
    expect(discord.messagesIn(channel.channel)).toHaveLength(1);
    const records = await Promise.all(events.map((e) => store.getDelivery(deliveryId(e.id, channel))));
    expect(new Set(records.map((r) => `${r?.status} ${r?.messageId}`))).toEqual(new Set([`sent ${discord.messagesIn(channel.channel)[0]!.id}`]));
    expect(logs.some((l) => l.level === 40 && l.msg.includes('lost its channel lease'))).toBe(true);
  });

  it('a drain frozen before recording its digest: its records are refused once the other took the channel', async () => {
    const store = createOutboxStore(conn, keys);
    const events = await queueTwelve(store);
    const a = frozenAt(store, 'startAttempt', { before: true });
    const drainA = drainChannel(deps(a.outbox), job());
    await a.reached;
    await expect(drainChannel(deps(dyingAfterOneSend(store)), job())).rejects.toThrow('process killed');
    a.resume();
    await drainA;
    expect(shown(events)).toEqual(events.map(() => 1));
    // A never posted: its attempt was refused before the platform call.
    const posts = discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel.channel}/messages`);
    expect(posts).toHaveLength(1);
    expect(logs.some((l) => l.level === 40 && l.msg.includes('lost its channel lease'))).toBe(true);
  });

  it('a drain that finds the channel held waits for the lease, then delivers the rest in order', async () => {
    const store = createOutboxStore(conn, keys);
    const events = await queueTwelve(store);
    const held = await store.acquireLease(channel, LEASE_MS);
    expect('lease' in held).toBe(true);
    const started = Date.now();
    await drainChannel(deps(store), job());
    expect(Date.now() - started).toBeGreaterThanOrEqual(LEASE_MS * 0.8);
    expect(shown(events)).toEqual(events.map(() => 1));
    expect(logs.some((l) => l.msg.includes('another drain holds this channel'))).toBe(true);
  });

  it('a retried digest sends exactly its frozen members, in the language of its first attempt', async () => {
    const store = createOutboxStore(conn, keys);
    const events = await queueTwelve(store);
    const lease = await store.acquireLease(channel, LEASE_MS);
    if (!('lease' in lease)) throw new Error('lease not taken');
    const batch = await store.peek(channel, 50);
    const { digestId } = await import('../../src/core/delivery.js');
    const members = batch.slice(0, 8);
    const id = digestId(members.map((q) => q.item.deliveryId));
    // An attempt of 8 of them, in English, that ended in doubt (no answer recorded).
    expect(await store.startAttempt(lease.lease, { deliveryId: id, members, digest: true }, 'en', new Date())).toEqual({ attempt: 1, lang: 'en' });
    await store.releaseLease(lease.lease);
    await drainChannel(deps(store), job()); // the channel's language is French by default
    const messages = discord.messagesIn(channel.channel);
    expect(messages[0]!.content).toMatch(/^8 SecNumCloud changes/);
    expect(shown(events)).toEqual(events.map(() => 1));
    expect((await store.getDelivery(id))?.attempt).toBe(2);
  });
});
