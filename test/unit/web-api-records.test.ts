import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../src/commands/ports.js';
import { diffSnapshots } from '../../src/core/diff.js';
import type { NewsEvent, OfferEvent, OperatorEvent } from '../../src/core/events.js';
import type { Snapshot } from '../../src/core/offer.js';
import { chainedStateHash } from '../../src/core/snapshot.js';
import { publicBase, tagAuthority } from '../../src/web/api-base.js';
import { filterOffers, parseChangesQuery, parseFeedQuery, parseOffersQuery } from '../../src/web/api-query.js';
import { isPublicEvent, toApiChange, toApiListedOffer, toApiOffer, toApiSource } from '../../src/web/api-records.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { sourceStatus } from '../support/fake-command-deps.js';

const december = catalogueSnapshot();
/** November: Whaller and Worldline not yet in; Outscale on an older decision; Oodrive_Meet with one more type; one offer since gone. */
const november: Snapshot = {
  ...december,
  edition: '2025-11-05',
  offers: [
    ...december.offers.slice(0, 9),
    { ...december.offers[9]!, types: ['SaaS', 'PaaS'] },
    ...december.offers.slice(10, 13),
    { ...december.offers[13]!, qualifiedUntil: '2025-11-30', decision: '1500', decisionUrl: 'https://messervices.cyber.gouv.fr/visas/2022_1500_np.pdf' },
    { provider: 'Acme & Fils', service: 'Nuage <souverain>', types: ['SaaS'], qualifiedFrom: '2023-01-01', qualifiedUntil: '2026-01-01', decision: '12', status: 'qualified' },
  ],
};
const events = diffSnapshots(november, december, { detectedAt: '2026-01-05T14:00:00.000Z', previousState: chainedStateHash(undefined, november) });
const byKind = (k: OfferEvent['kind']): OfferEvent => events.find((e) => e.kind === k)!;

