import * as cheerio from 'cheerio';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import { isOperatorEvent, type ChangeEvent, type NewsEvent, type OfferEvent } from '../../src/core/events.js';
import { recipients } from '../../src/core/subscriptions.js';
import type { LogEntry } from '../../src/store/change-log.js';
import type { PublicEvent } from '../../src/web/api-records.js';
import { changesFeed } from '../../src/web/atom-changes.js';
import { renderAtom } from '../../src/web/atom.js';
import { feedSubscription, filterParams, latestMatching, parseFeedFilter, type FeedFilter, type LatestReader } from '../../src/web/feed-filter.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { CHANGES, CHANNEL, fakeCommandDeps, IN_PROGRESS, invocation } from '../support/fake-command-deps.js';

const offers = catalogueSnapshot().offers;
const find = (service: string) => offers.find((o) => o.service === service)!;
const news = (id: string, title: string, keywords: string[], providers: string[]): NewsEvent => ({
  id, kind: 'news.published', source: 'lemagit', detectedAt: '2026-11-20T10:00:00Z', keywords, providers, seenIn: ['lemagit'],
  item: { id, title, url: `https://example.org/${id}`, source: 'lemagit' },
});
const added = (id: string, service: string): OfferEvent => ({ id, kind: 'offer.added', source: 'anssi-catalogue', detectedAt: '2026-11-21T06:00:00Z', offer: find(service) });
/** Newest first: the fixture's changes, then news and additions of both types, an operator event among them. */
const EVENTS: ChangeEvent[] = [
  ...CHANGES,
  news('n2', 'OVH recrute à Roubaix', [], ['OVH']),
  news('n3', 'SecNumCloud : OVHcloud renouvelle sa qualification', ['SecNumCloud'], ['OVH']),
  { id: 'op', kind: 'source.failing', source: 'lemagit', detectedAt: '2026-11-20T09:00:00Z', summary: 'HTTP 503', failures: 3 },
  added('a-iaas', 'Hosted Private Cloud powered by VMware'),
  added('a-saas', 'Oodrive_Work'),
  added('a-paas', 'PaaS Openshift'),
];

/** A change log over EVENTS (newest first), counting the entries it is asked to read. */
function fakeLog(events: readonly ChangeEvent[]): LatestReader & { read: number } {
  const entries: LogEntry[] = events.map((event, i) => ({ streamId: `${1000 - i}-0`, event }));
  const log = {
    read: 0,
    async latest(count: number, before?: string) {
      const from = before === undefined ? 0 : entries.findIndex((e) => e.streamId === before) + 1;
      const chunk = entries.slice(from, from + count);
      log.read += chunk.length;
      return chunk;
    },
  };
  return log;
}

