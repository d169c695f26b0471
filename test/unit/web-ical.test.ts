import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/calendar.js';
import type { Offer } from '../../src/core/offer.js';
import { offerEventUid, offersCalendar, type OffersCalendarInput } from '../../src/web/calendar-offers.js';
import { escapeText, foldLine, renderIcal } from '../../src/web/ical.js';
import { catalogueSnapshot } from '../support/csv-offers.js';
import { readCalendar } from '../support/ical-read.js';

const december = catalogueSnapshot();
const WINDOWS = [90, 30, 7];
const input = (offers: readonly Offer[], over: Partial<OffersCalendarInput> = {}): OffersCalendarInput => ({
  offers, edition: '2025-12-05', windows: WINDOWS, lang: 'fr', self: 'https://suivi.example.org/calendar.ics', now: '2026-11-28T09:00:00.000Z', ...over,
});
const read = (i: OffersCalendarInput) => readCalendar(renderIcal(offersCalendar(i)));
const cegedim = december.offers.find((o) => o.provider === 'Cegedim')!;

describe('the iCalendar writer', () => {
  it('escapes backslash, semicolon, comma and line breaks, and drops control characters', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\u0007g\th')).toBe('a\\\\b\\;c\\,d\\ne\\nfg\th');
  });

  it('folds lines at 75 octets without cutting a UTF-8 character, and unfolds to the same text', () => {
    const line = `SUMMARY:${'é'.repeat(60)}☁️${'x'.repeat(80)}𝔘`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(2);
    for (const p of physical) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    for (const p of physical.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(Buffer.from(folded, 'utf8').toString('utf8')).not.toContain('\uFFFD');
  });

  it('reads back through ical.js with the text from sources intact', () => {
    const hostile: Offer = { ...cegedim, provider: 'Acme, Fils; et \\ Cie', service: `Nuage ${'très '.repeat(20)}souverain\nv2` };
    const cal = read(input([hostile], { windows: [] }));
    expect(cal.events).toHaveLength(1);
    expect(cal.events[0]!.summary).toBe(`Fin de qualification SecNumCloud : ${hostile.provider} — ${hostile.service}`);
  });
});

describe('the expiry calendar of the qualified offers', () => {
  it('has, per offer, one all-day event on its end date and one per reminder window, with its decision', () => {
    const cal = read(input(december.offers));
    expect(cal.events).toHaveLength(16 * 4);
    expect(cal.name).toBe('SecNumCloud : fins de qualification');
    expect(cal.description).toBe("Source : catalogue des offres qualifiées SecNumCloud de l'ANSSI, édition du 05/12/2025.");
    expect(cal.source).toBe('https://suivi.example.org/calendar.ics');
    const mine = cal.events.filter((e) => e.summary.endsWith('Cegedim — CegNumCloud Secured IaaS'));
    expect(mine.map((e) => [e.start, e.end, e.summary])).toEqual([
      ['2027-09-05', '2027-09-06', 'Fin de qualification SecNumCloud dans 90 jours : Cegedim — CegNumCloud Secured IaaS'],
      ['2027-11-04', '2027-11-05', 'Fin de qualification SecNumCloud dans 30 jours : Cegedim — CegNumCloud Secured IaaS'],
      ['2027-11-27', '2027-11-28', 'Fin de qualification SecNumCloud dans 7 jours : Cegedim — CegNumCloud Secured IaaS'],
      ['2027-12-04', '2027-12-05', 'Fin de qualification SecNumCloud : Cegedim — CegNumCloud Secured IaaS'],
    ]);
    for (const e of cal.events) {
      expect(e.allDay).toBe(true);
      expect(e.end).toBe(addDays(e.start, 1));
      expect(e.dtstamp).toBe('2025-12-05T00:00:00.000Z');
    }
    expect(mine[3]!.url).toBe(cegedim.decisionUrl);
    expect(mine[3]!.description).toContain("Décision de l'ANSSI n° 1951");
    expect(new Set(cal.events.map((e) => e.uid)).size).toBe(cal.events.length);
    // In order of day, so that a reader of the file sees the next deadlines first.
    expect(cal.events.map((e) => e.start)).toEqual([...cal.events.map((e) => e.start)].sort());
  });

  it('keeps each event\'s UID through a renewal (new decision, later end date) and moves it to the new date', () => {
    const before = read(input([cegedim]));
    const renewed: Offer = { ...cegedim, qualifiedFrom: '2027-12-01', qualifiedUntil: '2030-12-01', decision: '2410', decisionUrl: 'https://messervices.cyber.gouv.fr/visas/2027_2410_np.pdf' };
    const after = read(input([renewed], { edition: '2027-12-03' }));
    expect(after.events.map((e) => e.uid)).toEqual(before.events.map((e) => e.uid));
    const end = (c: typeof before) => c.events.find((e) => e.summary.startsWith('Fin de qualification SecNumCloud :'))!;
    expect([end(before).start, end(after).start]).toEqual(['2027-12-04', '2030-12-01']);
    expect(end(after).url).toBe(renewed.decisionUrl);
    expect(end(after).dtstamp).toBe('2027-12-03T00:00:00.000Z'); // revised with the edition that brought the renewal
    // The same UIDs in English: the event is the same, translated.
    expect(read(input([cegedim], { lang: 'en' })).events.map((e) => e.uid)).toEqual(before.events.map((e) => e.uid));
  });

  it('tells apart two rows with the same names by their decision, and gives a renamed offer new UIDs', () => {
    const twin: Offer = { ...cegedim, decision: '2000', qualifiedUntil: '2028-01-10' };
    const both = read(input([cegedim, twin], { windows: [] }));
    expect(both.events).toHaveLength(2);
    expect(both.events[0]!.uid).not.toBe(both.events[1]!.uid);
    // The same row printed twice is one qualification: one event.
    expect(read(input([cegedim, { ...cegedim }], { windows: [] })).events).toHaveLength(1);
    expect(offerEventUid({ ...cegedim, service: 'CegNumCloud IaaS' }, 'end')).not.toBe(offerEventUid(cegedim, 'end'));
    expect(offerEventUid({ ...cegedim, provider: 'CEGEDIM' }, 'end')).toBe(offerEventUid(cegedim, 'end')); // names once normalised
  });

  it('leaves out offers without an end date and says, in the calendar\'s description, a list that is not current', () => {
    const undated: Offer = { ...cegedim, service: 'Sans date', qualifiedUntil: undefined } as Offer;
    const notice = 'Un nouveau catalogue est retenu pour vérification : les offres affichées sont celles du dernier catalogue validé.';
    const cal = read(input([undated, cegedim], { windows: [30], notice, filters: 'IaaS' }));
    expect(cal.events.map((e) => e.start)).toEqual(['2027-11-04', '2027-12-04']);
    expect(cal.description).toContain(notice);
    expect(cal.name).toBe('SecNumCloud : fins de qualification (IaaS)');
  });
});
