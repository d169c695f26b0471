/**
 * Calendar dates in a reference time zone.
 *
 * "Today" is a day in a place (TZ_REFERENCE, Europe/Paris by default), not a UTC day: at 23:30 UTC in
 * winter it is already tomorrow in Paris. Once the day is known, everything else is arithmetic on
 * `YYYY-MM-DD` strings done at UTC midnight, where no day is 23 or 25 hours long, so a change to or
 * from summer time never shifts a count of days.
 */
import { isIsoDate } from './offer.js';

const MS_PER_DAY = 86_400_000;

/** Formatters are costly to build and this one is asked for once per run per zone: keep them. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  if (typeof timeZone !== 'string' || timeZone.trim() === '') {
    throw new RangeError(`Time zone must be an IANA name such as "Europe/Paris", got ${JSON.stringify(timeZone)}`);
  }
  let formatter: Intl.DateTimeFormat;
  try {
    // Gregorian calendar and Latin digits whatever the host's locale data says.
    formatter = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch (cause) {
    throw new RangeError(`Unknown time zone "${timeZone}": expected an IANA name such as "Europe/Paris"`, { cause });
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** True when `timeZone` is an IANA time zone this runtime knows (for validating TZ_REFERENCE at boot). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The calendar date (`YYYY-MM-DD`) that `instant` falls on in `timeZone`.
 * Throws a RangeError naming the zone when it is not a known IANA zone, and one when `instant` is an
 * invalid Date.
 */
export function todayIn(timeZone: string, instant: Date): string {
  const formatter = formatterFor(timeZone);
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`todayIn: not a valid instant: ${String(instant)}`);
  }
  const parts = formatter.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => {
    const value = parts.find((p) => p.type === type)?.value;
    if (value === undefined) throw new RangeError(`todayIn: no ${type} in the date of ${instant.toISOString()}`);
    return value;
  };
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

function utcMidnight(date: string, name: string): number {
  if (!isIsoDate(date)) throw new RangeError(`${name} is not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/**
 * Whole days from `from` to `to` (both `YYYY-MM-DD`): positive when `to` is later, 0 on the same day,
 * negative when `to` is earlier. Throws a RangeError when either is not a real calendar date.
 */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to, 'to') - utcMidnight(from, 'from')) / MS_PER_DAY);
}

/** The calendar date `n` days after `date` (before it when `n` is negative). `n` must be an integer. */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return new Date(utcMidnight(date, 'date') + n * MS_PER_DAY).toISOString().slice(0, 10);
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** The time of day (`HH:MM`, 24 h) that `instant` shows in `timeZone`. */
export function timeOfDayIn(timeZone: string, instant: Date): string {
  formatterFor(timeZone); // the same checks and errors as todayIn
  let f = clocks.get(timeZone);
  if (!f) clocks.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  return f.format(instant);
}
