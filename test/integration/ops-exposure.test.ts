import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { runCli } from '../support/run-cli.js';
import { spawnTracker, type TrackerProcess } from '../support/tracker-process.js';
import { until } from '../support/until.js';

const ADMIN = { user: 'ops', password: 'dashboard-password-42' };
const auth = { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` };

let dir: string;
let redis: TestRedis;
let tracker: TrackerProcess;
let site: string;
let ops: string;
let env: NodeJS.ProcessEnv & { DATA_DIR: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ops-exposure-'));
  redis = await startTestRedis();
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [{ id: 'anssi-catalogue', kind: 'anssi-catalogue', url: 'http://127.0.0.1:9/catalogue.pdf', interval: '6h' }] }));
  env = { DATA_DIR: join(dir, 'data'), SOURCES_FILE: join(dir, 'sources.json'), REDIS_URL: `unix://${redis.socket}`, REDIS_PREFIX: 'exposure', OPS_PORT: '0', ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' };
  tracker = spawnTracker([], env);
  site = await tracker.url();
  await until('the operations server', () => /"msg":"operations server listening"/.test(tracker.err()), 30_000, () => tracker.err().slice(-2000));
  ops = /"host":"127\.0\.0\.1","url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"operations server listening"/.exec(tracker.err())![1]!;
  await until('started', () => tracker.err().includes('"msg":"tracker started; Ctrl-C stops it"'), 30_000, () => tracker.err());
}, 60_000);
afterAll(async () => {
  tracker?.kill();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('OPS_PORT: the operations endpoints listen apart, on the loopback', () => {
  it('the public port serves the site, the API, the feed and /healthz, and no /readyz, /metrics or dashboard', async () => {
    for (const path of ['/', '/api/sources', '/feed.atom', '/healthz']) expect([path, (await fetch(`${site}${path}`)).status]).toEqual([path, 200]);
    for (const path of ['/readyz', '/metrics', '/admin/queues']) expect([path, (await fetch(`${site}${path}`, { headers: auth })).status]).toEqual([path, 404]);
  });

  it('the operations port (OPS_HOST 127.0.0.1 by default) serves /readyz, /metrics, /healthz and the dashboard', async () => {
    for (const path of ['/readyz', '/metrics', '/healthz']) expect([path, (await fetch(`${ops}${path}`)).status]).toEqual([path, 200]);
    expect(await (await fetch(`${ops}/metrics`)).text()).toContain('secnumcloud_redis_up 1');
    expect((await fetch(`${ops}/admin/queues`, { headers: auth })).status).toBe(200);
  });
});

describe('the queue dashboard refuses what a page on another site could make the operator\'s browser do', () => {
  const addUrl = (): string => `${ops}/admin/queues/api/queues/poll/add`;
  const pollJobs = async (): Promise<number> => {
    const q = new Queue('poll', { connection: { path: redis.socket }, prefix: 'exposure' });
    try {
      return Object.values(await q.getJobCounts()).reduce((a, b) => a + b, 0);
    } finally {
      await q.close();
    }
  };

  it('is not framed and does not say X-Powered-By', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const r = await fetch(`${ops}${path}`, { headers: auth });
      expect([path, r.status]).toEqual([path, 200]);
      expect(r.headers.get('x-powered-by'), path).toBeNull();
      expect(r.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('a cross-site text/plain POST (a form, or a simple fetch) adds no job: 403', async () => {
    const before = await pollJobs();
    const body = JSON.stringify({ name: 'poll', data: { sourceId: 'anssi-catalogue' } });
    const cross = await fetch(addUrl(), { method: 'POST', headers: { ...auth, 'content-type': 'text/plain', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, body });
    expect(cross.status).toBe(403);
    const crossJson = await fetch(addUrl(), { method: 'POST', headers: { ...auth, 'content-type': 'application/json', origin: 'https://evil.example' }, body });
    expect(crossJson.status).toBe(403);
    const plain = await fetch(addUrl(), { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body });
    expect(plain.status).toBe(415);
    expect(await pollJobs()).toBe(before);
    // The dashboard itself (same origin, JSON) still can.
    const own = await fetch(addUrl(), { method: 'POST', headers: { ...auth, 'content-type': 'application/json', origin: ops, 'sec-fetch-site': 'same-origin' }, body });
    expect(own.status).toBe(200);
    expect(await pollJobs()).toBe(before + 1);
  });
});

describe('health --role: every role has a healthcheck (a heartbeat in Redis)', () => {
  it('is healthy for the role this host runs, unhealthy for another, and once the process stopped', async () => {
    const ok = await runCli(['health', '--role', 'all'], env, undefined, { timeoutMs: 15_000 });
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout.trim()).toMatch(new RegExp(`^healthy: all pid ${tracker.child.pid} on ${hostname()} beat \\d+ s ago$`));
    const other = await runCli(['health', '--role', 'worker'], env, undefined, { timeoutMs: 15_000 });
    expect([other.code, other.stderr.trim()]).toEqual([1, `unhealthy: no worker process on ${hostname()} beat within the hour`]);
    expect((await tracker.stop('SIGTERM')).code).toBe(0);
    const gone = await runCli(['health', '--role', 'all'], env, undefined, { timeoutMs: 15_000 });
    expect(gone.code).toBe(1);
    const noRedis = await runCli(['health', '--role', 'all'], { ...env, REDIS_URL: '', DATA_DIR: join(dir, 'nothing-here') }, undefined, { timeoutMs: 15_000 });
    expect([noRedis.code, noRedis.stderr.trim()]).toEqual([1, `unhealthy: no embedded redis-server recorded in ${join(dir, 'nothing-here')} (is the tracker running here?)`]);
  });
});
