/**
 * A certificate's identity (decision 0023): its family across versions and reports, how two ids relate, and the
 * diff's events for product records: the same certificate, a renewal, an update, a new version, a rename.
 */
import { describe, expect, it } from 'vitest';
import { certificateFamily, certificateRelation, parseCertificateId } from '../../src/core/certificate-id.js';
import { diffSnapshots } from '../../src/core/diff.js';
import type { Offer, Snapshot } from '../../src/core/offer.js';

describe('parseCertificateId', () => {
  it.each([
    ['ANSSI-CC-2021-18', { family: 'ANSSI-CC-2021-18', version: 1, suffixes: [] }],
    ['ANSSI-CC-2021-18v2', { family: 'ANSSI-CC-2021-18', version: 2, suffixes: [] }],
    ['ANSSI-CC-2022-16-v2', { family: 'ANSSI-CC-2022-16', version: 2, suffixes: [] }],
    ['ANSSI-CC-2021/18v2-R01', { family: 'ANSSI-CC-2021-18', version: 2, suffixes: ['R01'] }],
    ['ANSSI-CC-2017-17v2-M01', { family: 'ANSSI-CC-2017-17', version: 2, suffixes: ['M01'] }],
    ['ANSSI-CC-2019-43-R1', { family: 'ANSSI-CC-2019-43', version: 1, suffixes: ['R01'] }],
    ['ANSSI-CC-2017-76-S02', { family: 'ANSSI-CC-2017-76', version: 1, suffixes: ['S02'] }],
    ['ANSSI-CSPN-2023-16', { family: 'ANSSI-CSPN-2023-16', version: 1, suffixes: [] }],
    ['ANSSI-CC-PP-2019-01', { family: 'ANSSI-CC-PP-2019-01', version: 1, suffixes: [] }],
    ['ANSSI-CC-SITE-2024-05', { family: 'ANSSI-CC-SITE-2024-05', version: 1, suffixes: [] }],
    ['EUCC-3090-2025-10-03', { family: 'EUCC-3090-2025-10-03', version: 1, suffixes: [] }],
  ])('%s', (id, want) => {
    expect(parseCertificateId(id)).toEqual(want);
  });

  it('is undefined for what is not a certificate id, and the family is then the folded text', () => {
    expect(parseCertificateId('Lien vers le certificat')).toBeUndefined();
    expect(parseCertificateId('ANSSI-CC-')).toBeUndefined();
    expect(certificateFamily('x_1')).toBe('X-1');
  });
});

describe('certificateRelation', () => {
  it.each([
    ['ANSSI-CC-2021-18', 'ANSSI-CC-2021-18', 'same'],
    ['ANSSI-CC-2021/18', 'ANSSI-CC-2021-18', 'same'],
    ['ANSSI-CC-2021-18', 'ANSSI-CC-2021-18v2', 'new-version'],
    ['ANSSI-CC-2021-18v2', 'ANSSI-CC-2021-18v2-R01', 'renewal'],
    ['ANSSI-CC-2017-41-R01', 'ANSSI-CC-2017-41-R02', 'renewal'],
    ['ANSSI-CC-2022-05', 'ANSSI-CC-2022-05-M01', 'update'],
    ['ANSSI-CC-2018-08-S02', 'ANSSI-CC-2018-08-S03', 'update'],
    ['ANSSI-CC-2017-17v2', 'ANSSI-CC-2017-17v2-S01', 'update'],
    ['ANSSI-CC-2021-18', 'ANSSI-CC-2021-19', 'different'],
    ['ANSSI-CC-2021-18', 'ANSSI-CSPN-2021-18', 'different'],
    ['EUCC-3090-2025-10-03', 'EUCC-3090-2025-10-04', 'different'],
  ])('%s → %s: %s', (a, b, want) => {
    expect(certificateRelation(a, b)).toBe(want);
  });
});

