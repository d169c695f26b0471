import { describe, it, expect } from 'vitest';
import { diffSnapshots } from '../../src/core/diff.js';
import type { Offer, Snapshot } from '../../src/core/offer.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const detectedAt = '2026-01-05T08:00:00.000Z';
const base = catalogueSnapshot();

function find(snap: Snapshot, service: string): Offer {
  const offer = snap.offers.find((o) => o.service === service);
  if (!offer) throw new Error(`no offer ${service} in the fixture`);
  return offer;
}

/** The next edition: `base` with the named offers changed (or dropped when `patch` is null). */
function nextEdition(patches: Record<string, Partial<Offer> | null>, edition = '2026-01-05'): Snapshot {
  const offers = base.offers.flatMap((o) => {
    const service = o.service ?? '';
    if (!(service in patches)) return [o];
    const patch = patches[service];
    return patch === null || patch === undefined ? [] : [{ ...o, ...patch }];
  });
  return { ...base, edition, offers };
}

const summary = (events: ReturnType<typeof diffSnapshots>) =>
  events.map((e) => ({ kind: e.kind, service: e.offer.service, was: e.previous?.service, changes: e.changes }));

describe('diffSnapshots on the December 2025 catalogue', () => {
  it('the fixture holds the 16 real rows', () => {
    expect(base.offers).toHaveLength(16);
    expect(find(base, 'CegNumCloud Secured IaaS').types).toEqual(['IaaS']);
  });

  it('the same edition twice yields no event', () => {
    expect(diffSnapshots(base, structuredClone(base), { detectedAt })).toEqual([]);
  });

  it('re-ordered rows yield no event', () => {
    const shuffled = { ...base, offers: [...base.offers].reverse() };
    expect(diffSnapshots(base, shuffled, { detectedAt })).toEqual([]);
  });

  it('a new service name under the same decision is one offer.renamed', () => {
    const next = nextEdition({ 'PaaS Openshift': { service: 'PaaS OpenShift Secure' } });
    const events = diffSnapshots(base, next, { detectedAt });
    expect(summary(events)).toEqual([
      { kind: 'offer.renamed', service: 'PaaS OpenShift Secure', was: 'PaaS Openshift', changes: ['service'] },
    ]);
    expect(events[0]).toMatchObject({ source: 'anssi-catalogue', detectedAt, offer: { decision: '919' } });
  });

  it('a provider renamed under the same decision is one offer.renamed listing provider', () => {
    const next = nextEdition({ 'Cloud Avenue SecNum': { provider: 'Orange Business' } });
    const [event, ...rest] = diffSnapshots(base, next, { detectedAt });
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      kind: 'offer.renamed',
      changes: ['provider'],
      offer: { provider: 'Orange Business' },
      previous: { provider: 'Orange Business Services' },
    });
  });

  it('a new decision for the same provider and service is one offer.renewed', () => {
    const next = nextEdition({
      IaaS: {
        decision: '2301',
        decisionUrl: 'https://messervices.cyber.gouv.fr/visas/2026_2301_np.pdf',
        qualifiedFrom: '2025-12-20',
        qualifiedUntil: '2028-12-20',
      },
    });
    expect(summary(diffSnapshots(base, next, { detectedAt }))).toEqual([
      {
        kind: 'offer.renewed',
        service: 'IaaS',
        was: 'IaaS',
        changes: ['qualifiedFrom', 'qualifiedUntil', 'decision', 'decisionUrl'],
      },
    ]);
  });

  it('a later end date under the same decision is offer.renewed', () => {
    const next = nextEdition({ 'Bare Metal Pod': { qualifiedUntil: '2028-06-30' } });
    expect(summary(diffSnapshots(base, next, { detectedAt }))).toEqual([
      { kind: 'offer.renewed', service: 'Bare Metal Pod', was: 'Bare Metal Pod', changes: ['qualifiedUntil'] },
    ]);
  });

  it('an earlier end date is offer.updated, not a renewal', () => {
    const next = nextEdition({ 'Bare Metal Pod': { qualifiedUntil: '2027-01-31' } });
    expect(diffSnapshots(base, next, { detectedAt }).map((e) => e.kind)).toEqual(['offer.updated']);
  });

  it('a change of types is offer.updated listing types', () => {
    const next = nextEdition({ 'PaaS Openshift': { types: ['PaaS', 'CaaS'] } });
    expect(summary(diffSnapshots(base, next, { detectedAt }))).toEqual([
      { kind: 'offer.updated', service: 'PaaS Openshift', was: 'PaaS Openshift', changes: ['types'] },
    ]);
  });

  it('a change of case and underscores only is offer.updated, not a rename', () => {
    const next = nextEdition({ Oodrive_Meet: { service: 'Oodrive Meet' } });
    expect(summary(diffSnapshots(base, next, { detectedAt }))).toEqual([
      { kind: 'offer.updated', service: 'Oodrive Meet', was: 'Oodrive_Meet', changes: ['service'] },
    ]);
  });

  it('a rename with a later end date under the same decision is one offer.renamed listing both fields', () => {
    const next = nextEdition({ 'Bare Metal Pod': { service: 'Bare Metal Pod SNC', qualifiedUntil: '2029-03-24' } });
    expect(summary(diffSnapshots(base, next, { detectedAt }))).toEqual([
      {
        kind: 'offer.renamed',
        service: 'Bare Metal Pod SNC',
        was: 'Bare Metal Pod',
        changes: ['service', 'qualifiedUntil'],
      },
    ]);
  });

  it('a row that disappears is offer.removed carrying the last record and no previous', () => {
    const events = diffSnapshots(base, nextEdition({ 'Whaller Donjon SaaS': null }), { detectedAt });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'offer.removed', offer: find(base, 'Whaller Donjon SaaS') });
    expect(events[0]).not.toHaveProperty('previous');
  });

  it('an empty previous snapshot against the full edition is 16 offer.added', () => {
    const events = diffSnapshots({ ...base, edition: '2025-11-05', offers: [] }, base, { detectedAt });
    expect(events).toHaveLength(16);
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['offer.added']));
    expect(new Set(events.map((e) => e.id)).size).toBe(16);
  });

  it('two of four same-dated Index Education rows renamed with new decisions: 2 removals, 2 additions', () => {
    const next = nextEdition({
      Hyperplanning: { service: 'Hyperplanning Cloud', decision: '1400', decisionUrl: 'https://x.test/1400.pdf' },
      EDT: { service: 'EDT Cloud', decision: '1401', decisionUrl: 'https://x.test/1401.pdf' },
    });
    const events = diffSnapshots(base, next, { detectedAt });
    expect(events.map((e) => [e.kind, e.offer.service])).toEqual([
      ['offer.added', 'EDT Cloud'],
      ['offer.added', 'Hyperplanning Cloud'],
      ['offer.removed', 'EDT'],
      ['offer.removed', 'Hyperplanning'],
    ]);
  });

  it('one renamed row with a new decision and exactly one same-dated candidate is offer.renamed', () => {
    const next = nextEdition({
      Hyperplanning: { service: 'Hyperplanning Cloud', decision: '1400', decisionUrl: 'https://x.test/1400.pdf' },
    });
    expect(summary(diffSnapshots(base, next, { detectedAt }))).toEqual([
      {
        kind: 'offer.renamed',
        service: 'Hyperplanning Cloud',
        was: 'Hyperplanning',
        changes: ['service', 'decision', 'decisionUrl'],
      },
    ]);
  });

  it('a renamed row whose decision vanished is matched as a rename when it is the only candidate', () => {
    const next = nextEdition({ 'Whaller Donjon SaaS': { service: 'Whaller Donjon', decision: '', decisionUrl: '' } });
    expect(diffSnapshots(base, next, { detectedAt }).map((e) => e.kind)).toEqual(['offer.renamed']);
  });

  it('a renamed row with other dates than the old one is a removal and an addition', () => {
    const next = nextEdition({
      'Whaller Donjon SaaS': { service: 'Whaller Donjon', decision: '2001', qualifiedUntil: '2030-01-01' },
    });
    expect(diffSnapshots(base, next, { detectedAt }).map((e) => e.kind)).toEqual(['offer.added', 'offer.removed']);
  });

  it('a row printed twice in the next edition does not crash and yields one addition with its own id', () => {
    const dup = find(base, 'Pronote');
    const next = { ...base, offers: [...base.offers, { ...dup }] };
    const events = diffSnapshots(base, next, { detectedAt });
    expect(events.map((e) => [e.kind, e.offer.service])).toEqual([['offer.added', 'Pronote']]);
    const twice = { ...base, offers: [...base.offers, { ...dup }, { ...dup }] };
    const both = diffSnapshots(base, twice, { detectedAt });
    expect(both).toHaveLength(2);
    expect(both[0]!.id).not.toBe(both[1]!.id);
    expect(diffSnapshots(twice, { ...twice, offers: [...twice.offers].reverse() }, { detectedAt })).toEqual([]);
  });

  it('an in_progress entry never matches a qualified row with the same names', () => {
    const ovh = find(base, 'Bare Metal Pod');
    const prev: Snapshot = { source: 's', offers: [ovh] };
    const next: Snapshot = { source: 's', offers: [{ ...ovh, status: 'in_progress' }] };
    expect(diffSnapshots(prev, next, { detectedAt }).map((e) => e.kind)).toEqual(['offer.added', 'offer.removed']);
  });

  it('gives the same events whatever the order of rows in either edition', () => {
    const next = nextEdition({
      Hyperplanning: { service: 'Hyperplanning Cloud', decision: '1400' },
      'Bare Metal Pod': { qualifiedUntil: '2029-01-01' },
      'Whaller Donjon SaaS': null,
    });
    const reversed = (s: Snapshot) => ({ ...s, offers: [...s.offers].reverse() });
    const a = diffSnapshots(base, next, { detectedAt });
    expect(a.map((e) => e.kind)).toEqual(['offer.removed', 'offer.renamed', 'offer.renewed']);
    expect(diffSnapshots(reversed(base), reversed(next), { detectedAt })).toEqual(a);
  });
});
