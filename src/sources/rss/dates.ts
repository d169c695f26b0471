const FRENCH_MONTHS: ReadonlyArray<[RegExp, string]> = [
  [/\bjanv(?:ier|\.)?(?=\s|$)/i, 'Jan'],
  [/\bf[ée]vr(?:ier|\.)?(?=\s|$)/i, 'Feb'],
  [/\bmars(?=\s|$)/i, 'Mar'],
  [/\bavr(?:il|\.)?(?=\s|$)/i, 'Apr'],
  [/\bmai(?=\s|$)/i, 'May'],
  [/\bjuin(?=\s|$)/i, 'Jun'],
  [/\bjuil(?:let|\.)?(?=\s|$)/i, 'Jul'],
  [/\bao[ûu]t(?=\s|$)/i, 'Aug'],
  [/\bsept(?:embre|\.)?(?=\s|$)/i, 'Sep'],
  [/\boct(?:obre|\.)?(?=\s|$)/i, 'Oct'],
  [/\bnov(?:embre|\.)?(?=\s|$)/i, 'Nov'],
  [/\bd[ée]c(?:embre|\.)?(?=\s|$)/i, 'Dec'],
];
/** A leading French weekday ("mer.,", "mercredi"): redundant with the date, so dropped. */
const FRENCH_WEEKDAY = /^(?:lun|mar|mer|jeu|ven|sam|dim)[a-z]*\.?,?\s+/i;
/** Ends with a zone: `Z`, a numeric offset, or a name (GMT, EST…; names V8 does not know fail later). */
const HAS_ZONE = /(?:Z|[+-]\d\d:?\d\d|\b[A-Z]{1,5})$/i;
const ISO_DATE = /^\d{4}-\d\d-\d\d/;

function toIso(s: string): string | undefined {
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  return year >= 1000 && year <= 9999 ? d.toISOString() : undefined;
}

/**
 * A feed date (RFC 822 `pubDate`, RFC 3339 `updated`/`dc:date`, or the French forms some French CMSs
 * emit, "mer., 05 nov. 2025 10:00:00 +0100") as an ISO instant, or undefined when it cannot be read.
 * A date-time without a zone is taken as UTC, so the result never depends on the host's time zone.
 */
export function parseFeedDate(raw: string | undefined): string | undefined {
  // Central European zone names (which Date.parse does not know) as offsets.
  const s = raw?.trim().replace(/\s+/g, ' ').replace(/\bCEST$/i, '+0200').replace(/\bCET$/i, '+0100');
  if (!s) return undefined;
  // Without a zone, Date.parse reads local time (except for a bare ISO date): pin it to UTC instead.
  const zoned = HAS_ZONE.test(s) ? s : ISO_DATE.test(s) ? (s.length > 10 ? `${s.replace(' ', 'T')}Z` : s) : `${s} GMT`;
  const direct = toIso(zoned);
  if (direct) return direct;
  let english = zoned.replace(FRENCH_WEEKDAY, '');
  for (const [re, en] of FRENCH_MONTHS) english = english.replace(re, en);
  return english === zoned ? undefined : toIso(english);
}
