/**
 * Decision 0021 (generic platforms) changes no stored byte: a store written by the tracker before it (the fixture
 * was produced by that version's code: subscriptions as stored, a language, a pause, a drain job, two exports) is
 * read by this one with the same subscriptions, ids, exports, queue and bucket names.
 */
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planImport, subscriptionsDocumentSchema, toDocument } from '../../src/core/subscription-document.js';
import { subscriptionId, type Subscription } from '../../src/core/subscriptions.js';
import { discordBuckets } from '../../src/platforms/discord/limits.js';
import { slackBuckets } from '../../src/platforms/slack/limits.js';
import { notifyQueueName } from '../../src/queues/names.js';
import { notifyJobSchema } from '../../src/queues/payloads.js';
import { createKeys } from '../../src/store/keys.js';
import { createSubscriptionStore } from '../../src/store/subscription-store.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

const before = JSON.parse(readFileSync(new URL('../fixtures/store-before-0021.json', import.meta.url), 'utf8')) as {
  subsHash: Record<string, string>;
  langs: Record<string, string>;
  paused: Record<string, string>;
  notifyJob: { queue: string; data: unknown };
  exportV1: unknown;
  exportV2: unknown;
};

let redis: TestRedis;
let conn: Redis;
beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn?.disconnect();
  await redis?.stop();
});

/** Writes the fixture's keys as the earlier tracker wrote them, under a fresh prefix. */
async function oldStore(prefix: string): Promise<void> {
  const keys = createKeys(prefix);
  await conn.hset(keys.subscriptions(), before.subsHash);
  await conn.set(keys.subscriptionsVersion(), '3');
  for (const [k, lang] of Object.entries(before.langs)) await conn.hset(`${prefix}:${k}`, 'lang', lang);
  await conn.hset(keys.paused(), before.paused);
}

describe('a store written before the generic platform model', () => {
  it('is read with the same subscriptions, and each id is still the hash of its channel and filters', async () => {
    await oldStore('up1');
    const store = createSubscriptionStore(conn, createKeys('up1'));
    const subs = await store.all();
    expect(subs.map((s) => JSON.stringify(s)).sort()).toEqual(Object.values(before.subsHash).sort());
    for (const s of subs) expect(subscriptionId(s.channel, s.topics, s.providers, s.keywords, { ...(s.types ? { types: s.types } : {}), ...(s.exclude ? { exclude: s.exclude } : {}) })).toBe(s.id);
    expect((await store.languages()).map((l) => l.lang)).toEqual(['en']);
    expect((await store.pauses()).map((p) => p.by)).toEqual(['someone']);
  });

  it('exports the same documents, byte for byte, at the same versions (1 and 2)', async () => {
    await oldStore('up2');
    const store = createSubscriptionStore(conn, createKeys('up2'));
    const [subs, langs, pauses] = await Promise.all([store.all(), store.languages(), store.pauses()]);
    const at = new Date('2026-03-01T00:00:00.000Z');
    const v1subs = subs.filter((s: Subscription) => s.channel.platform === 'slack');
    expect(JSON.stringify(toDocument(v1subs, langs, [], at))).toBe(JSON.stringify(before.exportV1));
    expect(JSON.stringify(toDocument(subs, langs, pauses, at))).toBe(JSON.stringify(before.exportV2));
  });

  it('reads the earlier exports, and importing them into the store they came from changes nothing', async () => {
    await oldStore('up3');
    const store = createSubscriptionStore(conn, createKeys('up3'));
    const current = { subscriptions: await store.all(), languages: await store.languages(), paused: await store.pauses() };
    for (const doc of [before.exportV1, before.exportV2]) {
      const plan = planImport(current, subscriptionsDocumentSchema.parse(doc));
      expect(plan.subscriptions).toEqual([]);
      expect(plan.targets).toEqual([]);
      expect(plan.counts.targetsSet).toBeUndefined();
    }
  });

  it('keeps the drain queue names, the job payload and the rate-limit bucket keys', () => {
    expect(notifyQueueName('slack')).toBe(before.notifyJob.queue);
    expect(notifyQueueName('discord')).toBe('notify-discord');
    expect(notifyJobSchema.parse(before.notifyJob.data)).toEqual(before.notifyJob.data);
    const slack = { platform: 'slack' as const, workspace: 'T0123ABCD', channel: 'C0456EFGH' };
    expect(slackBuckets(slack).map((b) => b.key)).toEqual(['slack:T0123ABCD:C0456EFGH']);
    expect(discordBuckets({ platform: 'discord', workspace: '1', channel: '2' }).map((b) => b.key)).toEqual(['discord:global', 'discord:2']);
  });
});
