import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { runCli } from '../support/run-cli.js';

let redis: TestRedis;
let server: FixtureServer;
let dir: string;

const SHIPPED = ['anssi-en-cours', 'google-news-numspot', 'bing-news-numspot', 'numspot-actualites'];
const fixture = (path: string) => readFileSync(`test/fixtures/${path}`);

beforeAll(async () => {
  [redis, server] = await Promise.all([startTestRedis(), startFixtureServer({})]);
  dir = mkdtempSync(join(tmpdir(), 'check-live-'));
  server.route('/anssi-en-cours', { body: fixture('anssi-page/accordion.html'), headers: { 'content-type': 'text/html; charset=utf-8' } });
  server.route('/google-news-numspot', { body: fixture('feeds/google-news-numspot.xml'), headers: { 'content-type': 'application/xml; charset=utf-8' } });
  server.route('/bing-news-numspot', { body: fixture('feeds/bing-news-secnumcloud.xml'), headers: { 'content-type': 'application/rss+xml; charset=utf-8' } });
  server.route('/numspot-actualites', { body: fixture('html/numspot-actualites.html'), headers: { 'content-type': 'text/html; charset=UTF-8' } });
  // The shipped entries of these sources, their addresses pointed at the loopback server.
  const shipped = JSON.parse(readFileSync('feeds/sources.json', 'utf8')) as { sources: Array<{ id: string; url: string }> };
  const sources = shipped.sources.filter((s) => SHIPPED.includes(s.id)).map((s) => ({ ...s, url: `${server.url}/${s.id}` }));
  expect(sources.map((s) => s.id)).toEqual(SHIPPED);
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources }));
}, 60_000);

afterAll(async () => {
  await Promise.all([redis?.stop(), server?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ REDIS_URL: `unix://${redis.socket}`, REDIS_PREFIX: 'checklive', SOURCES_FILE: join(dir, 'sources.json'), HTTP_PORT: '0', LOG_LEVEL: 'silent' });

describe('check on the shipped en cours and NumSpot sources, served from fixtures', () => {
  it('shows the layout found and the entries of the en cours page, and reads the NumSpot search feeds', async () => {
    const r = await runCli(['check'], env(), undefined, { timeoutMs: 90_000 });
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('anssi-en-cours: layout found: headings');
    expect(r.stderr).toContain('anssi-en-cours:   entry: NumSpot — Plateforme NumSpot (PaaS, IaaS), since 2024-01-15');
    expect(r.stderr).toContain('anssi-en-cours: not committed (add --commit to store): would be the baseline (16 offers)');
    expect(r.stderr).toMatch(/google-news-numspot: parsed in \d+ ms: 3 items/);
    expect(r.stderr).toMatch(/bing-news-numspot: parsed in \d+ ms: 3 items/);
    expect(r.stderr).not.toContain('numspot-actualites'); // disabled: only checked when named
    expect(r.stdout).toBe(''); // first sight: baselines, no event
  }, 120_000);

  it('checks a disabled, unchecked source when it is named: the NumSpot newsroom page', async () => {
    const r = await runCli(['check', '--source', 'numspot-actualites'], env(), undefined, { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/numspot-actualites: parsed in \d+ ms: 3 items/);
    expect(r.stderr).toContain('numspot-actualites: not committed (add --commit to store): would be the baseline (3 items)');
  }, 120_000);

  it('holds an en cours page in no known layout at first sight, and says which layouts were tried', async () => {
    server.route('/anssi-en-cours', { body: fixture('anssi-page/unknown-layout.html'), headers: { 'content-type': 'text/html; charset=utf-8' } });
    const r = await runCli(['check', '--source', 'anssi-en-cours', '--commit'], env(), undefined, { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('anssi-en-cours: layout found: none (the page will be held, never a baseline)');
    expect(r.stderr).toContain('anssi-en-cours:   not used: headings: 1 heading(s), none followed by a list');
    expect(r.stderr).toMatch(/anssi-en-cours: held as suspect, subscribers see nothing \(0 rows, fewer than minRows 5; no layout recognised; layouts tried: table: no table in the page; /);
    expect(r.stderr).toContain('anssi-en-cours: committed as held: sighting 1, operators alerted (source.suspect)');
    expect(r.stdout).toBe('');
  }, 120_000);
});
