import { describe, it, expect } from 'vitest';
import { addDays, daysBetween, isTimeZone, todayIn } from '../../src/core/calendar.js';

const PARIS = 'Europe/Paris';
const at = (iso: string) => new Date(iso);

describe('todayIn', () => {
  it('at 23:30 UTC in winter it is already the next day in Paris (00:30 CET)', () => {
    expect(todayIn(PARIS, at('2026-01-14T23:30:00Z'))).toBe('2026-01-15');
    expect(todayIn('UTC', at('2026-01-14T23:30:00Z'))).toBe('2026-01-14');
  });

  it('00:30 in Paris in summer is 22:30 UTC the day before', () => {
    expect(todayIn(PARIS, at('2026-07-14T22:30:00Z'))).toBe('2026-07-15');
    expect(todayIn(PARIS, at('2026-07-14T21:59:59Z'))).toBe('2026-07-14');
  });

  it('follows the spring change (29 March 2026): midnight moves from 23:00 to 22:00 UTC', () => {
    // Night of 28 to 29 March: still CET (+1).
    expect(todayIn(PARIS, at('2026-03-28T22:59:59Z'))).toBe('2026-03-28');
    expect(todayIn(PARIS, at('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    // 02:00 CET jumps to 03:00 CEST at 01:00 UTC: the day does not change.
    expect(todayIn(PARIS, at('2026-03-29T00:59:59Z'))).toBe('2026-03-29');
    expect(todayIn(PARIS, at('2026-03-29T01:00:00Z'))).toBe('2026-03-29');
    // Night of 29 to 30 March: CEST (+2).
    expect(todayIn(PARIS, at('2026-03-29T21:59:59Z'))).toBe('2026-03-29');
    expect(todayIn(PARIS, at('2026-03-29T22:30:00Z'))).toBe('2026-03-30');
  });

  it('follows the autumn change (25 October 2026): midnight moves from 22:00 to 23:00 UTC', () => {
    expect(todayIn(PARIS, at('2026-10-24T22:30:00Z'))).toBe('2026-10-25');
    // 03:00 CEST falls back to 02:00 CET at 01:00 UTC; the repeated hour stays on the 25th.
    expect(todayIn(PARIS, at('2026-10-25T00:30:00Z'))).toBe('2026-10-25');
    expect(todayIn(PARIS, at('2026-10-25T01:30:00Z'))).toBe('2026-10-25');
    expect(todayIn(PARIS, at('2026-10-25T22:30:00Z'))).toBe('2026-10-25');
    expect(todayIn(PARIS, at('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
  });

  it('crosses a year end in Paris before UTC does', () => {
    expect(todayIn(PARIS, at('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('rejects an unknown time zone with a RangeError that names it', () => {
    expect(() => todayIn('Europe/Pariss', at('2026-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => todayIn('Europe/Pariss', at('2026-01-01T00:00:00Z'))).toThrow(/Unknown time zone "Europe\/Pariss"/);
    expect(() => todayIn('', at('2026-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Paris')).toBe(false);
  });

  it('rejects an invalid instant with a RangeError', () => {
    expect(() => todayIn(PARIS, new Date('not a date'))).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it('counts whole days across the spring change, though that night lasts 23 hours', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-03-29', '2026-03-30')).toBe(1);
  });

  it('counts whole days across the autumn change, though that night lasts 25 hours', () => {
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-10-25', '2026-10-26')).toBe(1);
  });

  it('is 0 on the same day, negative when the end is past, and counts leap days', () => {
    expect(daysBetween('2026-11-30', '2026-11-30')).toBe(0);
    expect(daysBetween('2026-12-01', '2026-11-30')).toBe(-1);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-11-28', '2026-12-29')).toBe(31);
  });

  it('gives the same count from Paris "today" at 00:30 as at 23:30 the same Paris day', () => {
    const early = todayIn(PARIS, at('2026-03-28T23:30:00Z')); // 00:30 CET on the 29th
    const late = todayIn(PARIS, at('2026-03-29T21:30:00Z')); // 23:30 CEST on the 29th
    expect(early).toBe(late);
    expect(daysBetween(early, '2026-04-29')).toBe(31);
  });

  it('rejects a string that is not a real calendar date', () => {
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(RangeError);
    expect(() => daysBetween('2026-03-01', '29/12/2026')).toThrow(/to is not a calendar date/);
  });
});

describe('addDays', () => {
  it('moves across month ends, year ends, leap days and summer time', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(addDays('2026-12-29', -90)).toBe('2026-09-30');
    expect(addDays('2026-11-30', 0)).toBe('2026-11-30');
  });

  it('is the inverse of daysBetween', () => {
    for (const n of [-400, -31, -1, 0, 1, 7, 30, 90, 1096]) {
      expect(daysBetween('2026-03-29', addDays('2026-03-29', n))).toBe(n);
    }
  });

  it('rejects a fractional number of days and a bad date', () => {
    expect(() => addDays('2026-03-29', 0.5)).toThrow(RangeError);
    expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
  });
});
