import { describe, it, expect } from 'vitest';
import { diffSnapshots } from '../../src/core/diff.js';
import { EVENT_ID_LENGTH, eventId } from '../../src/core/event-id.js';
import type { Snapshot } from '../../src/core/offer.js';
import { chainedStateHash, snapshotHash } from '../../src/core/snapshot.js';
import { catalogueSnapshot } from '../support/csv-offers.js';

const base = catalogueSnapshot();
const withWhaller = (edition?: string): Snapshot => ({ ...base, edition, offers: base.offers });
const withoutWhaller = (edition?: string): Snapshot => ({
  ...base,
  edition,
  offers: base.offers.filter((o) => o.service !== 'Whaller Donjon SaaS'),
});

describe('event ids', () => {
  it('detecting the same change twice, at different instants, yields the same id', () => {
    const prev = withWhaller('2025-12-05');
    const next = withoutWhaller('2026-01-05');
    const first = diffSnapshots(prev, next, { detectedAt: '2026-01-05T08:00:00.000Z' });
    const later = '2026-01-06T17:30:00.000Z';
    const again = diffSnapshots(structuredClone(prev), structuredClone(next), { detectedAt: later });
    expect(first).toHaveLength(1);
    expect(again.map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect(first[0]!.id).toMatch(new RegExp(`^[0-9a-f]{${EVENT_ID_LENGTH}}$`));
  });

  it('removed, re-added and removed again over four monthly editions yields three distinct ids', () => {
    const editions = [
      withWhaller('2025-12-05'),
      withoutWhaller('2026-01-05'),
      withWhaller('2026-02-05'),
      withoutWhaller('2026-03-05'),
    ];
    const events = editions.slice(1).flatMap((next, i) =>
      diffSnapshots(editions[i]!, next, { detectedAt: `2026-0${i + 1}-05T08:00:00.000Z` }),
    );
    expect(events.map((e) => e.kind)).toEqual(['offer.removed', 'offer.added', 'offer.removed']);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it('without editions, chained state ids keep removed, re-added, removed again distinct', () => {
    const contents = [withWhaller(), withoutWhaller(), withWhaller(), withoutWhaller()];
    const states: string[] = [];
    contents.forEach((snap, i) => states.push(chainedStateHash(states[i - 1], snap)));
    const diff = (i: number) =>
      diffSnapshots(contents[i]!, contents[i + 1]!, { detectedAt: 'x', previousState: states[i]! });
    const ids = [0, 1, 2].flatMap((i) => diff(i).map((e) => e.id));
    expect(new Set(ids).size).toBe(3);
    // A retried poll sees the same stored parent state, so it repeats the same id.
    expect(diff(2).map((e) => e.id)).toEqual([ids[2]]);
  });

  it('identical contents without editions have one snapshot hash, hence the chained state', () => {
    expect(snapshotHash(withWhaller())).toBe(snapshotHash(withWhaller()));
    expect(snapshotHash(withWhaller('2025-12-05'))).not.toBe(snapshotHash(withWhaller('2026-02-05')));
  });

  it('depends on every input but ignores the order of types', () => {
    const offer = base.offers[0]!;
    const id = eventId('offer.updated', 'k', offer, { ...offer, types: ['IaaS', 'PaaS'] }, 'h');
    expect(eventId('offer.updated', 'k', offer, { ...offer, types: ['PaaS', 'IaaS'] }, 'h')).toBe(id);
    expect(eventId('offer.renewed', 'k', offer, { ...offer, types: ['IaaS', 'PaaS'] }, 'h')).not.toBe(id);
    expect(eventId('offer.updated', 'k2', offer, { ...offer, types: ['IaaS', 'PaaS'] }, 'h')).not.toBe(id);
    expect(eventId('offer.updated', 'k', offer, { ...offer, types: ['IaaS', 'PaaS'] }, 'h2')).not.toBe(id);
    expect(eventId('offer.updated', 'k', offer, { ...offer, types: ['IaaS', 'PaaS'] }, 'h', 1)).not.toBe(id);
  });
});
