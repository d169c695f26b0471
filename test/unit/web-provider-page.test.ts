/** /providers/<slug> over HTTP: the page, its chart, its history, the redirect of a former name, the 404. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../src/http/server.js';
import { PAGE_CSP } from '../../src/web/site.js';
import { validityChart } from '../../src/web/validity-chart.js';
import { serveProviderSite } from '../support/provider-site.js';

let server: HttpServer;
beforeAll(async () => {
  server = await serveProviderSite();
});
afterAll(async () => server.close());

describe('a provider page', () => {
  it("tells NumSpot's story in French with the status page's CSP, no script and no style attribute", async () => {
    const res = await fetch(`${server.url}/providers/numspot`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
    const body = await res.text();
    expect(body).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(body).not.toMatch(/<script|\sstyle=/i);
    expect(body).toContain('<h1>NumSpot</h1>');
    // The chart: an image with a title and a description, today marked, the bar of its one qualification.
    expect(body).toMatch(/<svg class="chart"[^>]*role="img" aria-labelledby="validity-t validity-d"/);
    expect(body).toContain('<title id="validity-t">Périodes de validité des qualifications</title>');
    expect(body).toMatch(/<g><title>NumSpot Cloud Platform : 1\/7\/2026|<g><title>NumSpot Cloud Platform : 01\/07\/2026/);
    expect(body).toContain('class="today"');
    // The history in order, and the first announcement with its link.
    const kinds = [...body.matchAll(/<li><time datetime="([\d-]+)">[^<]*<\/time> — <strong>([^<]+)<\/strong>/g)].map((m) => [m[1], m[2]]);
    expect(kinds).toEqual([
      ['2024-01-15', 'Entrée en cours de qualification'],
      ['2025-11-14', 'Actualité'],
      ['2025-11-17', 'Actualité'],
      ['2025-11-18', 'Actualité'],
      ['2026-07-01', 'Qualification'],
      ['2026-10-02', 'Recommandation modifiée'],
    ]);
    expect(body).toMatch(/Annoncée pour la première fois le 14\/11\/2025 \(Google Actualités\) : <a href="https:/);
    expect(body).toContain('Suivi depuis le 05/12/2025');
  });

  it('speaks English with ?lang=en', async () => {
    const body = await (await fetch(`${server.url}/providers/numspot?lang=en`)).text();
    expect(body).toMatch(/<html lang="en">/);
    expect(body).toContain('First announced on 14 Nov 2025');
  });

  it("redirects a former name's page to the current one, and answers an unknown one with the 404 page", async () => {
    const res = await fetch(`${server.url}/providers/outscale?lang=en`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('./3ds-outscale?lang=en');
    const renamed = await (await fetch(`${server.url}/providers/3ds-outscale?lang=en`)).text();
    expect(renamed).toContain('Formerly: Outscale.');
    expect(renamed).toContain('Removed from the catalogue');
    // What it held in the first kept edition comes first, dated by that edition.
    expect(renamed).toMatch(/<ol class="timeline"><li><time datetime="2025-12-05">5 Dec 2025<\/time> — <strong>In the catalogue when tracking began<\/strong>/);
    expect((await fetch(`${server.url}/providers/nobody`)).status).toBe(404);
  });

  it("draws the status page's validity periods and its offers in each kept edition", async () => {
    const body = await (await fetch(`${server.url}/?lang=en`)).text();
    expect(body).not.toMatch(/<script|\sstyle=/i);
    const validity = /<svg class="chart"[^>]*aria-labelledby="validity-t validity-d"[\s\S]*?<\/svg>/.exec(body)?.[0] ?? '';
    const labels = [...validity.matchAll(/<text x="8" y="\d+">([^<]+)<\/text><rect class="([a-z-]+)"/g)].map((m) => [m[1], m[2]]);
    expect(labels).toHaveLength(16);
    // Today is 28 November 2026 (NOW): nothing left ends within 90 days, so every bar is plain and says no end.
    expect(labels.every(([l, tone]) => tone === 'bar' && !l!.includes('(ends'))).toBe(true);
    expect(labels.every(([l]) => l!.length <= 60)).toBe(true);
    const counts = /<svg class="chart"[^>]*aria-labelledby="counts-t counts-d"[\s\S]*?<\/svg>/.exec(body)?.[0] ?? '';
    // Four kept editions: 16 offers in December 2025, 17 with NumSpot in July and October, 16 after November's removal.
    expect([...counts.matchAll(/<title>([^<]+)<\/title>/g)].map((m) => m[1])).toEqual(['5 Dec 2025: 16', '3 Jul 2026: 17', '2 Oct 2026: 17', '30 Nov 2026: 16']);
  });

  it('puts what ends soonest first, in its own colour and in words, and what ended after it', () => {
    const offers = [
      { provider: 'A', service: 'ended', types: [], qualifiedFrom: '2024-01-01', qualifiedUntil: '2027-06-01', status: 'qualified' as const },
      { provider: 'B', service: 'later', types: [], qualifiedFrom: '2025-01-01', qualifiedUntil: '2029-01-01', status: 'qualified' as const },
      { provider: 'C', service: 'soon', types: [], qualifiedFrom: '2024-07-01', qualifiedUntil: '2027-08-02', status: 'qualified' as const },
    ];
    const svg = validityChart(offers, { lang: 'fr', today: '2027-07-01', idPrefix: 'v' });
    const text = svg === '' ? '' : svg.text;
    const labels = [...text.matchAll(/<text x="8" y="\d+">([^<]+)<\/text><rect class="([a-z-]+)"/g)].map((m) => [m[1], m[2]]);
    expect(labels).toEqual([['ended (échue)', 'bar-past'], ['soon (fin dans 32 j)', 'bar-soon'], ['later', 'bar']]);
    expect(validityChart([], { lang: 'fr', today: '2027-07-01', idPrefix: 'v' })).toBe('');
  });

  it('is linked from every provider name of the status page', async () => {
    const body = await (await fetch(`${server.url}/?lang=en`)).text();
    expect(body).toContain('<a href="providers/numspot?lang=en">NumSpot</a>');
    expect(body).toContain('<a href="providers/ovh?lang=en">OVH</a>');
  });
});
