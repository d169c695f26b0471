/**
 * Hostile documents polled by the whole tracker (`start --role all`, the compiled CLI): the process keeps answering
 * /healthz within a second while each is fetched and parsed, its peak RSS stays under 512 MB, each source fails once without retries (a format
 * error, never a crash of the process), and a scheduled poll and a "poll now" of one source never parse at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollJob } from '../../src/queues/payloads.js';
import { sourceSchema, type SourceConfig } from '../../src/sources/schema.js';
import { processPoll, SourceBusyError } from '../../workers/poll.worker.js';
import { hugePage, nestedDivs, nestedFeed } from '../support/hostile-documents.js';
import { doubleFlateBomb } from '../support/pdf-bombs.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { createHarness } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { ROOT } from '../support/run-cli.js';
import { until } from '../support/until.js';

let redis: TestRedis;
let conn: Redis;
let server: FixtureServer;
let dir: string;
let bomb: Uint8Array;

beforeAll(async () => {
  [redis, server] = await Promise.all([startTestRedis(), startFixtureServer({})]);
  conn = createTestConnection(redis);
  dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  bomb = new Uint8Array(await doubleFlateBomb()); // 2 GiB of spaces deflated twice: a few kilobytes
});
afterAll(async () => {
  conn?.disconnect();
  await Promise.all([redis?.stop(), server?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const HOSTILE: Array<{ id: string; kind: 'rss' | 'anssi-page' | 'anssi-catalogue'; path: string; body: () => Uint8Array; type: string }> = [
  { id: 'pdf-bomb', kind: 'anssi-catalogue', path: '/bomb.pdf', body: () => bomb, type: 'application/pdf' },
  { id: 'nested-feed', kind: 'rss', path: '/nested.xml', body: () => nestedFeed(40_000), type: 'application/rss+xml' },
  { id: 'nested-divs', kind: 'anssi-page', path: '/divs.html', body: () => nestedDivs(40_000), type: 'text/html; charset=utf-8' },
  { id: 'huge-page', kind: 'anssi-page', path: '/huge.html', body: () => hugePage(8_000_000), type: 'text/html; charset=utf-8' },
];

describe('hostile documents under start --role all', () => {
  it('keeps /healthz answering within a second while each is polled, and fails each source once, without retries', async () => {
    for (const h of HOSTILE) server.route(h.path, { body: h.body(), headers: { 'content-type': h.type } });
    writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: HOSTILE.map((h) => ({ id: h.id, kind: h.kind, url: `${server.url}${h.path}`, interval: '6h' })) }));
    const prefix = `h${randomUUID().slice(0, 8)}`;
    const child: ChildProcess = spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', 'all'], {
      cwd: ROOT,
      env: {
        ...process.env, DATA_DIR: join(dir, 'data'), SOURCES_FILE: join(dir, 'sources.json'), REDIS_URL: `unix://${redis.socket}`, REDIS_PREFIX: prefix,
        HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info', PARSE_TIMEOUT_MS: '20000',
        SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', DISCORD_TOKEN: '', ADMIN_USER: '', ADMIN_PASSWORD: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    child.stdout!.resume();
    const tail = (): string => log.split('\n').slice(-20).join('\n');
    try {
      let url = '';
      await until('the HTTP server', () => (url = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"http server listening"/.exec(log)?.[1] ?? '') !== '' || child.exitCode !== null, 30_000, tail);
      expect(child.exitCode).toBe(null);
      const failed = (id: string): boolean => log.split('\n').some((l) => l.includes(`"source":"${id}"`) && l.includes('"level":50'));
      let worst = 0;
      let probes = 0;
      while (!HOSTILE.every((h) => failed(h.id))) {
        const t0 = performance.now();
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
        worst = Math.max(worst, performance.now() - t0);
        probes++;
        expect(res.status).toBe(200);
        expect(child.exitCode).toBe(null);
        if (probes > 600) throw new Error(`the hostile polls did not all fail in time:\n${tail()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(probes).toBeGreaterThan(1);
      expect(worst).toBeLessThan(1_000);
      for (const h of HOSTILE) {
        const lines = log.split('\n').filter((l) => l.includes(`"source":"${h.id}"`) && l.includes('"level":50'));
        expect(lines, h.id).toHaveLength(1); // one failure: never retried
        expect(lines[0], h.id).not.toMatch(/will retry/);
      }
      expect(log).not.toMatch(/internal error|Maximum call stack/);
      // The process's memory stayed bounded although the bomb inflates to 2 GiB (Linux: VmHWM is the peak RSS).
      const peakKb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
      expect(peakKb).toBeGreaterThan(0);
      expect(peakKb).toBeLessThan(512 * 1024);
    } finally {
      child.kill('SIGINT');
      const code = child.exitCode ?? (await new Promise((r) => child.once('exit', r)));
      expect(code).toBe(0);
    }
  }, 240_000);
});

describe('one poll of a source at a time', () => {
  const job = (sourceId: string): Job<PollJob> => ({ data: { sourceId }, attemptsMade: 0, opts: { attempts: 3 } }) as unknown as Job<PollJob>;

  it('makes a second poll of a source being polled wait its turn (the lock renewed meanwhile), parsing once, counting no failure', async () => {
    const h = createHarness(conn);
    const source = sourceSchema.parse({ id: 'slow-feed', kind: 'rss', url: `${server.url}/slow.xml`, interval: '1h' }) as SourceConfig;
    const feed = '<rss version="2.0"><channel><title>t</title><item><title>SecNumCloud</title><link>https://example.org/a</link></item></channel></rss>';
    // The first poll's fetch is slow, so the second starts while the first holds the source.
    server.route('/slow.xml', (_req, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed), 1_200));
    // A lock of 300 ms: the second poll comes after two of them, so the first poll's lock holds only if renewed.
    const deps = { ...h, connection: conn, prefix: h.keys.prefix, sources: () => new Map([[source.id, source]]), failingAfter: 1, stalledIntervalMs: 300 };
    const first = processPoll(deps, job(source.id));
    await new Promise((r) => setTimeout(r, 600));
    const second = await processPoll(deps, job(source.id)).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(SourceBusyError);
    expect((await first).outcome).toBe('baseline');
    expect(h.parses()).toBe(1);
    expect((await h.store.getHealth(source.id)).failures).toBe(0);
    // Once the first is done, the source is free again.
    expect((await processPoll(deps, job(source.id))).outcome).toBe('unchanged');
    await h.fetcher.close();
  });
});
