import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerState } from '../../src/commands/ports.js';
import type { ChangeEvent, OperatorEvent } from '../../src/core/events.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import type { LogEntry } from '../../src/store/change-log.js';
import { mountApi, type ApiDeps } from '../../src/web/api.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { CHANGES, IN_PROGRESS, NOW, SOURCES, TIME_ZONE } from '../support/fake-command-deps.js';

const operator: OperatorEvent = { id: 'f'.repeat(32), kind: 'source.failing', source: 'anssi-catalogue', detectedAt: '2026-11-28T07:00:00Z', summary: 'HTTP 503', failures: 3 };
/** Oldest first, as recorded; an operator event in the middle. */
const logged: ChangeEvent[] = [...CHANGES].reverse();
logged.splice(3, 0, operator);
const entries: LogEntry[] = logged.map((event, i) => ({ streamId: `${Date.parse(event.detectedAt) + i}-0`, event }));

let broken = false;
const state: TrackerState = {
  async qualified() {
    if (broken) throw new Error('connect ECONNREFUSED /tmp/redis.sock');
    const { offers, edition } = catalogueSnapshot();
    return { offers, ...(edition ? { edition } : {}) };
  },
  inProgress: async () => IN_PROGRESS,
  sources: async () => SOURCES,
  latestChanges: async (n) => [...logged].reverse().filter((e) => e !== operator).slice(0, n),
  async lists() {
    const { offers, edition } = await this.qualified();
    return [{ list: 'secnumcloud', read: true, held: false, offers, ...(edition ? { edition } : {}) }];
  },
};
const deps: ApiDeps = {
  state,
  changeLog: {
    range: async (after = '-', count = 1000) => entries.filter((e) => after === '-' || e.streamId > after).slice(0, count),
    recordedSince: async (ms, count = 1000) => entries.filter((e) => Number(e.streamId.split('-')[0]) >= ms).slice(0, count),
    latest: async (count, before) => [...entries].reverse().filter((e) => before === undefined || e.streamId < before).slice(0, count),
  },
  clock: () => NOW,
  timeZone: TIME_ZONE,
  defaultLang: 'fr',
  reminderWindows: [90, 30, 7],
  logger: createLogger({ level: 'silent', format: 'json' }),
};

let server: HttpServer;
beforeAll(async () => {
  server = await startHttpServer({ port: 0, host: '127.0.0.1', logger: deps.logger, mount: (app) => mountApi(app, deps) });
});
afterAll(async () => {
  await server.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });

