/**
 * Every state of a source, said the same everywhere at once: a real Redis seeded by real polls (the real December 2025
 * catalogue, feeds served locally, a poll that fails for good through the poll worker's own code), the compiled CLI's
 * web role serving the page, the API, /readyz and /metrics, and `/secnumcloud status` over the same store, in French
 * and English. JSON answers are validated against openapi/openapi.yaml.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { load } from 'cheerio';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import type { SourceStateName } from '../../src/core/source-state.js';
import type { PollJob } from '../../src/queues/payloads.js';
import { sourceSchema, type SourceConfig } from '../../src/sources/schema.js';
import { createTrackerState } from '../../src/store/tracker-state.js';
import { processPoll } from '../../workers/poll.worker.js';
import { pollSource } from '../../workers/poll-source.js';
import { getEdition } from '../support/editions.js';
import { invocation, MemorySubscriptionStore, replyText } from '../support/fake-command-deps.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { openApiSchemas } from '../support/openapi-schemas.js';
import { createHarness, type Harness } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { until } from '../support/until.js';

const prefix = `ss${randomUUID().slice(0, 8)}`;
const HOUR = 3_600_000;
const { errorsOf } = openApiSchemas();

let redis: TestRedis;
let conn: Redis;
let server: FixtureServer;
let dir: string;
let h: Harness;
let sources: SourceConfig[];
let web: { child: ChildProcess; url: string; log: () => string };
let emptyFeed: { updated: string; etag: string | null; again: string | null; trustedSince: string };

const rss = (n: number, from = 0): string =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Presse</title><link>https://presse.example/</link>${Array.from(
    { length: n },
    (_, i) => `<item><title>SecNumCloud : annonce numéro ${from + i}</title><link>https://presse.example/${from + i}</link><guid>https://presse.example/${from + i}</guid><pubDate>${new Date(Date.now() - HOUR).toUTCString()}</pubDate></item>`,
  ).join('')}</channel></rss>`;

/** The env of the compiled CLI on this test's Redis, prefix and sources file. */
const cliEnv = (): NodeJS.ProcessEnv => ({
  DATA_DIR: join(dir, 'data'), SOURCES_FILE: join(dir, 'sources.json'), REDIS_URL: `unix://${redis.socket}`, REDIS_PREFIX: prefix,
  LOG_FORMAT: 'json', LOG_LEVEL: 'info', TZ_REFERENCE: 'Europe/Paris', DEFAULT_LANG: 'fr', FAILING_AFTER: '3',
  SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', DISCORD_TOKEN: '', ADMIN_USER: '', ADMIN_PASSWORD: '',
});

async function startWeb(): Promise<typeof web> {
  const child = spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', 'web'], {
    cwd: ROOT, env: { ...process.env, ...cliEnv(), HTTP_PORT: '0', HTTP_HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  child.stdout!.resume();
  let url = '';
  await until(`the web role's HTTP server\n${log}`, () => {
    url = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"http server listening"/.exec(log)?.[1] ?? '';
    return url !== '' || child.exitCode !== null;
  });
  if (!url) throw new Error(`the web role exited ${child.exitCode}:\n${log}`);
  return { child, url, log: () => log };
}

/** A poll job as BullMQ hands it to the worker: `attemptsMade` of `attempts` already used. */
const job = (sourceId: string, attemptsMade: number, attempts: number): Job<PollJob> =>
  ({ data: { sourceId }, attemptsMade, opts: { attempts } }) as unknown as Job<PollJob>;

beforeAll(async () => {
  [redis, server] = await Promise.all([startTestRedis(), startFixtureServer({})]);
  conn = createTestConnection(redis);
  dir = mkdtempSync(join(tmpdir(), 'source-states-'));
  const raw = [
    { id: 'anssi-catalogue', name: 'Catalogue ANSSI', kind: 'anssi-catalogue', url: `${server.url}/catalogue.pdf`, interval: '6h', settings: { lists: ['secnumcloud'] } },
    { id: 'anssi-en-cours', kind: 'anssi-page', url: `${server.url}/en-cours`, interval: '12h', enabled: false },
    { id: 'presse', name: 'La Presse', kind: 'rss', url: `${server.url}/presse.xml`, interval: '1h', maxAge: '30d' },
    { id: 'certfr', name: 'CERT-FR', kind: 'rss', url: `${server.url}/certfr.xml`, interval: '1h' },
    { id: 'lemagit', name: 'LeMagIT', kind: 'rss', url: `${server.url}/lemagit.xml`, interval: '1h', maxAge: '30d' },
    { id: 'silicon', name: 'Silicon.fr', kind: 'rss', url: `${server.url}/silicon.xml`, interval: '1h', maxAge: '30d' },
  ];
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: raw }));
  sources = raw.map((s) => sourceSchema.parse(s));
  const [catalogue, , presse, , lemagit, silicon] = sources as [SourceConfig, SourceConfig, SourceConfig, SourceConfig, SourceConfig, SourceConfig];
  h = createHarness(conn, prefix, sources);

  // The catalogue's baseline, read by the web role before any change: the empty feed's date.
  h.setNow(new Date().toISOString());
  server.route('/catalogue.pdf', { body: (await getEdition('real')).bytes });
  expect((await pollSource(h, catalogue, { commit: true })).outcome).toBe('baseline');
  web = await startWeb();
  const first = await fetch(`${web.url}/feed.atom`);
  const xml = await first.text();
  emptyFeed = {
    updated: /<feed[\s\S]*?<updated>([^<]+)<\/updated>/.exec(xml)?.[1] ?? '',
    etag: first.headers.get('etag'),
    again: (await fetch(`${web.url}/feed.atom`)).headers.get('etag'),
    trustedSince: (await h.store.trustedSince('anssi-catalogue')) ?? '',
  };

  // silicon: its last success three hours ago, polled hourly: overdue.
  h.setNow(new Date(Date.now() - 3 * HOUR).toISOString());
  server.route('/silicon.xml', { body: rss(1) });
  await pollSource(h, silicon, { commit: true });
  // presse: read half an hour ago; now its server answers 503. A retried attempt is not a failure; the last one is.
  h.setNow(new Date(Date.now() - HOUR / 2).toISOString());
  server.route('/presse.xml', { body: rss(1) });
  await pollSource(h, presse, { commit: true });
  h.setNow(new Date().toISOString());
  server.route('/presse.xml', (_req, res) => res.writeHead(503).end('down'));
  const deps = { ...h, connection: conn, prefix, sources: () => new Map(sources.map((s) => [s.id, s])), failingAfter: 3 };
  await expect(processPoll(deps, job('presse', 0, 2))).rejects.toThrow(/HTTP 503/);
  expect((await h.store.getHealth('presse')).failures).toBe(0);
  await expect(processPoll(deps, job('presse', 1, 2))).rejects.toThrow(/HTTP 503/);
  expect((await h.store.getHealth('presse')).failures).toBe(1);
  // lemagit: eleven new stories at once, one more than maxNewsPerPoll: one is held.
  server.route('/lemagit.xml', { body: rss(1, 100) });
  await pollSource(h, lemagit, { commit: true });
  server.route('/lemagit.xml', { body: rss(12, 100) });
  expect(await pollSource(h, lemagit, { commit: true })).toMatchObject({ outcome: 'news', held: 1 });
}, 120_000);

