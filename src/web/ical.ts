/**
 * An iCalendar document (RFC 5545) of all-day events, from a plain model: the writer knows the format, nothing about
 * offers. Pure.
 *
 * The syntax is where calendars break, so it is all here: lines end with CRLF (§3.1), a content line longer than 75
 * octets is folded (CRLF and one space) without cutting a UTF-8 character in two, TEXT values escape `\`, `;`, `,`
 * and line breaks (§3.3.11) and lose the control characters TEXT does not allow, and every event carries the
 * required UID and DTSTAMP (§3.6.1). All-day events are `VALUE=DATE` with an exclusive DTEND on the next day, so
 * a calendar shows them on that day in every time zone (§3.6.1: "the event ends at the beginning of DTEND").
 */
import { addDays } from '../core/calendar.js';

export interface IcalEvent {
  /** Globally unique and stable: the same UID is the same event, moved or renamed (§3.8.4.7). */
  uid: string;
  /** The day of the event, `YYYY-MM-DD`. */
  date: string;
  summary: string;
  description?: string;
  /** An http(s) address; anything else is left out. */
  url?: string;
  categories?: string[];
}

export interface IcalCalendar {
  /** PRODID: who made the document. */
  prodId: string;
  /** The calendar's name and description (RFC 7986, and the X-WR- names older clients read). */
  name: string;
  description?: string;
  /** The address of this very calendar (RFC 7986 SOURCE). */
  source?: string;
  /** How often a subscriber should refetch, in hours (RFC 7986 REFRESH-INTERVAL). */
  refreshHours: number;
  /** DTSTAMP of every event, an ISO instant: when their information was last revised (§3.8.7.2, no METHOD). */
  stamp: string;
  events: IcalEvent[];
}

export const ICAL_CONTENT_TYPE = 'text/calendar; charset=utf-8';
const EOL = '\r\n';
const MAX_OCTETS = 75;

/** C0 controls but tab, DEL, and lone surrogates (which UTF-8 cannot carry): not allowed in TEXT. */
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A TEXT value (§3.3.11): backslash, semicolon, comma and line breaks escaped; forbidden characters dropped. */
export function escapeText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(NOT_TEXT, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** Folds a content line into physical lines of at most 75 octets, continuation lines starting with a space (§3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > MAX_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(EOL);
}

/** `2027-12-04` → `20271204` (DATE, §3.3.4). */
const icalDate = (iso: string): string => iso.replaceAll('-', '');

/** An ISO instant → `20251205T060000Z` (DATE-TIME in UTC, §3.3.5). */
export function icalInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an instant: ${JSON.stringify(iso)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** A URI value is not TEXT: it is not escaped, so only a plain http(s) URL without line breaks or spaces goes in. */
function safeUri(u: string | undefined): string | undefined {
  if (!u || /[\s\u0000-\u001F\u007F]/.test(u)) return undefined;
  try {
    const parsed = new URL(u);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

function eventLines(e: IcalEvent, stamp: string): string[] {
  const url = safeUri(e.url);
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${icalDate(e.date)}`,
    `DTEND;VALUE=DATE:${icalDate(addDays(e.date, 1))}`,
    `SUMMARY:${escapeText(e.summary)}`,
    ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
    ...(url ? [`URL;VALUE=URI:${url}`] : []),
    ...(e.categories?.length ? [`CATEGORIES:${e.categories.map(escapeText).join(',')}`] : []),
    // Information, not a meeting: the day stays free in the subscriber's agenda.
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

/** The whole document, events in the order given. */
export function renderIcal(c: IcalCalendar): string {
  const stamp = icalInstant(c.stamp);
  const source = safeUri(c.source);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(c.prodId)}`,
    'CALSCALE:GREGORIAN',
    `NAME:${escapeText(c.name)}`,
    `X-WR-CALNAME:${escapeText(c.name)}`,
    ...(c.description ? [`DESCRIPTION:${escapeText(c.description)}`, `X-WR-CALDESC:${escapeText(c.description)}`] : []),
    ...(source ? [`SOURCE;VALUE=URI:${source}`] : []),
    `REFRESH-INTERVAL;VALUE=DURATION:PT${c.refreshHours}H`,
    `X-PUBLISHED-TTL:PT${c.refreshHours}H`,
    ...c.events.flatMap((e) => eventLines(e, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map((l) => foldLine(l) + EOL).join('');
}
