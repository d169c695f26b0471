/** Feed dates to ISO instants: RFC 822, RFC 3339, French forms; no zone means UTC, whatever the host's zone. */
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../src/sources/rss/dates.js';

describe('parseFeedDate', () => {
  it.each([
    ['Mon, 17 Nov 2025 15:30:00 +0100', '2025-11-17T14:30:00.000Z'],
    ['Mon, 17 Nov 2025 14:30:00 GMT', '2025-11-17T14:30:00.000Z'],
    ['  Wed, 03 Jan 2018 13:47:00 GMT\n      ', '2018-01-03T13:47:00.000Z'],
    ['2025-11-17T15:30:00+01:00', '2025-11-17T14:30:00.000Z'],
    ['2025-11-17T14:30:00.250Z', '2025-11-17T14:30:00.250Z'],
    ['2025-11-17', '2025-11-17T00:00:00.000Z'],
    ['2025-11-17T14:30:00', '2025-11-17T14:30:00.000Z'],
    ['2025-11-17 14:30', '2025-11-17T14:30:00.000Z'],
    ['Mon, 17 Nov 2025 14:30:00', '2025-11-17T14:30:00.000Z'],
    ['Mon, 17 Nov 2025 15:30:00 CET', '2025-11-17T14:30:00.000Z'],
    ['Wed, 16 Jul 2025 15:30:00 CEST', '2025-07-16T13:30:00.000Z'],
    ['lun., 17 nov. 2025 15:30:00 +0100', '2025-11-17T14:30:00.000Z'],
    ['jeudi 12 février 2026 09:00', '2026-02-12T09:00:00.000Z'],
    ['1 août 2025', '2025-08-01T00:00:00.000Z'],
    ['5 déc. 2025 08:30', '2025-12-05T08:30:00.000Z'],
  ])('%j → %s', (raw, iso) => {
    expect(parseFeedDate(raw)).toBe(iso);
  });

  it.each([undefined, '', '   ', 'pas une date', 'n’importe quoi', '31/02/2025 pas lisible', '+275760-09-13T00:00:00Z'])('%j → absent', (raw) => {
    expect(parseFeedDate(raw)).toBeUndefined();
  });
});
