import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getEdition, type Edition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { isRunning, redisRecord } from '../support/tracker-process.js';
import { until } from '../support/until.js';

let server: FixtureServer;
let dir: string;
let december: Edition;
let january: Edition;

beforeAll(async () => {
  [server, december, january] = await Promise.all([startFixtureServer({}), getEdition('real'), getEdition('syntheticOutline')]);
  dir = mkdtempSync(join(tmpdir(), 'start-'));
  writeFileSync(
    join(dir, 'sources.json'),
    JSON.stringify({ sources: [{ id: 'anssi-catalogue', kind: 'anssi-catalogue', url: `${server.url}/catalogue.pdf`, interval: '6h', settings: { lists: ['secnumcloud'] } }] }),
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

// Never the default port (3000) or data directory: another tracker may be running on this machine.
const env = (): NodeJS.ProcessEnv => ({ DATA_DIR: join(dir, 'data'), SOURCES_FILE: join(dir, 'sources.json'), LOG_FORMAT: 'pretty', REDIS_URL: '', HTTP_PORT: '0', HTTP_HOST: '127.0.0.1' });

/** Every process a test starts, killed after it whatever happened (with the embedded redis-server it recorded). */
const spawned: ChildProcess[] = [];
/** Test redis-servers, stopped after each test even when it timed out before its own `finally` could. */
const servers: TestRedis[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((r) => r.stop()));
  for (const p of spawned.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  const left = redisRecord(join(dir, 'data'));
  if (left && isRunning(left.pid)) process.kill(left.pid, 'SIGKILL');
});
const track = (p: ChildProcess): ChildProcess => (spawned.push(p), p);

function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return { out: () => out, err: () => err };
}


describe('start, as the README runs it', () => {
  it('stores a silent baseline, prints each later change once on the console, and stops cleanly', async () => {
    server.route('/catalogue.pdf', { body: december.bytes });
    const tracker = track(spawn(process.execPath, ['dist/src/cli.js', 'start'], { cwd: ROOT, env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] }));
    const io = collect(tracker);
    try {
      await until('the baseline', () => io.err().includes('baseline stored, 16 offers (edition 2025-12-05)'));
      expect(io.out()).toBe('');
      // A second process (check --commit) uses the same embedded Redis through its pidfile.
      server.route('/catalogue.pdf', { body: january.bytes });
      const check = await runCli(['check', '--commit'], env());
      expect(check.code).toBe(0);
      const events = check.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; offer: { service: string } });
      expect(events.length).toBeGreaterThan(0);
      await until('the alerts', () => io.out().trim().split('\n').length >= events.length);
      await new Promise((r) => setTimeout(r, 1500)); // nothing more may come
      const lines = io.out().trim().split('\n');
      expect(lines).toHaveLength(events.length);
      for (const e of events) expect(lines.filter((l) => l.includes(e.offer.service))).toHaveLength(1);
      expect(lines[0]).toMatch(/Nouvelle qualification SecNumCloud : /);
    } finally {
      const pid = redisRecord(join(dir, 'data'))?.pid;
      tracker.kill('SIGINT');
      const code = await new Promise((r) => tracker.once('exit', r));
      expect(code).toBe(0);
      expect(pid !== undefined && isRunning(pid)).toBe(false); // the embedded redis-server is gone
    }
    expect(io.err()).not.toMatch(/\n\s+at /);
  });

  it('split in roles as docker compose runs it, without a chat token: two workers print each alert once in all', async () => {
    const redis = await startTestRedis();
    servers.push(redis);
    const roleEnv = { ...process.env, ...env(), REDIS_URL: `unix://${redis.socket}`, REDIS_PREFIX: 'roles' };
    const spawnRole = (role: string) => track(spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', role], { cwd: ROOT, env: roleEnv, stdio: ['ignore', 'pipe', 'pipe'] }));
    server.route('/catalogue.pdf', { body: december.bytes });
    const procs = [spawnRole('scheduler'), spawnRole('worker'), spawnRole('worker')];
    const ios = procs.map(collect);
    const workersOut = () => ios.slice(1).map((io) => io.out()).join('');
    try {
      await until('the baseline', () => ios.some((io) => io.err().includes('baseline stored, 16 offers')));
      await until('both workers', () => ios.slice(1).every((io) => io.err().includes('tracker started')));
      server.route('/catalogue.pdf', { body: january.bytes });
      const check = await runCli(['check', '--commit'], { REDIS_URL: roleEnv.REDIS_URL, REDIS_PREFIX: 'roles', SOURCES_FILE: join(dir, 'sources.json') });
      expect(check.code).toBe(0);
      const events = check.stdout.trim().split('\n').map((l) => JSON.parse(l) as { offer: { service: string } });
      expect(events.length).toBeGreaterThan(0);
      await until('the alerts', () => workersOut().trim().split('\n').filter(Boolean).length >= events.length);
      await new Promise((r) => setTimeout(r, 1500)); // nothing more may come, from either worker
      const lines = workersOut().trim().split('\n');
      expect(lines).toHaveLength(events.length);
      for (const e of events) expect(lines.filter((l) => l.includes(e.offer.service))).toHaveLength(1);
      expect(ios[0]!.out()).toBe(''); // the scheduler prints nothing
    } finally {
      for (const p of procs) p.kill('SIGTERM');
      const codes = await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', r)))));
      await redis.stop();
      expect(codes).toEqual([0, 0, 0]);
    }
  }, 90_000); // four processes (three roles and check) each start Node, Redis connections and a parser thread

  it('stops at once, exit 1, listing every problem of an invalid sources file', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ sources: [{ id: 'Bad Id', kind: 'anssi-catalogue', url: 'ftp://x', interval: 'often' }] }));
    const r = await runCli(['start'], { ...env(), SOURCES_FILE: join(dir, 'bad.json') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*bad\.json: sources\.0\.id: .*sources\.0\.url: .*sources\.0\.interval: /);
  });
});