describe('the API over HTTP', () => {
  it('lists the qualified offers with the edition, today in TZ_REFERENCE and the days left', async () => {
    const res = await get('/api/offers');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const body = (await res.json()) as { edition: string; today: string; count: number; offers: Array<{ service: string; daysLeft: number }> };
    expect(body).toMatchObject({ status: 'qualified', edition: '2025-12-05', today: '2026-11-28', count: 16 });
    expect(body.offers.find((o) => o.service === 'IaaS')?.daysLeft).toBe(2); // Outscale ends 2026-11-30
  });

  it('filters by provider and type, and lists the "en cours" entries with status=in_progress', async () => {
    const ovh = (await (await get('/api/offers?provider=ovh&type=iaas')).json()) as { count: number };
    expect(ovh.count).toBe(2);
    const pending = (await (await get('/api/offers?status=in_progress&provider=numspot')).json()) as Record<string, unknown>;
    // The list's source is failing (SOURCES): the answer says so beside the entries of its last successful read.
    expect(pending).toEqual({
      status: 'in_progress', state: 'failing', failure: { since: '2026-11-26T21:00:00Z', count: 4, kind: 'http', httpStatus: 503 },
      today: '2026-11-28', count: 1, offers: [IN_PROGRESS[0]],
    });
  });

  it('answers a bad parameter with 400 and a JSON error naming it, never cached', async () => {
    const res = await get('/api/changes?since=last%20week');
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ error: 'invalid_parameter', parameter: 'since', message: 'since must be an ISO 8601 date-time with a time zone, e.g. 2026-01-05T08:00:00Z' });
    expect((await get('/api/offers?type=XaaS')).status).toBe(400);
    expect((await get('/feed.atom?lang=de')).status).toBe(400);
  });

  it('pages the changes oldest first without the operator event, with a next link on the request host', async () => {
    const first = (await (await get('/api/changes?limit=4')).json()) as { changes: Array<{ id: string }>; cursor: string; next: string };
    expect(first.changes.map((c) => c.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(first.next).toBe(`${server.url}/api/changes?after=${encodeURIComponent(first.cursor)}&limit=4`);
    const rest = (await (await fetch(first.next)).json()) as { changes: Array<{ id: string }>; next?: string };
    expect(rest.changes.map((c) => c.id)).toEqual(['e5', 'e6']);
    expect(rest.next).toBeUndefined();
    const since = (await (await get('/api/changes?since=2026-11-01T00:00:00Z')).json()) as { changes: Array<{ id: string }> };
    expect(since.changes.map((c) => c.id)).toEqual(['e5', 'e6']);
  });

  it('lists the sources without their last error', async () => {
    const body = (await (await get('/api/sources')).json()) as { sources: Array<Record<string, unknown>> };
    expect(body.sources.map((s) => s.id)).toEqual(SOURCES.map((s) => s.id));
    expect(body.sources.some((s) => 'lastError' in s)).toBe(false);
  });

  it('serves the feed as Atom, with an ETag but no Last-Modified (entry dates come from the workers\' clocks)', async () => {
    const res = await get('/feed.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(res.headers.get('last-modified')).toBeNull();
    expect(res.headers.get('etag')).toMatch(/^W\//);
    expect(res.headers.get('vary')).toMatch(/Host/); // links come from the Host header when PUBLIC_URL is unset
    const xml = await res.text();
    expect(xml.match(/<entry>/g)).toHaveLength(CHANGES.length);
    expect(xml).toContain(`<id>tag:localhost,2026:feed:fr</id>`); // the host is an address: ids use localhost
    expect(xml).not.toContain('source.failing');
  });

  it('answers 304 to a request that sends back the ETag, for JSON and for the feed', async () => {
    for (const path of ['/api/offers', '/api/changes', '/api/sources', '/feed.atom']) {
      const first = await get(path);
      const etag = first.headers.get('etag');
      expect(etag, path).toMatch(/^W\/"/);
      // fetch adds `Cache-Control: no-cache` (which forbids a 304) to a conditional request unless told otherwise.
      expect((await get(path, { 'if-none-match': etag!, 'cache-control': 'max-age=0' })).status, path).toBe(304);
    }
  });

  it('tells browsers not to sniff any answer: JSON, Atom, CSV, iCalendar, errors included (issue 14)', async () => {
    const paths = ['/api/offers', '/api/changes', '/api/sources', '/feed.atom', '/api/offers.csv', '/calendar.ics', '/api/offer', '/api/changes?since=x', '/feed.atom?lang=de'];
    for (const path of paths) {
      const res = await get(path);
      expect(res.headers.get('x-content-type-options'), `${path} (${res.status})`).toBe('nosniff');
    }
  });

  it('answers an unknown /api path with a JSON 404', async () => {
    const res = await get('/api/offer');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  });

  it('answers 500 in JSON when the store fails, without the error text', async () => {
    broken = true;
    try {
      const res = await get('/api/offers');
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe('internal');
      expect(body.message).not.toContain('ECONNREFUSED');
    } finally {
      broken = false;
    }
  });
});

describe('the feed\'s tag: ids', () => {
  /** GETs /feed.atom with a Host header of our choice (fetch does not let one set it). */
  const feedAt = (url: string, host: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = request(`${url}/feed.atom`, { headers: { host } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
  const ids = (xml: string): string[] => [...xml.matchAll(/<id>([^<]+)<\/id>/g)].map((m) => m[1]!);

  it('stay the same whatever host the feed is read at when PUBLIC_URL is set', async () => {
    const withUrl = await startHttpServer({ port: 0, host: '127.0.0.1', logger: deps.logger, mount: (app) => mountApi(app, { ...deps, publicUrl: 'https://suivi.example.org/snc' }) });
    try {
      const [a, b, c] = await Promise.all(['127.0.0.1:1', 'internal-name:3000', 'suivi.example.org'].map((host) => feedAt(withUrl.url, host)));
      expect(ids(a!)[0]).toBe('tag:suivi.example.org,2026:feed:fr');
      expect(ids(b!)).toEqual(ids(a!));
      expect(ids(c!)).toEqual(ids(a!));
    } finally {
      await withUrl.close();
    }
  });

  it('use localhost for a host that is an address when PUBLIC_URL is unset, and the log says to set it, once', async () => {
    const warnings: string[] = [];
    const logger = { ...deps.logger, warn: (_o: unknown, msg: string) => void warnings.push(msg) } as unknown as ApiDeps['logger'];
    const bare = await startHttpServer({ port: 0, host: '127.0.0.1', logger: deps.logger, mount: (app) => mountApi(app, { ...deps, logger }) });
    try {
      const [v4, v4b, v6] = await Promise.all(['127.0.0.1:8080', '10.0.0.5', '[::1]:3000'].map((host) => feedAt(bare.url, host)));
      expect(ids(v4!)[0]).toBe('tag:localhost,2026:feed:fr');
      expect(ids(v4b!)).toEqual(ids(v4!));
      expect(ids(v6!)).toEqual(ids(v4!));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/set PUBLIC_URL/);
      // A name is kept: it is what the feed was published at.
      expect(ids(await feedAt(bare.url, 'tracker.example.org'))[0]).toBe('tag:tracker.example.org,2026:feed:fr');
    } finally {
      await bare.close();
    }
  });
});
