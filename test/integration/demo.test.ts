import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextDemoEdition, type DemoEdition } from '../../scripts/demo-edition.js';
import { getEdition, type Edition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { ROOT, runCli, runProcess, type CliResult } from '../support/run-cli.js';

let dir: string;
let december: Edition;
let next: DemoEdition;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'demo-'));
  [december, next] = await Promise.all([getEdition('real'), nextDemoEdition()]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The demo's defaults (warnings only, readable lines) rather than whatever the test runner's environment says. */
function withoutLogSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { LOG_LEVEL: _level, LOG_FORMAT: _format, ...rest } = env;
  return rest;
}

/** `npm run -s demo`, as the README tells a newcomer, with its data under `dataDir`. */
const npmRunDemo = (dataDir: string): Promise<CliResult> => runProcess('npm', ['run', '-s', 'demo'], { env: { ...withoutLogSettings(process.env), DATA_DIR: dataDir } });

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm run demo', () => {
  it('stores a silent baseline of the real catalogue, prints the one new qualification once, stops its redis-server and exits 0', { timeout: 60_000 }, async () => {
    // A relative DATA_DIR, as the default ./data is: the demo must still find its redis-server's files.
    const r = await npmRunDemo(relative(ROOT, join(dir, 'data')));
    expect(r.code, r.stderr).toBe(0);

    // Standard output carries the alerts only: one line, the new qualification; the baseline printed none.
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const name = `${next.added.provider} — ${next.added.service}`;
    expect(lines.filter((l) => l.includes(name))).toHaveLength(1);
    expect(lines[0]).toMatch(/ UTC {2}Nouvelle qualification SecNumCloud : Cumulus Français — Hébergement façonné sécurisé · Types : IaaS · /);
    expect(lines[0]).toContain(`décision n° ${next.added.decision}`);

    // Progress on standard error, one line per step, for both polls.
    expect(r.stderr).toContain('anssi-catalogue: committed: the baseline (16 offers, edition 2025-12-05); first sight alerts nobody');
    expect(r.stderr).toMatch(/anssi-catalogue: fetched 1\.9 MiB \(1946935 bytes\), HTTP 2xx, application\/pdf, in \d+ ms/);
    expect(r.stderr).toMatch(/anssi-catalogue: parsed in \d+ ms: 17 rows \(offers\), edition 2026-01-05/);
    expect(r.stderr).toContain('anssi-catalogue: events found: 1 offer.added');
    expect(r.stderr).toContain('anssi-catalogue: committed: 1 event(s) stored in the change log');
    expect(r.stderr).toContain('npm start');
    expect(r.stderr).not.toMatch(/\n\s+at /);

    // The redis-server it started is gone, by its pid, and so is its pidfile.
    const pid = Number(/own redis-server \(pid (\d+),/.exec(r.stderr)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(r.stderr).toContain(`redis-server pid ${pid} stopped`);
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(dir, 'data', 'demo', 'redis.json'))).toBe(false);
  });

  it('asks for both editions when run as the compiled command without them (exit 2)', async () => {
    const r = await runCli(['demo'], { DATA_DIR: join(dir, 'unused') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: demo needs --first <catalogue\.pdf> --next <catalogue\.pdf>; .*npm run demo/);
    expect(existsSync(join(dir, 'unused'))).toBe(false);
  });
});

describe('check, progress on standard error', () => {
  let server: FixtureServer;
  let redis: TestRedis;
  const env = (): NodeJS.ProcessEnv => ({
    REDIS_URL: `unix://${redis.socket}`,
    REDIS_PREFIX: 'checkprogress',
    SOURCES_FILE: join(dir, 'sources.json'),
    LOG_LEVEL: 'warn',
  });
  const serve = (bytes: Uint8Array): void => server.route('/catalogue.pdf', { body: bytes, headers: { 'content-type': 'application/pdf' } });
  const progress = (r: CliResult): string[] => r.stderr.trim().split('\n');

  beforeAll(async () => {
    [server, redis] = await Promise.all([startFixtureServer({}), startTestRedis()]);
    writeFileSync(
      join(dir, 'sources.json'),
      JSON.stringify({ sources: [{ id: 'anssi-catalogue', kind: 'anssi-catalogue', url: `${server.url}/catalogue.pdf`, interval: '6h', settings: { lists: ['secnumcloud'] } }] }),
    );
  });
  afterAll(async () => {
    await Promise.all([server.close(), redis.stop()]);
  });

  it('says what it fetched, parsed, found and committed, step by step, and keeps standard output for the events', async () => {
    serve(december.bytes);
    const dry = await runCli(['check'], env());
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe('');
    const fetchedDecember = expect.stringMatching(/^anssi-catalogue: fetched 1\.9 MiB \(1946935 bytes\), HTTP 2xx, application\/pdf, in \d+ ms$/);
    expect(progress(dry)).toEqual([
      `[1/1] anssi-catalogue: fetching ${server.url}/catalogue.pdf`,
      fetchedDecember,
      expect.stringMatching(/^anssi-catalogue: parsed in \d+ ms: 16 rows \(offers\), edition 2025-12-05$/),
      'anssi-catalogue: not committed (add --commit to store): would be the baseline (16 offers, edition 2025-12-05), alerting nobody',
    ]);

    const baseline = await runCli(['check', '--commit'], env());
    expect(baseline.code, baseline.stderr).toBe(0);
    expect(progress(baseline).at(-1)).toBe('anssi-catalogue: committed: the baseline (16 offers, edition 2025-12-05); first sight alerts nobody');

    serve(next.bytes);
    const changed = await runCli(['check', '--commit'], env());
    expect(changed.code, changed.stderr).toBe(0);
    const events = changed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; offer: unknown });
    expect(events).toEqual([expect.objectContaining({ kind: 'offer.added', offer: next.added })]);
    expect(progress(changed)).toEqual([
      `[1/1] anssi-catalogue: fetching ${server.url}/catalogue.pdf`,
      expect.stringMatching(new RegExp(`^anssi-catalogue: fetched \\d+\\.\\d KiB \\(${next.bytes.length} bytes\\), HTTP 2xx, application/pdf, in \\d+ ms$`)),
      expect.stringMatching(/^anssi-catalogue: parsed in \d+ ms: 17 rows \(offers\), edition 2026-01-05$/),
      'anssi-catalogue: events found: 1 offer.added',
      'anssi-catalogue: committed: 1 event(s) stored in the change log',
    ]);

    const again = await runCli(['check', '--commit'], env());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('');
    expect(progress(again)).toEqual([
      `[1/1] anssi-catalogue: fetching ${server.url}/catalogue.pdf`,
      expect.stringMatching(/^anssi-catalogue: not modified \(HTTP 2xx, same SHA-256 as the stored document\) in \d+ ms$/),
      'anssi-catalogue: nothing to commit: unchanged since the last stored snapshot',
    ]);
  });

  it('says which source failed and why, and exits 1', async () => {
    server.route('/catalogue.pdf', { status: 503 });
    const r = await runCli(['check'], env());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(progress(r).at(-1)).toMatch(/^anssi-catalogue: failed: .*503/);
  });
});