describe('API records from domain records', () => {
  it('copies an offer field for field and leaves out what the catalogue does not give', () => {
    const cegedim = december.offers[0]!;
    expect(toApiOffer(cegedim)).toEqual(cegedim);
    const bare = toApiOffer({ provider: 'P', service: 'S', types: [], status: 'in_progress' });
    expect(bare).toEqual({ provider: 'P', service: 'S', types: [], status: 'in_progress' });
    expect(Object.keys(bare)).not.toContain('decisionUrl');
  });

  it('counts the days left in calendar days: 0 on the last day, negative once passed, none without an end date', () => {
    const outscale = december.offers[13]!; // ends 2026-11-30
    expect(toApiListedOffer(outscale, '2026-11-29').daysLeft).toBe(1);
    expect(toApiListedOffer(outscale, '2026-11-30').daysLeft).toBe(0);
    expect(toApiListedOffer(outscale, '2026-12-02').daysLeft).toBe(-2);
    expect(toApiListedOffer(outscale, '2025-11-30').daysLeft).toBe(365);
    expect('daysLeft' in toApiListedOffer({ ...outscale, qualifiedUntil: undefined }, '2026-01-01')).toBe(false);
    expect('daysLeft' in toApiListedOffer({ ...outscale, qualifiedUntil: '2026-02-30' }, '2026-01-01')).toBe(false);
  });

  it('maps each change of a real diff with the contract field names, previous and changed fields included', () => {
    expect(events.map((e) => e.kind).sort()).toEqual(['offer.added', 'offer.added', 'offer.removed', 'offer.renewed', 'offer.updated']);
    for (const e of events) expect(toApiChange(e)).toEqual(JSON.parse(JSON.stringify(e)));
    const renewed = toApiChange(byKind('offer.renewed'));
    expect(renewed).toMatchObject({ kind: 'offer.renewed', previous: { decision: '1500' }, offer: { decision: '2118' }, changes: ['qualifiedUntil', 'decision', 'decisionUrl'] });
  });

  it('passes on no field it does not name, so internal additions to events never reach users', () => {
    const e = { ...byKind('offer.added'), internalNote: 'x', offer: { ...byKind('offer.added').offer, rowIndex: 3 } } as OfferEvent;
    const api = toApiChange(e) as unknown as Record<string, unknown>;
    expect(api).not.toHaveProperty('internalNote');
    expect(api.offer).not.toHaveProperty('rowIndex');
  });

  it('keeps the reminder and the "was in progress" facts of an offer event', () => {
    const expiring: OfferEvent = { ...byKind('offer.added'), kind: 'offer.expiring', reminder: { window: 30, daysLeft: 12 } };
    expect(toApiChange(expiring)).toMatchObject({ reminder: { window: 30, daysLeft: 12 } });
    const added: OfferEvent = { ...byKind('offer.added'), wasInProgress: {} };
    expect(toApiChange(added)).toMatchObject({ wasInProgress: {} });
    expect(toApiChange({ ...added, wasInProgress: { since: '2024-03-01' } })).toMatchObject({ wasInProgress: { since: '2024-03-01' } });
  });

  it('maps a news event with its item, keywords, providers and the sources it was seen in', () => {
    const news: NewsEvent = {
      id: 'a'.repeat(32), kind: 'news.published', source: 'certfr-alertes', detectedAt: '2026-01-06T09:00:00.000Z',
      item: { id: 'g1', title: 'OVH obtient SecNumCloud', url: 'https://example.org/a', source: 'certfr-alertes' },
      keywords: ['SecNumCloud'], providers: ['OVH'], seenIn: ['certfr-alertes', 'lemagit'],
    };
    expect(toApiChange(news)).toEqual(news);
  });

  it('treats source.suspect, failing and recovered as internal', () => {
    const op: OperatorEvent = { id: 'b'.repeat(32), kind: 'source.failing', source: 'anssi-catalogue', detectedAt: '2026-01-06T09:00:00.000Z', summary: 'HTTP 503', failures: 3 };
    expect(isPublicEvent(op)).toBe(false);
    expect(events.every(isPublicEvent)).toBe(true);
  });

  it("shows a source's health without its last error (which may name internal hosts)", () => {
    const s: SourceStatus = sourceStatus({ id: 'certfr', kind: 'rss' }, { failures: 2, failingSince: '2026-01-06T08:00:00.000Z', lastAttemptAt: '2026-01-06T09:00:00.000Z', lastError: 'GET http://proxy.internal:3128 refused' });
    expect(toApiSource(s)).toEqual({
      id: 'certfr', kind: 'rss', enabled: true, state: 'failing', failure: { since: '2026-01-06T08:00:00.000Z', count: 2, kind: 'other' },
      failures: 2, held: false, lastAttemptAt: '2026-01-06T09:00:00.000Z',
    });
    expect(JSON.stringify(toApiSource(s))).not.toContain('proxy.internal');
  });
});

