import ICAL from 'ical.js';
import { expect } from 'vitest';

export interface ReadEvent {
  uid: string;
  /** `YYYY-MM-DD` of DTSTART, and whether it is a DATE (all-day) value. */
  start: string;
  allDay: boolean;
  /** `YYYY-MM-DD` of DTEND (exclusive). */
  end: string;
  summary: string;
  description: string;
  url?: string;
  dtstamp: string;
}

export interface ReadCalendar {
  name?: string;
  description?: string;
  source?: string;
  events: ReadEvent[];
}

const day = (t: ICAL.Time): string => `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;

/**
 * Checks the syntax RFC 5545 asks of the raw text (CRLF line ends, no content line over 75 octets), then reads
 * the calendar back with ical.js, an iCalendar parser from npm: what a subscriber's client would see.
 */
export function readCalendar(text: string): ReadCalendar {
  expect(text.endsWith('\r\n')).toBe(true);
  const lines = text.slice(0, -2).split('\r\n');
  for (const line of lines) {
    expect(line, JSON.stringify(line)).not.toMatch(/[\r\n]/);
    expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
  }
  const root = new ICAL.Component(ICAL.parse(text));
  expect(root.name).toBe('vcalendar');
  const text0 = (c: ICAL.Component, name: string): string | undefined => {
    const v = c.getFirstPropertyValue(name);
    return v === null || v === undefined ? undefined : String(v);
  };
  const events = root.getAllSubcomponents('vevent').map((c): ReadEvent => {
    const e = new ICAL.Event(c);
    const url = text0(c, 'url');
    return {
      uid: e.uid,
      start: day(e.startDate),
      allDay: e.startDate.isDate,
      end: day(e.endDate),
      summary: e.summary,
      description: e.description,
      ...(url ? { url } : {}),
      dtstamp: (c.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString(),
    };
  });
  const name = text0(root, 'name');
  const description = text0(root, 'description');
  const source = text0(root, 'source');
  return { ...(name ? { name } : {}), ...(description ? { description } : {}), ...(source ? { source } : {}), events };
}
