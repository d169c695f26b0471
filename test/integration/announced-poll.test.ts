/**
 * A new qualification's announcement, attached at detection by a real catalogue poll on a real Redis: the press
 * names NumSpot (its news event records no provider, NumSpot being in no list yet), then an edition qualifies it.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfferEvent } from '../../src/core/events.js';
import { sourceSchema } from '../../src/sources/schema.js';
import { pollSource } from '../../workers/poll-source.js';
import { editionOfRows } from '../support/edition-churn.js';
import { realCloudRows } from '../support/edition-data.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { catalogueSource, createHarness } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
let server: FixtureServer;
beforeAll(async () => {
  [redis, server] = await Promise.all([startTestRedis(), startFixtureServer({})]);
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn.disconnect();
  await Promise.all([redis.stop(), server.close()]);
});

const rss = (items: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Presse</title><link>https://presse.example/</link>${items}</channel></rss>`;
const item = (title: string, link: string, date: string): string => `<item><title>${title}</title><link>${link}</link><guid>${link}</guid><pubDate>${new Date(date).toUTCString()}</pubDate></item>`;

describe('a catalogue poll that finds a new qualification', () => {
  it('attaches the earliest news of the previous twelve months naming the provider, read from the change log', async () => {
    const h = createHarness(conn);
    const catalogue = catalogueSource(`${server.url}/catalogue.pdf`);
    const presse = sourceSchema.parse({ id: 'presse', name: 'Presse', kind: 'rss', url: `${server.url}/presse.xml`, interval: '1h', maxAge: '3650d' });
    const rows = realCloudRows();
    server.route('/catalogue.pdf', { body: (await editionOfRows('before', rows)).bytes, headers: { 'content-type': 'application/pdf' } });
    server.route('/presse.xml', { body: rss(item('Datacenters : la facture', 'https://presse.example/0', '2025-12-01T08:00:00Z')) });
    expect((await pollSource(h, catalogue, { commit: true })).outcome).toBe('baseline');
    expect((await pollSource(h, presse, { commit: true })).outcome).toBe('baseline');
    server.route('/presse.xml', {
      body: rss(item('NumSpot vise la qualification SecNumCloud', 'https://presse.example/1', '2025-12-20T08:00:00Z') + item('Cloud : SecNumCloud en débat', 'https://presse.example/2', '2025-12-28T08:00:00Z')),
    });
    expect((await pollSource(h, presse, { commit: true })).outcome).toBe('news');
    const numspot = { ...rows[0]!, provider: 'NumSpot', service: 'NumSpot Cloud Platform', decision: '4321', year: '2026' };
    const after = [...rows, numspot].sort((a, b) => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0));
    server.route('/catalogue.pdf', { body: (await editionOfRows('after', after)).bytes, headers: { 'content-type': 'application/pdf' } });
    h.setNow('2026-01-06T08:00:00Z');
    const r = await pollSource(h, catalogue, { commit: true });
    expect(r.outcome).toBe('changed');
    const logged = (await h.changeLog.range()).map((e) => e.event).filter((e): e is OfferEvent => e.kind === 'offer.added');
    expect(logged).toHaveLength(1);
    expect(logged[0]?.announced).toEqual({ title: 'NumSpot vise la qualification SecNumCloud', url: 'https://presse.example/1', at: '2025-12-20T08:00:00.000Z', source: 'presse', sourceName: 'Presse' });
    await h.fetcher.close();
  }, 60_000);
});