const row = (certificate: string, over: Partial<Offer> = {}): Offer => ({
  list: 'cc',
  provider: 'Beta Cards',
  service: 'Beta Chip',
  types: [],
  qualifiedFrom: '2021-06-01',
  qualifiedUntil: '2026-06-01',
  certificate,
  certificateUrl: `https://messervices.cyber.gouv.fr/visas/${certificate}-Certificat.pdf`,
  status: 'qualified',
  ...over,
});
const snap = (offers: Offer[], edition: string): Snapshot => ({ source: 'anssi-catalogue', list: 'cc', edition, offers });
const events = (before: Offer[], after: Offer[]) =>
  diffSnapshots(snap(before, '2026-01-05'), snap(after, '2026-02-02'), { detectedAt: '2026-02-02T09:00:00.000Z' }).map((e) => [
    e.kind,
    e.offer.certificate,
    ...(e.changes ? [e.changes.join(',')] : []),
  ]);

describe('the diff of certified products', () => {
  it('the same certificate unchanged: no event, even beside a renamed neighbour', () => {
    const other = row('ANSSI-CC-2023-10', { provider: 'Alpha', service: 'Alpha HSM' });
    expect(events([row('ANSSI-CC-2021-18'), other], [row('ANSSI-CC-2021-18'), other])).toEqual([]);
  });

  it('a new version (v2) with new dates is the same offer renewed, not removed and added', () => {
    const v2 = row('ANSSI-CC-2021-18v2', { qualifiedFrom: '2026-01-15', qualifiedUntil: '2031-01-15' });
    expect(events([row('ANSSI-CC-2021-18')], [v2])).toEqual([['offer.renewed', 'ANSSI-CC-2021-18v2', 'qualifiedFrom,qualifiedUntil,certificate,certificateUrl']]);
  });

  it('a new version with the same dates is still a renewal', () => {
    expect(events([row('ANSSI-CC-2021-18')], [row('ANSSI-CC-2021-18v2')])).toEqual([['offer.renewed', 'ANSSI-CC-2021-18v2', 'certificate,certificateUrl']]);
  });

  it('a reassessment (-R01) is a renewal; a maintenance (-M01) or surveillance (-S01) report an update', () => {
    expect(events([row('ANSSI-CC-2019-20')], [row('ANSSI-CC-2019-20-R01')])[0]![0]).toBe('offer.renewed');
    expect(events([row('ANSSI-CC-2022-05')], [row('ANSSI-CC-2022-05-M01')])).toEqual([['offer.updated', 'ANSSI-CC-2022-05-M01', 'certificate,certificateUrl']]);
    expect(events([row('ANSSI-CC-2022-05')], [row('ANSSI-CC-2022-05-S01')])[0]![0]).toBe('offer.updated');
  });

  it('a developer renamed under the same certificate is a rename; another certificate of the same product is removed + added', () => {
    expect(events([row('ANSSI-CC-2024-30')], [row('ANSSI-CC-2024-30', { provider: 'Beta Technologies' })])).toEqual([['offer.renamed', 'ANSSI-CC-2024-30', 'provider']]);
    const kinds = events([row('ANSSI-CC-2021-18')], [row('ANSSI-CC-2025-02', { qualifiedFrom: '2025-02-01', qualifiedUntil: '2030-02-01' })]).map((e) => e[0]);
    expect(kinds).toEqual(['offer.added', 'offer.removed']);
  });

  it('"Non maintenu": the end date vanishes and maintained turns false, an update of the same certificate', () => {
    const lapsed = row('ANSSI-CC-2020-07', { maintained: false });
    delete lapsed.qualifiedUntil;
    expect(events([row('ANSSI-CC-2020-07')], [lapsed])).toEqual([['offer.updated', 'ANSSI-CC-2020-07', 'qualifiedUntil,maintained']]);
  });

  it('a certificate printed on two identical rows pairs one to one', () => {
    const twice = [row('ANSSI-CC-2021-18v2'), row('ANSSI-CC-2021-18v2')];
    expect(events(twice, twice)).toEqual([]);
    expect(events(twice, [twice[0]!])).toEqual([['offer.removed', 'ANSSI-CC-2021-18v2']]);
  });
});
