/**
 * The runtime image, built here without Docker as its Dockerfile builds it: package.json, the lock file and .npmrc,
 * production dependencies only (`npm ci --omit=dev`, TypeScript removed as the build stage removes it), the compiled
 * dist/ and feeds/. Then the tracker runs from that directory alone: what the image would miss fails here.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEdition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { ROOT, runProcess } from '../support/run-cli.js';
import { until } from '../support/until.js';

let app: string;
let redis: TestRedis;
let server: FixtureServer;

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'image-stage-'));
  for (const f of ['package.json', 'package-lock.json', '.npmrc']) cpSync(join(ROOT, f), join(app, f));
  // What the build stage's `npm ci` then `npm prune --omit=dev` leave; --offline: from the cache that the
  // repository's own `npm ci` filled, so the test sends nothing over the network.
  const ci = await runProcess('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--offline'], { env: { ...process.env, npm_config_loglevel: 'error' }, cwd: app });
  expect(ci.code, ci.stderr).toBe(0);
  for (const d of ['typescript', '@typescript']) rmSync(join(app, 'node_modules', d), { recursive: true, force: true });
  cpSync(join(ROOT, 'dist'), join(app, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'feeds'), join(app, 'feeds'), { recursive: true });
  [redis, server] = await Promise.all([startTestRedis(), startFixtureServer({})]);
  server.route('/catalogue.pdf', { body: (await getEdition('real')).bytes });
  writeFileSync(join(app, 'sources.json'), JSON.stringify({ sources: [{ id: 'anssi-catalogue', kind: 'anssi-catalogue', url: `${server.url}/catalogue.pdf`, interval: '6h', settings: { lists: ['secnumcloud'] } }] }));
}, 180_000);

afterAll(async () => {
  await Promise.all([redis?.stop(), server?.close()]);
  if (app) rmSync(app, { recursive: true, force: true });
});

/** The image's environment: production, JSON logs, nothing from this repository's node_modules. */
const imageEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', LOG_FORMAT: 'json', ...extra });

describe('the runtime image (production dependencies, dist/ and feeds/ only)', () => {
  it('has no package that only the dev dependencies need, and no TypeScript', () => {
    // The lock file marks `dev: true` what only devDependencies pull in (ws, for one, is also discord.js's).
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([path, p]) => path.startsWith('node_modules/') && p.dev).map(([path]) => path);
    expect(devOnly.length).toBeGreaterThan(50); // vitest, vite, tsx, playwright-core… so the check below checks something
    expect(devOnly.filter((path) => existsSync(join(app, path, 'package.json')))).toEqual([]);
    expect(existsSync(join(app, 'node_modules/typescript'))).toBe(false);
  });

  it('parses the real catalogue', async () => {
    const r = await runProcess(process.execPath, ['dist/src/cli.js', 'parse', 'anssi-catalogue', join(ROOT, 'test/fixtures/anssi-catalogue/catalogue-anssi_2025-12-05.pdf')], { env: imageEnv(), cwd: app });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { offers: unknown[] }).offers).toHaveLength(16);
  });

  it('runs every role at once: polls, stores, serves the page, the API, the feed and the metrics, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', 'all'], {
      cwd: app,
      env: imageEnv({ REDIS_URL: `unix://${redis.socket}`, SOURCES_FILE: join(app, 'sources.json'), HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', ADMIN_USER: 'admin', ADMIN_PASSWORD: 'image-stage-pw' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.resume();
    try {
      await until('the baseline and the HTTP server', () => err.includes('baseline stored, 16 offers') && err.includes('http server listening'), 60_000, () => err.slice(-3000));
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"http server listening"/.exec(err)![1]!;
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('CegNumCloud Secured IaaS');
      expect(((await (await fetch(`${url}/api/offers`)).json()) as { count: number }).count).toBe(16);
      expect((await fetch(`${url}/feed.atom`)).status).toBe(200);
      expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^secnumcloud_polls_total\{source="anssi-catalogue",outcome="baseline"\} 1$/m);
      const board = await fetch(`${url}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from('admin:image-stage-pw').toString('base64')}` } });
      expect(board.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      const code = await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)));
      expect(code).toBe(0);
    }
    expect(err).not.toMatch(/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/);
  });
});
