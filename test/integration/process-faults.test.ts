import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedisServer } from '../../src/redis/install.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { isRunning, redisRecord, spawnTracker, type TrackerProcess } from '../support/tracker-process.js';
import { until } from '../support/until.js';

// The process is whole or gone: each fault below used to leave a tracker up but useless, or a redis-server behind.
let dir: string;
let redisServer: string;
const trackers: TrackerProcess[] = [];
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faults-'));
  redisServer = await ensureRedisServer({ autoInstall: true, log: () => {} });
  // A source that is never reached: these tests are about the process, not the polls.
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [{ id: 'anssi-catalogue', kind: 'anssi-catalogue', url: 'http://127.0.0.1:9/catalogue.pdf', interval: '6h' }] }));
});
afterEach(async () => {
  for (const t of trackers.splice(0)) t.kill();
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function tracker(env: NodeJS.ProcessEnv = {}, args: string[] = []): { t: TrackerProcess; data: string } {
  const data = join(dir, `data-${++n}`);
  const t = spawnTracker(args, { DATA_DIR: data, SOURCES_FILE: join(dir, 'sources.json'), REDIS_URL: '', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', ...env });
  trackers.push(t);
  return { t, data };
}

const logged = (t: TrackerProcess, msg: string): boolean => t.err().includes(`"msg":"${msg}"`);

describe('a start-up failure stops what was started and exits 1 with one line', () => {
  it('HTTP_PORT taken: exit 1 naming the port and the variable, the embedded redis-server stopped', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => blocker.close(r)));
    const port = (blocker.address() as { port: number }).port;
    const { t, data } = tracker({ HTTP_PORT: String(port) as '0' });
    let redisPid = 0;
    await until('the embedded redis', () => (redisPid = redisRecord(data)?.pid ?? 0) > 0, 30_000, () => t.err());
    const code = await Promise.race([t.exited, new Promise((r) => setTimeout(() => r('still running'), 30_000))]);
    expect(code, t.err().slice(-1500)).toBe(1);
    const last = t.err().trimEnd().split('\n').pop();
    expect(last).toBe(`error: cannot listen on 127.0.0.1:${port}: another process has the port (set HTTP_PORT to another port, or 0 for any free one)`);
    expect(isRunning(redisPid)).toBe(false);
    expect(existsSync(join(data, 'redis.json'))).toBe(false);
  });

  it('a signal during a start-up that waits for Redis (handlers installed first): exit 0 within the bound', async () => {
    const stuck = await startTestRedis();
    cleanups.push(() => stuck.stop());
    process.kill(stuck.pid, 'SIGSTOP'); // accepts connections, answers nothing: the start-up waits on its first command
    cleanups.push(() => process.kill(stuck.pid, 'SIGCONT'));
    const { t } = tracker({ REDIS_URL: `unix://${stuck.socket}` });
    await until('its signal handlers', () => logged(t, 'starting'), 30_000, () => t.err());
    await new Promise((r) => setTimeout(r, 1_000)); // into the start-up, which waits on the stopped Redis
    const { code, ms } = await t.stop('SIGTERM', 30_000);
    expect(code, t.err().slice(-1500)).toBe(0);
    expect(ms).toBeLessThan(20_000);
    expect(logged(t, 'tracker started; Ctrl-C stops it')).toBe(false);
    expect(logged(t, 'stopped')).toBe(true);
  });
});

describe('the embedded redis-server is supervised', () => {
  it('killed with SIGKILL: restarted on the same port and data, redis.json rewritten; Ctrl-C then exits 0 within the workers close bound', async () => {
    const { t, data } = tracker();
    const url = await t.url();
    await until('started', () => logged(t, 'tracker started; Ctrl-C stops it'), 30_000, () => t.err());
    const before = redisRecord(data)!;
    const client = new Redis(before.port, '127.0.0.1', { maxRetriesPerRequest: null });
    client.on('error', () => {}); // refused while the server is down: it reconnects
    cleanups.push(() => client.disconnect());
    await client.set('faults:kept', 'yes');
    await new Promise((r) => setTimeout(r, 1_500)); // appendfsync everysec: a write is on disk within a second
    process.kill(before.pid, 'SIGKILL');
    await until('a new redis-server in redis.json', () => (redisRecord(data)?.pid ?? before.pid) !== before.pid, 20_000, () => t.err().slice(-2000));
    const after = redisRecord(data)!;
    expect(after.port).toBe(before.port);
    expect(isRunning(after.pid)).toBe(true);
    expect(await client.get('faults:kept')).toBe('yes');
    await until('/healthz 200 again', async () => (await fetch(`${url}/healthz`)).status === 200);
    expect(logged(t, 'embedded redis restarted')).toBe(true);
    const { code, ms } = await t.stop('SIGINT');
    expect(code).toBe(0);
    // Not the 30 s bound: a BullMQ worker whose blocking connection is stuck after the restart gets 10 s (bullmq#4656).
    expect(ms).toBeLessThan(20_000);
    expect(isRunning(after.pid)).toBe(false);
  });

  it('that cannot be restarted: /healthz fails, then the tracker stops and exits 1, leaving nothing running', async () => {
    // redis-server through a wrapper that starts failing once the flag file exists.
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const flag = join(dir, 'redis-broken');
    writeFileSync(join(bin, 'redis-server'), `#!/bin/sh\nif [ -e '${flag}' ]; then echo 'redis-server: broken for the test' >&2; exit 1; fi\nexec '${redisServer}' "$@"\n`);
    chmodSync(join(bin, 'redis-server'), 0o755);
    cleanups.push(() => rmSync(flag, { force: true }));
    const { t, data } = tracker({ PATH: `${bin}:${process.env.PATH ?? ''}` });
    const url = await t.url();
    await until('started', () => logged(t, 'tracker started; Ctrl-C stops it'), 30_000, () => t.err());
    const { pid } = redisRecord(data)!;
    writeFileSync(flag, '');
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    await until('/healthz 503', async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.status === 503, 10_000);
    const code = await Promise.race([t.exited, new Promise((r) => setTimeout(() => r('still running'), 45_000))]);
    expect(code, t.err().slice(-2000)).toBe(1);
    expect(t.err().trimEnd().split('\n').pop()).toMatch(/^error: the embedded redis-server could not be restarted: 5 restarts on port \d+ failed/);
    expect(t.err()).toContain('"msg":"embedded redis did not restart"');
    expect(Date.now() - killedAt).toBeLessThan(45_000);
  }, 60_000);
});

describe('every HTTP route answers within a short deadline', () => {
  let shared: TestRedis;
  beforeAll(async () => {
    shared = await startTestRedis();
  });
  afterAll(async () => {
    process.kill(shared.pid, 'SIGCONT');
    await shared.stop();
  });

  it('a Redis that does not answer (SIGSTOP): 503 with Retry-After in a few seconds; /healthz stays 200 with REDIS_URL', async () => {
    const { t } = tracker({ REDIS_URL: `unix://${shared.socket}`, REDIS_PREFIX: 'deadline' });
    const url = await t.url();
    await until('started', () => logged(t, 'tracker started; Ctrl-C stops it'), 30_000, () => t.err());
    expect((await fetch(`${url}/api/sources`)).status).toBe(200);
    process.kill(shared.pid, 'SIGSTOP');
    cleanups.push(() => process.kill(shared.pid, 'SIGCONT'));
    const t0 = Date.now();
    const answers = await Promise.all(
      ['/', '/api/offers', '/api/changes', '/feed.atom', '/readyz'].map(async (path) => {
        const r = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(15_000) });
        return { path, status: r.status, retryAfter: r.headers.get('retry-after'), ms: Date.now() - t0 };
      }),
    );
    for (const a of answers) {
      expect([a.path, a.status]).toEqual([a.path, 503]);
      expect(a.ms, a.path).toBeLessThan(7_000);
      if (a.path !== '/readyz') expect(a.retryAfter, a.path).toBe('5');
    }
    const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
    process.kill(shared.pid, 'SIGCONT');
    await until('answers again', async () => (await fetch(`${url}/api/sources`)).status === 200, 20_000);
    expect((await t.stop('SIGTERM')).code).toBe(0);
  });
});

