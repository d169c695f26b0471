import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewsEvent } from '../../src/core/events.js';
import { sourceSchema, type SourceConfig } from '../../src/sources/schema.js';
import { pollSource } from '../../workers/poll-source.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { createHarness } from '../support/poll-harness.js';
import { createTestConnection, startTestRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
let conn: Redis;
let server: FixtureServer;
const xml = (name: string) => readFileSync(`test/fixtures/feeds/${name}`, 'utf8');
const FEEDS = { lemagit: xml('lemagit.xml'), 'google-news-numspot': xml('google-news-numspot.xml'), 'bing-news-secnumcloud': xml('bing-news-secnumcloud.xml') };
type Id = keyof typeof FEEDS;
/** A feed before any of its items: its first poll is then an empty baseline. */
const noItems = (text: string): string => text.replace(/<item>[\s\S]*?<\/item>/g, '');

const feed = (id: Id): SourceConfig => sourceSchema.parse({ id, kind: 'rss', url: `${server.url}/${id}.xml`, interval: '1h', maxAge: '30d' });
const serve = (id: Id, body: string): void => server.route(`/${id}.xml`, { body, headers: { 'content-type': 'application/rss+xml; charset=utf-8' } });

beforeAll(async () => {
  [redis, server] = await Promise.all([startTestRedis(), startFixtureServer({})]);
  conn = createTestConnection(redis);
});
afterAll(async () => {
  conn.disconnect();
  await Promise.all([redis.stop(), server.close()]);
});

/** Polls the feeds in `order` after an empty baseline of each; returns the news.published events stored. */
async function pollAll(order: Id[]): Promise<NewsEvent[]> {
  const sources = order.map(feed);
  const h = createHarness(conn, undefined, sources);
  h.setNow('2025-11-18T12:00:00Z');
  for (const s of sources) {
    serve(s.id as Id, noItems(FEEDS[s.id as Id]));
    await pollSource(h, s, { commit: true });
  }
  for (const s of sources) {
    serve(s.id as Id, FEEDS[s.id as Id]);
    await pollSource(h, s, { commit: true });
  }
  return (await h.changeLog.range()).map((e) => e.event).filter((e): e is NewsEvent => e.kind === 'news.published');
}

describe('press search feeds next to a press feed', () => {
  it('a story in Google News and in the publisher\'s feed is one news.published, linking to the search result when Google is first', async () => {
    const events = await pollAll(['google-news-numspot', 'lemagit']);
    const numspot = events.filter((e) => e.item.title.startsWith('NumSpot : le point'));
    expect(numspot).toHaveLength(1);
    expect(numspot[0]).toMatchObject({ source: 'google-news-numspot', item: { title: 'NumSpot : le point sur la qualification SecNumCloud de son offre IaaS' } });
    expect(numspot[0]!.item.url).toMatch(/^https:\/\/news\.google\.com\/rss\/articles\//);
    expect(events.some((e) => / - (LeMagIT|ZDNet\.fr|Les Echos)$/.test(e.item.title))).toBe(false);
  });

  it('a story in Bing News and in the publisher\'s feed is one news.published, linking to the article', async () => {
    const events = await pollAll(['bing-news-secnumcloud', 'lemagit']);
    const ovh = events.filter((e) => e.item.title.startsWith('OVHcloud étend'));
    expect(ovh).toHaveLength(1);
    expect(ovh[0]).toMatchObject({ source: 'bing-news-secnumcloud', item: { url: 'https://www.lemagit.fr/actualites/366633950/OVHcloud-etend-son-offre-qualifiee-SecNumCloud' } });
    // the other order: the press feed's event stands, the search feed adds nothing for that story
    const later = await pollAll(['lemagit', 'bing-news-secnumcloud', 'google-news-numspot']);
    expect(later.filter((e) => e.item.title.startsWith('OVHcloud étend')).map((e) => e.source)).toEqual(['lemagit']);
    expect(later.filter((e) => e.item.title.startsWith('NumSpot : le point')).map((e) => e.source)).toEqual(['lemagit']);
    expect(later.filter((e) => e.source === 'bing-news-secnumcloud').map((e) => e.item.title)).toEqual([
      'S3NS obtient le visa de sécurité SecNumCloud pour PREMI3NS',
      'Cloud de confiance : Bleu ouvre ses services aux collectivités',
    ]);
  });
});
