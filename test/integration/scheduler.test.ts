import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scheduleOffset } from '../../src/core/sources.js';
import { sourceSchema, type SourceConfig } from '../../src/sources/schema.js';
import { QUEUES } from '../../src/queues/names.js';
import type { PollJob } from '../../src/queues/payloads.js';
import { syncSchedulers } from '../../src/queues/scheduler.js';
import { silentLogger } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
let queue: Queue<PollJob>;

const source = (id: string, interval = '6h', enabled = true): SourceConfig =>
  sourceSchema.parse({ id, kind: 'anssi-catalogue', url: `https://example.invalid/${id}.pdf`, interval, enabled });

beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn.disconnect();
  await redis.stop();
});
beforeEach(async () => {
  await queue?.close();
  queue = new Queue<PollJob>(QUEUES.poll, { connection: conn, prefix: `s${randomUUID().slice(0, 8)}` });
});

const schedulers = async (): Promise<Record<string, { every?: number; offset?: number }>> =>
  Object.fromEntries((await queue.getJobSchedulers(0, -1)).map((s) => [s.id ?? s.key, { every: s.every, offset: s.offset }]));

describe('poll schedules follow the sources file', () => {
  it('creates one scheduler per enabled source, spread over its interval by an offset from its id', async () => {
    await syncSchedulers(queue, [source('a'), source('b', '30m'), source('c', '6h', false)], silentLogger);
    const got = await schedulers();
    expect(Object.keys(got).sort()).toEqual(['poll-a', 'poll-b']);
    expect(got['poll-a']).toEqual({ every: 6 * 3_600_000, offset: scheduleOffset('a', 6 * 3_600_000) });
    expect(got['poll-b']?.every).toBe(30 * 60_000);
    expect(scheduleOffset('a', 3_600_000)).not.toBe(scheduleOffset('b', 3_600_000));
  });

  it('is idempotent when several replicas start at once: one scheduler and one pending job per source', async () => {
    const sources = [source('a'), source('b')];
    await Promise.all([1, 2, 3].map(() => syncSchedulers(queue, sources, silentLogger)));
    await syncSchedulers(queue, sources, silentLogger);
    expect(Object.keys(await schedulers()).sort()).toEqual(['poll-a', 'poll-b']);
    const jobs = await queue.getJobs(['delayed', 'wait', 'prioritized']);
    expect(jobs.map((j) => j.data.sourceId).sort()).toEqual(['a', 'b']);
  });

  it('updates a changed interval and removes disabled and deleted sources', async () => {
    await syncSchedulers(queue, [source('a'), source('b'), source('c')], silentLogger);
    const result = await syncSchedulers(queue, [source('a', '1h'), source('b', '6h', false)], silentLogger);
    expect(result.removed.sort()).toEqual(['poll-b', 'poll-c']);
    expect(await schedulers()).toEqual({ 'poll-a': { every: 3_600_000, offset: scheduleOffset('a', 3_600_000) } });
  });
});
