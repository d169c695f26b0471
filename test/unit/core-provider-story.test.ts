/** A provider's slug, story and "first announced", on a history built from real editions, page and news. */
import { beforeAll, describe, expect, it } from 'vitest';
import { firstAnnounced } from '../../src/core/first-announced.js';
import type { NewsEvent } from '../../src/core/events.js';
import { findProvider, providerIndex } from '../../src/core/provider-index.js';
import { providerSlug, resolveSlug } from '../../src/core/provider-slug.js';
import { providerStory } from '../../src/core/provider-story.js';
import { providerHistory, type History } from '../support/provider-history.js';

let h: History;
beforeAll(async () => {
  h = await providerHistory();
});
const TZ = 'Europe/Paris';

describe('providerSlug', () => {
  it('folds accents, case and punctuation into one stable slug', () => {
    expect(providerSlug('Cloud Temple')).toBe('cloud-temple');
    expect(providerSlug('CLOUD_TEMPLE')).toBe('cloud-temple');
    expect(providerSlug('Société Générale (SG)')).toBe('societe-generale-sg');
    expect(providerSlug('3DS Outscale')).toBe('3ds-outscale');
    expect(providerSlug('☁☁')).toBe('provider');
    expect(providerSlug('a'.repeat(500)).length).toBeLessThanOrEqual(80);
  });

  it("leads an old name's slug to the current one, as a redirect, and stops on a cycle", () => {
    const current = new Set(['3ds-outscale']);
    expect(resolveSlug('outscale', current, [{ from: 'Outscale', to: '3DS Outscale' }])).toEqual({ slug: '3ds-outscale', redirect: true });
    expect(resolveSlug('3ds-outscale', current, [])).toEqual({ slug: '3ds-outscale', redirect: false });
    expect(resolveSlug('a', new Set(['c']), [{ from: 'A', to: 'B' }, { from: 'B', to: 'A' }])).toBeUndefined();
    expect(resolveSlug('unknown', current, [])).toBeUndefined();
  });
});

describe('providerStory on real and derived editions, the en cours page and news', () => {
  it("tells NumSpot's story in order: en cours since the page's date, news, qualified, recommendation raised", () => {
    const story = providerStory({ provider: 'numspot', events: h.events, current: h.current, inProgress: h.inProgress, timeZone: TZ, trackedSince: '2025-11-01T06:00:00Z' })!;
    expect(story).toMatchObject({ slug: 'numspot', name: 'NumSpot', formerNames: [], trackedSince: '2025-11-01T06:00:00Z' });
    expect(story.qualifications.map((o) => o.service)).toEqual(['NumSpot Cloud Platform']);
    expect(story.steps.map((s) => [s.date, s.kind])).toEqual([
      ['2024-01-15', 'in_progress'],
      ['2025-11-14', 'news'],
      ['2025-11-17', 'news'],
      ['2025-11-18', 'news'],
      ['2026-07-01', 'qualified'],
      ['2026-10-02', 'recommendation'],
    ]);
    const [qualified, raised] = story.steps.slice(-2);
    expect(qualified).toMatchObject({ list: 'secnumcloud', until: '2029-07-01', source: { id: 'anssi-catalogue', url: 'https://messervices.cyber.gouv.fr/visas/2026_1234_np.pdf' } });
    expect(raised?.recommendation).toEqual({ from: 'moderate', to: 'optimal' });
    expect(story.steps[0]).toMatchObject({ service: 'Plateforme NumSpot', detectedAt: '2026-01-10T06:00:00Z' });
    expect(story.steps[1]?.source.url).toMatch(/^https:\/\//);
  });

  it('finds the first announcement by name in news that recorded no provider', () => {
    const news = h.events.filter((e): e is NewsEvent => e.kind === 'news.published');
    expect(news.every((e) => e.providers.length === 0)).toBe(true);
    const story = providerStory({ provider: 'NumSpot', events: h.events, current: h.current, inProgress: h.inProgress, timeZone: TZ })!;
    expect(story.announced).toMatchObject({ at: '2025-11-14T09:30:00.000Z', source: 'google-news-numspot', sourceName: 'Google Actualités' });
    expect(story.announced?.title).toMatch(/^Banque des Territoires : NumSpot recrute/);
    // Twelve months is the window: a qualification two years later finds no announcement.
    expect(firstAnnounced(news, ['NumSpot'], '2027-12-01T00:00:00Z')).toBeUndefined();
    // A name that merely contains another is no match (whole words).
    expect(firstAnnounced(news, ['Spot'], '2026-07-03T06:00:00Z')).toBeUndefined();
  });

  it('joins a renamed provider to its former name and keeps its removal', () => {
    const story = providerStory({ provider: 'Outscale', events: h.events, current: h.current, inProgress: h.inProgress, timeZone: TZ })!;
    expect(story).toMatchObject({ slug: '3ds-outscale', name: '3DS Outscale', formerNames: ['Outscale'] });
    expect(story.steps.map((s) => s.kind)).toEqual(['renamed', 'removed']);
    expect(story.steps[0]?.previous).toEqual({ provider: 'Outscale', service: expect.any(String) });
    expect(story.steps.at(-1)).toMatchObject({ date: '2026-11-30', service: 'IaaS' });
  });

  it('starts with what the provider held in the first kept edition, which the change log never reports', () => {
    const firstEdition = { edition: '2025-12-05', offers: h.editions[0]!.offers };
    const story = providerStory({ provider: '3DS Outscale', events: h.events, current: h.current, inProgress: h.inProgress, timeZone: TZ, firstEdition })!;
    expect(story.steps.map((s) => [s.date, s.kind])).toEqual([['2025-12-05', 'listed'], ['2026-07-03', 'renamed'], ['2026-11-30', 'removed']]);
    expect(story.steps[0]).toEqual({ kind: 'listed', date: '2025-12-05', provider: 'Outscale', list: 'secnumcloud', service: 'IaaS', until: '2026-11-30', source: { id: 'edition', url: expect.stringMatching(/2023_2118_np\.pdf$/) } });
    // A provider known only from that edition still has its story.
    const gone = providerStory({ provider: 'Outscale', events: [], current: [], inProgress: [], timeZone: TZ, firstEdition });
    expect(gone?.steps.map((s) => s.kind)).toEqual(['listed']);
  });

  it('says nothing of a provider the tracker never saw', () => {
    expect(providerStory({ provider: 'Nobody', events: h.events, current: h.current, inProgress: h.inProgress, timeZone: TZ })).toBeUndefined();
  });
});

describe('providerIndex', () => {
  it('lists each provider once under its latest name; the former name redirects', () => {
    const index = providerIndex({ current: h.current, inProgress: h.inProgress, events: h.events });
    const slugs = index.map((e) => e.slug);
    expect(slugs).toContain('numspot');
    expect(slugs).toContain('3ds-outscale');
    expect(slugs).not.toContain('outscale');
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(index.find((e) => e.slug === 'numspot')).toMatchObject({ lists: { secnumcloud: 1 }, inProgress: 0 });
    expect(findProvider(index, h.events, 'outscale')).toMatchObject({ entry: { slug: '3ds-outscale' }, redirect: true });
    expect(findProvider(index, h.events, 'numspot')).toMatchObject({ redirect: false });
  });
});