describe('API query strings', () => {
  it('filters the real catalogue by part of a provider name, ignoring case, accents and punctuation, and by type', () => {
    const names = (q: Parameters<typeof filterOffers>[1]): string[] => filterOffers(december.offers, q).map((o) => o.service ?? '');
    expect(names({ provider: 'cloud temple' })).toHaveLength(2);
    expect(names({ provider: 'CLOUD-TEMPLÉ' })).toHaveLength(2);
    expect(names({ provider: 'ovh', type: 'IaaS' })).toEqual(['Hosted Private Cloud powered by VMware', 'Bare Metal Pod']);
    expect(names({ type: 'PaaS' })).toEqual(['PaaS Openshift']);
    expect(names({ provider: 'nobody' })).toEqual([]);
    expect(names({})).toHaveLength(16);
  });

  it('reads the offers query with its default and a type in any case, and refuses an unknown type or status', () => {
    expect(parseOffersQuery({})).toEqual({ ok: true, value: { status: 'qualified', list: 'secnumcloud' } });
    expect(parseOffersQuery({ type: 'iaas', provider: 'OVH', utm_source: 'x' })).toEqual({ ok: true, value: { status: 'qualified', type: 'IaaS', provider: 'OVH', list: 'secnumcloud' } });
    expect(parseOffersQuery({ type: 'XaaS' })).toMatchObject({ ok: false, error: { error: 'invalid_parameter', parameter: 'type' } });
    expect(parseOffersQuery({ type: ['IaaS', 'SaaS'] })).toMatchObject({ ok: false, error: { parameter: 'type', message: 'type must be given once, as text' } });
    expect(parseOffersQuery({ status: 'expired' })).toMatchObject({ ok: false, error: { parameter: 'status' } });
  });

  it('reads since as an ISO 8601 date-time with a time zone and refuses anything else, naming the parameter', () => {
    expect(parseChangesQuery({ since: '2026-01-05T08:00:00+01:00' })).toEqual({ ok: true, value: { since: '2026-01-05T08:00:00+01:00', limit: 100 } });
    for (const since of ['2026-01-05', '2026-01-05T08:00:00', 'yesterday', '2026-02-30T08:00:00Z', '']) {
      expect(parseChangesQuery({ since })).toEqual({
        ok: false,
        error: { error: 'invalid_parameter', parameter: 'since', message: 'since must be an ISO 8601 date-time with a time zone, e.g. 2026-01-05T08:00:00Z' },
      });
    }
  });

  it('bounds limit to 1..500 and accepts only cursors it hands out', () => {
    expect(parseChangesQuery({ limit: '500', after: '1767621600000-3' })).toEqual({ ok: true, value: { limit: 500, after: '1767621600000-3' } });
    for (const limit of ['0', '501', '2.5', 'ten']) expect(parseChangesQuery({ limit })).toMatchObject({ ok: false, error: { parameter: 'limit' } });
    expect(parseChangesQuery({ after: '$' })).toMatchObject({ ok: false, error: { parameter: 'after' } });
  });

  it("gives the feed the deployment's default language unless lang says fr or en", () => {
    expect(parseFeedQuery({}, 'fr')).toEqual({ ok: true, value: { lang: 'fr' } });
    expect(parseFeedQuery({ lang: 'en' }, 'fr')).toEqual({ ok: true, value: { lang: 'en' } });
    expect(parseFeedQuery({}, 'en')).toEqual({ ok: true, value: { lang: 'en' } });
    expect(parseFeedQuery({ lang: 'de' }, 'fr')).toMatchObject({ ok: false, error: { parameter: 'lang' } });
  });
});

describe('the public address', () => {
  it('is PUBLIC_URL without a trailing slash when set, path kept, whatever the request says', () => {
    expect(publicBase('https://tracker.example.org/snc/', { protocol: 'http', host: '10.0.0.5:3000' })).toBe('https://tracker.example.org/snc');
    expect(publicBase('https://tracker.example.org', { protocol: 'http', host: 'x' })).toBe('https://tracker.example.org');
  });

  it("is the request's scheme and host otherwise, and a safe fallback for a host that is not one", () => {
    expect(publicBase(undefined, { protocol: 'http', host: '127.0.0.1:8080' })).toBe('http://127.0.0.1:8080');
    expect(publicBase(undefined, { protocol: 'http', host: undefined })).toBe('http://localhost');
    expect(publicBase(undefined, { protocol: 'http', host: 'a b<c>' })).toBe('http://localhost');
  });

  it('gives tag: URIs a DNS name without port, and localhost for a host that is an address', () => {
    expect(tagAuthority('https://Tracker.Example.org:8443/snc')).toBe('tracker.example.org');
    expect(tagAuthority('http://127.0.0.1:3000')).toBe('localhost');
    expect(tagAuthority('http://10.0.0.5')).toBe('localhost');
    expect(tagAuthority('http://[::1]:3000')).toBe('localhost');
  });
});
