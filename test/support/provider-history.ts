/**
 * A provider's history built the way the tracker builds it: the real December 2025 catalogue and editions derived
 * from it (diffSnapshots), the real "en cours" page (inProgressEvents, markWasInProgress) and the real NumSpot news
 * feed (newsGroups, detected while NumSpot was in no list, so its events name no provider). Oldest first.
 */
import { readFileSync } from 'node:fs';
import { diffSnapshots } from '../../src/core/diff.js';
import type { ChangeEvent } from '../../src/core/events.js';
import { inProgressEvents, markWasInProgress } from '../../src/core/in-progress.js';
import { DEFAULT_KEYWORDS } from '../../src/core/keywords.js';
import { newsGroups } from '../../src/core/news-events.js';
import type { Offer, Snapshot } from '../../src/core/offer.js';
import { DEFAULT_ANSSI_PAGE_SETTINGS, parseAnssiPage } from '../../src/sources/anssi-page/index.js';
import { parseFeed } from '../../src/sources/rss/index.js';
import { catalogueSnapshot } from './csv-offers.js';

const fixture = (path: string): Uint8Array => readFileSync(new URL(`../fixtures/${path}`, import.meta.url));

export const NUMSPOT_ROW: Offer = {
  provider: 'NumSpot', service: 'NumSpot Cloud Platform', types: ['PaaS', 'IaaS'], qualifiedFrom: '2026-07-01', qualifiedUntil: '2029-07-01',
  decision: '1234', decisionUrl: 'https://messervices.cyber.gouv.fr/visas/2026_1234_np.pdf', recommendation: 'moderate', status: 'qualified',
};

export interface History {
  events: ChangeEvent[];
  /** The last edition's SecNumCloud records. */
  current: Offer[];
  inProgress: Offer[];
  editions: Snapshot[];
}

export async function providerHistory(): Promise<History> {
  const dec = catalogueSnapshot();
  const providers = [...new Set(dec.offers.map((o) => o.provider))];
  // The news of November 2025, polled on 20 November: NumSpot is in no list, so the events record no provider.
  const items = await parseFeed(fixture('feeds/google-news-numspot.xml'), { source: 'google-news-numspot' });
  const news = newsGroups({
    source: 'google-news-numspot', items, baseline: false, now: new Date('2025-11-20T08:00:00Z'), maxAgeMs: 30 * 86_400_000,
    keywords: DEFAULT_KEYWORDS, providers, sourceName: 'Google Actualités',
  }).flatMap((g) => (g.event ? [g.event] : []));
  // The "en cours" page, first read empty, then with NumSpot and others (the real page) on 10 January 2026.
  const page = await parseAnssiPage(fixture('anssi-page/table.html'), DEFAULT_ANSSI_PAGE_SETTINGS);
  const empty: Snapshot = { source: page.source, offers: [] };
  const entered = inProgressEvents({ snapshot: empty, state: 'empty' }, page, dec.offers, '2026-01-10T06:00:00Z');
  // July 2026: NumSpot qualified; Outscale renamed 3DS Outscale (same decision); OVH's first offer renewed.
  const ovh = dec.offers.find((o) => o.provider === 'OVH')!;
  const jul: Snapshot = {
    ...dec, edition: '2026-07-03',
    offers: [...dec.offers.map((o) => (o.provider === 'Outscale' ? { ...o, provider: '3DS Outscale' } : o === ovh ? { ...o, qualifiedUntil: '2029-12-29' } : o)), NUMSPOT_ROW],
  };
  const julEvents = markWasInProgress(diffSnapshots(dec, jul, { detectedAt: '2026-07-03T06:00:00Z' }), page.offers);
  // October 2026: NumSpot's recommendation is raised; November: 3DS Outscale's IaaS reaches its end and leaves.
  const oct: Snapshot = { ...jul, edition: '2026-10-02', offers: jul.offers.map((o) => (o.provider === 'NumSpot' ? { ...o, recommendation: 'optimal' } : o)) };
  const nov: Snapshot = { ...oct, edition: '2026-11-30', offers: oct.offers.filter((o) => !(o.provider === '3DS Outscale' && o.service === 'IaaS')) };
  const events: ChangeEvent[] = [
    ...news,
    ...entered,
    ...julEvents,
    ...diffSnapshots(jul, oct, { detectedAt: '2026-10-02T06:00:00Z' }),
    ...diffSnapshots(oct, nov, { detectedAt: '2026-11-30T06:00:00Z' }),
  ];
  const inProgress = page.offers.filter((o) => o.provider !== 'NumSpot');
  return { events, current: nov.offers, inProgress, editions: [dec, jul, oct, nov] };
}
