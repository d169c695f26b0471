import { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/core/events.js';
import { QUEUES } from '../../src/queues/names.js';
import type { PollJob } from '../../src/queues/payloads.js';
import { POLL_JOB_OPTIONS } from '../../src/queues/scheduler.js';
import { pollSource } from '../../workers/poll-source.js';
import { startPollWorker } from '../../workers/poll.worker.js';
import { getEdition, type Edition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { catalogueSource, createHarness, type Harness } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { ROOT } from '../support/run-cli.js';

const PATH = '/catalogue.pdf';
let redis: TestRedis;
let conn: Redis;
let server: FixtureServer;
let december: Edition;
let january: Edition;
let dir: string;
let h: Harness;
let queue: Queue<PollJob>;

beforeAll(async () => {
  [redis, server, december, january] = await Promise.all([startTestRedis({ appendonly: true }), startFixtureServer({}), getEdition('real'), getEdition('syntheticOutline')]);
  conn = createTestConnection(redis);
  dir = mkdtempSync(join(tmpdir(), 'crash-'));
});
afterAll(async () => {
  conn.disconnect();
  await Promise.all([redis.stop(), server.close()]);
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  h = createHarness(conn);
  queue = new Queue<PollJob>(QUEUES.poll, { connection: conn, prefix: h.keys.prefix });
  server.route(PATH, { body: december.bytes });
  await pollSource(h, catalogueSource(server.url + PATH), { commit: true }); // the baseline
});

/** A tracker worker process, as `start --role worker` runs in production, on the test's Redis and prefix. */
function spawnWorker(): ChildProcess {
  const sources = join(dir, `${h.keys.prefix}.json`);
  writeFileSync(sources, JSON.stringify({ sources: [catalogueSource(server.url + PATH)].map((s) => ({ ...s, interval: '6h' })) }));
  return spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', 'worker'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, REDIS_URL: `unix://${redis.socket}`, REDIS_PREFIX: h.keys.prefix, SOURCES_FILE: sources, WORKER_STALLED_INTERVAL_MS: '1000', LOG_FORMAT: 'json' },
  });
}

/** Serves January only after `delayMs`, so that a poll is caught in the middle of its fetch. */
function serveJanuarySlowly(delayMs: number): Promise<void> {
  return new Promise((fetching) => {
    server.route(PATH, (_req, res) => {
      fetching();
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/pdf' }).end(january.bytes), delayMs);
    });
  });
}

async function offerEvents(): Promise<ChangeEvent[]> {
  return (await h.changeLog.range()).map((e) => e.event).filter((e) => e.kind.startsWith('offer.'));
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exited = (child: ChildProcess): Promise<number | null> => new Promise((r) => child.once('exit', (code) => r(code)));

describe('a poll interrupted in the middle', () => {
  it('is done again by another worker after its process is killed, and its changes are stored once', async () => {
    const child = spawnWorker();
    const fetching = serveJanuarySlowly(60_000);
    const job = await queue.add('poll', { sourceId: 'anssi-catalogue' }, POLL_JOB_OPTIONS);
    await fetching;
    child.kill('SIGKILL');
    await exited(child);
    server.route(PATH, { body: january.bytes });
    const survivor = startPollWorker({ ...h, connection: conn, prefix: h.keys.prefix, sources: () => new Map([['anssi-catalogue', catalogueSource(server.url + PATH)]]), failingAfter: 3, stalledIntervalMs: 1000 });
    try {
      const events = await until('the changes', async () => ((await offerEvents()).length > 0 ? offerEvents() : undefined));
      await until('the job to complete', async () => ((await queue.getJobState(job.id!)) === 'completed' ? true : undefined));
      expect(events.map((e) => e.kind)).toContain('offer.added');
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      expect(await offerEvents()).toEqual(events);
    } finally {
      await survivor.stop();
    }
  });

  it('goes back to the queue when the worker gets SIGTERM, which exits 0 at once', async () => {
    const child = spawnWorker();
    const fetching = serveJanuarySlowly(60_000);
    const job = await queue.add('poll', { sourceId: 'anssi-catalogue' }, POLL_JOB_OPTIONS);
    await fetching;
    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await queue.getJobState(job.id!)).toBe('delayed');
    expect((await queue.getJob(job.id!))?.attemptsMade).toBe(0);
    server.route(PATH, { body: january.bytes });
    const next = startPollWorker({ ...h, connection: conn, prefix: h.keys.prefix, sources: () => new Map([['anssi-catalogue', catalogueSource(server.url + PATH)]]), failingAfter: 3 });
    try {
      await until('the job to complete', async () => ((await queue.getJobState(job.id!)) === 'completed' ? true : undefined));
      expect((await offerEvents()).length).toBeGreaterThan(0);
    } finally {
      await next.stop();
    }
  });
});
