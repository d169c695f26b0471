/**
 * The web role over a seeded store, as the API tests meet it: a real Redis seeded through the real stores (the real
 * December 2025 catalogue, reached through two earlier editions diffed by the real engine, an operator event, a news
 * item), then the compiled CLI started with `start --role web` and PUBLIC_URL set. Used by api-feed.test.ts and
 * api-exports.test.ts; each starts its own (a fresh Redis, a fresh prefix, a fresh data dir) and stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { diffSnapshots } from '../../src/core/diff.js';
import type { ChangeEvent } from '../../src/core/events.js';
import { DEFAULT_KEYWORDS } from '../../src/core/keywords.js';
import { newsGroups } from '../../src/core/news-events.js';
import type { Offer, Snapshot } from '../../src/core/offer.js';
import { chainedStateHash } from '../../src/core/snapshot.js';
import { createChangeLog, type ChangeLog } from '../../src/store/change-log.js';
import { createKeys } from '../../src/store/keys.js';
import { createNewsStore, type NewsStore } from '../../src/store/news-store.js';
import { createSourceStore, type SourceStore } from '../../src/store/source-store.js';
import { catalogueSnapshot } from './csv-offers.js';
import { createTestConnection, startTestRedis, type TestRedis } from './redis-server.js';
import { ROOT } from './run-cli.js';
import { until } from './until.js';

export const PUBLIC_URL = 'https://secnumcloud.example.org/suivi';
export const HOUR = 3_600_000;
/** Detection times a few days back from now, so Redis records each event after its detection, as in production. */
const T0 = Date.now() - 4 * 24 * HOUR;
export const at = (hours: number): Date => new Date(T0 + hours * HOUR);

// ---- the seeded history --------------------------------------------------------------------------------

export const december = catalogueSnapshot();
export const dec = (service: string): Offer => december.offers.find((o) => o.service === service)!;
const ACME: Offer = { provider: 'Acme & Fils', service: 'Nuage <souverain>', types: ['SaaS'], qualifiedFrom: '2023-01-01', qualifiedUntil: '2026-01-01', decision: '12', status: 'qualified' };
const OUTSCALE_BEFORE: Offer = { ...dec('IaaS'), qualifiedUntil: '2025-11-30', decision: '1500', decisionUrl: 'https://messervices.cyber.gouv.fr/visas/2022_1500_np.pdf' };
const without = (...services: string[]): Offer[] => december.offers.filter((o) => !services.includes(o.service ?? ''));
/** October: no Whaller, no Worldline, Outscale on its older decision, and Acme, since gone. */
const october: Snapshot = { ...december, edition: '2025-10-03', offers: [...without('Whaller Donjon SaaS', 'Worldline Cloud Services - Secured IaaS', 'IaaS'), OUTSCALE_BEFORE, ACME] };
/** November: Whaller qualified. */
const november: Snapshot = { ...october, edition: '2025-11-05', offers: [...october.offers, dec('Whaller Donjon SaaS')] };
const IN_PROGRESS: Snapshot = {
  source: 'anssi-en-cours',
  offers: [
    { provider: 'NumSpot', service: 'NumSpot Cloud', types: ['PaaS', 'IaaS'], status: 'in_progress' },
    // As an older version stored an "en cours" date: in qualifiedFrom (read back as inProgressSince).
    { provider: 'S3NS', service: 'PREMI3NS', types: ['PaaS', 'CaaS', 'IaaS'], qualifiedFrom: '2024-07-01', status: 'in_progress' },
  ],
};
/** The entries as the API gives them: the older record's date read as inProgressSince. */
export const IN_PROGRESS_READ: Offer[] = [IN_PROGRESS.offers[0]!, { provider: 'S3NS', service: 'PREMI3NS', types: ['PaaS', 'CaaS', 'IaaS'], inProgressSince: '2024-07-01', status: 'in_progress' }];
export const NEWS_TITLE = 'OVH & Outscale : la qualification <SecNumCloud> 3.2 « renouvelée »';

export interface Commit {
  snapshot: Snapshot;
  state: string;
  events: ChangeEvent[];
}

