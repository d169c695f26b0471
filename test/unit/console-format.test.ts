import { describe, expect, it } from 'vitest';
import type { NewsEvent, OperatorEvent } from '../../src/core/events.js';
import { failingEvent } from '../../src/core/operator-events.js';
import { formatConsole } from '../../src/platforms/console/format.js';

const news: NewsEvent = {
  id: 'a'.repeat(32), kind: 'news.published', source: 'lemagit', sourceName: 'LeMagIT', detectedAt: '2026-01-06T09:00:00.000Z',
  item: { id: 'i1', title: 'NumSpot : le point sur la qualification SecNumCloud', url: 'https://www.lemagit.fr/actualites/numspot', source: 'lemagit' },
  keywords: ['SecNumCloud', 'NumSpot'], providers: [], seenIn: ['lemagit'],
};

describe('the console line of an alert', () => {
  it('prints a news title once, with its link, and names the source by its name', () => {
    const line = formatConsole(news, 'fr');
    expect(line.split('NumSpot : le point sur la qualification SecNumCloud')).toHaveLength(2);
    expect(line).toBe(
      'Actualité : NumSpot : le point sur la qualification SecNumCloud · https://www.lemagit.fr/actualites/numspot · Source : LeMagIT · Mots-clés et fournisseurs : SecNumCloud, NumSpot',
    );
    expect(formatConsole(news, 'en')).toContain('Source: LeMagIT');
  });

  it('falls back to the id of a source the sources file gives no name', () => {
    const { sourceName, ...unnamed } = news;
    expect(formatConsole(unnamed, 'en')).toContain('Source: lemagit');
  });

  it("names a failing source by its name in the operators' alert, with the kind of failure", () => {
    const e: OperatorEvent = failingEvent('lemagit', 3, 'GET https://www.lemagit.fr/rss: HTTP 503', '2026-01-06T06:00:00.000Z', '2026-01-06T09:00:00.000Z', 'LeMagIT');
    expect(formatConsole(e, 'fr')).toBe(
      '[Opérateurs] source.failing · LeMagIT: 3 polls failed in a row since 2026-01-06T06:00:00.000Z (HTTP 503): GET https://www.lemagit.fr/rss: HTTP 503',
    );
  });
});