const parsed = (query: Record<string, string | string[]>): FeedFilter | undefined => {
  const r = parseFeedFilter(query);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const known = { qualified: offers, inProgress: IN_PROGRESS };
const feedOf = async (query: Record<string, string | string[]>, events = EVENTS): Promise<string[]> =>
  (await latestMatching(fakeLog(events), feedSubscription(parsed(query)!, known), 50)).map((e) => e.id);

describe('the feed\'s filters, read in the words of subscriptions', () => {
  it('reads topic, provider, type and keyword, repeated or not, in English or French, and no filter as the whole feed', () => {
    expect(parsed({})).toBeUndefined();
    expect(parsed({ lang: 'en' })).toBeUndefined();
    expect(parsed({ topic: 'news' })).toEqual({ topics: ['news'], providers: [], types: [], keywords: [], lists: [], categories: [] });
    expect(parsed({ topic: ['expiry', 'qualifications', 'expiry'] })?.topics).toEqual(['qualifications', 'expiry']);
    expect(parsed({ topic: 'échéances' })?.topics).toEqual(['expiry']);
    expect(parsed({ topic: 'all', provider: 'OVH' })?.topics).toEqual(['qualifications', 'news', 'expiry']);
    expect(parsed({ type: ['iaas', 'SaaS'] })?.types).toEqual(['SaaS', 'IaaS']);
    expect(parsed({ provider: ['ovh', 'OVH', 'Outscale'] })?.providers).toEqual(['ovh', 'Outscale']);
  });

  it('refuses what it cannot read with a 400 naming the parameter, never a wider feed', () => {
    expect(parseFeedFilter({ topic: 'offer.added' })).toMatchObject({ ok: false, error: { error: 'invalid_parameter', parameter: 'topic' } });
    expect(parseFeedFilter({ type: 'XaaS' })).toMatchObject({ ok: false, error: { parameter: 'type', message: 'type must be one of SaaS, PaaS, CaaS, IaaS' } });
    expect(parseFeedFilter({ provider: 'x'.repeat(101) })).toMatchObject({ ok: false, error: { parameter: 'provider' } });
    expect(parseFeedFilter({ keyword: Array(21).fill('a') })).toMatchObject({ ok: false, error: { parameter: 'keyword' } });
  });

  it('writes the filters back in one order, topic=all only when nothing else filters', () => {
    expect(filterParams(parsed({ type: 'IaaS', provider: 'OVH', topic: ['expiry', 'news'] })!).toString()).toBe('topic=news&topic=expiry&provider=OVH&type=IaaS');
    expect(filterParams(parsed({ topic: 'all' })!).toString()).toBe('topic=all');
    expect(filterParams(parsed({ provider: 'Cloud Temple' })!).toString()).toBe('provider=Cloud+Temple');
  });
});

describe('a filtered feed holds what a subscription with the same filters receives', () => {
  const cases: Array<[string, Record<string, string | string[]>]> = [
    ['subscribe news', { topic: 'news' }],
    ['subscribe news provider:ovhcloud', { topic: 'news', provider: 'ovhcloud' }],
    ['subscribe qualifications expiry provider:ovh provider:outscale', { topic: ['qualifications', 'expiry'], provider: ['ovh', 'outscale'] }],
    ['subscribe all keyword:Openshift', { topic: 'all', keyword: 'Openshift' }],
    ['subscribe qualifications provider:NumSpot', { topic: 'qualifications', provider: 'NumSpot' }],
  ];
  for (const [command, query] of cases) {
    it(`?${new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]))).toString()} = ${command}`, async () => {
      const deps = fakeCommandDeps();
      await runCommand(command, invocation(), deps);
      const [sub] = await deps.subscriptions.list(CHANNEL);
      const expected = EVENTS.filter((e) => !isOperatorEvent(e) && recipients([sub!], e).length > 0).map((e) => e.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(await feedOf(query)).toEqual(expected);
    });
  }

  it('keeps the IaaS qualifications and not the SaaS ones with type=IaaS, news unfiltered by type', async () => {
    const ids = await feedOf({ topic: 'qualifications', type: 'IaaS' });
    expect(ids).toContain('a-iaas');
    expect(ids).not.toContain('a-saas');
    expect(ids).not.toContain('a-paas');
    expect(await feedOf({ type: 'SaaS' })).toEqual(expect.arrayContaining(['a-saas', 'n3']));
    expect(await feedOf({ type: 'SaaS' })).not.toContain('a-iaas');
  });

  it('looks back past non-matching changes for the latest 50 matching ones, within a bounded read', async () => {
    const filler: NewsEvent[] = Array.from({ length: 450 }, (_, i) => news(`f${i}`, `Cloud ${i}`, ['cloud de confiance'], []));
    const old = Array.from({ length: 60 }, (_, i) => ({ ...added('x', 'Oodrive_Work'), id: `old${i}` }));
    const events = [...filler, ...old, ...filler.slice(0, 200)];
    const log = fakeLog(events);
    const sub = feedSubscription(parsed({ topic: 'qualifications' })!, known);
    const found = await latestMatching(log, sub, 50);
    expect(found.map((e) => e.id)).toEqual(old.slice(0, 50).map((e) => e.id));
    expect(log.read).toBe(600); // three chunks of 200, not the whole log (710)
    const bounded = fakeLog(events);
    expect(await latestMatching(bounded, sub, 50, 300)).toEqual([]);
    expect(bounded.read).toBe(300);
  });
});

describe('a filtered feed as Atom', () => {
  const base = 'https://suivi.example.org';
  const render = async (query: Record<string, string | string[]>, lang: 'fr' | 'en' = 'fr') => {
    const filter = parsed(query)!;
    const events = (await latestMatching(fakeLog(EVENTS), feedSubscription(filter, known), 50)) as PublicEvent[];
    return renderAtom(changesFeed(events, { base, lang, defaultLang: 'fr', since: '2025-12-05T06:00:00Z', filter }));
  };

  it('keeps its filters in its self link, its other language link and its id, and says them in its title', async () => {
    const xml = await render({ type: 'IaaS', topic: 'qualifications', provider: 'OVH' }, 'en');
    const $ = cheerio.load(xml, { xml: true });
    expect($('feed > link[rel="self"]').attr('href')).toBe(`${base}/feed.atom?topic=qualifications&provider=OVH&type=IaaS&lang=en`);
    expect($('feed > link[rel="alternate"][hreflang="fr"]').attr('href')).toBe(`${base}/feed.atom?topic=qualifications&provider=OVH&type=IaaS`);
    expect($('feed > id').text()).toBe('tag:suivi.example.org,2026:feed:en?topic=qualifications&provider=OVH&type=IaaS');
    expect($('feed > title').text()).toBe('SecNumCloud: catalogue changes and news (qualifications — about OVH only — IaaS type)');
    expect($('entry > id').toArray().map((e) => $(e).text())).toEqual(['tag:suivi.example.org,2026:change:e4', 'tag:suivi.example.org,2026:change:a-iaas']);
    const feed = await new Parser().parseString(xml); // a strict XML parser reads it
    expect(feed.items).toHaveLength(2);
  });
});
