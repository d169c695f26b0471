import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { closeWorker } from '../../workers/close-worker.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;

beforeAll(async () => {
  redis = await startTestRedis();
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn.disconnect();
  await redis.stop();
});

describe('closing a worker on shutdown', () => {
  it('waits for an active job that finishes within the grace period', async () => {
    const queue = new Queue('close-a', { connection: conn, prefix: 'wc' });
    let finished = false;
    const worker = new Worker('close-a', async () => {
      await new Promise((r) => setTimeout(r, 300));
      finished = true;
    }, { connection: conn, prefix: 'wc' });
    const started = new Promise((r) => worker.once('active', r));
    await queue.add('j', {});
    await started;
    await closeWorker(worker, createLogger({ level: 'silent', format: 'json' }), 'test', 5_000);
    expect(finished).toBe(true);
    await queue.close();
  });

  it('gives up waiting after the grace period, by force, and says so', async () => {
    const queue = new Queue('close-b', { connection: conn, prefix: 'wc' });
    const worker = new Worker('close-b', () => new Promise<void>(() => {}), { connection: conn, prefix: 'wc' }); // never ends
    const started = new Promise((r) => worker.once('active', r));
    await queue.add('j', {});
    await started;
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', format: 'json' });
    const warn = logger.warn.bind(logger);
    logger.warn = ((obj: unknown, msg?: string) => void lines.push(String(msg ?? obj))) as typeof logger.warn;
    const t0 = Date.now();
    await closeWorker(worker, logger, 'test', 300);
    const took = Date.now() - t0;
    logger.warn = warn;
    expect(lines[0]).toMatch(/did not close in time/);
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(10_000); // bounded: the grace period and the forced close's own limit
    await queue.close();
  });
});
