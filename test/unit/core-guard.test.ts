import { describe, it, expect } from 'vitest';
import { assessSnapshot, DEFAULT_GUARD, guardThresholdsSchema } from '../../src/core/guard.js';
import type { Snapshot } from '../../src/core/offer.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const base = catalogueSnapshot();
const keep = (n: number): Snapshot => ({ ...base, edition: '2026-01-05', offers: base.offers.slice(0, n) });

describe('assessSnapshot', () => {
  it('trusts the real December edition after itself and as a first snapshot', () => {
    expect(assessSnapshot(base, base, DEFAULT_GUARD)).toEqual({ trusted: true });
    expect(assessSnapshot(undefined, base, DEFAULT_GUARD)).toEqual({ trusted: true });
  });

  it('holds a snapshot with fewer rows than minRows, naming the figures', () => {
    expect(assessSnapshot(base, keep(12), { ...DEFAULT_GUARD, minRows: 15 })).toEqual({
      trusted: false,
      reasons: ['12 rows, fewer than minRows 15'],
    });
  });

  it('holds a drop larger than both maxDropRatio and minDropCount', () => {
    const verdict = assessSnapshot(base, keep(9), DEFAULT_GUARD);
    expect(verdict).toEqual({
      trusted: false,
      reasons: ['16 → 9 rows: a drop of 7 (44%), more than maxDropRatio 30% and minDropCount 3'],
    });
  });

  it('trusts a small drop of a few lapsed qualifications', () => {
    expect(assessSnapshot(base, keep(13), DEFAULT_GUARD)).toEqual({ trusted: true });
  });

  it('trusts a drop above the ratio when it is not above minDropCount', () => {
    const six: Snapshot = { ...base, offers: base.offers.slice(0, 6) };
    const verdict = assessSnapshot(six, { ...six, offers: six.offers.slice(0, 3) }, { ...DEFAULT_GUARD, minRows: 1 });
    expect(verdict).toEqual({ trusted: true });
  });

  it('checks only minRows on a first snapshot, which has nothing to drop from', () => {
    expect(assessSnapshot(undefined, keep(6), DEFAULT_GUARD)).toEqual({ trusted: true });
    expect(assessSnapshot(undefined, keep(4), DEFAULT_GUARD)).toEqual({
      trusted: false,
      reasons: ['4 rows, fewer than minRows 5'],
    });
  });

  it('holds a snapshot whose rows have impossible dates or no name', () => {
    const [a, b, c, ...rest] = base.offers;
    const next: Snapshot = {
      ...base,
      offers: [
        { ...a!, qualifiedFrom: '2025-13-01' },
        { ...b!, qualifiedFrom: '2028-01-01', qualifiedUntil: '2027-01-01' },
        { ...c!, service: ' ' },
        ...rest,
      ],
    };
    const verdict = assessSnapshot(base, next, DEFAULT_GUARD);
    expect(verdict.trusted).toBe(false);
    expect(verdict.trusted ? [] : verdict.reasons).toEqual([
      'Cegedim / CegNumCloud Secured IaaS has qualifiedFrom "2025-13-01", not a YYYY-MM-DD date',
      expect.stringContaining('ends (2027-01-01) before it starts (2028-01-01)'),
      'Cloud Temple / (blank) has a blank name',
    ]);
  });
});

describe('guardThresholdsSchema', () => {
  it('fills every missing threshold with its default', () => {
    expect(guardThresholdsSchema.parse({})).toEqual({ minRows: 5, maxDropRatio: 0.3, minDropCount: 3 });
    expect(guardThresholdsSchema.parse({ minRows: 10 })).toEqual({ ...DEFAULT_GUARD, minRows: 10 });
  });

  it('rejects a ratio above 1 and a negative or fractional count', () => {
    expect(guardThresholdsSchema.safeParse({ maxDropRatio: 1.5 }).success).toBe(false);
    expect(guardThresholdsSchema.safeParse({ minRows: -1 }).success).toBe(false);
    expect(guardThresholdsSchema.safeParse({ minDropCount: 2.5 }).success).toBe(false);
  });
});