describe('a store that refuses writes (Redis at maxmemory, noeviction)', () => {
  it('is reported by /readyz, and each repeated warning or error is logged once, not on every turn of a loop', async () => {
    const full = await startTestRedis();
    cleanups.push(() => full.stop());
    const { t } = tracker({ REDIS_URL: `unix://${full.socket}`, REDIS_PREFIX: 'full' });
    const url = await t.url();
    await until('started', () => logged(t, 'tracker started; Ctrl-C stops it'), 30_000, () => t.err());
    await until('/readyz 200', async () => (await fetch(`${url}/readyz`)).status === 200, 10_000);
    const admin = createTestConnection(full);
    cleanups.push(() => admin.disconnect());
    await admin.config('SET', 'maxmemory', '1');
    const mark = t.err().length;
    await new Promise((r) => setTimeout(r, 8_000));
    const ready = await fetch(`${url}/readyz`);
    const body = (await ready.json()) as { failed: string[]; checks: { writes: { ok: boolean; error?: string } } };
    expect(ready.status).toBe(503);
    expect(body.failed).toEqual(['writes']);
    expect(body.checks.writes.error).toMatch(/^redis refuses writes: it is at maxmemory/);
    const problems = t.err().slice(mark).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string; err?: string }).filter((l) => l.level >= 40);
    expect(problems.length, 'the loops do meet the refusal').toBeGreaterThan(0);
    const counts = new Map<string, number>();
    for (const p of problems) counts.set(`${p.msg} ${p.err ?? ''}`, (counts.get(`${p.msg} ${p.err ?? ''}`) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    await admin.config('SET', 'maxmemory', '0');
    await until('/readyz 200 again', async () => (await fetch(`${url}/readyz`)).status === 200, 15_000);
    expect((await t.stop('SIGTERM')).code).toBe(0);
  });
});
