import { describe, it, expect } from 'vitest';
import { addDays } from '../../src/core/calendar.js';
import type { OfferEvent } from '../../src/core/events.js';
import { DEFAULT_REMINDER_WINDOWS, expiryReminders, reminderKey } from '../../src/core/expiry.js';
import type { Offer } from '../../src/core/offer.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const SOURCE = 'anssi-catalogue';
const catalogue = catalogueSnapshot().offers;
const find = (provider: string, service: string): Offer => {
  const offer = catalogue.find((o) => o.provider === provider && o.service === service);
  if (!offer) throw new Error(`fixture has no ${provider} / ${service}`);
  return offer;
};
/** Ends 2026-12-29, decision 2279. */
const OVH = find('OVH', 'Hosted Private Cloud powered by VMware');
/** Ends 2026-11-30, decision 2118. */
const OUTSCALE = find('Outscale', 'IaaS');

const run = (
  offers: readonly Offer[],
  today: string,
  alreadySent: ReadonlySet<string> = new Set(),
  windows = DEFAULT_REMINDER_WINDOWS,
) => expiryReminders({ source: SOURCE, offers, today, windows, alreadySent, detectedAt: `${today}T05:00:00.000Z` });

/** One line per reminder: the day it was sent, the offer, the window and the days left. */
const line = (day: string, e: OfferEvent) =>
  `${day} ${e.offer.provider} ${e.offer.decision} w${e.reminder?.window} d${e.reminder?.daysLeft}`;

/** A daily job from `from` for `days` days, storing the keys it returns as the real job would. */
function runDaily(
  catalogueOn: (day: string) => readonly Offer[],
  from: string,
  days: number,
  windows = DEFAULT_REMINDER_WINDOWS,
) {
  const sent = new Set<string>();
  const lines: string[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    const { events, keys } = run(catalogueOn(day), day, sent, windows);
    keys.forEach((k) => sent.add(k));
    lines.push(...events.map((e) => line(day, e)));
  }
  return lines;
}

describe('expiry reminders, one run', () => {
  it('on 2026-11-28 Outscale (2 days left) gets the 7-day reminder and OVH (31 days) the 90-day one', () => {
    const { events } = run([OVH, OUTSCALE], '2026-11-28');
    expect(events.map((e) => [e.kind, e.offer.provider, e.reminder])).toEqual([
      ['offer.expiring', 'Outscale', { window: 7, daysLeft: 2 }],
      ['offer.expiring', 'OVH', { window: 90, daysLeft: 31 }],
    ]);
    expect(events[0]).toMatchObject({ source: SOURCE, detectedAt: '2026-11-28T05:00:00.000Z', offer: OUTSCALE });
    expect(events[0]!.previous).toBeUndefined();
  });

  it('a tracker started 20 days before the end sends only the 30-day reminder and settles the 90-day one', () => {
    const first = run([OUTSCALE], '2026-11-10');
    expect(first.events.map((e) => e.reminder)).toEqual([{ window: 30, daysLeft: 20 }]);
    expect(first.keys.sort()).toEqual([
      'outscale|iaas|2118|2026-11-30|30',
      'outscale|iaas|2118|2026-11-30|90',
    ]);
    // Next day, with the keys stored: nothing, and nothing left to settle.
    expect(run([OUTSCALE], '2026-11-11', new Set(first.keys))).toEqual({ events: [], keys: [] });
  });

  it('started 2 days before the end, sends the 7-day reminder and settles both larger windows', () => {
    const { events, keys } = run([OUTSCALE], '2026-11-28');
    expect(events).toHaveLength(1);
    expect(keys.map((k) => k.split('|').at(-1)).sort()).toEqual(['30', '7', '90']);
  });

  it('never sends a larger window after a smaller one, even when its key was not stored', () => {
    const sevenSent = new Set([reminderKey(OUTSCALE, '2026-11-30', 7)]);
    const { events, keys } = run([OUTSCALE], '2026-11-27', sevenSent);
    expect(events).toEqual([]);
    expect(keys.map((k) => k.split('|').at(-1)).sort()).toEqual(['30', '90']);
  });

  it('outside every window, sends nothing and marks nothing', () => {
    expect(run([OVH, OUTSCALE], '2026-08-01')).toEqual({ events: [], keys: [] });
  });

  it('on the last day (0 days left) the 7-day window applies; the day after, the offer is flagged as expired', () => {
    expect(run([OUTSCALE], '2026-11-30').events.map((e) => e.reminder)).toEqual([{ window: 7, daysLeft: 0 }]);
    const after = run([OUTSCALE], '2026-12-03');
    expect(after.events.map((e) => e.reminder)).toEqual([{ window: 0, daysLeft: -3 }]);
    expect(after.keys).toEqual(['outscale|iaas|2118|2026-11-30|expired']);
  });

  it('the same reminder computed twice, at other instants, has the same id; other reminders other ids', () => {
    const common = { source: SOURCE, today: '2026-11-28', alreadySent: new Set<string>() };
    const a = expiryReminders({
      ...common,
      offers: [OVH, OUTSCALE],
      windows: [90, 30, 7],
      detectedAt: '2026-11-28T05:00:00.000Z',
    });
    const b = expiryReminders({
      ...common,
      offers: [OUTSCALE, structuredClone(OVH)],
      windows: [7, 30, 90],
      detectedAt: '2026-11-28T09:12:00.000Z',
    });
    expect(b.events.map((e) => e.id)).toEqual(a.events.map((e) => e.id));
    expect(a.events[0]!.id).toMatch(/^[0-9a-f]{32}$/);
    // The 7-day reminder on the next day is the same reminder (same key), hence the same id.
    expect(run([OUTSCALE], '2026-11-29').events[0]!.id).toBe(a.events[0]!.id);
    const ids = [run([OUTSCALE], '2026-10-31'), run([OUTSCALE], '2026-09-01'), run([OUTSCALE], '2026-12-01')]
      .map((r) => r.events[0]!.id);
    expect(new Set([...ids, a.events[0]!.id]).size).toBe(4);
  });

  it('ignores offers without an end date, "en cours" entries and unreadable dates', () => {
    const { qualifiedUntil: _dropped, ...noEnd } = OUTSCALE;
    const offers: Offer[] = [
      noEnd,
      { ...OUTSCALE, qualifiedUntil: '' },
      { ...OUTSCALE, qualifiedUntil: '30/11/2026' },
      { provider: 'Scaleway', service: 'IaaS', types: ['IaaS'], qualifiedUntil: '2026-11-30', status: 'in_progress' },
    ];
    expect(run(offers, '2026-11-28')).toEqual({ events: [], keys: [] });
  });

  it('leaves a product list\'s certificates out, marking nothing, unless product reminders are asked for', () => {
    const certificate: Offer = { ...OUTSCALE, list: 'cc', provider: 'Beta Cards', service: 'Beta Chip', certificate: 'ANSSI-CC-2021-18' };
    const passi: Offer = { ...OUTSCALE, list: 'passi' };
    const off = run([certificate, passi], '2026-11-28');
    expect(off.events.map((e) => e.offer.list)).toEqual(['passi']);
    expect(off.keys).toEqual(run([passi], '2026-11-28').keys);
    const on = expiryReminders({ source: SOURCE, offers: [certificate, passi], today: '2026-11-28', windows: DEFAULT_REMINDER_WINDOWS, alreadySent: new Set(), detectedAt: '2026-11-28T05:00:00.000Z', products: true });
    expect(on.events.map((e) => e.offer.list).sort()).toEqual(['cc', 'passi']);
  });

  it('the same row printed twice yields one reminder', () => {
    expect(run([OUTSCALE, { ...OUTSCALE }], '2026-11-28').events).toHaveLength(1);
  });

  it('refuses windows that are not positive whole numbers, and a "today" that is not a date', () => {
    expect(() => run([OVH], '2026-11-28', new Set(), [30, 0])).toThrow(RangeError);
    expect(() => run([OVH], '2026-11-28', new Set(), [7.5])).toThrow(/positive whole numbers/);
    expect(() => run([OVH], '28/11/2026')).toThrow(RangeError);
  });
});