export interface ApiStack {
  store: SourceStore;
  news: NewsStore;
  log: ChangeLog;
  web: { child: ChildProcess; url: string; stderr: () => string };
  /** The December catalogue's commit, for an edition committed after it. */
  december: Commit;
  /** Commits `next` after `previous` as a poll would: the real diff, the chained state, one atomic commit. */
  commitEdition(previous: Omit<Commit, 'events'> | undefined, next: Snapshot, now: Date): Promise<Commit>;
  publishNews(title: string, url: string, now: Date): Promise<void>;
  /** GETs a path of the running web role; a PUBLIC_URL link is followed on the local server, as a reverse proxy would. */
  get(pathOrPublicUrl: string, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

async function startWeb(dir: string, redis: TestRedis, prefix: string): Promise<ApiStack['web']> {
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATA_DIR: join(dir, 'data'), SOURCES_FILE: join(dir, 'sources.json'), REDIS_URL: `unix://${redis.socket}`, REDIS_PREFIX: prefix,
    HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', PUBLIC_URL, LOG_FORMAT: 'json', LOG_LEVEL: 'info', TZ_REFERENCE: 'Europe/Paris', DEFAULT_LANG: 'fr',
    SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', DISCORD_TOKEN: '', ADMIN_USER: '', ADMIN_PASSWORD: '',
  };
  const child = spawn(process.execPath, ['dist/src/cli.js', 'start', '--role', 'web'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.resume();
  let url = '';
  await until(`the web role's HTTP server\n${err}`, () => {
    url = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"http server listening"/.exec(err)?.[1] ?? '';
    return url !== '' || child.exitCode !== null;
  });
  if (!url) throw new Error(`the web role exited ${child.exitCode}:\n${err}`);
  return { child, url, stderr: () => err };
}

/** Starts Redis, seeds it, starts the web role; `stop()` undoes all of it, whatever was started. */
export async function startApiStack(tag: string): Promise<ApiStack> {
  const prefix = `${tag}${randomUUID().slice(0, 8)}`;
  const redis = await startTestRedis();
  let conn: Redis | undefined;
  let web: ApiStack['web'] | undefined;
  const dir = mkdtempSync(join(tmpdir(), `${tag}-`));
  const stop = async (): Promise<void> => {
    if (web?.child.exitCode === null) {
      const exited = new Promise((r) => web!.child.once('exit', r));
      web.child.kill('SIGTERM');
      await exited;
    }
    conn?.disconnect();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    conn = createTestConnection(redis);
    const keys = createKeys(prefix);
    const store = createSourceStore(conn, keys);
    const news = createNewsStore(conn, keys);
    const unreachable = 'http://127.0.0.1:9'; // the web role polls nothing
    writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [
      { id: 'anssi-catalogue', name: 'Catalogue ANSSI', kind: 'anssi-catalogue', url: `${unreachable}/catalogue.pdf`, interval: '6h' },
      { id: 'anssi-en-cours', kind: 'anssi-page', url: `${unreachable}/en-cours`, interval: '12h' },
      { id: 'certfr-actualite', name: 'CERT-FR — actualité', kind: 'rss', url: `${unreachable}/feed`, interval: '1h' },
    ] }));
    const commitEdition: ApiStack['commitEdition'] = async (previous, next, now) => {
      const state = chainedStateHash(previous?.state, next);
      const events = previous ? diffSnapshots(previous.snapshot, next, { detectedAt: now.toISOString(), previousState: previous.state }) : [];
      const ok = await store.commit(next.source, { ...(previous ? { expectedState: previous.state } : {}), state, snapshot: next, validators: {}, events, now });
      expect(ok).toBe(true);
      await store.recordSuccess(next.source, now);
      return { snapshot: next, state, events };
    };
    const publishNews: ApiStack['publishNews'] = async (title, url, now) => {
      const groups = newsGroups({
        source: 'certfr-actualite', items: [{ id: url, title, url, source: 'certfr-actualite', publishedAt: now.toISOString() }],
        baseline: false, now, maxAgeMs: 7 * 24 * HOUR, keywords: DEFAULT_KEYWORDS, providers: december.offers.map((o) => o.provider),
      });
      expect(groups[0]?.event).toBeDefined();
      expect((await news.commitFeed('certfr-actualite', { validators: {}, groups, ttlSeconds: 3600, now })).appended).toHaveLength(1);
    };
    // The seeded history.
    const base = await commitEdition(undefined, october, at(0));
    const first = await commitEdition(base, november, at(24));
    const second = await commitEdition(first, december, at(48));
    expect(first.events.map((e) => e.kind)).toEqual(['offer.added']);
    expect(second.events.map((e) => e.kind).sort()).toEqual(['offer.added', 'offer.removed', 'offer.renewed']);
    // Operators' events, between the changes: a failing source and its recovery.
    await store.recordFailure('certfr-actualite', 'GET https://proxy.internal/feed: HTTP 503', at(49), 1);
    await store.recordSuccess('certfr-actualite', at(50));
    await commitEdition(undefined, IN_PROGRESS, at(50));
    await publishNews(NEWS_TITLE, 'https://www.cert.ssi.gouv.fr/actualite/CERTFR-2026-ACT-001/?a=1&b=2', at(60));
    // The product, started as a user starts it.
    web = await startWeb(dir, redis, prefix);
    const url = web.url;
    const get: ApiStack['get'] = (pathOrPublicUrl, headers = {}) => {
      const path = pathOrPublicUrl.startsWith(PUBLIC_URL) ? pathOrPublicUrl.slice(PUBLIC_URL.length) : pathOrPublicUrl;
      return fetch(url + path, { headers });
    };
    return { store, news, log: createChangeLog(conn, keys), web, december: second, commitEdition, publishNews, get, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
