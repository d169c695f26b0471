import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewsEvent } from '../../src/core/events.js';
import { sourceSchema, type SourceConfig } from '../../src/sources/schema.js';
import { pollSource } from '../../workers/poll-source.js';
import { getEdition } from '../support/editions.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { catalogueSource, createHarness, type Harness } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
let server: FixtureServer;
const certfr = readFileSync('test/fixtures/feeds/certfr-actualite.xml', 'utf8');
const lemagit = readFileSync('test/fixtures/feeds/lemagit.xml', 'utf8');

/** The feed as it was before its newer items: only its last (oldest) item. */
const onlyOldest = (xml: string): string => {
  const items = [...xml.matchAll(/<item>[\s\S]*?<\/item>/g)].map((m) => m[0]);
  return items.slice(0, -1).reduce((acc, item) => acc.replace(item, ''), xml);
};
const without = (xml: string, title: string): string =>
  xml.replace(new RegExp(`<item>(?:(?!</item>)[\\s\\S])*?${title}[\\s\\S]*?</item>`), '');

const feed = (id: string, maxAge = '30d'): SourceConfig =>
  sourceSchema.parse({ id, kind: 'rss', url: `${server.url}/${id}.xml`, interval: '1h', maxAge });
const serve = (id: string, xml: string): void =>
  server.route(`/${id}.xml`, { body: xml, headers: { 'content-type': 'application/rss+xml; charset=utf-8' } });

beforeAll(async () => {
  [redis, server] = await Promise.all([startTestRedis(), startFixtureServer({})]);
  conn = createTestConnection(redis);
  server.route('/catalogue.pdf', { body: (await getEdition('real')).bytes });
});
afterAll(async () => {
  conn.disconnect();
  await Promise.all([redis.stop(), server.close()]);
});

async function tracker(prefix?: string): Promise<{ h: Harness; a: SourceConfig; b: SourceConfig; news: () => Promise<NewsEvent[]> }> {
  const catalogue = catalogueSource(`${server.url}/catalogue.pdf`);
  const a = feed('certfr-actualite');
  const b = feed('lemagit');
  const h = createHarness(conn, prefix, [catalogue, a, b]);
  h.setNow('2025-11-18T12:00:00Z');
  if (!prefix) await pollSource(h, catalogue, { commit: true }); // the providers news may name
  const news = async (): Promise<NewsEvent[]> => (await h.changeLog.range()).map((e) => e.event).filter((e): e is NewsEvent => e.kind === 'news.published');
  return { h, a, b, news };
}