describe('expiry reminders, a daily job', () => {
  it('over 120 days: each offer gets its 90-, 30- and 7-day reminders once; Outscale is flagged once after its end', () => {
    // From 2026-08-25: Outscale has 97 days left, OVH 126; every other row of the catalogue ends in 2027 or later.
    const lines = runDaily(() => catalogue, '2026-08-25', 120);
    expect(lines).toEqual([
      '2026-09-01 Outscale 2118 w90 d90',
      '2026-09-30 OVH 2279 w90 d90',
      '2026-10-31 Outscale 2118 w30 d30',
      '2026-11-23 Outscale 2118 w7 d7',
      '2026-11-29 OVH 2279 w30 d30',
      '2026-12-01 Outscale 2118 w0 d-1',
      '2026-12-22 OVH 2279 w7 d7',
    ]);
  });

  it('an offer that leaves the catalogue at its end is never flagged as expired', () => {
    const lines = runDaily((day) => (day <= '2026-11-30' ? [OUTSCALE] : []), '2026-08-25', 120);
    expect(lines.map((l) => l.split(' ').at(-2))).toEqual(['w90', 'w30', 'w7']);
  });

  it('a renewal between the 30- and 7-day reminders ends the old cycle; the new one starts 90 days before its end', () => {
    const renewed: Offer = { ...OUTSCALE, qualifiedFrom: '2026-11-10', qualifiedUntil: '2029-11-30', decision: '2140' };
    const lines = runDaily((day) => [day < '2026-11-10' ? OUTSCALE : renewed], '2026-08-25', 1_200);
    expect(lines).toEqual([
      '2026-09-01 Outscale 2118 w90 d90',
      '2026-10-31 Outscale 2118 w30 d30',
      '2029-09-01 Outscale 2140 w90 d90',
      '2029-10-31 Outscale 2140 w30 d30',
      '2029-11-23 Outscale 2140 w7 d7',
      '2029-12-01 Outscale 2140 w0 d-1',
    ]);
  });

  it('an end date pushed back under the same decision restarts the cycle for the new date', () => {
    const extended: Offer = { ...OVH, qualifiedUntil: '2027-03-29' };
    const lines = runDaily((day) => [day < '2026-12-01' ? OVH : extended], '2026-09-25', 200);
    // From 2026-12-01 the new end is 118 days away: nothing until its 90-day window.
    expect(lines).toEqual([
      '2026-09-30 OVH 2279 w90 d90',
      '2026-11-29 OVH 2279 w30 d30',
      '2026-12-29 OVH 2279 w90 d90',
      '2027-02-27 OVH 2279 w30 d30',
      '2027-03-22 OVH 2279 w7 d7',
      '2027-03-30 OVH 2279 w0 d-1',
    ]);
  });

  it('custom windows [60, 14] send two reminders per offer, at 60 and 14 days', () => {
    const lines = runDaily(() => [OVH, OUTSCALE], '2026-08-25', 120, [60, 14]);
    expect(lines).toEqual([
      '2026-10-01 Outscale 2118 w60 d60',
      '2026-10-30 OVH 2279 w60 d60',
      '2026-11-16 Outscale 2118 w14 d14',
      '2026-12-01 Outscale 2118 w0 d-1',
      '2026-12-15 OVH 2279 w14 d14',
    ]);
  });
});
