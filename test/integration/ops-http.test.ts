import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEdition, type Edition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { ROOT } from '../support/run-cli.js';
import { until } from '../support/until.js';

const ADMIN = { user: 'ops', password: 'dashboard-password-42' };

let redis: TestRedis;
let conn: Redis;
let server: FixtureServer;
let dir: string;
let december: Edition;
let january: Edition;
const prefix = `o${randomUUID().slice(0, 8)}`;

interface Tracker {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  stop: () => Promise<void>;
}

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  DATA_DIR: join(dir, 'data'),
  SOURCES_FILE: join(dir, 'sources.json'),
  REDIS_URL: `unix://${redis.socket}`,
  REDIS_PREFIX: prefix,
  HTTP_PORT: '0',
  HTTP_HOST: '127.0.0.1',
  LOG_FORMAT: 'json',
  LOG_LEVEL: 'info',
  ADMIN_USER: '',
  ADMIN_PASSWORD: '',
  SLACK_BOT_TOKEN: '',
  DISCORD_TOKEN: '',
  ...extra,
});


/** Starts the CLI as a user would, and waits for its HTTP server (and, when asked, a line in its log). */
async function startTracker(role: string, extra: NodeJS.ProcessEnv, waitFor?: string): Promise<Tracker> {
  const child = spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', role], { cwd: ROOT, env: { ...process.env, ...env(extra) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.resume(); // the console sink prints the changes there
  let url = '';
  await until(`the ${role} role's HTTP server${waitFor ? ` and "${waitFor}"` : ''}\n${err}`, () => {
    url = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"http server listening"/.exec(err)?.[1] ?? '';
    return url !== '' && (!waitFor || err.includes(waitFor));
  });
  return {
    child,
    url,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the Prometheus text format (0.0.4): every line is a HELP, a TYPE or a sample, every sample
 * belongs to a declared family, or it throws with the line.
 */
function parsePrometheus(text: string): Sample[] {
  const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) {
      if (!new RegExp(`^# HELP ${NAME} .*$`).test(line)) throw new Error(`bad HELP: ${line}`);
      continue;
    }
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`).exec(line);
    if (!m) throw new Error(`not a sample: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
    let consumed = 0;
    for (let l = re.exec(body); l; l = re.exec(body)) {
      labels[l[1]!] = l[2]!;
      consumed = re.lastIndex;
      if (consumed === body.length) break;
    }
    if (consumed !== body.length) throw new Error(`bad labels: ${line}`);
    // Values as Prometheus reads them (Go's ParseFloat): special values in any case; prom-client writes `Nan`.
    const raw = m[3]!;
    const value = /^\+?inf$/i.test(raw) ? Infinity : /^-inf$/i.test(raw) ? -Infinity : /^nan$/i.test(raw) ? NaN : Number(raw);
    if (Number.isNaN(value) && !/^nan$/i.test(raw)) throw new Error(`bad value: ${line}`);
    const family = [m[1]!, m[1]!.replace(/_(bucket|sum|count)$/, '')].find((n) => types.has(n));
    if (!family) throw new Error(`sample of no declared family: ${line}`);
    samples.push({ name: m[1]!, labels, value });
  }
  return samples;
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
const one = (samples: Sample[], name: string, labels: Record<string, string> = {}): number => {
  const found = find(samples, name, labels);
  expect(found, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
  return found[0]!.value;
};

const basic = (user: string, password: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

let all: Tracker;

beforeAll(async () => {
  [redis, server, december, january] = await Promise.all([startTestRedis({ appendonly: true }), startFixtureServer({}), getEdition('real'), getEdition('syntheticOutline')]);
  conn = createTestConnection(redis);
  conn.on('error', () => {}); // the test restarts the server under it
  dir = mkdtempSync(join(tmpdir(), 'ops-http-'));
  server.route('/catalogue.pdf', { body: december.bytes });
  writeFileSync(
    join(dir, 'sources.json'),
    JSON.stringify({ sources: [
      { id: 'anssi-catalogue', kind: 'anssi-catalogue', url: `${server.url}/catalogue.pdf`, interval: '6h', settings: { lists: ['secnumcloud'] } },
      { id: 'dormant', kind: 'rss', url: `${server.url}/dormant.xml`, interval: '6h', enabled: false },
    ] }),
  );
  all = await startTracker('all', { ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password }, 'baseline stored, 16 offers');
}, 60_000);

afterAll(async () => {
  await all?.stop();
  conn?.disconnect();
  await Promise.all([redis?.stop(), server?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the operations endpoints of the web role', () => {
  it('/readyz is 200 when Redis answers and every enabled source has its poll schedule, with each source\'s freshness', async () => {
    const r = await fetch(`${all.url}/readyz`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { status: string; failed: string[]; sources: Array<{ id: string; status: string; secondsSinceSuccess?: number; failures: number; held: boolean }> };
    expect(body.status).toBe('ready');
    expect(body.failed).toEqual([]);
    // Disabled sources are neither checked nor listed.
    expect(body.sources.map((s) => s.id)).toEqual(['anssi-catalogue']);
    expect(body.sources[0]).toMatchObject({ status: 'ok', failures: 0, held: false });
    expect(body.sources[0]!.secondsSinceSuccess).toBeGreaterThanOrEqual(0);
  });

  it('/metrics is Prometheus text with the cluster\'s counters after real polls, queue depths and source freshness', async () => {
    // A second poll, by the worker, of a new edition: changes stored.
    server.route('/catalogue.pdf', { body: january.bytes });
    const polls = new Queue('poll', { connection: conn, prefix });
    await polls.add('poll', { sourceId: 'anssi-catalogue' }, { attempts: 1 });
    await polls.close();
    await until('the second poll', () => all.stderr().includes('change(s) stored'));
    // The console sink prints the changes: the change log has them.
    const r = await fetch(`${all.url}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parsePrometheus(await r.text());
    expect(one(samples, 'secnumcloud_redis_up')).toBe(1);
    expect(one(samples, 'secnumcloud_polls_total', { source: 'anssi-catalogue', outcome: 'baseline' })).toBe(1);
    expect(one(samples, 'secnumcloud_polls_total', { source: 'anssi-catalogue', outcome: 'changed' })).toBe(1);
    // Both polls parsed a PDF: the histogram counted them, and its buckets are cumulative up to +Inf.
    const count = one(samples, 'secnumcloud_parse_duration_seconds_count', { kind: 'anssi-catalogue' });
    expect(count).toBe(2);
    expect(one(samples, 'secnumcloud_parse_duration_seconds_sum', { kind: 'anssi-catalogue' })).toBeGreaterThan(0);
    const buckets = find(samples, 'secnumcloud_parse_duration_seconds_bucket', { kind: 'anssi-catalogue' });
    expect(buckets.at(-1)).toMatchObject({ labels: { kind: 'anssi-catalogue', le: '+Inf' }, value: 2 });
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
    // Change events by kind: what the change log holds.
    const added = one(samples, 'secnumcloud_change_events_total', { kind: 'offer.added' });
    expect(added).toBeGreaterThan(0);
    const kinds = find(samples, 'secnumcloud_change_events_total');
    const logLength = await conn.xlen(`${prefix}:changes`);
    expect(kinds.reduce((n, s) => n + s.value, 0)).toBe(logLength);
    // Scraping again counts nothing twice.
    const again = parsePrometheus(await (await fetch(`${all.url}/metrics`)).text());
    expect(one(again, 'secnumcloud_change_events_total', { kind: 'offer.added' })).toBe(added);
    // Queue depths: every queue, every state.
    for (const queue of ['poll', 'maintenance', 'notify-slack', 'notify-discord']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(find(samples, 'secnumcloud_queue_jobs', { queue, state }), `${queue} ${state}`).toHaveLength(1);
    }
    // Each job scheduler keeps its next run delayed.
    expect(one(samples, 'secnumcloud_queue_jobs', { queue: 'poll', state: 'delayed' })).toBeGreaterThanOrEqual(1);
    expect(one(samples, 'secnumcloud_source_seconds_since_success', { source: 'anssi-catalogue' })).toBeGreaterThanOrEqual(0);
    expect(one(samples, 'secnumcloud_source_consecutive_failures', { source: 'anssi-catalogue' })).toBe(0);
    expect(one(samples, 'secnumcloud_source_held', { source: 'anssi-catalogue' })).toBe(0);
    expect(find(samples, 'secnumcloud_source_held', { source: 'dormant' })).toHaveLength(0);
    // The web process's own default metrics.
    expect(find(samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(find(samples, 'nodejs_heap_size_used_bytes')).toHaveLength(1);
  }, 60_000);

  it('the queue dashboard asks for credentials: 401 without or with wrong ones, 200 with the right ones', async () => {
    const none = await fetch(`${all.url}/admin/queues`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]+"/);
    expect((await fetch(`${all.url}/admin/queues`, { headers: basic(ADMIN.user, 'wrong-password') })).status).toBe(401);
    expect((await fetch(`${all.url}/admin/queues`, { headers: basic('root', ADMIN.password) })).status).toBe(401);
    expect((await fetch(`${all.url}/admin/queues/api/queues`)).status).toBe(401);
    const page = await fetch(`${all.url}/admin/queues`, { headers: basic(ADMIN.user, ADMIN.password) });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const api = await fetch(`${all.url}/admin/queues/api/queues`, { headers: basic(ADMIN.user, ADMIN.password) });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['maintenance', 'notify-discord', 'notify-email', 'notify-matrix', 'notify-slack', 'notify-teams', 'notify-webhook', 'poll']);
  });

  it('a web role without ADMIN_USER and ADMIN_PASSWORD mounts no dashboard (404), and is ready on the schedules another role made', async () => {
    const web = await startTracker('web', {});
    try {
      expect((await fetch(`${web.url}/admin/queues`)).status).toBe(404);
      expect((await fetch(`${web.url}/admin/queues`, { headers: basic(ADMIN.user, ADMIN.password) })).status).toBe(404);
      expect((await fetch(`${web.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${web.url}/healthz`)).status).toBe(200);
    } finally {
      await web.stop();
    }
  }, 60_000);

  it('/readyz is 503 naming the check that failed while Redis is down, and 200 again after its restart', async () => {
    redis.kill();
    await until('redis down', async () => (await fetch(`${all.url}/readyz`)).status === 503);
    const down = await fetch(`${all.url}/readyz`);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { status: string; failed: string[]; checks: { redis: { ok: boolean; error?: string } } };
    expect(body.status).toBe('unavailable');
    expect(body.failed).toContain('redis');
    expect(body.checks.redis.ok).toBe(false);
    // /metrics still answers, saying Redis did not.
    const metrics = parsePrometheus(await (await fetch(`${all.url}/metrics`)).text());
    expect(one(metrics, 'secnumcloud_redis_up')).toBe(0);
    expect(find(metrics, 'secnumcloud_polls_total')).toHaveLength(0);
    await redis.restart();
    await until('ready again', async () => (await fetch(`${all.url}/readyz`)).status === 200);
    const up = (await (await fetch(`${all.url}/readyz`)).json()) as { status: string };
    expect(up.status).toBe('ready');
  }, 60_000);

  it('/readyz is 503 naming the schedules when a source has none (no scheduler ran, or Redis lost them)', async () => {
    await conn.ping(); // reconnected after the restart
    const polls = new Queue('poll', { connection: conn, prefix });
    await polls.removeJobScheduler('poll-anssi-catalogue');
    await polls.close();
    const r = await fetch(`${all.url}/readyz`);
    expect(r.status).toBe(503);
    const body = (await r.json()) as { failed: string[]; checks: { schedulers: { missing?: string[] } } };
    expect(body.failed).toEqual(['schedulers']);
    expect(body.checks.schedulers.missing).toEqual(['poll-anssi-catalogue']);
    // The scheduler puts it back when told to reload (SIGHUP): ready again.
    all.child.kill('SIGHUP');
    await until('the schedules restored', async () => (await fetch(`${all.url}/readyz`)).status === 200);
  }, 30_000);
});