afterAll(async () => {
  if (web?.child.exitCode === null) {
    web.child.kill('SIGTERM');
    await new Promise((r) => web.child.once('exit', r));
  }
  await h?.fetcher.close();
  conn?.disconnect();
  await Promise.all([redis?.stop(), server?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** Every source and the state it must show, in order. */
const EXPECTED: Array<[string, SourceStateName]> = [
  ['anssi-catalogue', 'working'],
  ['anssi-en-cours', 'disabled'],
  ['presse', 'failing'],
  ['certfr', 'never'],
  ['lemagit', 'held'],
  ['silicon', 'overdue'],
];

describe('each state of a source, the same everywhere', () => {
  it('/api/sources gives each state, and the failing one its count and kind (never its error text), valid against the schema', async () => {
    const body = (await (await fetch(`${web.url}/api/sources`)).json()) as { sources: Array<{ id: string; state: string; failure?: unknown }> };
    expect(errorsOf('SourcesResponse', body)).toEqual([]);
    expect(body.sources.map((s) => [s.id, s.state])).toEqual(EXPECTED);
    const presse = body.sources.find((s) => s.id === 'presse')!;
    expect(presse.failure).toMatchObject({ count: 1, kind: 'http', httpStatus: 503 });
    expect(JSON.stringify(body)).not.toContain('127.0.0.1');
  });

  it('/readyz gives each enabled source its state, and keeps its former status field (failing only from FAILING_AFTER)', async () => {
    const body = (await (await fetch(`${web.url}/readyz`)).json()) as { sources: Array<{ id: string; state: string; status: string; failing: boolean }> };
    expect(body.sources.map((s) => [s.id, s.state])).toEqual(EXPECTED.filter(([id]) => id !== 'anssi-en-cours'));
    expect(body.sources.find((s) => s.id === 'presse')).toMatchObject({ state: 'failing', status: 'ok', failing: false });
    expect(body.sources.find((s) => s.id === 'certfr')).toMatchObject({ state: 'never', status: 'never' });
  });

  it('/metrics has secnumcloud_source_state at 1 for each source\'s state', async () => {
    const text = await (await fetch(`${web.url}/metrics`)).text();
    for (const [id, state] of EXPECTED.filter(([i]) => i !== 'anssi-en-cours')) {
      expect(text, `${id} ${state}`).toContain(`secnumcloud_source_state{source="${id}",state="${state}"} 1`);
      expect(text).toContain(`secnumcloud_source_state{source="${id}",state="working"} ${state === 'working' ? 1 : 0}`);
    }
  });

  it('the status page says each state in French and in English, by each source\'s name', async () => {
    const words = {
      fr: ['en service', 'désactivée', "en échec depuis le", 'jamais lue', 'document retenu', 'en retard'],
      en: ['working', 'disabled', 'failing since', 'never read', 'document held', 'overdue'],
    };
    for (const lang of ['fr', 'en'] as const) {
      const $ = load(await (await fetch(`${web.url}/?lang=${lang}`)).text());
      const rows = $('table.sources tbody tr').toArray().map((tr) => [$(tr).find('th').text(), $(tr).find('td').first().text()]);
      expect(rows.map(([name]) => name)).toEqual(['Catalogue ANSSI', 'anssi-en-cours', 'La Presse', 'CERT-FR', 'LeMagIT', 'Silicon.fr']);
      rows.forEach(([, state], i) => expect(state, `${lang} ${rows[i]![0]}`).toContain(words[lang][i]!));
      expect(rows[2]![1]).toContain(lang === 'fr' ? '1 vérification échouée (HTTP 503)' : '1 failed check (HTTP 503)');
      expect($('table.sources tbody tr td strong').toArray().map((el) => $(el).attr('class'))).toEqual(EXPECTED.map(([, s]) => `tag state-${s}`));
    }
  });

  it('/secnumcloud status says each state in French and in English, by each source\'s name', async () => {
    const state = createTrackerState({ store: h.store, changeLog: h.changeLog, sources: () => sources, failingAfter: 3 });
    const deps = { subscriptions: new MemorySubscriptionStore(), state, clock: () => new Date(), timeZone: 'Europe/Paris' };
    const fr = replyText(await runCommand('status', invocation(), deps));
    for (const line of ['Catalogue ANSSI : en service', 'anssi-en-cours : désactivée', 'La Presse : en échec depuis le', 'CERT-FR : jamais lue', 'LeMagIT : document retenu', 'Silicon.fr : en retard']) {
      expect(fr).toContain(line);
    }
    expect(fr).toContain('1 vérification échouée (HTTP 503)');
    const en = replyText(await runCommand('status', invocation({ locale: 'en-US' }), deps));
    for (const line of ['Catalogue ANSSI: working', 'anssi-en-cours: disabled', 'La Presse: failing since', 'CERT-FR: never read', 'LeMagIT: document held', 'Silicon.fr: overdue']) {
      expect(en).toContain(line);
    }
  });
});

describe('absence is never shown as emptiness', () => {
  it('a disabled en cours source: the page says the list is not followed, its count too, in both languages', async () => {
    const fr = load(await (await fetch(`${web.url}/?lang=fr`)).text());
    expect(fr('#progress-h ~ p.notice').text()).toContain("La source des services en cours de qualification est désactivée : cette liste n'est pas suivie");
    expect(fr('main').text()).not.toContain('Aucun service');
    expect(fr('.counts div').toArray().map((d) => fr(d).text())).toContain('En cours de qualificationnon suivi');
    const en = load(await (await fetch(`${web.url}/?lang=en`)).text());
    expect(en('#progress-h ~ p.notice').text()).toContain('is disabled: this list is not followed');
  });

  it('the API says it in state (and edition), valid against the schema', async () => {
    const pending = (await (await fetch(`${web.url}/api/offers?status=in_progress`)).json()) as Record<string, unknown>;
    expect(errorsOf('OffersResponse', pending)).toEqual([]);
    expect(pending).toMatchObject({ status: 'in_progress', state: 'disabled', count: 0, offers: [] });
    const qualified = (await (await fetch(`${web.url}/api/offers`)).json()) as Record<string, unknown>;
    expect(errorsOf('OffersResponse', qualified)).toEqual([]);
    expect(qualified).toMatchObject({ status: 'qualified', state: 'working', edition: '2025-12-05', count: 16 });
  });

  it('an empty feed is dated by the first trusted poll, with the same ETag on every request, never 1970', () => {
    expect(emptyFeed.trustedSince).not.toBe('');
    expect(emptyFeed.updated).toBe(emptyFeed.trustedSince);
    expect(emptyFeed.etag).not.toBeNull();
    expect(emptyFeed.again).toBe(emptyFeed.etag);
  });
});

describe('accept <source> on a feed', () => {
  it('releases the held news through the CLI, and the source works again', async () => {
    const r = await runCli(['accept', 'lemagit'], cliEnv());
    expect(r.code, r.stderr).toBe(0);
    const released = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; item: { url: string } });
    expect(released).toHaveLength(1);
    expect(released[0]).toMatchObject({ kind: 'news.published', item: { url: 'https://presse.example/111' } });
    expect(r.stderr).toContain('lemagit: held news accepted, 1 item(s) stored');
    const body = (await (await fetch(`${web.url}/api/sources`)).json()) as { sources: Array<{ id: string; state: string }> };
    expect(body.sources.find((s) => s.id === 'lemagit')?.state).toBe('working');
    const again = await runCli(['accept', 'lemagit'], cliEnv());
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('lemagit: no held news to accept');
  }, 60_000);
});
