import { describe, expect, it } from 'vitest';
import type { ChangeEvent, OfferEvent, OperatorEvent } from '../../src/core/events.js';
import type { LogEntry } from '../../src/store/change-log.js';
import { CLOCK_SKEW_MS, readChangesPage, SCAN_MAX, takeFromChunk, type ChangeLogReader } from '../../src/web/api-changes.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const offers = catalogueSnapshot().offers;
const T0 = Date.parse('2026-01-05T00:00:00.000Z');
const HOUR = 3_600_000;

const added = (n: number, detectedAt: string): OfferEvent => ({
  id: n.toString(16).padStart(32, '0'), kind: 'offer.added', source: 'anssi-catalogue', detectedAt, offer: offers[n % offers.length]!,
});
const failing = (n: number, detectedAt: string): OperatorEvent => ({
  id: n.toString(16).padStart(32, 'f'), kind: 'source.failing', source: 'anssi-catalogue', detectedAt, summary: 'HTTP 503', failures: 3,
});

/** The change log as Redis keeps it: stream ids `<recorded ms>-<seq>`, in order; reads behave like XRANGE. */
function memoryLog(entries: Array<{ recordedMs: number; event: ChangeEvent }>): ChangeLogReader {
  const log: LogEntry[] = [];
  const seqs = new Map<number, number>();
  for (const { recordedMs, event } of entries) {
    const seq = seqs.get(recordedMs) ?? 0;
    seqs.set(recordedMs, seq + 1);
    log.push({ streamId: `${recordedMs}-${seq}`, event });
  }
  const key = (id: string): [number, number] => id.split('-').map(Number) as [number, number];
  const after = (a: string, b: string): boolean => key(a)[0] > key(b)[0] || (key(a)[0] === key(b)[0] && key(a)[1] > key(b)[1]);
  return {
    async range(afterId = '-', count = 1000) {
      return log.filter((e) => afterId === '-' || after(e.streamId, afterId)).slice(0, count);
    },
    async recordedSince(ms: number, count = 1000) {
      return log.filter((e) => key(e.streamId)[0] >= ms).slice(0, count);
    },
  };
}

/** Events detected hour by hour from T0, recorded at their detection instant plus `lagMs`. */
function hourly(n: number, lagMs = 0, make: (i: number, at: string) => ChangeEvent = added) {
  return Array.from({ length: n }, (_, i) => ({ recordedMs: T0 + i * HOUR + lagMs, event: make(i, new Date(T0 + i * HOUR).toISOString()) }));
}

const ids = (page: { changes: Array<{ id: string }> }): string[] => page.changes.map((c) => c.id);

describe('a page of /api/changes', () => {
  it('starts at the log start without since, oldest first, with a cursor on the last entry read', async () => {
    const log = memoryLog(hourly(3));
    const page = await readChangesPage(log, { limit: 100 });
    expect(ids(page)).toEqual([added(0, '').id, added(1, '').id, added(2, '').id]);
    expect(page).toMatchObject({ cursor: `${T0 + 2 * HOUR}-0`, more: false });
  });

  it('has neither changes nor cursor on an empty log', async () => {
    expect(await readChangesPage(memoryLog([]), { limit: 10 })).toEqual({ changes: [], more: false });
  });

  it('keeps the events detected at or after since, the boundary included', async () => {
    const log = memoryLog(hourly(5));
    const page = await readChangesPage(log, { since: new Date(T0 + 2 * HOUR).toISOString(), limit: 100 });
    expect(ids(page)).toEqual([2, 3, 4].map((i) => added(i, '').id));
  });

  it('compares instants, not strings: a since with an offset means the same instant in UTC', async () => {
    const log = memoryLog(hourly(5));
    const page = await readChangesPage(log, { since: '2026-01-05T04:00:00+01:00', limit: 100 }); // 03:00Z
    expect(ids(page)).toEqual([3, 4].map((i) => added(i, '').id));
  });

  it('finds an event detected by a process whose clock runs ahead of Redis by up to a day', async () => {
    // Detected at T0 + 10 h by the worker's clock, recorded by Redis 20 hours "earlier".
    const log = memoryLog([{ recordedMs: T0 - 10 * HOUR, event: added(7, new Date(T0 + 10 * HOUR).toISOString()) }]);
    const page = await readChangesPage(log, { since: new Date(T0 + 9 * HOUR).toISOString(), limit: 100 });
    expect(ids(page)).toEqual([added(7, '').id]);
    expect(CLOCK_SKEW_MS).toBe(24 * HOUR);
  });

  it('leaves out operator events but moves the cursor past them', async () => {
    const log = memoryLog(hourly(4, 0, (i, at) => (i % 2 === 1 ? failing(i, at) : added(i, at))));
    const page = await readChangesPage(log, { limit: 100 });
    expect(page.changes.map((c) => c.kind)).toEqual(['offer.added', 'offer.added']);
    expect(page.cursor).toBe(`${T0 + 3 * HOUR}-0`);
  });

  it('pages by cursor: following after= from page to page gives each change once, in order, and then stops', async () => {
    const log = memoryLog(hourly(7, 0, (i, at) => (i === 3 ? failing(i, at) : added(i, at))));
    const seen: string[] = [];
    let page = await readChangesPage(log, { limit: 2 });
    seen.push(...ids(page));
    let pages = 1;
    while (page.more) {
      page = await readChangesPage(log, { after: page.cursor!, limit: 2 });
      seen.push(...ids(page));
      pages++;
    }
    expect(seen).toEqual([0, 1, 2, 4, 5, 6].map((i) => added(i, '').id));
    expect(pages).toBeLessThanOrEqual(4);
    // A client that keeps the last cursor gets only what is recorded afterwards.
    expect(await readChangesPage(log, { after: page.cursor!, limit: 2 })).toEqual({ changes: [], cursor: page.cursor, more: false });
  });

  it('keeps since on the following pages', async () => {
    const log = memoryLog(hourly(6));
    const since = new Date(T0 + 3 * HOUR).toISOString();
    const first = await readChangesPage(log, { since, limit: 2 });
    expect(first.more).toBe(true);
    const second = await readChangesPage(log, { since, after: first.cursor!, limit: 2 });
    expect([...ids(first), ...ids(second)]).toEqual([3, 4, 5].map((i) => added(i, '').id));
  });

  it('stops after SCAN_MAX entries even when none qualifies, with a cursor to continue from', async () => {
    const log = memoryLog(Array.from({ length: SCAN_MAX + 50 }, (_, i) => ({ recordedMs: T0 + i, event: failing(i, new Date(T0 + i).toISOString()) })));
    const page = await readChangesPage(log, { limit: 10 });
    expect(page).toEqual({ changes: [], cursor: `${T0 + SCAN_MAX - 1}-0`, more: true });
    const rest = await readChangesPage(log, { after: page.cursor!, limit: 10 });
    expect(rest).toEqual({ changes: [], cursor: `${T0 + SCAN_MAX + 49}-0`, more: false });
  });

  it('takes from a chunk only until the page is full, and says how far it looked', () => {
    const chunk = hourly(5).map((e, i) => ({ streamId: `${e.recordedMs}-0`, event: i === 0 ? failing(0, e.event.detectedAt) : e.event }));
    const { taken, examined } = takeFromChunk(chunk, undefined, 2);
    expect(taken.map((c) => c.id)).toEqual([added(1, '').id, added(2, '').id]);
    expect(examined).toBe(3);
  });
});
