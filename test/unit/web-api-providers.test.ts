/**
 * /api/providers and /api/providers/{slug} over HTTP, on a history built from real and derived editions, the real
 * en cours page and news (test/support/provider-history.ts); every answer is checked against openapi/openapi.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerState } from '../../src/commands/ports.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import type { LogEntry } from '../../src/store/change-log.js';
import { mountApi } from '../../src/web/api.js';
import { NOW, SOURCES, TIME_ZONE } from '../support/fake-command-deps.js';
import { responseProblems } from '../support/openapi-schemas.js';
import { providerHistory } from '../support/provider-history.js';

const logger = createLogger({ level: 'silent', format: 'json' });
let server: HttpServer;
beforeAll(async () => {
  const h = await providerHistory();
  const entries: LogEntry[] = h.events.map((event, i) => ({ streamId: `${Date.parse(event.detectedAt)}-${i}`, event }));
  const state: TrackerState = {
    qualified: async () => ({ offers: h.current, edition: '2026-11-30' }),
    inProgress: async () => h.inProgress,
    sources: async () => SOURCES,
    latestChanges: async () => [],
    lists: async () => [{ list: 'secnumcloud', read: true, held: false, offers: h.current, edition: '2026-11-30' }],
    editions: {
      list: async () => h.editions.map((e) => ({ edition: e.edition!, dated: true, storedAt: `${e.edition!}T06:00:00Z`, lists: ['secnumcloud'] })),
      get: async (edition) => {
        const e = h.editions.find((x) => x.edition === edition);
        return e && { edition, dated: true, storedAt: `${edition}T06:00:00Z`, lists: ['secnumcloud'], records: { secnumcloud: e.offers } };
      },
    },
  };
  const changeLog = {
    // Two entries a call, so the reader's paging is exercised.
    range: async (after = '-', count = 1000) => entries.filter((e) => after === '-' || e.streamId > after).slice(0, Math.min(count, 2)),
    recordedSince: async () => [],
    latest: async () => [],
  };
  server = await startHttpServer({
    port: 0, host: '127.0.0.1', logger,
    mount: (app) => mountApi(app, { state, changeLog, clock: () => NOW, timeZone: TIME_ZONE, defaultLang: 'fr', reminderWindows: [90, 30, 7], logger, publicUrl: 'https://tracker.example.org' }),
  });
});
afterAll(async () => server.close());

async function get(path: string, spec: string): Promise<{ status: number; headers: Headers; body: Record<string, unknown> | undefined }> {
  const res = await fetch(server.url + path, { redirect: 'manual' });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  expect(responseProblems(spec, res.status, res.headers.get('content-type'), body), path).toEqual([]);
  return { status: res.status, headers: res.headers, body };
}

describe('/api/providers', () => {
  it('lists every provider once, with its page, its lists and its en cours entries', async () => {
    const { status, body } = await get('/api/providers', '/api/providers');
    expect(status).toBe(200);
    const providers = body!.providers as Array<Record<string, unknown>>;
    expect(body!.count).toBe(providers.length);
    expect(providers.find((p) => p.slug === 'numspot')).toEqual({
      slug: 'numspot', name: 'NumSpot', lists: { secnumcloud: 1 }, inProgress: 0,
      url: 'https://tracker.example.org/providers/numspot', api: 'https://tracker.example.org/api/providers/numspot',
    });
    expect(providers.find((p) => p.slug === 's3ns')).toMatchObject({ lists: {}, inProgress: 2 });
    expect(providers.some((p) => p.slug === 'outscale')).toBe(false);
  });
});

describe('/api/providers/{slug}', () => {
  it("gives NumSpot's qualification, its timeline in order and its first announcement", async () => {
    const { status, body } = await get('/api/providers/numspot', '/api/providers/{slug}');
    expect(status).toBe(200);
    expect(body).toMatchObject({ slug: 'numspot', name: 'NumSpot', today: '2026-11-28', announced: { source: 'google-news-numspot' } });
    expect((body!.qualifications as unknown[]).length).toBe(1);
    const steps = body!.timeline as Array<{ kind: string; date: string }>;
    expect(steps.map((s) => s.kind)).toEqual(['in_progress', 'news', 'news', 'news', 'qualified', 'recommendation']);
    expect(steps.map((s) => s.date)).toEqual([...steps.map((s) => s.date)].sort());
  });

  it("redirects a former name's slug to the current one", async () => {
    const { status, headers, body } = await get('/api/providers/outscale', '/api/providers/{slug}');
    expect(status).toBe(301);
    expect(headers.get('location')).toBe('https://tracker.example.org/api/providers/3ds-outscale');
    expect(body).toBeUndefined();
    const renamed = await get('/api/providers/3ds-outscale', '/api/providers/{slug}');
    expect(renamed.body).toMatchObject({ name: '3DS Outscale', formerNames: ['Outscale'] });
    expect((renamed.body!.timeline as Array<{ kind: string }>).map((s) => s.kind)).toEqual(['listed', 'renamed', 'removed']);
  });

  it('answers an unknown or malformed slug with a JSON 404', async () => {
    expect((await get('/api/providers/nobody', '/api/providers/{slug}')).status).toBe(404);
    expect((await get('/api/providers/NUM%20SPOT', '/api/providers/{slug}')).body).toMatchObject({ error: 'not_found', parameter: 'slug' });
  });
});
