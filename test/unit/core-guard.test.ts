import { describe, it, expect } from 'vitest';
import { assessSnapshot, DEFAULT_GUARD, guardThresholdsSchema } from '../../src/core/guard.js';
import type { Snapshot } from '../../src/core/offer.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { allReplacedRows, halfRenewedRows, tenReplacedRows } from '../support/edition-churn.js';
import { offerOf } from '../support/edition-types.js';

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

describe('a table mostly replaced (churn: removed + added after matching)', () => {
  const next = (rows: ReturnType<typeof allReplacedRows>): Snapshot => ({ source: base.source, edition: '2026-01-05', offers: rows.map(offerOf) });

  it('holds a table whose 16 rows are all different, same count and well formed', () => {
    const verdict = assessSnapshot(base, next(allReplacedRows()), DEFAULT_GUARD);
    expect(verdict).toEqual({ trusted: false, reasons: ['16 → 16 rows: 16 removed and 16 added after matching (100% of the rows replaced), more than maxReplacedRatio 50% and minDropCount 3'] });
  });

  it('holds a table where 10 of the 16 rows were replaced', () => {
    const verdict = assessSnapshot(base, next(tenReplacedRows()), DEFAULT_GUARD);
    expect(verdict).toEqual({ trusted: false, reasons: ['16 → 16 rows: 10 removed and 10 added after matching (63% of the rows replaced), more than maxReplacedRatio 50% and minDropCount 3'] });
  });

  it('trusts a renewal of half the rows, renames and updates: they are matched, not replaced', () => {
    expect(assessSnapshot(base, next(halfRenewedRows()), DEFAULT_GUARD)).toEqual({ trusted: true });
    const renamed: Snapshot = { ...base, offers: base.offers.map((o) => ({ ...o, service: `${o.service} (nouveau nom)` })) };
    expect(assessSnapshot(base, renamed, DEFAULT_GUARD)).toEqual({ trusted: true });
  });

  it('needs both thresholds: a small table fully replaced within minDropCount, or a share at the ratio, is trusted', () => {
    const two: Snapshot = { ...base, offers: base.offers.slice(0, 2) };
    const other: Snapshot = { ...base, offers: next(allReplacedRows()).offers.slice(0, 1) };
    expect(assessSnapshot(two, other, { ...DEFAULT_GUARD, minRows: 1 })).toEqual({ trusted: true }); // 2 + 1 = 3, not above 3
    const eight = tenReplacedRows().map(offerOf).filter((o, i) => i >= 2 || o.provider === base.offers[0]!.provider);
    expect(assessSnapshot(base, { ...base, offers: eight }, { ...DEFAULT_GUARD, maxReplacedRatio: 0.9, maxDropRatio: 1 }).trusted).toBe(true);
  });
});

describe('guardThresholdsSchema', () => {
  it('fills every missing threshold with its default', () => {
    expect(guardThresholdsSchema.parse({})).toEqual({ minRows: 5, maxDropRatio: 0.3, minDropCount: 3, maxReplacedRatio: 0.5 });
    expect(guardThresholdsSchema.parse({ minRows: 10 })).toEqual({ ...DEFAULT_GUARD, minRows: 10 });
  });

  it('rejects a ratio above 1 and a negative or fractional count', () => {
    expect(guardThresholdsSchema.safeParse({ maxDropRatio: 1.5 }).success).toBe(false);
    expect(guardThresholdsSchema.safeParse({ maxReplacedRatio: -0.1 }).success).toBe(false);
    expect(guardThresholdsSchema.safeParse({ minRows: -1 }).success).toBe(false);
    expect(guardThresholdsSchema.safeParse({ minDropCount: 2.5 }).success).toBe(false);
  });
});
