import { describe, it, expect } from 'vitest';
import { normalizeName } from '../../src/core/normalize.js';
import { snapshotHash } from '../../src/core/snapshot.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

describe('normalizeName', () => {
  it.each([
    ['Oodrive_Work_Share', 'oodrive work share'],
    ['  Worldline Cloud Services - Secured IaaS ', 'worldline cloud services secured iaas'],
    ['Numérique   Éducation', 'numerique education'],
    ['IAAS - Secure Temple (IaaS Vmware, stockage objet S3)', 'iaas secure temple iaas vmware stockage objet s3'],
    ['Cloud\u00a0Temple', 'cloud temple'],
  ])('folds %j to %j', (raw, folded) => {
    expect(normalizeName(raw)).toBe(folded);
  });
});

describe('snapshotHash', () => {
  const base = catalogueSnapshot();

  it('is a sha256 hex that re-ordering rows or types does not change', () => {
    const hash = snapshotHash(base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const shuffled = {
      ...base,
      offers: [...base.offers].reverse().map((o) => ({ ...o, types: [...o.types].reverse() })),
    };
    expect(snapshotHash(shuffled)).toBe(hash);
  });

  it('changes with any field of any row, and with the edition', () => {
    const hash = snapshotHash(base);
    const [first, ...rest] = base.offers;
    expect(snapshotHash({ ...base, offers: [{ ...first!, decisionUrl: 'https://x.test' }, ...rest] })).not.toBe(hash);
    expect(snapshotHash({ ...base, edition: '2026-01-05' })).not.toBe(hash);
    expect(snapshotHash({ ...base, offers: rest })).not.toBe(hash);
  });
});