describe('news feeds', () => {
  it('turn a burst of stories, repeated across feeds and polls, into one news.published per story', async () => {
    const { h, a, b, news } = await tracker();
    serve(a.id, onlyOldest(certfr));
    serve(b.id, onlyOldest(lemagit));
    expect(await pollSource(h, a, { commit: true })).toMatchObject({ outcome: 'baseline', items: 1 });
    expect(await pollSource(h, b, { commit: true })).toMatchObject({ outcome: 'baseline', items: 1 });
    expect(await news()).toEqual([]);

    serve(a.id, certfr);
    serve(b.id, lemagit);
    for (let round = 0; round < 3; round++) for (const s of [a, b, b, a]) await pollSource(h, s, { commit: true });
    const events = await news();
    expect(events.map((e) => [e.source, e.item.title])).toEqual([
      ['certfr-actualite', 'Publication du référentiel SecNumCloud 3.2 révisé'],
      ['certfr-actualite', 'Hébergement de données de santé : articulation entre HDS et SecNumCloud'],
      ['certfr-actualite', 'Cloud de confiance : l’ANSSI publie un guide pour les collectivités'],
      ['lemagit', 'NumSpot : le point sur la qualification SecNumCloud de son offre IaaS'],
      ['lemagit', 'OVHcloud étend son offre « Hosted Private Cloud » qualifiée SecNumCloud'],
      ['lemagit', 'EUCS : les négociations européennes s’enlisent'],
      ['lemagit', 'Santé : pourquoi l’HDS ne suffit plus aux hôpitaux'],
    ]);
    const byTitle = (t: string): NewsEvent => events.find((e) => e.item.title.startsWith(t))!;
    expect(byTitle('NumSpot').keywords).toEqual(['SecNumCloud', 'NumSpot']);
    expect(byTitle('OVHcloud').providers).toEqual(['OVH']);
    expect(byTitle('Santé').keywords).toEqual(['HDS']);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('do not alert again an item that drops out of its feed and comes back, nor after a restart', async () => {
    const { h, a, news } = await tracker();
    serve(a.id, onlyOldest(certfr));
    await pollSource(h, a, { commit: true });
    serve(a.id, certfr);
    await pollSource(h, a, { commit: true });
    const before = (await news()).length;
    expect(before).toBe(3);
    serve(a.id, without(certfr, 'HDS et SecNumCloud'));
    await pollSource(h, a, { commit: true });
    serve(a.id, certfr.replace('</channel>', '<!-- touched --></channel>'));
    expect(await pollSource(h, a, { commit: true })).toMatchObject({ outcome: 'news', events: [] });
    // A restarted tracker (new process, same Redis) remembers what it has seen.
    const again = await tracker(h.keys.prefix);
    serve(a.id, certfr.replace('</channel>', '<!-- touched again --></channel>'));
    expect(await pollSource(again.h, again.a, { commit: true })).toMatchObject({ outcome: 'news', events: [] });
    expect((await news()).length).toBe(before);
  });

  it('never alert items older than the source maxAge', async () => {
    const { h } = await tracker();
    const recent = feed('lemagit', '7d');
    serve(recent.id, onlyOldest(lemagit));
    await pollSource(h, recent, { commit: true });
    serve(recent.id, lemagit);
    const r = await pollSource(h, recent, { commit: true });
    // At noon on 18 November, seven days reach back to noon on the 11th: the guide (08:00 that day) is too old.
    expect(r.outcome === 'news' && r.events.map((e) => e.item.title.slice(0, 12))).toEqual(['NumSpot : le', 'OVHcloud éte', 'Publication ']);
  });
});

describe('a flood of news from one feed', () => {
  /** `n` fresh stories naming SecNumCloud, numbered from `from`, published an hour before the harness's noon. */
  const flood = (from: number, n: number): string =>
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Presse</title><link>https://presse.example/</link>${Array.from(
      { length: n },
      (_, i) =>
        `<item><title>SecNumCloud : annonce numéro ${from + i} du fournisseur</title><link>https://presse.example/${from + i}</link><guid>https://presse.example/${from + i}</guid><pubDate>Tue, 18 Nov 2025 11:00:00 GMT</pubDate></item>`,
    ).join('')}</channel></rss>`;

  it('sends up to maxNewsPerPoll and maxNewsPerDay, holds the rest with one source.suspect, and accept releases it', async () => {
    const { h } = await tracker();
    const presse = sourceSchema.parse({ id: 'presse', name: 'La Presse', kind: 'rss', url: `${server.url}/presse.xml`, interval: '1h', maxAge: '30d' });
    expect(presse).toMatchObject({ maxNewsPerPoll: 10, maxNewsPerDay: 30 });
    serve('presse', flood(0, 1));
    await pollSource(h, presse, { commit: true });
    serve('presse', flood(0, 201));
    const first = await pollSource(h, presse, { commit: true });
    expect(first).toMatchObject({ outcome: 'news', held: 190 });
    expect(first.outcome === 'news' && first.events.map((e) => e.item.url)).toEqual(Array.from({ length: 10 }, (_, i) => `https://presse.example/${i + 1}`));
    const log = async () => (await h.changeLog.range()).map((e) => e.event);
    expect((await log()).map((e) => e.kind)).toEqual([...Array(10).fill('news.published'), 'source.suspect']);
    expect((await log()).at(-1)).toMatchObject({ source: 'presse', sourceName: 'La Presse', reasons: ['more new items than maxNewsPerPoll 10 in one poll or maxNewsPerDay 30 in 24 hours'] });
    expect(await h.store.isHeld('presse')).toBe(true);

    // Later the same day: 10 more go out, 20 in all so far... then the day's cap (30) holds the rest; no second alert.
    h.setNow('2025-11-18T13:00:00Z');
    serve('presse', flood(0, 226));
    expect(await pollSource(h, presse, { commit: true })).toMatchObject({ outcome: 'news', held: 15 });
    h.setNow('2025-11-18T14:00:00Z');
    serve('presse', flood(0, 246));
    expect(await pollSource(h, presse, { commit: true })).toMatchObject({ outcome: 'news', held: 10 });
    expect((await log()).filter((e) => e.kind === 'news.published')).toHaveLength(30);
    expect((await log()).filter((e) => e.kind === 'source.suspect')).toHaveLength(1);

    // accept releases every held item, in order, once; the source is no longer held.
    const released = await h.news.releaseHeld('presse');
    expect(released).toHaveLength(215);
    expect(released.map((e) => e.item.url).slice(0, 2)).toEqual(['https://presse.example/11', 'https://presse.example/12']);
    expect((await log()).filter((e) => e.kind === 'news.published')).toHaveLength(245);
    expect(new Set((await log()).map((e) => e.id)).size).toBe(246);
    expect(await h.store.isHeld('presse')).toBe(false);
    expect(await h.news.releaseHeld('presse')).toEqual([]);
  });
});
