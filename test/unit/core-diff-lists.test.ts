/**
 * Identity across editions in the catalogue's other lists (ARCHITECTURE.md, issue 19): a provider with two
 * decisions in one list, a decision number reused another year, one decision for several OIDs, a certification
 * body's reference instead of a number, a renewal, a recommendation turned orange.
 */
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/core/diff.js';
import type { Offer, Snapshot } from '../../src/core/offer.js';
import { listCsvRecords } from '../support/list-csv.js';

const passi = listCsvRecords('passi');
const snap = (offers: Offer[], edition: string, list = 'passi'): Snapshot => ({ source: 'anssi-catalogue', list, edition, offers });
const diff = (a: Offer[], b: Offer[], list = 'passi') => diffSnapshots(snap(a, '2025-12-05', list), snap(b, '2026-01-05', list), { detectedAt: '2026-01-05T08:00:00.000Z' });
const summary = (events: ReturnType<typeof diff>) => events.map((e) => `${e.kind} ${e.offer.provider} ${e.previous?.decision ?? ''}→${e.offer.decision}`);
const replace = (offers: Offer[], decision: string, patch: Partial<Offer>): Offer[] => offers.map((o) => (o.decision === decision ? { ...o, ...patch } : o));

describe('diff of a list without service names (PASSI)', () => {
  it('the same edition twice: no event', () => {
    expect(diff(passi, passi)).toEqual([]);
  });

  it('a provider with two decisions renews one: one renewal of that row, nothing removed or added', () => {
    const next = replace(passi, '954', { decision: '2001', decisionUrl: 'https://messervices.cyber.gouv.fr/visas/2026_2001_np.pdf', qualifiedFrom: '2026-01-02', qualifiedUntil: '2029-01-02' });
    expect(summary(diff(passi, next))).toEqual(['offer.renewed BMB Systems 954→2001']);
  });

  it("a certification body's reference renewed under a new reference is a renewal", () => {
    const next = replace(passi, 'CT-PASSI-032025-0CU01301', {
      decision: 'CT-PASSI-012026-0CU01999',
      decisionUrl: 'https://messervices.cyber.gouv.fr/visas/2026_CT-PASSI-012026-0CU01999_np.pdf',
      qualifiedUntil: '2029-01-01',
    });
    expect(summary(diff(passi, next))).toEqual(['offer.renewed Kyndryl France CT-PASSI-032025-0CU01301→CT-PASSI-012026-0CU01999']);
  });

  it('both decisions of one provider renewed at once: each paired with the row that covers the same (level, national security)', () => {
    const next = replace(replace(passi, '459', { decision: '3001', qualifiedUntil: '2029-05-27' }), '1872', { decision: '3002', qualifiedUntil: '2029-05-28' });
    expect(summary(diff(passi, next)).sort()).toEqual(['offer.renewed Formind 1872→3002', 'offer.renewed Formind 459→3001']);
  });

  it('a decision number reused another year by another provider is a removal and an addition, not a rename', () => {
    const acg = passi.find((o) => o.decision === '445')!;
    const newcomer: Offer = { ...acg, provider: 'Nouvel Auditeur', decisionUrl: 'https://messervices.cyber.gouv.fr/visas/2026_445_np.pdf', qualifiedFrom: '2026-01-02', qualifiedUntil: '2029-01-02' };
    const next = [...passi.filter((o) => o !== acg), newcomer];
    expect(summary(diff(passi, next)).sort()).toEqual(['offer.added Nouvel Auditeur →445', 'offer.removed ACG Cybersecurity →445']);
  });

  it('a mark turned orange: one offer.updated naming the recommendation', () => {
    const events = diff(passi, replace(passi, '442', { recommendation: 'moderate' }));
    expect(events.map((e) => [e.kind, e.offer.provider, e.changes])).toEqual([['offer.updated', 'Abicom', ['recommendation']]]);
    expect(events[0]!.offer.list).toBe('passi');
  });

  it('rows stored before the recommendation was read: its appearance is no change', () => {
    const stored = passi.map(({ recommendation: _, ...o }) => o);
    expect(diff(stored, passi)).toEqual([]);
  });
});

describe('diff of a trust-service list: one decision, several OIDs', () => {
  const row = (oid: string, decision: string, until: string): Offer => ({
    list: 'eidas-seal',
    provider: 'Certeurope',
    service: 'CertEurope eID Corp – Cachet',
    types: [],
    qualifiedFrom: '2024-04-15',
    qualifiedUntil: until,
    decision,
    decisionUrl: `https://messervices.cyber.gouv.fr/visas/2024_${decision}_np.pdf`,
    oid,
    recommendation: 'moderate',
    status: 'qualified',
  });
  const before = [row('1.2.250.1.105.24.411.2.1.1.1.0', '716', '2026-03-01'), row('1.2.250.1.105.24.411.2.2.1.1.0', '716', '2026-03-01'), row('1.2.250.1.105.24.411.2.3.1.1.0', '716', '2026-03-01')];

  it('one OID extended: one renewal, of that OID; the others untouched', () => {
    const after = [before[0]!, row('1.2.250.1.105.24.411.2.2.1.1.0', '716', '2027-03-01'), before[2]!];
    const events = diff(before, after, 'eidas-seal');
    expect(events.map((e) => [e.kind, e.offer.oid, e.previous?.oid])).toEqual([['offer.renewed', '1.2.250.1.105.24.411.2.2.1.1.0', '1.2.250.1.105.24.411.2.2.1.1.0']]);
  });

  it('one OID dropped from the decision: one removal, of that OID', () => {
    const events = diff(before, [before[0]!, before[2]!], 'eidas-seal');
    expect(events.map((e) => [e.kind, e.offer.oid])).toEqual([['offer.removed', '1.2.250.1.105.24.411.2.2.1.1.0']]);
  });
});
